import type { Activity, ActivityTheme, Meeting, MeetingInvite, PeriodTarget, QuestionKind, SignupStatus, Survey, TargetState } from '../../../typings/events';
import { yuan } from '../../shared/money';
import { chinaMinute } from '../../shared/time';
import { canOf } from '../../utils/actions';

/** Seed 000 (八)1–2, as the pages name the themes. */
export const THEME_LABELS: Record<ActivityTheme, string> = {
  fire: '消防安全',
  food: '食品卫生',
  waste: '垃圾分类',
  building: '房屋设施安全使用',
  environment: '环境保护',
  law: '法律普及',
  culture: '文化活动',
  volunteer: '志愿服务（关爱空巢老人、残障人士）',
};

export const ACTIVITY_STATUS_LABELS: Record<Activity['status'], string> = { planned: '计划中', published: '报名中', held: '已举办' };
export const SIGNUP_LABELS: Record<SignupStatus, string> = { confirmed: '已报名', waiting: '候补', cancelled: '已取消' };
export const MEETING_STATUS_LABELS: Record<Meeting['status'], string> = { scheduled: '待召开', held: '已召开' };
export const SURVEY_STATUS_LABELS: Record<Survey['status'], string> = { draft: '草稿', open: '调查中', closed: '已结束' };
export const QUESTION_KIND_LABELS: Record<QuestionKind, string> = { single: '单选', multiple: '多选', rating: '评分（1–5 分）', text: '文字意见' };
const TARGET_LABELS: Record<TargetState, string> = { met: '已达标', missed: '未达标', open: '进行中' };

export const targetRow = (target: PeriodTarget) => ({ ...target, stateLabel: TARGET_LABELS[target.state], line: `已举办 ${target.count} 次` });

export const activityRow = (activity: Activity) => ({
  ...activity,
  themeLabel: THEME_LABELS[activity.theme],
  statusLabel: ACTIVITY_STATUS_LABELS[activity.status],
  when: chinaMinute(activity.startsAt),
  budget: yuan(activity.budgetFen),
  places: `名额 ${activity.capacity}，已报名 ${activity.confirmed}${activity.waiting ? `，候补 ${activity.waiting}` : ''}`,
  mineLabel: activity.mine ? (activity.mine.status === 'waiting' ? `候补第 ${activity.mine.position ?? 1} 位` : SIGNUP_LABELS[activity.mine.status]) : '',
  can: canOf(activity.allowed),
});

export const meetingRow = (meeting: Meeting) => ({
  ...meeting,
  statusLabel: MEETING_STATUS_LABELS[meeting.status],
  when: chinaMinute(meeting.startsAt),
  suggestionLine: meeting.suggestions.length ? `建议 ${meeting.suggestions.length} 条，未答复 ${meeting.openSuggestions} 条` : '暂无业主建议',
  can: canOf(meeting.allowed),
});

export const inviteRow = (meeting: MeetingInvite) => ({ ...meeting, when: chinaMinute(meeting.startsAt) });

export const surveyRow = (survey: Survey) => ({
  ...survey,
  statusLabel: SURVEY_STATUS_LABELS[survey.status],
  line: survey.status === 'draft' ? `${survey.questions.length} 道题，尚未发出` : `${survey.sentAt ? chinaMinute(survey.sentAt).slice(0, 10) : ''} 发出 · 已收回 ${survey.answers} 份`,
  can: canOf(survey.allowed),
});

/** `2026-12-20T14:00:00+08:00` from the date and time pickers' values. */
export const instantOf = (day: string, time: string): string => `${day}T${time}:00+08:00`;
