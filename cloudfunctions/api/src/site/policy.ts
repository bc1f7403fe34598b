import type { CustodyAction, KeyAction, PatrolRouteAction, WorkOrderAction } from '../../../../typings/actions';
import type { CustodyStatus, KeyAuthorisation, KeyKind, WorkOrderStatus } from '../../../../typings/site';
import type { Policy } from '../policy';

/** Who walks the rounds: the desk, the technicians and the manager of the community. */
const PATROLLERS = ['cs', 'tech', 'manager'] as const;
const DESK = ['cs', 'manager'] as const;

export interface RouteState {
  communityId: string;
  status: 'active';
}

/** Seed 001 五: the manager plans the routes (and prints their codes); staff walk them. */
export const patrolRoutePolicy: Policy<RouteState, 'active', PatrolRouteAction, never> = {
  title: '巡视路线',
  statuses: { active: '使用中' },
  relations: {},
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    edit: { from: ['active'], by: ['manager', 'admin'], forbidden: '只有客服经理和管理员可以设置巡视路线' },
    check: { from: ['active'], by: PATROLLERS, forbidden: '只有本小区的客服、维修人员和客服经理可以巡视签到' },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '巡视路线当前不能进行此操作，请刷新',
};

export interface WorkOrderState {
  communityId: string;
  status: WorkOrderStatus;
}

/** 内部工作联系单: whoever in the community's team did the work records it done. */
export const workOrderPolicy: Policy<WorkOrderState, WorkOrderStatus, WorkOrderAction, never> = {
  title: '内部工作联系单',
  statuses: { open: '待处理', done: '已完成' },
  relations: {},
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    complete: { from: ['open'], by: ['cs', 'tech', 'manager', 'admin'], wrongStatus: '该联系单已完成' },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '联系单当前状态不能进行此操作，请刷新',
};

export interface KeyState {
  communityId: string;
  kind: KeyKind;
  copies: number;
  openLoans: number;
  authorisation?: { status: KeyAuthorisation };
  /** The verified owners of the key's home, read when the key is loaded. */
  ownerOpenids: readonly string[];
}

export type KeyStatus = 'in' | 'out';

/** Seed 002 §12: keys are lent against a record; an owner's key only on the owner's authorisation. */
export const keyPolicy: Policy<KeyState, KeyStatus, KeyAction, 'owner'> = {
  title: '钥匙',
  statuses: { in: '在库', out: '全部借出' },
  relations: { owner: { label: '业主（房屋的已认证业主）', holds: (doc, viewer) => doc.ownerOpenids.includes(viewer.openid) } },
  statusOf: (doc) => (doc.openLoans >= doc.copies ? 'out' : 'in'),
  communityOf: (doc) => doc.communityId,
  rules: {
    edit: { from: ['in', 'out'], by: DESK, forbidden: '只有客服和客服经理可以维护钥匙清单' },
    lend: {
      from: ['in'],
      by: DESK,
      unless: [{ refuse: '业主尚未授权，不能借出其钥匙', blocks: (doc) => doc.kind === 'owner' && doc.authorisation?.status !== 'confirmed' }],
      forbidden: '只有客服和客服经理可以登记借用',
      wrongStatus: '该钥匙已全部借出',
    },
    return: {
      from: ['in', 'out'],
      by: DESK,
      unless: [{ refuse: '该钥匙没有未归还的借用', blocks: (doc) => doc.openLoans === 0 }],
      forbidden: '只有客服和客服经理可以登记归还',
    },
    authorise: {
      from: ['in', 'out'],
      by: ['owner'],
      unless: [{ refuse: '您已答复过这把钥匙的授权', blocks: (doc) => doc.kind !== 'owner' || doc.authorisation?.status !== 'awaiting' }],
      forbidden: '只有该房屋的业主可以授权',
    },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '钥匙当前状态不能进行此操作，请刷新',
};

export interface CustodyState {
  communityId: string;
  status: CustodyStatus;
  /** The verified residents of the home it is for, read when the record is loaded. */
  residentOpenids: readonly string[];
}

/** Seed 002 §7¶3, §13: what the desk received is given back against a record of who took it. */
export const custodyPolicy: Policy<CustodyState, CustodyStatus, CustodyAction, 'resident'> = {
  title: '代收代管物品',
  statuses: { held: '待领取', collected: '已领取' },
  relations: { resident: { label: '住户（该房屋的已认证住户）', holds: (doc, viewer) => doc.residentOpenids.includes(viewer.openid) } },
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    confirm: { from: ['held'], by: ['resident'], forbidden: '只有该房屋的住户可以确认领取', wrongStatus: '该物品已领取' },
    handOver: { from: ['held'], by: DESK, forbidden: '只有客服和客服经理可以登记交付', wrongStatus: '该物品已领取' },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '该记录当前状态不能进行此操作，请刷新',
};
