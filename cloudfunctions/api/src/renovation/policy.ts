import type { RenovationAction } from '../../../../typings/actions';
import type { RenovationStatus } from '../../../../typings/renovation';
import type { Guard, Policy } from '../policy';

/** The parts of an application its policy reads. */
export interface RenovationState {
  communityId: string;
  applicantOpenid: string;
  status: RenovationStatus;
  inspections: { violation: boolean; fixedAt?: Date }[];
}

const DESK = ['cs', 'manager', 'admin'] as const;

const openViolations = (doc: RenovationState): number => doc.inspections.filter((inspection) => inspection.violation && !inspection.fixedAt).length;

const noOpenViolation: Guard<RenovationState> = { refuse: '没有待整改的违规', blocks: (doc) => openViolations(doc) === 0 };

export const renovationPolicy: Policy<RenovationState, RenovationStatus, RenovationAction, 'applicant'> = {
  title: '装修申请',
  statuses: { submitted: '待审核', 'needs-more': '需补充', approved: '已批准', rejected: '未通过', completed: '已验收' },
  relations: { applicant: { label: '申请人（业主）', holds: (doc, viewer) => doc.applicantOpenid === viewer.openid } },
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    review: { from: ['submitted'], by: DESK, wrongStatus: '该申请当前不在待审核状态' },
    // Seed 002 §11: inspections during the works.
    inspect: { from: ['approved'], by: DESK, wrongStatus: '只有已批准、施工中的装修可以巡查' },
    fixViolation: { from: ['approved'], by: DESK, unless: [noOpenViolation], wrongStatus: '只有施工中的装修可以登记整改' },
    acceptCompletion: {
      from: ['approved'],
      by: DESK,
      unless: [{ refuse: '还有未整改的违规，整改后才能验收', blocks: (doc) => openViolations(doc) > 0 }],
      wrongStatus: '只有已批准的装修可以验收',
    },
    resubmit: {
      from: ['needs-more'],
      by: ['applicant'],
      forbidden: '只有申请人可以修改',
      wrongStatus: '只有“需补充”的申请可以修改后重新提交',
    },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '装修申请当前状态不能进行此操作，请刷新',
};
