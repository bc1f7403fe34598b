/**
 * Community activities (seed 000 (八), 002 §6), owner meetings (业主恳谈会) and the annual survey
 * (顾客意见调查), on a local cloud of their own: the test moves its clock past an activity's start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ActivityAction, ActivityFields, Question, SurveyAction } from '../../typings/events';
import { apiAs, okAs, uploadAs } from '../support/api';
import { clockToChina, uniqueEnv } from '../support/cloud';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { probePolicy } from '../support/policy-probe';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(240_000);

const env = uniqueEnv('events');
let cloud: RunningCloud;
let a: SeededCommunity;
let b: SeededCommunity;
/** A second verified owner in community a (1栋1单元102), and a verified owner in another building (2栋301). */
const neighbour = 'o-eva-neighbour';
const across = 'o-eva-across';
/** A tenant of a's 101: verified, but not an owner. */
const tenant = 'o-eva-tenant';

const as = (openid: string) => okAs(env, openid, cloud.url);
const ask = (openid: string) => apiAs(env, openid, cloud.url);
const clockTo = (wall: string): Promise<void> => clockToChina(cloud.url, wall);

async function bind(openid: string, unitIndex: number, relation: 'owner' | 'tenant', name: string, phone: string): Promise<void> {
  const binding = await as(openid)('binding.request', { unitId: a.units[unitIndex].id, relation, name, phone, proofFileIds: [] });
  await as(a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
}

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'events-')) });
  a = await seedCommunity(env, 'eva', cloud.url);
  b = await seedCommunity(env, 'evb', cloud.url);
  await bind(neighbour, 1, 'owner', '李娜', '13800000002');
  await bind(across, 3, 'owner', '刘洋', '13800000004');
  await bind(tenant, 0, 'tenant', '赵租', '13900000009');
  await clockTo('2027-02-01T09:00:00');
});

afterAll(async () => {
  await cloud.stop();
  rmSync(cloud.dataDir, { recursive: true, force: true });
});

const plan = (extra: Partial<ActivityFields> = {}): ActivityFields => ({
  title: '消防安全知识讲座',
  theme: 'fire',
  startsAt: '2027-02-20T14:00:00+08:00',
  place: '小区会所二楼',
  budgetFen: 80_000,
  capacity: 1,
  description: '邀请消防中队讲解家庭防火和灭火器使用，现场演示。',
  ...extra,
});

