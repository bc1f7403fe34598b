import type { NoticeAction } from '../../../../typings/actions';
import type { NoticeStatus } from '../../../../typings/notice';
import type { Policy } from '../policy';

/** The parts of a notice its policy reads. */
export interface NoticeState {
  communityId: string;
  status: NoticeStatus;
}

/** The desk drafts notices and prints them; the manager (or an admin) puts them up and takes them down. */
const DESK = ['cs', 'manager', 'admin'] as const;
const ISSUERS = ['manager', 'admin'] as const;

export const noticePolicy: Policy<NoticeState, NoticeStatus, NoticeAction, never> = {
  title: '通知公告',
  statuses: { draft: '草稿', published: '已发布', withdrawn: '已作废' },
  relations: {},
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    editDraft: { from: ['draft'], by: DESK, enforcedBy: 'notice.saveDraft', wrongStatus: '已发布的通知不能修改；如需更正，请作废后重新发布' },
    // Publishing gives the notice its 文号 and puts it on the owners' board: the manager answers for it.
    publish: { from: ['draft'], by: ISSUERS, forbidden: '通知须由客服经理或管理员发布', wrongStatus: '该通知已发布' },
    // Seed 002 §2 ¶10: a published notice is not changed, it is withdrawn (作废) with a reason and stays marked in the history.
    withdraw: { from: ['published'], by: ISSUERS, forbidden: '只有客服经理或管理员可以作废通知', wrongStatus: '只有已发布的通知可以作废' },
    // A correction is a new notice naming the withdrawn one it replaces.
    correct: { from: ['withdrawn'], by: DESK, enforcedBy: 'notice.saveDraft', wrongStatus: '请先作废原通知，再发布更正的通知' },
    // Seed 001 三(二): the A4 copy for the notice boards, of any version (a draft prints without its 文号).
    print: { from: ['draft', 'published', 'withdrawn'], by: DESK },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '通知当前状态不能进行此操作，请刷新',
};
