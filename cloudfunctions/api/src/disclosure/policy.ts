import type { BillAction, DisclosureAction } from '../../../../typings/actions';
import type { BillStatus } from '../../../../typings/disclosure';
import { holdsAny } from '../caller';
import type { Policy } from '../policy';

/** A notice version as its policy reads it, with what only its series can tell. */
export interface DisclosureState {
  communityId: string;
  status: 'draft' | 'published';
  /** The newest published version of its series. */
  latest: boolean;
  /** A correction draft of its series is waiting to be published. */
  correctionPending: boolean;
}

const ADMINS = ['admin'] as const;

export const disclosurePolicy: Policy<DisclosureState, DisclosureState['status'], DisclosureAction, 'resident'> = {
  title: '信息公示',
  statuses: { draft: '草稿', published: '已发布' },
  relations: {
    resident: { label: '本小区已认证住户', holds: (doc, viewer) => holdsAny(viewer.grants, ['owner'], doc.communityId) },
  },
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    editDraft: { from: ['draft'], by: ADMINS, enforcedBy: 'disclosure.saveDraft', wrongStatus: '已发布的版本不能修改；如需更正，请发布新版本并说明更正内容' },
    publish: { from: ['draft'], by: ADMINS, wrongStatus: '该版本已发布' },
    // Published versions never change: a correction is the next version, drafted on the newest one.
    correct: {
      from: ['published'],
      by: ADMINS,
      unless: [
        { refuse: '该公示已有更新的版本，请刷新后在最新版本上更正', blocks: (doc) => !doc.latest },
        { refuse: '该公示已有一份未发布的更正草稿，请在草稿中继续编辑', blocks: (doc) => doc.correctionPending },
      ],
      wrongStatus: '草稿发布后才能更正',
      enforcedBy: 'disclosure.saveDraft',
    },
    // Seed 000 (六) 3: owners may question what is published.
    inquire: { from: ['published'], by: ['resident'], forbidden: '请先完成该小区的房屋认证', wrongStatus: '公示尚未发布' },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '公示当前状态不能进行此操作，请刷新',
};

/** The parts of a bill its policy reads. */
export interface BillState {
  communityId: string;
  status: BillStatus;
}

const CASHIERS = ['cs', 'manager', 'admin'] as const;
const APPROVERS = ['manager', 'admin'] as const;

export const billPolicy: Policy<BillState, BillStatus, BillAction, never> = {
  title: '账单',
  statuses: { draft: '草稿', issued: '待缴费', partial: '部分已缴', paid: '已缴费', waived: '已减免' },
  relations: {},
  statusOf: (bill) => bill.status,
  communityOf: (bill) => bill.communityId,
  rules: {
    markPaid: { from: ['issued', 'partial'], by: CASHIERS, wrongStatus: '只有已发布、未缴清的账单可以登记缴费' },
    // Seed 000 (五) 3: a courteous reminder with a reasonable time to pay, never a threat.
    remind: { from: ['issued', 'partial'], by: CASHIERS, wrongStatus: '只有已发布、未缴清的账单需要提醒' },
    waive: { from: ['issued', 'partial'], by: APPROVERS, forbidden: '减免须由客服经理或管理员审批', wrongStatus: '只有已发布、未缴清的账单可以减免' },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '账单当前状态不能进行此操作，请刷新',
};
