/**
 * The demo's community activities, owners' meeting and survey (seed 000 (八), 002 §6): an activity
 * planned for tomorrow that the clock's two days carry past (then recorded with a photo and its
 * summary), one next week with owners signed up and one waiting, a meeting held with its minutes and
 * two suggestions (one answered), and the year's survey sent and answered by three owners.
 */
import { chinaDate } from '../miniprogram/shared/time';
import type { UnitListing } from '../typings/domain';
import type { Question } from '../typings/events';
import type { DemoCaller } from './demo-site';

type As = (openid: string) => DemoCaller;

interface Who {
  cs: string;
  manager: string;
  owner: string;
}

/** Two more verified owners of the demo community, who sign up and answer the survey beside the demo owner. */
export const DEMO_NEIGHBOURS = [
  { openid: 'o-demo-neighbour-chen', name: '陈静', phone: '13800000005', building: '2栋', room: '301' },
  { openid: 'o-demo-neighbour-zhao', name: '赵敏', phone: '13800000007', building: '3栋', room: '101' },
] as const;

const DAY = 86_400_000;

const SURVEY_QUESTIONS: Question[] = [
  { id: 'q1', kind: 'rating', title: '您对物业服务的总体满意度', options: [], required: true },
  { id: 'q2', kind: 'rating', title: '您对报修处理的及时性是否满意', options: [], required: true },
  { id: 'q3', kind: 'single', title: '您最常使用的报事方式', options: ['小程序', '电话', '到服务中心'], required: true },
  { id: 'q4', kind: 'multiple', title: '您希望物业加强哪些方面', options: ['保洁', '安保', '绿化', '维修', '社区活动'], required: false },
  { id: 'q5', kind: 'text', title: '您的其他意见和建议', options: [], required: false },
];

/** `days` after today (China) at `time`. Tomorrow's events have taken place once the demo's clock moves two days on. */
const on = (now: Date, days: number, time: string): string => `${chinaDate(now.getTime() + days * DAY)}T${time}:00+08:00`;

