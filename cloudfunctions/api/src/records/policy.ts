import type { ContractAction, FileLoanAction, KeeperHandoverAction, ShopAction } from '../../../../typings/actions';
import type { ContractStatus, ShopStatus } from '../../../../typings/contracts';
import type { FileLoanStatus } from '../../../../typings/fileLoans';
import { chinaDate } from '../../../../miniprogram/shared/time';
import type { Policy } from '../policy';

/** The parts of a loan its policy reads. */
export interface FileLoanState {
  communityId: string;
  status: FileLoanStatus;
  subject: { kind: 'unit' | 'records' };
  dueOn: string;
  authority?: unknown;
  borrowerOpenid: string;
  managerApproval?: unknown;
  headApproval?: unknown;
}

/** A staff member's own loan (not a query they registered for an officer): someone else approves and hands it out. */
const ownLoan = (loan: FileLoanState, viewer: { openid: string }): boolean => !loan.authority && loan.borrowerOpenid === viewer.openid;

/** Lent and past the day it was due back (China dates). */
export const isOverdue = (loan: Pick<FileLoanState, 'status' | 'dueOn'>, now: Date): boolean => loan.status === 'lent' && loan.dueOn < chinaDate(now);

/**
 * Seed 001 三(一)2–3: a loan needs the CS manager's approval; an authority's query also the general
 * manager's (the company's management, `admin`). It turns `approved` only when every approval it
 * needs is given (`fileLoans.ts`), and only an approved loan can be handed out.
 */
export const fileLoanPolicy: Policy<FileLoanState, FileLoanStatus, FileLoanAction, 'borrower'> = {
  title: '文件借阅',
  statuses: { requested: '待审批', approved: '已批准', lent: '借出中', returned: '已归还', refused: '未批准' },
  relations: { borrower: { label: '借阅人本人', holds: (loan, viewer) => !loan.authority && loan.borrowerOpenid === viewer.openid } },
  statusOf: (loan) => loan.status,
  communityOf: (loan) => loan.communityId,
  rules: {
    approve: {
      from: ['requested'],
      by: ['manager'],
      unless: [
        { refuse: '客服经理已审批', blocks: (loan) => Boolean(loan.managerApproval) },
        { refuse: '不能审批自己的借阅', code: 'FORBIDDEN', blocks: ownLoan },
      ],
      forbidden: '借阅须经客服经理审批',
      wrongStatus: '该借阅已审批',
    },
    consent: {
      from: ['requested'],
      by: ['admin'],
      unless: [
        { refuse: '只有政府机关查询须经总经理同意', blocks: (loan) => !loan.authority },
        { refuse: '总经理已同意', blocks: (loan) => Boolean(loan.headApproval) },
      ],
      forbidden: '政府机关查询须经总经理同意',
      wrongStatus: '该借阅已审批',
    },
    refuse: { from: ['requested'], by: ['manager', 'admin'], forbidden: '只有客服经理或总经理可以不批准', wrongStatus: '该借阅已审批' },
    lend: {
      from: ['approved'],
      by: ['infokeeper', 'manager'],
      unless: [{ refuse: '不能为自己登记借出', code: 'FORBIDDEN', blocks: ownLoan }],
      forbidden: '由档案管理员登记借出',
      wrongStatus: '借阅尚未审批完成，不能借出（政府机关查询须经客服经理审批和总经理同意）',
    },
    return: { from: ['lent'], by: ['infokeeper', 'manager'], forbidden: '由档案管理员登记归还', wrongStatus: '该借阅不在借出中' },
    // The approved borrower reads the lent home's file in the app, read-only, until the due date.
    read: {
      from: ['lent'],
      by: ['borrower'],
      unless: [
        { refuse: '借阅的不是户档案', code: 'NOT_FOUND', blocks: (loan) => loan.subject.kind !== 'unit' },
        { refuse: '借阅已到期，请归还档案', blocks: (loan, _viewer, now) => isOverdue(loan, now) },
      ],
      forbidden: '只有借阅人本人可以查阅',
      wrongStatus: '档案尚未借出或已归还',
    },
  },
  forbidden: () => '您没有该小区档案借阅的权限',
  wrongStatus: '借阅当前状态不能进行此操作，请刷新',
};

/** The parts of a keeper's handover its policy reads. */
export interface KeeperHandoverState {
  communityId: string;
  status: 'open' | 'acknowledged';
  incomingOpenid: string;
}

/** Seed 002 §2 ¶6: the incoming keeper acknowledges what the outgoing one listed; then it stays. */
export const keeperHandoverPolicy: Policy<KeeperHandoverState, KeeperHandoverState['status'], KeeperHandoverAction, 'incoming'> = {
  title: '档案交接',
  statuses: { open: '待接收', acknowledged: '已接收' },
  relations: { incoming: { label: '接收的档案管理员', holds: (doc, viewer) => doc.incomingOpenid === viewer.openid } },
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    acknowledge: { from: ['open'], by: ['incoming'], forbidden: '只有接收的档案管理员可以签收', wrongStatus: '该交接已签收' },
  },
  forbidden: () => '您没有该小区档案交接的权限',
  wrongStatus: '交接当前状态不能进行此操作，请刷新',
};

/** The parts of a contract its policy reads. */
export interface ContractState {
  communityId: string;
  status: ContractStatus;
}

/** Seed 002 §2 ¶14: the keepers of the contract list amend it; the managers end a contract. */
export const contractPolicy: Policy<ContractState, ContractStatus, ContractAction, never> = {
  title: '合同清单',
  statuses: { active: '在册', ended: '已终止' },
  relations: {},
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    update: { from: ['active'], by: ['manager', 'admin', 'infokeeper'], wrongStatus: '已终止的合同不能再修改' },
    end: { from: ['active'], by: ['manager', 'admin'], forbidden: '只有客服经理或管理员可以终止合同', wrongStatus: '该合同已终止' },
  },
  forbidden: () => '您没有该小区合同清单的权限',
  wrongStatus: '合同当前状态不能进行此操作，请刷新',
};

/** The parts of a shop its policy reads. */
export interface ShopState {
  communityId: string;
  status: ShopStatus;
}

/** Seed 002 §8: the desk keeps the shop's papers and records its fire checks; the managers close it. */
export const shopPolicy: Policy<ShopState, ShopStatus, ShopAction, never> = {
  title: '商铺',
  statuses: { open: '营业中', closed: '已撤场' },
  relations: {},
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    update: { from: ['open'], by: ['cs', 'manager', 'admin'], wrongStatus: '已撤场的商铺不能再修改' },
    recordCheck: { from: ['open'], by: ['cs', 'manager', 'admin'], wrongStatus: '已撤场的商铺不再检查' },
    close: { from: ['open'], by: ['manager', 'admin'], forbidden: '只有客服经理或管理员可以登记撤场', wrongStatus: '该商铺已撤场' },
  },
  forbidden: () => '您没有该小区商铺管理的权限',
  wrongStatus: '商铺当前状态不能进行此操作，请刷新',
};
