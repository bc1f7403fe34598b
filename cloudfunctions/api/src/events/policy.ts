import type { ActivityAction, ActivityStatus, MeetingAction, MeetingStatus, SignupStatus, SurveyAction, SurveyStatus } from '../../../../typings/events';
import { RECORDS_DESK, MAINTAINERS } from '../access';
import type { Policy } from '../policy';

/** The parts of an activity its policy reads, with the viewer's own standing loaded beside it. */
export interface ActivityState {
  communityId: string;
  status: ActivityStatus;
  startsAt: Date;
  /** The viewer, when they are a verified owner of the community. */
  ownerOpenids: readonly string[];
  /** The viewer's own sign-up, if any. */
  signup?: SignupStatus;
}

const started = (doc: { startsAt: Date }, now: Date): boolean => new Date(doc.startsAt).getTime() <= now.getTime();

/** Seed 000 (八)3, 002 §6: the desk plans, announces and records activities; verified owners sign up. */
export const activityPolicy: Policy<ActivityState, ActivityStatus, ActivityAction, 'owner'> = {
  title: '社区文化活动',
  statuses: { planned: '计划中', published: '报名中', held: '已举办' },
  relations: { owner: { label: '业主（本小区的已认证业主）', holds: (doc, viewer) => doc.ownerOpenids.includes(viewer.openid) } },
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    edit: { from: ['planned'], by: RECORDS_DESK, enforcedBy: 'activity.save', forbidden: '只有客服、客服经理和管理员可以策划活动', wrongStatus: '活动已发布，不能修改计划' },
    publish: { from: ['planned'], by: RECORDS_DESK, forbidden: '只有客服、客服经理和管理员可以发布活动通知', wrongStatus: '活动已发布' },
    report: {
      from: ['published'],
      by: RECORDS_DESK,
      unless: [{ refuse: '活动尚未开始，开始后再登记过程记录和总结', blocks: (doc, _viewer, now) => !started(doc, now) }],
      forbidden: '只有客服、客服经理和管理员可以登记活动记录',
      wrongStatus: '只有已发布的活动可以登记记录和总结',
    },
    signUp: {
      from: ['published'],
      by: ['owner'],
      enforcedBy: 'activity.signUp',
      unless: [
        { refuse: '您已报名该活动', blocks: (doc) => doc.signup === 'confirmed' || doc.signup === 'waiting' },
        { refuse: '活动已开始，报名已截止', blocks: (doc, _viewer, now) => started(doc, now) },
      ],
      forbidden: '请先完成本小区房屋的业主认证，再报名活动',
      wrongStatus: '该活动当前不接受报名',
    },
    cancel: {
      from: ['published'],
      by: ['owner'],
      enforcedBy: 'activity.cancel',
      unless: [
        { refuse: '您没有报名该活动', blocks: (doc) => doc.signup !== 'confirmed' && doc.signup !== 'waiting' },
        { refuse: '活动已开始，不能取消报名', blocks: (doc, _viewer, now) => started(doc, now) },
      ],
      forbidden: '只有报名的业主可以取消报名',
      wrongStatus: '该活动当前不能取消报名',
    },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '活动当前状态不能进行此操作，请刷新',
};

export interface MeetingState {
  communityId: string;
  status: MeetingStatus;
  startsAt: Date;
}

/** Seed 002 §6: the desk holds an owners' meeting at least every half-year, minutes it, and follows every suggestion. */
export const meetingPolicy: Policy<MeetingState, MeetingStatus, MeetingAction, never> = {
  title: '业主恳谈会',
  statuses: { scheduled: '待召开', held: '已召开' },
  relations: {},
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    edit: { from: ['scheduled'], by: RECORDS_DESK, enforcedBy: 'meeting.save', forbidden: '只有客服、客服经理和管理员可以安排恳谈会', wrongStatus: '恳谈会已召开，不能修改安排' },
    minutes: {
      from: ['scheduled', 'held'],
      by: RECORDS_DESK,
      unless: [{ refuse: '恳谈会尚未召开，召开后再记录纪要', blocks: (doc, _viewer, now) => !started(doc, now) }],
      forbidden: '只有客服、客服经理和管理员可以记录会议纪要',
    },
    suggest: { from: ['scheduled', 'held'], by: RECORDS_DESK, forbidden: '只有客服、客服经理和管理员可以登记业主建议' },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '恳谈会当前状态不能进行此操作，请刷新',
};

export interface SurveyState {
  communityId: string;
  status: SurveyStatus;
  /** The viewer, when they are a verified owner of the community. */
  ownerOpenids: readonly string[];
  /** The viewer has answered. */
  answered: boolean;
}

/** Seed 002 §6: the company writes the yearly survey, the owners answer it once each, the results are acted on. */
export const surveyPolicy: Policy<SurveyState, SurveyStatus, SurveyAction, 'owner'> = {
  title: '顾客意见调查',
  statuses: { draft: '草稿', open: '调查中', closed: '已结束' },
  relations: { owner: { label: '业主（本小区的已认证业主）', holds: (doc, viewer) => doc.ownerOpenids.includes(viewer.openid) } },
  statusOf: (doc) => doc.status,
  communityOf: (doc) => doc.communityId,
  rules: {
    edit: { from: ['draft'], by: MAINTAINERS, enforcedBy: 'survey.save', forbidden: '问卷由客服经理或管理员编写', wrongStatus: '问卷已发出，不能修改' },
    send: { from: ['draft'], by: MAINTAINERS, forbidden: '问卷由客服经理或管理员发出', wrongStatus: '问卷已发出' },
    close: { from: ['open'], by: MAINTAINERS, forbidden: '只有客服经理或管理员可以结束调查', wrongStatus: '只有调查中的问卷可以结束' },
    answer: {
      from: ['open'],
      by: ['owner'],
      enforcedBy: 'survey.answer',
      unless: [{ refuse: '您已提交过这份问卷，每位业主只能作答一次', blocks: (doc) => doc.answered }],
      forbidden: '只有本小区的已认证业主可以填写问卷',
      wrongStatus: '该调查已结束或尚未发出',
    },
    act: { from: ['open', 'closed'], by: MAINTAINERS, forbidden: '只有客服经理或管理员可以登记改进措施', wrongStatus: '问卷发出后才能登记改进措施' },
  },
  forbidden: () => '您没有该小区的相应权限',
  wrongStatus: '问卷当前状态不能进行此操作，请刷新',
};
