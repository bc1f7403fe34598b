import type { MoveInAction } from '../../../../typings/actions';
import type { MoveInStatus } from '../../../../typings/movein';
import { RECORDS_DESK, TICKET_DESK } from '../access';
import type { Policy } from '../policy';

export interface MoveInState {
  communityId: string;
  status: MoveInStatus;
  /** The verified owners of the home, read when the record is loaded. */
  ownerOpenids: readonly string[];
}

const ALL: MoveInStatus[] = ['open', 'signed'];

/**
 * Seed 002 §10: the desk records the move-in and the delivery acceptance; the home's verified
 * owner confirms it once in the mini-program, after which the record is kept as it was signed.
 */
export const moveInPolicy: Policy<MoveInState, MoveInStatus, MoveInAction, 'owner'> = {
  title: '入住办理与交付验收',
  statuses: { open: '待业主确认', signed: '业主已确认' },
  relations: { owner: { label: '业主（房屋的已认证业主）', holds: (doc, viewer) => doc.ownerOpenids.includes(viewer.openid) } },
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    view: { from: ALL, by: ['owner', ...RECORDS_DESK], forbidden: '只有该房屋的业主和本小区客服可以查看入住记录' },
    edit: { from: ['open'], by: TICKET_DESK, forbidden: '只有客服和客服经理可以登记入住', wrongStatus: '业主已确认验收，记录不能再修改', enforcedBy: 'movein.save' },
    sign: { from: ['open'], by: ['owner'], forbidden: '只有该房屋的已认证业主可以确认验收', wrongStatus: '验收已确认过，不能重复签署' },
    print: { from: ALL, by: ['owner', ...RECORDS_DESK], forbidden: '只有该房屋的业主和本小区客服可以打印验收记录' },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '入住记录当前状态不能进行此操作，请刷新',
};