describe('community activities (社区文化活动)', () => {
  test('planned, published to owners, a full activity puts the next sign-up on the waiting list and a cancellation moves it up', async () => {
    let activity = await as(a.staff.cs)('activity.save', { communityId: a.communityId, ...plan() });
    expect(activity).toMatchObject({ status: 'planned', theme: 'fire', budgetFen: 80_000, allowed: ['edit', 'publish'] });
    // Not announced yet: owners do not see it.
    expect((await as(a.owner)('activity.board', {})).activities).toEqual([]);
    activity = await as(a.staff.cs)('activity.publish', { id: activity.id, version: activity.version });
    expect(activity).toMatchObject({ status: 'published', allowed: [] });

    const board = await as(a.owner)('activity.board', {});
    expect(board.activities).toEqual([expect.objectContaining({ id: activity.id, title: '消防安全知识讲座', allowed: ['signUp'] })]);

    const first = await as(a.owner)('activity.signUp', { id: activity.id });
    expect(first).toMatchObject({ confirmed: 1, waiting: 0, mine: { status: 'confirmed' }, allowed: ['cancel'] });
    const second = await as(neighbour)('activity.signUp', { id: activity.id });
    expect(second).toMatchObject({ confirmed: 1, waiting: 1, mine: { status: 'waiting', position: 1 }, allowed: ['cancel'] });
    // A second tap is refused, and changes nothing.
    expect(await ask(neighbour)('activity.signUp', { id: activity.id })).toMatchObject({ ok: false, code: 'CONFLICT', message: '您已报名该活动' });

    const cancelled = await as(a.owner)('activity.cancel', { id: activity.id });
    expect(cancelled).toMatchObject({ confirmed: 1, waiting: 0, allowed: ['signUp'] });
    expect(cancelled.mine).toBeUndefined();
    expect(await as(neighbour)('activity.get', { id: activity.id })).toMatchObject({ mine: { status: 'confirmed' } });

    const signups = await as(a.staff.cs)('activity.signups', { id: activity.id });
    expect(signups.items.map((item) => [item.name, item.unitLabel, item.status])).toEqual([
      ['张*', '1栋1单元101', 'cancelled'],
      ['李*', '1栋1单元102', 'confirmed'],
    ]);
  });

  test('only verified owners of the community sign up: a stranger, a tenant and an owner of another community are refused', async () => {
    const activity = await as(a.staff.manager)('activity.save', { communityId: a.communityId, ...plan({ title: '垃圾分类宣传', theme: 'waste', capacity: 30 }) });
    await as(a.staff.manager)('activity.publish', { id: activity.id, version: activity.version });
    for (const who of [a.stranger, tenant, b.owner]) {
      expect(await ask(who)('activity.signUp', { id: activity.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await ask(who)('activity.get', { id: activity.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect((await as(b.owner)('activity.board', {})).activities.map((item) => item.id)).not.toContain(activity.id);
    expect((await as(a.staff.cs)('activity.get', { id: activity.id })).confirmed).toBe(0);
  });

  test("the record and summary go in once it has taken place, with photos; the quarter's target is then met", async () => {
    const before = await as(a.staff.cs)('activity.list', { communityId: a.communityId });
    expect(before.quarters).toEqual([{ label: '2027 年第 1 季度', count: 0, state: 'open' }]);

    let activity = await as(a.staff.cs)('activity.save', { communityId: a.communityId, ...plan({ title: '关爱空巢老人上门服务', theme: 'volunteer', startsAt: '2027-02-10T09:00:00+08:00', capacity: 10 }) });
    activity = await as(a.staff.cs)('activity.publish', { id: activity.id, version: activity.version });
    const photo = await uploadAs(env, a.staff.cs, 'events/visit.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), cloud.url);
    const report = { attendance: 12, photos: [photo], record: '志愿者分三组走访 8 户空巢老人，检查燃气和用电安全。', summary: '老人们反映良好，发现 2 户燃气软管老化已协助更换。', rating: 4, lessons: '下次提前一周电话预约。' };
    expect(await ask(a.staff.cs)('activity.report', { id: activity.id, version: activity.version, ...report })).toMatchObject({ ok: false, code: 'CONFLICT', message: '活动尚未开始，开始后再登记过程记录和总结' });

    await clockTo('2027-02-10T12:00:00');
    // Only the desk reports, and only its own community's.
    expect(await ask(a.staff.tech)('activity.report', { id: activity.id, version: activity.version, ...report })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(b.staff.manager)('activity.report', { id: activity.id, version: activity.version, ...report })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // A photo somebody else uploaded is refused.
    const foreign = await uploadAs(env, a.owner, 'events/other.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 3]), cloud.url);
    expect(await ask(a.staff.cs)('activity.report', { id: activity.id, version: activity.version, ...report, photos: [foreign] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    activity = await as(a.staff.cs)('activity.report', { id: activity.id, version: activity.version, ...report });
    expect(activity).toMatchObject({ status: 'held', report: { attendance: 12, rating: 4, byName: '客服小王' }, allowed: [] });
    expect(activity.report?.photoUrls).toHaveLength(1);

    const after = await as(a.staff.cs)('activity.list', { communityId: a.communityId });
    expect(after.quarters).toEqual([{ label: '2027 年第 1 季度', count: 1, state: 'met' }]);
    // The other community held none.
    expect((await as(b.staff.cs)('activity.list', { communityId: b.communityId })).quarters).toEqual([{ label: '2027 年第 1 季度', count: 0, state: 'open' }]);
  });

  test("each action stays in its community and with its roles", async () => {
    const activity = await as(a.staff.cs)('activity.save', { communityId: a.communityId, ...plan({ title: '法律知识进社区', theme: 'law' }) });
    const other = ask(b.staff.manager);
    expect(await other('activity.save', { communityId: a.communityId, ...plan() })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('activity.save', { communityId: b.communityId, id: activity.id, version: activity.version, ...plan() })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await other('activity.publish', { id: activity.id, version: activity.version })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('activity.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('activity.get', { id: activity.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('activity.signups', { id: activity.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.staff.tech)('activity.save', { communityId: a.communityId, ...plan() })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.staff.tech)('activity.publish', { id: activity.id, version: activity.version })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.owner)('activity.signups', { id: activity.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // A planned activity is not the owners' yet.
    expect(await ask(a.owner)('activity.signUp', { id: activity.id })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await ask(a.owner)('activity.cancel', { id: activity.id })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await ask(a.owner)('activity.get', { id: activity.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await as(ADMIN_OPENID)('activity.get', { id: activity.id })).allowed).toEqual(['edit', 'publish']);
  });
});

describe("owners' meetings (业主恳谈会)", () => {
  test('scheduled and shown to owners; a suggestion becomes a suggestion ticket and stays open on the meeting until it is answered', async () => {
    let meeting = await as(a.staff.manager)('meeting.save', { communityId: a.communityId, title: '2027 年上半年业主恳谈会', startsAt: '2027-02-15T19:00:00+08:00', place: '小区会所', agenda: '物业服务情况通报；听取业主意见。' });
    expect(meeting).toMatchObject({ status: 'scheduled', suggestions: [], openSuggestions: 0, allowed: ['edit', 'suggest'] });
    expect((await as(a.owner)('activity.board', {})).meetings).toEqual([expect.objectContaining({ id: meeting.id, title: '2027 年上半年业主恳谈会', place: '小区会所' })]);
    expect((await as(b.owner)('activity.board', {})).meetings).toEqual([]);

    const minutes = { attendance: 23, text: '到会业主 23 人。通报了 2026 年下半年的服务情况，业主提出 2 条建议。' };
    expect(await ask(a.staff.manager)('meeting.minutes', { id: meeting.id, version: meeting.version, ...minutes })).toMatchObject({ ok: false, code: 'CONFLICT', message: '恳谈会尚未召开，召开后再记录纪要' });
    await clockTo('2027-02-15T21:00:00');
    meeting = await as(a.staff.manager)('meeting.minutes', { id: meeting.id, version: meeting.version, ...minutes });
    expect(meeting).toMatchObject({ status: 'held', minutes: { attendance: 23, byName: '经理陈' } });

    meeting = await as(a.staff.cs)('meeting.suggest', { id: meeting.id, unitId: a.units[0].id, contactName: '张伟', contactPhone: '13800000001', description: '建议在3号门增设快递柜' });
    meeting = await as(a.staff.cs)('meeting.suggest', { id: meeting.id, unitId: a.units[1].id, contactName: '李娜', contactPhone: '13800000002', description: '建议增加夜间巡逻频次' });
    expect(meeting.openSuggestions).toBe(2);
    const [parcel, patrol] = meeting.suggestions;
    expect(parcel).toMatchObject({ number: expect.stringMatching(/^JY/), summary: '建议在3号门增设快递柜', unitLabel: '1栋1单元101', status: 'submitted', answered: false });

    // The owner follows it in 我的报事, as a suggestion.
    const mine = await as(a.owner)('ticket.get', { id: parcel.ticketId });
    expect(mine).toMatchObject({ kind: 'suggestion', description: '建议在3号门增设快递柜' });

    // Answered through the ticket: that one is done, the other stays open on the meeting.
    const accepted = await as(a.staff.cs)('ticket.accept', { id: parcel.ticketId, version: mine.version });
    await as(a.staff.cs)('ticket.resolve', { id: accepted.id, version: accepted.version, note: '已联系快递柜运营商，3月底前安装' });
    meeting = await as(a.staff.cs)('meeting.get', { id: meeting.id });
    expect(meeting.suggestions.map((item) => [item.ticketId, item.answered])).toEqual([
      [parcel.ticketId, true],
      [patrol.ticketId, false],
    ]);
    expect(meeting.openSuggestions).toBe(1);

    const register = await as(a.staff.cs)('meeting.list', { communityId: a.communityId });
    expect(register.halves).toEqual([{ label: '2027 年上半年', count: 1, state: 'met' }]);
    expect(register.items[0]).toMatchObject({ id: meeting.id, openSuggestions: 1 });
    expect((await as(b.staff.cs)('meeting.list', { communityId: b.communityId })).halves).toEqual([{ label: '2027 年上半年', count: 0, state: 'open' }]);
  });

  test('each meeting action stays in its community and with its roles', async () => {
    const meeting = await as(a.staff.cs)('meeting.save', { communityId: a.communityId, title: '2027 年下半年业主恳谈会', startsAt: '2027-08-15T19:00:00+08:00', place: '小区会所', agenda: '通报上半年工作。' });
    const other = ask(b.staff.manager);
    expect(await other('meeting.save', { communityId: a.communityId, title: '冒名会议', startsAt: '2027-08-15T19:00:00+08:00', place: '会所', agenda: '冒名的议程' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('meeting.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('meeting.get', { id: meeting.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('meeting.minutes', { id: meeting.id, version: meeting.version, attendance: 5, text: '冒名的会议纪要内容十个字' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('meeting.suggest', { id: meeting.id, unitId: a.units[0].id, contactName: '张伟', contactPhone: '13800000001', description: '冒名的建议' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.staff.tech)('meeting.save', { communityId: a.communityId, title: '维修开会', startsAt: '2027-08-15T19:00:00+08:00', place: '会所', agenda: '维修的议程' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.owner)('meeting.get', { id: meeting.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // A home of another community cannot be named.
    expect(await ask(a.staff.cs)('meeting.suggest', { id: meeting.id, unitId: b.units[0].id, contactName: '张伟', contactPhone: '13800000001', description: '别的小区的建议' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((await as(a.staff.cs)('meeting.get', { id: meeting.id })).suggestions).toEqual([]);
  });
});

const QUESTIONS: Question[] = [
  { id: 'q1', kind: 'rating', title: '您对物业服务的总体满意度', options: [], required: true },
  { id: 'q2', kind: 'single', title: '您最常使用的报事方式', options: ['小程序', '电话', '前台'], required: true },
  { id: 'q3', kind: 'multiple', title: '您希望加强的方面', options: ['保洁', '安保', '绿化', '维修'], required: false },
  { id: 'q4', kind: 'text', title: '其他意见和建议', options: [], required: false },
];

describe('the annual survey (顾客意见调查)', () => {
  test('written by the manager, sent, answered once per owner, results in totals per question and per building, free text to read, actions recorded', async () => {
    expect(await ask(a.staff.cs)('survey.save', { communityId: a.communityId, title: '2027 年度顾客意见调查', intro: '', questions: QUESTIONS })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    let survey = await as(a.staff.manager)('survey.save', { communityId: a.communityId, title: '2027 年度顾客意见调查', intro: '感谢您抽出时间填写。', questions: QUESTIONS });
    expect(survey).toMatchObject({ status: 'draft', allowed: ['edit', 'send'] });
    expect(await as(a.owner)('survey.mine', {})).toEqual([]);
    expect(await ask(a.owner)('survey.get', { id: survey.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    survey = await as(a.staff.manager)('survey.send', { id: survey.id, version: survey.version });
    expect(survey).toMatchObject({ status: 'open', allowed: ['close', 'act'] });

    expect(await as(a.owner)('survey.mine', {})).toEqual([expect.objectContaining({ id: survey.id, answered: false, allowed: ['answer'] })]);
    expect(await as(b.owner)('survey.mine', {})).toEqual([]);

    const answers = (rating: number, choice: number, text?: string) => [
      { questionId: 'q1', rating },
      { questionId: 'q2', choices: [choice] },
      { questionId: 'q3', choices: [0, 1] },
      ...(text ? [{ questionId: 'q4', text }] : []),
    ];
    // A required question left out is refused.
    expect(await ask(a.owner)('survey.answer', { id: survey.id, answers: [{ questionId: 'q2', choices: [0] }] })).toMatchObject({ ok: false, code: 'VALIDATION', message: '请回答第 1 题' });
    expect(await ask(a.owner)('survey.answer', { id: survey.id, answers: [{ questionId: 'q1', rating: 5 }, { questionId: 'q2', choices: [0, 1] }] })).toMatchObject({ ok: false, code: 'VALIDATION' });

    const first = await ask(a.owner)('survey.answer', { id: survey.id, answers: answers(5, 0, '电梯维保要及时') }, 'answer-eva-owner-1');
    expect(first).toEqual({ ok: true, data: { id: survey.id, answered: true } });
    // The same request retried gets the first result and stores no second answer.
    expect(await ask(a.owner)('survey.answer', { id: survey.id, answers: answers(1, 2) }, 'answer-eva-owner-1')).toEqual(first);
    // A second answer is refused.
    expect(await ask(a.owner)('survey.answer', { id: survey.id, answers: answers(1, 2) })).toMatchObject({ ok: false, code: 'CONFLICT', message: '您已提交过这份问卷，每位业主只能作答一次' });
    await as(neighbour)('survey.answer', { id: survey.id, answers: answers(3, 1) });
    await as(across)('survey.answer', { id: survey.id, answers: answers(4, 0, '希望增加儿童游乐设施') });
    // Not an owner of the community: refused.
    for (const who of [a.stranger, tenant, b.owner]) {
      expect(await ask(who)('survey.answer', { id: survey.id, answers: answers(1, 2) })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    expect((await as(a.owner)('survey.mine', {}))[0]).toMatchObject({ answered: true, allowed: [] });

    const results = await as(a.staff.cs)('survey.results', { id: survey.id });
    expect(results.survey.answers).toBe(3);
    expect(results.questions[0]).toMatchObject({ kind: 'rating', labels: ['1分', '2分', '3分', '4分', '5分'], counts: [0, 0, 1, 1, 1], average: 4, answered: 3 });
    expect(results.questions[1]).toMatchObject({ labels: ['小程序', '电话', '前台'], counts: [2, 1, 0] });
    expect(results.questions[2]).toMatchObject({ counts: [3, 3, 0, 0] });
    expect(results.questions[3]).toMatchObject({ kind: 'text', answered: 2 });
    expect(results.buildings).toEqual([
      { building: '1栋', answers: 2, averageRating: 4 },
      { building: '2栋', answers: 1, averageRating: 4 },
    ]);

    const texts = await as(a.staff.cs)('survey.texts', { id: survey.id });
    expect(texts.items.map((item) => item.text).sort()).toEqual(['希望增加儿童游乐设施', '电梯维保要及时']);
    expect(texts.items[0].questionTitle).toBe('其他意见和建议');

    // Anonymous: nothing the results path returns names or identifies who answered.
    const shown = JSON.stringify([results, texts]);
    for (const secret of [a.owner, neighbour, across, '张伟', '李娜', '刘洋', '1栋1单元101', '1栋1单元102', '2栋301']) expect(shown).not.toContain(secret);

    const acted = await as(a.staff.manager)('survey.act', { id: survey.id, version: results.survey.version, finding: '电梯维保及时性', action: '与维保单位约定故障 30 分钟到场，每月公示维保记录' });
    expect(acted.findings).toEqual([expect.objectContaining({ finding: '电梯维保及时性', byName: '经理陈' })]);
    const closed = await as(a.staff.manager)('survey.close', { id: survey.id, version: acted.survey.version });
    expect(closed.status).toBe('closed');
    expect(await ask(neighbour)('survey.answer', { id: survey.id, answers: answers(1, 2) })).toMatchObject({ ok: false, code: 'CONFLICT', message: '该调查已结束或尚未发出' });
    expect(await as(a.owner)('survey.mine', {})).toEqual([]);
  });

  test('each survey action stays in its community and with its roles', async () => {
    const survey = await as(a.staff.manager)('survey.save', { communityId: a.communityId, title: '装修服务专项调查', intro: '', questions: QUESTIONS.slice(0, 2) });
    const other = ask(b.staff.manager);
    expect(await other('survey.save', { communityId: a.communityId, title: '冒名问卷', intro: '', questions: QUESTIONS })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('survey.save', { communityId: b.communityId, id: survey.id, version: survey.version, title: '冒名问卷', intro: '', questions: QUESTIONS })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await other('survey.send', { id: survey.id, version: survey.version })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('survey.close', { id: survey.id, version: survey.version })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('survey.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('survey.get', { id: survey.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('survey.results', { id: survey.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('survey.texts', { id: survey.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await other('survey.act', { id: survey.id, version: survey.version, finding: '冒名发现', action: '冒名措施' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.staff.cs)('survey.send', { id: survey.id, version: survey.version })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.staff.tech)('survey.results', { id: survey.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await ask(a.owner)('survey.results', { id: survey.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // A draft is not answered, and has no findings yet.
    expect(await ask(a.owner)('survey.answer', { id: survey.id, answers: [{ questionId: 'q1', rating: 5 }, { questionId: 'q2', choices: [0] }] })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await ask(a.staff.manager)('survey.act', { id: survey.id, version: survey.version, finding: '发现', action: '措施内容' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await as(a.staff.cs)('survey.list', { communityId: a.communityId })).items.map((item) => item.title)).toContain('装修服务专项调查');
    expect((await as(b.staff.cs)('survey.list', { communityId: b.communityId })).items).toEqual([]);
  });
});

describe('personal data (seed 000 (七)2)', () => {
  test("an owner who deletes their personal data leaves a sign-up counted but no longer named, and their survey still answered once", async () => {
    const leaver = 'o-eva-leaver';
    const binding = await as(leaver)('binding.request', { unitId: a.units[2].id, relation: 'owner', name: '王芳', phone: '13800000003', proofFileIds: [] });
    await as(a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    let activity = await as(a.staff.cs)('activity.save', { communityId: a.communityId, ...plan({ title: '环保手工课', theme: 'environment', capacity: 5 }) });
    activity = await as(a.staff.cs)('activity.publish', { id: activity.id, version: activity.version });
    await as(leaver)('activity.signUp', { id: activity.id });
    let survey = await as(a.staff.manager)('survey.save', { communityId: a.communityId, title: '绿化专项调查', intro: '', questions: QUESTIONS.slice(0, 1) });
    survey = await as(a.staff.manager)('survey.send', { id: survey.id, version: survey.version });
    await as(leaver)('survey.answer', { id: survey.id, answers: [{ questionId: 'q1', rating: 4 }] });

    await as(leaver)('me.delete', { confirm: '删除我的个人信息' });
    const signups = await as(a.staff.cs)('activity.signups', { id: activity.id });
    expect(signups.items.map((item) => [item.name, item.unitLabel, item.status])).toEqual([['（已删除）', '（已删除）', 'confirmed']]);
    expect((await as(a.staff.cs)('activity.get', { id: activity.id })).confirmed).toBe(1);
    expect((await as(a.staff.cs)('survey.results', { id: survey.id })).survey.answers).toBe(1);
  });
});

describe('what each party is shown is exactly what the server accepts', () => {
  const viewers = () => ({ cs: a.staff.cs, tech: a.staff.tech, manager: a.staff.manager, owner: a.owner, stranger: a.stranger, otherManager: b.staff.manager });

  test('activities: planned and published (not yet started)', async () => {
    const actions: ActivityAction[] = ['edit', 'publish', 'report', 'signUp', 'cancel'];
    const planned = async () => (await as(a.staff.cs)('activity.save', { communityId: a.communityId, ...plan({ title: '探针活动', capacity: 3 }) })).id;
    const staffView = (id: string) => as(ADMIN_OPENID)('activity.get', { id });
    const { mismatches, checked } = await probePolicy<ActivityAction>({
      actions,
      viewers: viewers(),
      fixtures: {
        planned,
        published: async () => {
          const id = await planned();
          await as(a.staff.cs)('activity.publish', { id, version: 1 });
          return id;
        },
      },
      async shown(openid, id) {
        const result = await ask(openid)('activity.get', { id });
        return result.ok ? result.data.allowed : undefined;
      },
      async attempt(openid, action, id) {
        const { version } = await staffView(id);
        if (action === 'edit') return ask(openid)('activity.save', { communityId: a.communityId, id, version, ...plan({ title: '探针活动改名' }) });
        if (action === 'publish') return ask(openid)('activity.publish', { id, version });
        if (action === 'report') return ask(openid)('activity.report', { id, version, attendance: 1, photos: [], record: '探针的过程记录', summary: '探针的活动总结', rating: 3, lessons: '' });
        return ask(openid)(action === 'signUp' ? 'activity.signUp' : 'activity.cancel', { id });
      },
      async fingerprint(id) {
        const activity = await staffView(id);
        return { version: activity.version, status: activity.status, confirmed: activity.confirmed, waiting: activity.waiting };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(2 * 6 * actions.length);
  });

  test('surveys: a draft and an open one', async () => {
    const actions: SurveyAction[] = ['edit', 'send', 'close', 'answer', 'act'];
    const draft = async () => (await as(a.staff.manager)('survey.save', { communityId: a.communityId, title: '探针问卷', intro: '', questions: QUESTIONS.slice(0, 1) })).id;
    const staffView = (id: string) => as(ADMIN_OPENID)('survey.get', { id });
    const { mismatches, checked } = await probePolicy<SurveyAction>({
      actions,
      viewers: viewers(),
      fixtures: {
        draft,
        open: async () => {
          const id = await draft();
          await as(a.staff.manager)('survey.send', { id, version: 1 });
          return id;
        },
      },
      async shown(openid, id) {
        const result = await ask(openid)('survey.get', { id });
        return result.ok ? result.data.allowed : undefined;
      },
      async attempt(openid, action, id) {
        const { version } = await staffView(id);
        if (action === 'edit') return ask(openid)('survey.save', { communityId: a.communityId, id, version, title: '探针问卷改名', intro: '', questions: QUESTIONS.slice(0, 1) });
        if (action === 'send' || action === 'close') return ask(openid)(`survey.${action}`, { id, version });
        if (action === 'answer') return ask(openid)('survey.answer', { id, answers: [{ questionId: 'q1', rating: 4 }] });
        return ask(openid)('survey.act', { id, version, finding: '探针发现', action: '探针措施' });
      },
      async fingerprint(id) {
        const survey = await staffView(id);
        return { version: survey.version, status: survey.status, answers: survey.answers };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(2 * 6 * actions.length);
  });
});

describe('the activity board of an owner with several homes', () => {
  test('homes in two communities bring both boards, soonest first; two homes in one community bring its activities and meetings once', async () => {
    const owner = 'o-eva-twohomes';
    for (const [community, unit, name, phone] of [
      [a, 2, '王芳', '13800000003'],
      [a, 3, '刘洋', '13800000004'],
      [b, 2, '王芳', '13800000003'],
    ] as const) {
      const binding = await as(owner)('binding.request', { unitId: community.units[unit].id, relation: 'owner', name, phone, proofFileIds: [] });
      await as(community.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    }
    const publish = async (community: SeededCommunity, title: string, startsAt: string) => {
      const saved = await as(community.staff.cs)('activity.save', { communityId: community.communityId, ...plan({ title, startsAt }) });
      return (await as(community.staff.cs)('activity.publish', { id: saved.id, version: saved.version })).id;
    };
    const inA = await publish(a, '夏季亲子游园会', '2027-06-12T09:00:00+08:00');
    const inB = await publish(b, '端午包粽子活动', '2027-06-05T09:00:00+08:00');
    const meet = async (community: SeededCommunity, startsAt: string) =>
      (await as(community.staff.manager)('meeting.save', { communityId: community.communityId, title: '2027 年年中业主恳谈会', startsAt, place: '小区会所', agenda: '物业服务情况通报；听取业主意见。' })).id;
    const meetingA = await meet(a, '2027-06-20T19:00:00+08:00');
    const meetingB = await meet(b, '2027-06-18T19:00:00+08:00');

    const board = await as(owner)('activity.board', {});
    const activityIds = board.activities.map((item) => item.id);
    expect(new Set(activityIds).size).toBe(activityIds.length);
    expect(activityIds.filter((id) => id === inA || id === inB)).toEqual([inB, inA]);
    expect(board.activities.find((item) => item.id === inB)).toMatchObject({ communityId: b.communityId, allowed: ['signUp'] });
    const startTimes = board.activities.map((item) => Date.parse(item.startsAt));
    expect(startTimes).toEqual([...startTimes].sort((x, y) => x - y));
    const meetingIds = board.meetings.map((item) => item.id);
    expect(new Set(meetingIds).size).toBe(meetingIds.length);
    expect(meetingIds.filter((id) => id === meetingA || id === meetingB)).toEqual([meetingB, meetingA]);
    // The neighbour owns a home in a only: b's activity and meeting are not theirs.
    const neighbours = await as(neighbour)('activity.board', {});
    expect(neighbours.activities.map((item) => item.id)).toContain(inA);
    expect(neighbours.activities.map((item) => item.id)).not.toContain(inB);
    expect(neighbours.meetings.map((item) => item.id)).not.toContain(meetingB);
  });
});
