import type { CareAction, VisitAction } from '../../../../typings/actions';
import type { VisitStatus } from '../../../../typings/visits';
import { holdsAny } from '../caller';
import type { Policy } from '../policy';

/** Who may be responsible for a cared-for person or make a visit: the desk of the community. */
export const CARERS = ['cs', 'manager'] as const;

export interface CareState {
  communityId: string;
  responsibleOpenid: string;
}

/**
 * Seed 000 (九): a person's record is read only by the staff member responsible for them, the
 * manager and the information keeper (a technician, or another community's staff, never); the
 * manager keeps the ledger; the responsible staff (or the manager) record each contact.
 */
export const carePolicy: Policy<CareState, 'active', CareAction, 'responsible'> = {
  title: '特殊群体关怀对象',
  statuses: { active: '在册' },
  relations: {
    responsible: {
      label: '负责人（指定的本小区客服）',
      holds: (doc, viewer) => doc.responsibleOpenid === viewer.openid && holdsAny(viewer.grants, CARERS, doc.communityId),
    },
  },
  statusOf: () => 'active',
  communityOf: (doc) => doc.communityId,
  rules: {
    view: { from: ['active'], by: ['responsible', 'manager', 'infokeeper'], forbidden: '只有负责人、客服经理和信息专管员可以查看关怀对象的档案' },
    edit: { from: ['active'], by: ['manager'], forbidden: '只有客服经理可以维护关怀台账' },
    record: { from: ['active'], by: ['responsible', 'manager'], forbidden: '只有负责人和客服经理可以登记联系' },
  },
  forbidden: () => '您没有查看该关怀对象的权限',
  wrongStatus: '该记录当前不能进行此操作，请刷新',
};

export interface VisitState {
  communityId: string;
  status: VisitStatus;
  visitorOpenid: string;
  /** The verified owners of the home, read when the visit is loaded. */
  ownerOpenids: readonly string[];
  /** Requests of the interview not yet made tickets. */
  openRequests: number;
}

/**
 * Seed 000 (四): the visitor (or the manager) books a time with the owner in advance; the owner
 * accepts it or asks for another; the interview is recorded after the visit, and each request
 * raised is followed as a ticket.
 */
export const visitPolicy: Policy<VisitState, VisitStatus, VisitAction, 'visitor' | 'owner'> = {
  title: '业主上门拜访',
  statuses: { planned: '待预约', proposed: '待业主确认', countered: '业主另约时间', booked: '已预约', done: '已拜访' },
  relations: {
    visitor: { label: '拜访人（计划指定的本小区客服）', holds: (doc, viewer) => doc.visitorOpenid === viewer.openid && holdsAny(viewer.grants, CARERS, doc.communityId) },
    owner: { label: '业主（房屋的已认证业主）', holds: (doc, viewer) => doc.ownerOpenids.includes(viewer.openid) },
  },
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    propose: { from: ['planned', 'proposed', 'countered'], by: ['visitor', 'manager'], forbidden: '只有拜访人和客服经理可以预约时间', wrongStatus: '该拜访已约定时间' },
    answer: { from: ['proposed'], by: ['owner'], forbidden: '只有该房屋的业主可以答复预约', wrongStatus: '该预约已答复或已变更，请刷新' },
    accept: { from: ['countered'], by: ['visitor', 'manager'], forbidden: '只有拜访人和客服经理可以确认业主提出的时间', wrongStatus: '业主没有另约时间' },
    record: { from: ['booked'], by: ['visitor', 'manager'], forbidden: '只有拜访人和客服经理可以填写访谈记录', wrongStatus: '须先与业主约定时间，拜访后再填写访谈记录' },
    ticket: {
      from: ['done'],
      by: ['visitor', 'manager'],
      unless: [{ refuse: '访谈记录中没有待转工单的诉求', blocks: (doc) => doc.openRequests === 0 }],
      forbidden: '只有拜访人和客服经理可以将诉求转为工单',
      wrongStatus: '须先填写访谈记录',
    },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '该拜访当前不能进行此操作，请刷新',
};
