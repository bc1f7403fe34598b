/// <reference lib="dom" />
/**
 * Community activities, owners' meetings and the annual survey as people use them: the desk plans
 * and publishes an activity, owners sign up (the second on the waiting list, moved up when the
 * first cancels), the desk records it once held; a meeting is scheduled and its suggestions
 * registered; the manager writes and sends a survey, an owner answers it, the results are read.
 * On a local cloud of this test's own, whose clock the test moves past the activity's start.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { okAs } from '../support/api';
import { clockToChina, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(180_000);

const env = uniqueEnv('events-pages');
const neighbour = 'o-evp-neighbour';
let cloud: RunningCloud;
let seeded: SeededCommunity;
let wx: FakeWx;
const pages: Record<string, string> = {};

beforeAll(async () => {
  // Compiled first (with the fake wx the pages load against): compiling takes seconds, and a call
  // after such a pause may find its keep-alive connection to the cloud closed.
  wx = installFakeWx({ baseUrl: 'http://127.0.0.1:9', env, openid: 'o-evp-nobody' });
  for (const page of ['events', 'answer', 'activities', 'activity', 'meetings', 'meeting', 'surveys', 'survey-edit', 'survey-results']) pages[page] = loadPage(`packages/events/pages/${page}/index`);
  cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'events-pages-')) });
  // The clock moves first, while the cloud is empty: the timers it runs are quick.
  await clockToChina(cloud.url, '2027-02-01T09:00:00');
  seeded = await seedCommunity(env, 'evp', cloud.url);
  const binding = await okAs(env, neighbour, cloud.url)('binding.request', { unitId: seeded.units[3].id, relation: 'owner', name: '刘洋', phone: '13800000004', proofFileIds: [] });
  await okAs(env, seeded.staff.cs, cloud.url)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
  wx.useCloud({ baseUrl: cloud.url, env, openid: seeded.staff.cs });
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
  if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
});

async function open(page: string, openid: string, query: Record<string, string> = {}): Promise<Mounted> {
  wx.actAs(openid);
  const mounted = mount(pages[page]);
  expect(mounted.querySelector('#loading')).toBeTruthy();
  mounted.instance.onLoad(query);
  await until(() => mounted.data.status !== 'loading', `${page} to load`);
  expect(mounted.data.errorMessage).toBe('');
  return mounted;
}

const lastToast = (): string => String(wx.ui.filter((ui) => ui.api === 'showToast').at(-1)?.options.title ?? '');
const lastNavigation = (api = 'navigateTo'): string => String(wx.ui.filter((ui) => ui.api === api).at(-1)?.options.url ?? '');
const idFrom = (url: string): string => url.split('id=')[1] ?? '';

describe('社区活动', () => {
  let activityId = '';

  test('the desk sees the quarter still open, plans an activity and publishes it to the owners', async () => {
    const list = await open('activities', seeded.staff.cs, { communityId: seeded.communityId });
    expect(textOf(list, '#quarter-1')).toContain('2027 年第 1 季度');
    expect(textOf(list, '#quarter-1')).toContain('进行中');
    expect(list.querySelector('#empty')).toBeTruthy();

    fire(list, '#new-activity', 'tap');
    await until(() => list.data.formOpen === true, 'the plan form');
    fire(list, '#activity-title', 'change', { value: '消防安全知识讲座' });
    fire(list, '#activity-theme', 'change', { value: 'fire' });
    fire(list, '#time-picker', 'confirm', { value: '2027-02-20 14:00' });
    fire(list, '#activity-place', 'change', { value: '小区会所二楼' });
    fire(list, '#activity-budget', 'change', { value: '800' });
    fire(list, '#activity-capacity', 'change', { value: 1 });
    fire(list, '#activity-description', 'change', { value: '邀请消防中队讲解家庭防火和灭火器使用。' });
    fire(list, '#save-activity', 'tap');
    await until(() => lastNavigation().startsWith('/packages/events/pages/activity/index?id='), 'the activity to open');
    activityId = idFrom(lastNavigation());
    await until(() => list.querySelector(`#activity-${activityId}`) !== undefined, 'the list to show it');
    expect(textOf(list, `#activity-${activityId}`)).toContain('计划中');

    const page = await open('activity', seeded.staff.cs, { id: activityId });
    expect(textOf(page, '#plan')).toContain('2027-02-20 14:00');
    expect(textOf(page, '#plan')).toContain('¥800.00');
    expect(page.querySelector('#action-report')).toBeUndefined();
    // The plan is changed before it goes out: another room.
    fire(page, '#action-edit', 'tap');
    await until(() => page.data.editOpen === true, 'the plan form');
    fire(page, '#plan-place', 'change', { value: '小区会所一楼多功能厅' });
    fire(page, '#save-plan', 'tap');
    await until(() => lastToast() === '计划已修改', 'the change');
    expect(textOf(page, '#plan')).toContain('小区会所一楼多功能厅');
    expect(textOf(page, '#plan')).toContain('2027-02-20 14:00');
    wx.answerModals(true);
    fire(page, '#action-publish', 'tap');
    await until(() => lastToast() === '已发布，业主可报名', 'the publication');
    expect(textOf(page, '#plan')).toContain('报名中');
    expect(page.querySelector('#action-publish')).toBeUndefined();
    expect(page.querySelector('#action-edit')).toBeUndefined();
  });

  test('owners sign up: the second waits, and moves up when the first cancels', async () => {
    const owner = await open('events', seeded.owner);
    expect(textOf(owner, `#activity-${activityId}`)).toContain('消防安全知识讲座');
    fire(owner, `#signup-${activityId}`, 'tap');
    await until(() => lastToast() === '报名成功', 'the sign-up');
    expect(textOf(owner, `#activity-${activityId}`)).toContain('已报名');
    expect(owner.querySelector(`#signup-${activityId}`)).toBeUndefined();

    const other = await open('events', neighbour);
    expect(textOf(other, `#activity-${activityId}`)).toContain('候补报名');
    fire(other, `#signup-${activityId}`, 'tap');
    await until(() => lastToast() === '名额已满，已加入候补', 'the waiting list');
    expect(textOf(other, `#activity-${activityId}`)).toContain('候补第 1 位');

    // The owner's page, opened again, knows someone waits for the place.
    const first = await open('events', seeded.owner);
    wx.answerModals(true);
    fire(first, `#cancel-${activityId}`, 'tap');
    await until(() => lastToast() === '已取消报名', 'the cancellation');
    const modal = wx.ui.filter((ui) => ui.api === 'showModal').at(-1);
    expect(String(modal?.options.content)).toContain('名额将让给候补的业主');

    const moved = await open('events', neighbour);
    expect(textOf(moved, `#activity-${activityId}`)).toContain('已报名');
    const desk = await open('activity', seeded.staff.cs, { id: activityId });
    expect(textOf(desk, '#signup-0')).toContain('已取消');
    expect(textOf(desk, '#signup-1')).toContain('刘* · 2栋301');
    expect(textOf(desk, '#signup-1')).toContain('已报名');
  });

  test('once it took place the desk records it with its summary and evaluation; the quarter is met', async () => {
    await clockToChina(cloud.url, '2027-02-20T17:00:00');
    const page = await open('activity', seeded.staff.cs, { id: activityId });
    fire(page, '#action-report', 'tap');
    await until(() => page.data.reportOpen === true, 'the report form');
    fire(page, '#report-record', 'change', { value: '消防中队现场演示灭火器使用，业主分组实操。' });
    fire(page, '#report-summary', 'change', { value: '业主参与积极，反映讲解实用。' });
    fire(page, '#save-report', 'tap');
    expect(lastToast()).toBe('请评估活动效果（1–5 星）');
    fire(page, '#report-rating', 'change', { value: 4 });
    wx.answerModals(true);
    fire(page, '#save-report', 'tap');
    await until(() => lastToast() === '已登记', 'the record');
    expect(textOf(page, '#plan')).toContain('已举办');
    expect(textOf(page, '#report')).toContain('业主参与积极，反映讲解实用。');
    expect(textOf(page, '#report-stars')).toBe('4 / 5');

    const list = await open('activities', seeded.staff.cs, { communityId: seeded.communityId });
    expect(textOf(list, '#quarter-1')).toContain('已达标');
    expect(textOf(list, '#quarter-1')).toContain('已举办 1 次');
  });

  test('a technician has no activities page', async () => {
    wx.actAs(seeded.staff.tech);
    const page = mount(pages.activities);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status === 'error', 'the refusal');
    expect(page.data.errorMessage).toBe('社区活动仅对本小区的客服、客服经理和管理员开放');
  });
});

describe('业主恳谈会', () => {
  test('scheduled, its invitation shown to owners; suggestions registered stay open until answered; minutes once held', async () => {
    const list = await open('meetings', seeded.staff.manager, { communityId: seeded.communityId });
    expect(textOf(list, '#half-1')).toContain('2027 年上半年');
    fire(list, '#new-meeting', 'tap');
    await until(() => list.data.formOpen === true, 'the form');
    fire(list, '#meeting-title', 'change', { value: '2027 年上半年业主恳谈会' });
    fire(list, '#time-picker', 'confirm', { value: '2027-03-10 19:00' });
    fire(list, '#meeting-place', 'change', { value: '小区会所' });
    fire(list, '#meeting-agenda', 'change', { value: '通报服务情况，听取业主意见。' });
    fire(list, '#save-meeting', 'tap');
    await until(() => lastNavigation().startsWith('/packages/events/pages/meeting/index?id='), 'the meeting to open');
    const meetingId = idFrom(lastNavigation());

    const owner = await open('events', seeded.owner);
    expect(textOf(owner, `#meeting-${meetingId}`)).toContain('2027-03-10 19:00');

    const page = await open('meeting', seeded.staff.manager, { id: meetingId });
    expect(page.querySelector('#action-minutes')).toBeUndefined();
    fire(page, '#action-suggest', 'tap');
    await until(() => page.data.suggestOpen === true, 'the suggestion form');
    fire(page, '#save-suggestion', 'tap');
    expect(lastToast()).toBe('请选择提建议业主的房屋');
    page.instance.onUnit({ detail: { unitId: seeded.units[0].id } });
    fire(page, '#suggest-name', 'change', { value: '张伟' });
    fire(page, '#suggest-phone', 'change', { value: '13800000001' });
    fire(page, '#suggest-text', 'change', { value: '建议在3号门增设快递柜' });
    wx.answerModals(true);
    fire(page, '#save-suggestion', 'tap');
    await until(() => lastToast() === '已登记为建议工单', 'the suggestion');
    expect(textOf(page, '#suggestion-0')).toContain('建议在3号门增设快递柜');
    expect(textOf(page, '#suggestion-0')).toContain('未答复');

    await clockToChina(cloud.url, '2027-03-10T21:30:00');
    const held = await open('meeting', seeded.staff.manager, { id: meetingId });
    fire(held, '#action-minutes', 'tap');
    fire(held, '#minutes-attendance', 'change', { value: 18 });
    fire(held, '#minutes-text', 'change', { value: '到会业主 18 人，通报了服务情况，登记建议 1 条。' });
    fire(held, '#save-minutes', 'tap');
    await until(() => lastToast() === '纪要已保存', 'the minutes');
    expect(textOf(held, '#minutes')).toContain('18 人');

    const after = await open('meetings', seeded.staff.manager, { communityId: seeded.communityId });
    expect(textOf(after, '#half-1')).toContain('已达标');
    expect(textOf(after, `#meeting-${meetingId}`)).toContain('建议 1 条，未答复 1 条');
  });
});

describe('顾客意见调查', () => {
  let surveyId = '';

  test('the manager writes the survey from the yearly template, saves it and sends it to the owners', async () => {
    const asDesk = await open('surveys', seeded.staff.cs, { communityId: seeded.communityId });
    expect(asDesk.querySelector('#new-survey')).toBeUndefined();
    const list = await open('surveys', seeded.staff.manager, { communityId: seeded.communityId });
    expect(list.querySelector('#empty')).toBeTruthy();
    fire(list, '#new-survey', 'tap');
    expect(lastNavigation()).toBe(`/packages/events/pages/survey-edit/index?communityId=${seeded.communityId}`);

    const editor = await open('survey-edit', seeded.staff.manager, { communityId: seeded.communityId });
    expect(textOf(editor, '#question-1')).toContain('评分');
    expect(editor.querySelector('#send-survey')).toBeUndefined();
    fire(editor, '#survey-title', 'change', { value: '2027 年度顾客意见调查' });
    // The fourth question (multiple choice) is removed; a free-text question is added at the end.
    wx.answerModals(true);
    fire(editor, '#remove-4', 'tap');
    await until(() => (editor.data.questions as unknown[]).length === 4, 'the question to go');
    fire(editor, '#add-text', 'tap');
    fire(editor, '#question-5-title', 'change', { value: '您希望增加哪些社区活动' });
    fire(editor, '#save-survey', 'tap');
    await until(() => lastToast() === '草稿已保存', 'the draft');
    expect(editor.querySelector('#send-survey')).toBeTruthy();
    wx.answerModals(true);
    fire(editor, '#send-survey', 'tap');
    await until(() => lastNavigation('redirectTo').startsWith('/packages/events/pages/survey-results/index?id='), 'the results to open');
    surveyId = idFrom(lastNavigation('redirectTo'));
    const sent = await okAs(env, seeded.staff.manager, cloud.url)('survey.get', { id: surveyId });
    expect(sent).toMatchObject({ status: 'open', title: '2027 年度顾客意见调查' });
    expect(sent.questions.map((question) => question.kind)).toEqual(['rating', 'rating', 'single', 'text', 'text']);
  });

  test('an owner answers it once, anonymously; a required question left blank is named', async () => {
    const board = await open('events', seeded.owner);
    expect(textOf(board, `#survey-${surveyId}`)).toContain('待填写');
    fire(board, `#answer-${surveyId}`, 'tap');
    expect(lastNavigation()).toBe(`/packages/events/pages/answer/index?id=${surveyId}`);

    const page = await open('answer', seeded.owner, { id: surveyId });
    expect(textOf(page, '#survey-head')).toContain('匿名填写');
    fire(page, '#q1-rating', 'change', { value: 5 });
    fire(page, '#submit', 'tap');
    expect(lastToast()).toBe('请回答第 2 题');
    fire(page, '#q2-rating', 'change', { value: 4 });
    fire(page, '#q3-single', 'change', { value: '0' });
    fire(page, '#q4-text', 'change', { value: '电梯维保要及时' });
    wx.answerModals(true);
    fire(page, '#submit', 'tap');
    await until(() => lastToast() === '感谢您的意见', 'the answer');
    expect(wx.ui.at(-1)?.api).toBe('navigateBack');

    const again = await open('answer', seeded.owner, { id: surveyId });
    expect(again.querySelector('#answered')).toBeTruthy();
    expect(again.querySelector('#submit')).toBeUndefined();
    const after = await open('events', seeded.owner);
    expect(textOf(after, `#survey-${surveyId}`)).toContain('已提交');
  });

  test('the results: a chart and counts per question, the buildings, the free text, and an action recorded', async () => {
    const page = await open('survey-results', seeded.staff.manager, { id: surveyId });
    expect(textOf(page, '#answers-count')).toContain('已收回 1 份');
    expect(textOf(page, '#result-q1')).toContain('5分：1 人');
    expect(textOf(page, '#result-q1')).toContain('平均 5 分');
    expect(page.querySelector('#chart-q1')).toBeTruthy();
    expect(page.querySelector('#chart-q4')).toBeUndefined();
    expect(textOf(page, '#result-q3')).toContain('小程序：1 人');
    expect(textOf(page, '#building-0')).toContain('1栋');
    expect(textOf(page, '#building-0')).toContain('1 份');
    expect(textOf(page, '#text-0')).toContain('电梯维保要及时');
    expect(textOf(page)).not.toContain('张伟');

    fire(page, '#action-act', 'tap');
    fire(page, '#act-finding', 'change', { value: '电梯维保及时性' });
    fire(page, '#act-action', 'change', { value: '与维保单位约定故障 30 分钟到场' });
    fire(page, '#save-act', 'tap');
    await until(() => lastToast() === '改进措施已登记', 'the action');
    expect(textOf(page, '#finding-0')).toContain('电梯维保及时性');

    // The desk reads the results but neither closes the survey nor records actions.
    const desk = await open('survey-results', seeded.staff.cs, { id: surveyId });
    expect(desk.querySelector('#action-close')).toBeUndefined();
    expect(desk.querySelector('#action-act')).toBeUndefined();

    wx.actAs(seeded.staff.manager);
    wx.answerModals(true);
    fire(page, '#action-close', 'tap');
    await until(() => lastToast() === '调查已结束', 'the close');
    await until(() => textOf(page, '#summary').includes('已结束'), 'the status');
  });
});
