import type { BindingAction } from '../../../../typings/actions';
import type { BindingStatus } from '../../../../typings/domain';
import type { Policy } from '../policy';

/** The parts of a binding request its policy reads. */
export interface BindingState {
  communityId: string;
  openid: string;
  status: BindingStatus;
}

const ALL: BindingStatus[] = ['pending', 'approved', 'rejected', 'withdrawn'];

export const bindingPolicy: Policy<BindingState, BindingStatus, BindingAction, never> = {
  title: '房屋认证',
  statuses: { pending: '待审核', approved: '已通过', rejected: '未通过', withdrawn: '已撤回' },
  relations: {},
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    review: {
      from: ['pending'],
      by: ['cs', 'manager', 'admin'],
      // Separation of duties: nobody makes themselves the owner of a home.
      unless: [{ refuse: '不能审核自己的认证申请，请由其他同事审核', code: 'FORBIDDEN', blocks: (doc, viewer) => doc.openid === viewer.openid }],
      wrongStatus: '该申请已处理，请刷新',
    },
    // Seed 000 (七) 2: only the designated information keeper sees owners' data in full.
    reveal: { from: ALL, by: ['infokeeper'], forbidden: '只有信息专管员可以查看完整信息' },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '认证申请当前状态不能进行此操作，请刷新',
};
