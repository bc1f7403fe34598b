import type { IncidentAction, ReviewAction } from '../../../../typings/actions';
import type { ReviewStatus } from '../../../../typings/review';
import type { IncidentAnalysis, IncidentStatus } from '../../../../typings/incident';
import type { Policy } from '../policy';

/** The parts of an incident its policy reads. */
export interface IncidentState extends IncidentAnalysis {
  communityId: string;
  status: IncidentStatus;
}

const complete = (doc: IncidentAnalysis): boolean => [doc.cause, doc.responsibility, doc.corrective, doc.preventive].every((part) => part.trim().length > 0);

export const incidentPolicy: Policy<IncidentState, IncidentStatus, IncidentAction, never> = {
  title: '质量事故',
  statuses: { open: '待签认', signed: '已签认' },
  relations: {},
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    // Seed 002 §3 ¶12: cause, responsibility, corrective and preventive measures, written by the desk.
    analyse: { from: ['open'], by: ['cs', 'manager'], wrongStatus: '已签认的事故记录不能再修改' },
    // The manager signs it off once the analysis is complete; signed, it is a record that stays.
    signOff: {
      from: ['open'],
      by: ['manager'],
      unless: [{ refuse: '请先写明原因、责任、纠正措施和预防措施', blocks: (doc) => !complete(doc) }],
      forbidden: '只有客服经理可以签认',
      wrongStatus: '该事故记录已签认',
    },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '事故记录当前状态不能进行此操作，请刷新',
};

/** The parts of a self-inspection its policy reads. */
export interface ReviewState {
  communityId: string;
  status: ReviewStatus;
  cause: string;
  responsibility: string;
  measures: string;
}

const analysed = (doc: ReviewState): boolean => [doc.cause, doc.responsibility, doc.measures].every((part) => part.trim().length > 0);

/** Seed 000 (二)4: the manager leads the self-inspection and closes it once the measures are done. */
export const reviewPolicy: Policy<ReviewState, ReviewStatus, ReviewAction, never> = {
  title: '自查整改',
  statuses: { open: '整改中', done: '已完成' },
  relations: {},
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    update: { from: ['open'], by: ['manager', 'admin'], forbidden: '只有客服经理和管理员可以填写自查整改', wrongStatus: '已完成的自查整改不能再修改' },
    complete: {
      from: ['open'],
      by: ['manager', 'admin'],
      unless: [{ refuse: '请先写明原因、责任和整改措施', blocks: (doc) => !analysed(doc) }],
      forbidden: '只有客服经理和管理员可以确认整改完成',
      wrongStatus: '该自查整改已完成',
    },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '自查整改当前状态不能进行此操作，请刷新',
};