/** Before the demo's clock moves on two days. */
export async function planEvents(as: As, who: Who, communityId: string, units: UnitListing[], now: Date): Promise<void> {
  const cs = as(who.cs);
  const manager = as(who.manager);
  for (const neighbour of DEMO_NEIGHBOURS) {
    const unit = units.find((candidate) => candidate.building === neighbour.building && candidate.room === neighbour.room);
    if (!unit) throw new Error(`the demo roster has no room ${neighbour.room}`);
    const binding = await as(neighbour.openid)('binding.request', { unitId: unit.id, relation: 'owner', name: neighbour.name, phone: neighbour.phone, proofFileIds: [] });
    await cs('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
  }

  let visit = await cs('activity.save', {
    communityId,
    title: '关爱空巢老人上门服务',
    theme: 'volunteer',
    startsAt: on(now, 1, '09:30'),
    place: '小区各楼栋（服务中心集合）',
    budgetFen: 50_000,
    capacity: 10,
    description: '志愿者分组走访小区独居、空巢老人，检查燃气、用电安全，帮助更换灯泡等小修。',
  });
  visit = await cs('activity.publish', { id: visit.id, version: visit.version });
  await as(who.owner)('activity.signUp', { id: visit.id });
  await as(DEMO_NEIGHBOURS[0].openid)('activity.signUp', { id: visit.id });

  let fire = await cs('activity.save', {
    communityId,
    title: '消防安全知识讲座',
    theme: 'fire',
    startsAt: on(now, 9, '14:00'),
    place: '小区会所二楼',
    budgetFen: 80_000,
    capacity: 2,
    description: '邀请消防中队讲解家庭防火和灭火器使用，现场演示，参加的业主可领取家用灭火毯。',
  });
  fire = await cs('activity.publish', { id: fire.id, version: fire.version });
  await as(DEMO_NEIGHBOURS[0].openid)('activity.signUp', { id: fire.id });
  await as(DEMO_NEIGHBOURS[1].openid)('activity.signUp', { id: fire.id });
  // Full: the demo owner waits for a place.
  await as(who.owner)('activity.signUp', { id: fire.id });
  await cs('activity.save', {
    communityId,
    title: '垃圾分类宣传周',
    theme: 'waste',
    startsAt: on(now, 20, '09:00'),
    place: '小区东门广场',
    budgetFen: 30_000,
    capacity: 50,
    description: '设置宣传展板和分类游戏，志愿者在投放点值守指导。',
  });

  const meeting = await manager('meeting.save', { communityId, title: '2026 年下半年业主恳谈会', startsAt: on(now, 1, '19:00'), place: '小区会所', agenda: '通报下半年物业服务情况和收支；听取业主意见和建议。' });
  await cs('meeting.suggest', { id: meeting.id, unitId: units[0].id, contactName: '张伟', contactPhone: '13800000001', description: '建议在3号门增设智能快递柜' });
  await cs('meeting.suggest', { id: meeting.id, unitId: units.find((unit) => unit.building === '2栋' && unit.room === '301')?.id ?? units[0].id, contactName: '陈静', contactPhone: '13800000005', description: '建议夜间增加地下车库的巡逻频次' });
  await manager('meeting.save', { communityId, title: '2027 年上半年业主恳谈会', startsAt: on(now, 30, '19:00'), place: '小区会所', agenda: '通报年度服务计划；听取业主意见。' });

  let survey = await manager('survey.save', { communityId, title: '2026 年度顾客意见调查', intro: '感谢您抽出时间填写。问卷匿名，结果只用于改进物业服务。', questions: SURVEY_QUESTIONS });
  survey = await manager('survey.send', { id: survey.id, version: survey.version });
  const answer = (rating: number, timely: number, channel: number, wishes: number[], text?: string) => [
    { questionId: 'q1', rating },
    { questionId: 'q2', rating: timely },
    { questionId: 'q3', choices: [channel] },
    ...(wishes.length ? [{ questionId: 'q4', choices: wishes }] : []),
    ...(text ? [{ questionId: 'q5', text }] : []),
  ];
  await as(who.owner)('survey.answer', { id: survey.id, answers: answer(4, 3, 0, [1, 3], '电梯维保要及时，故障时请在群里通知') });
  await as(DEMO_NEIGHBOURS[0].openid)('survey.answer', { id: survey.id, answers: answer(5, 4, 1, [4]) });
  await as(DEMO_NEIGHBOURS[1].openid)('survey.answer', { id: survey.id, answers: answer(3, 2, 2, [0, 1], '希望增加儿童游乐设施的维护次数') });
}

/** After: the first activity took place and is recorded, the meeting minuted and one suggestion answered. */
export async function recordEvents(as: As, who: Who, communityId: string, photo: string): Promise<void> {
  const cs = as(who.cs);
  const activities = (await cs('activity.list', { communityId })).items;
  const visit = activities.find((item) => item.title === '关爱空巢老人上门服务');
  if (!visit) throw new Error('the demo has no volunteer visit');
  await cs('activity.report', {
    id: visit.id,
    version: visit.version,
    attendance: 9,
    photos: [photo],
    record: '9 名志愿者分三组走访 12 户空巢老人，检查燃气软管和用电线路，更换灯泡 5 个。',
    summary: '老人们反映良好；发现 2 户燃气软管老化，已协助联系更换。',
    rating: 4,
    lessons: '下次提前一周电话预约，避开老人午休时间。',
  });
  const meeting = (await cs('meeting.list', { communityId })).items.find((item) => item.title === '2026 年下半年业主恳谈会');
  if (!meeting) throw new Error('the demo has no meeting');
  await cs('meeting.minutes', {
    id: meeting.id,
    version: meeting.version,
    attendance: 23,
    text: '到会业主 23 人。物业通报了下半年服务情况和公共收益收支；业主提出增设快递柜、加强车库夜间巡逻两条建议，均已登记为建议工单并承诺 15 个工作日内答复。',
  });
  const [parcel] = meeting.suggestions;
  const accepted = await cs('ticket.accept', { id: parcel.ticketId, version: (await cs('ticket.get', { id: parcel.ticketId })).version });
  await cs('ticket.resolve', { id: accepted.id, version: accepted.version, note: '已与快递柜运营商签约，3号门快递柜将于下月初安装。' });
}
