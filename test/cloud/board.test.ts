/**
 * The management board against a month built through the api with the cloud's clock moved:
 * February 2027, with the Spring Festival week an admin entered as the year's schedule (the
 * holiday package has no 2027 data), late and timely repairs, a reopened repair, early and late
 * arrivals, an unsatisfied visit, an invalid complaint and a major one. Every figure is checked
 * against values worked out by hand below from the same inputs, and the drill-down lists exactly
 * the tickets counted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Board } from '../../typings/board';
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { pointSdkAt, sdkFor, uniqueEnv } from '../support/cloud';
import { apiAs, okAs } from '../support/api';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';
import { renderPdf } from '../support/pdf';

/** Kept by CI: the report's pages as images. */
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

jest.setTimeout(240_000);

let cloud: RunningCloud;
let c: SeededCommunity;
const env = uniqueEnv('board');

/** China wall time → the instant. */
const china = (wall: string): Date => new Date(`${wall}+08:00`);

async function clockTo(wall: string): Promise<void> {
  const response = await fetch(`${cloud.url}/_emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: china(wall).toISOString() }),
  });
  if (!response.ok) throw new Error(`clock: ${await response.text()}`);
}

const owner = () => okAs(env, c.owner, cloud.url);
const cs = () => okAs(env, c.staff.cs, cloud.url);
const tech = () => okAs(env, c.staff.tech, cloud.url);
const manager = () => okAs(env, c.staff.manager, cloud.url);

const complaint = (category: string, description: string): NewTicketInput => ({
  kind: 'complaint',
  category,
  description,
  photos: [],
  location: { kind: 'unit', unitId: c.units[0].id },
  contactName: '张伟',
  contactPhone: '13800000001',
});
const repair = (category: string): NewTicketInput => ({
  kind: 'repair',
  category,
  description: '请尽快安排师傅上门维修',
  photos: [],
  location: { kind: 'unit', unitId: c.units[0].id },
  contactName: '张伟',
  contactPhone: '13800000001',
});

/** Steps at given China times; each returns the ticket as it is after the step. */
async function at<T>(wall: string, step: () => Promise<T>): Promise<T> {
  await clockTo(wall);
  return step();
}

const tickets: Record<string, TicketDetail> = {};

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'board-')) });
  c = await seedCommunity(env, 'kpi', cloud.url);
  // 2027's Spring Festival as the State Council would announce it: 5–11 February off, Saturday 13th worked.
  await okAs(env, ADMIN_OPENID, cloud.url)('calendar.saveYear', {
    year: 2027,
    holidays: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    workdays: ['2027-02-13'],
    note: '测试：2027 年春节放假安排',
    version: 0,
  });
  const step = (t: TicketDetail) => ({ id: t.id, version: t.version });
  // The clock only moves forward: the steps of all tickets in the order they happened.
  let c1: TicketDetail, c2: TicketDetail, c3: TicketDetail, c4: TicketDetail;
  let r1: TicketDetail, r2: TicketDetail, r3: TicketDetail, r4: TicketDetail, r5: TicketDetail;

  // C1: answered, resolved and visited (satisfied) the next day.
  c1 = await at('2027-02-01T09:00:00', () => owner()('ticket.create', complaint('噪音扰民', '楼上每晚十一点后装修噪音很大')));
  c1 = await at('2027-02-01T09:10:00', () => cs()('ticket.accept', step(c1)));
  // R1: urgent, answered in 20 minutes, done in 3 hours; rated 5, visited satisfied.
  r1 = await at('2027-02-01T10:00:00', () => owner()('ticket.create', repair('water-leak')));
  r1 = await at('2027-02-01T10:20:00', () => cs()('ticket.accept', step(r1)));
  r1 = await at('2027-02-01T10:25:00', () => cs()('ticket.assign', { ...step(r1), technician: c.staff.tech }));
  r1 = await at('2027-02-01T13:00:00', () => tech()('ticket.resolve', { ...step(r1), note: '更换了漏水接口' }));
  r1 = await at('2027-02-01T14:00:00', () => owner()('ticket.confirm', step(r1)));
  r1 = await at('2027-02-01T14:01:00', () => owner()('ticket.rate', { ...step(r1), score: 5, comment: '很快' }));
  r1 = await at('2027-02-01T15:00:00', () => cs()('ticket.returnVisit', { ...step(r1), satisfaction: 'satisfied', note: '满意' }));
  // R2: urgent, answered after 45 minutes (the promise is 30): not timely.
  r2 = await at('2027-02-02T09:00:00', () => owner()('ticket.create', repair('water-leak')));
  r2 = await at('2027-02-02T09:45:00', () => cs()('ticket.accept', step(r2)));
  r2 = await at('2027-02-02T09:50:00', () => cs()('ticket.assign', { ...step(r2), technician: c.staff.tech }));
  c1 = await at('2027-02-02T10:00:00', () => cs()('ticket.reply', { ...step(c1), text: '您好，已联系楼上住户，今晚起停止夜间施工。', ownerVisible: true }));
  c1 = await at('2027-02-02T11:00:00', () => cs()('ticket.resolve', { ...step(c1), note: '已协调，夜间不再施工' }));
  r2 = await at('2027-02-02T11:05:00', () => tech()('ticket.resolve', { ...step(r2), note: '已修复' }));
  c1 = await at('2027-02-02T12:00:00', () => cs()('ticket.returnVisit', { ...step(c1), satisfaction: 'satisfied', note: '业主满意' }));
  // R3: routine, on time, but the technician arrives 3 minutes late; reopened the next day (rework),
  // done again; rated 3, visited 基本满意.
  r3 = await at('2027-02-03T09:00:00', () => owner()('ticket.create', repair('faucet')));
  r3 = await at('2027-02-03T09:30:00', () => cs()('ticket.accept', step(r3)));
  r3 = await at('2027-02-03T09:35:00', () => cs()('ticket.assign', { ...step(r3), technician: c.staff.tech }));
  r3 = await at('2027-02-03T09:40:00', () => cs()('ticket.schedule', { ...step(r3), at: china('2027-02-03T14:00:00').toISOString() }));
  r3 = await at('2027-02-03T14:03:00', () => tech()('ticket.checkIn', step(r3)));
  r3 = await at('2027-02-03T15:00:00', () => tech()('ticket.resolve', { ...step(r3), note: '更换水龙头' }));
  r3 = await at('2027-02-04T08:00:00', () => owner()('ticket.reopen', { ...step(r3), reason: '新换的水龙头还是滴水' }));
  r3 = await at('2027-02-04T10:00:00', () => tech()('ticket.resolve', { ...step(r3), note: '重新安装，已不滴水' }));
  r3 = await at('2027-02-04T11:00:00', () => owner()('ticket.confirm', step(r3)));
  r3 = await at('2027-02-04T11:01:00', () => owner()('ticket.rate', { ...step(r3), score: 3, comment: '返修了一次' }));
  r3 = await at('2027-02-04T12:00:00', () => cs()('ticket.returnVisit', { ...step(r3), satisfaction: 'basic', note: '基本满意' }));
  // C2: received the afternoon before the holiday; answered on the 12th, the first working day
  // after it — on time with the entered schedule (a plain weekday calendar wanted it by the 8th).
  c2 = await at('2027-02-04T16:00:00', () => owner()('ticket.create', complaint('噪音扰民', '楼下商铺音响太吵')));
  c2 = await at('2027-02-04T16:30:00', () => cs()('ticket.accept', step(c2)));
  c2 = await at('2027-02-12T15:00:00', () => cs()('ticket.reply', { ...step(c2), text: '您好，已要求商铺调低音量并限定营业时间。', ownerVisible: true }));
  c2 = await at('2027-02-12T16:00:00', () => cs()('ticket.resolve', { ...step(c2), note: '商铺已整改' }));
  // C3: judged invalid (a duplicate) and answered only after its 2 working days.
  c3 = await at('2027-02-15T09:00:00', () => owner()('ticket.create', complaint('环境卫生', '垃圾桶没有按时清运')));
  c3 = await at('2027-02-15T09:20:00', () => cs()('ticket.accept', step(c3)));
  c2 = await at('2027-02-15T10:00:00', () => cs()('ticket.returnVisit', { ...step(c2), satisfaction: 'unsatisfied', note: '业主认为处理太慢' }));
  c3 = await at('2027-02-16T09:00:00', () => cs()('ticket.judgeValidity', { ...step(c3), valid: false, reason: '与前一日的投诉重复' }));
  // R4: routine, the technician 3 minutes early (on time), finished after the 48 hours: not timely; visited satisfied.
  r4 = await at('2027-02-16T09:01:00', () => owner()('ticket.create', repair('faucet')));
  r4 = await at('2027-02-16T09:10:00', () => cs()('ticket.accept', step(r4)));
  r4 = await at('2027-02-16T09:12:00', () => cs()('ticket.assign', { ...step(r4), technician: c.staff.tech }));
  r4 = await at('2027-02-16T09:15:00', () => cs()('ticket.schedule', { ...step(r4), at: china('2027-02-16T10:00:00').toISOString() }));
  r4 = await at('2027-02-16T09:57:00', () => tech()('ticket.checkIn', step(r4)));
  c3 = await at('2027-02-18T10:00:00', () => cs()('ticket.reply', { ...step(c3), text: '您好，该问题已在处理中。', ownerVisible: true }));
  r4 = await at('2027-02-19T10:00:00', () => tech()('ticket.resolve', { ...step(r4), note: '等配件后更换' }));
  r4 = await at('2027-02-19T11:00:00', () => owner()('ticket.confirm', step(r4)));
  r4 = await at('2027-02-19T12:00:00', () => cs()('ticket.returnVisit', { ...step(r4), satisfaction: 'satisfied', note: '满意' }));
  // C4: taken by phone, graded major (a group complaint), reported to the departments the next
  // morning, answered, still open at month end.
  c4 = await at('2027-02-22T09:00:00', () => cs()('ticket.register', { ...complaint('停车管理', '消防通道长期被占用，多户业主联名投诉'), channel: 'phone' }));
  c4 = await at('2027-02-22T09:05:00', () => cs()('ticket.accept', step(c4)));
  c4 = await at('2027-02-22T10:00:00', () => cs()('ticket.grade', { ...step(c4), grade: 'major', group: true, repeat: false }));
  c4 = await at('2027-02-22T11:00:00', () => cs()('ticket.reply', { ...step(c4), text: '您好，已安排秩序部清理消防通道。', ownerVisible: true }));
  c4 = await at('2027-02-23T09:00:00', () => cs()('ticket.notifyDepartments', { ...step(c4), departments: '秩序部、工程部', note: '消防通道被占用，请即日清理' }));
  // R5: routine, timely, not yet visited.
  r5 = await at('2027-02-26T09:00:00', () => owner()('ticket.create', repair('faucet')));
  r5 = await at('2027-02-26T09:05:00', () => cs()('ticket.accept', step(r5)));
  r5 = await at('2027-02-26T09:06:00', () => cs()('ticket.assign', { ...step(r5), technician: c.staff.tech }));
  r5 = await at('2027-02-26T12:00:00', () => tech()('ticket.resolve', { ...step(r5), note: '已更换' }));
  Object.assign(tickets, { C1: c1, C2: c2, C3: c3, C4: c4, R1: r1, R2: r2, R3: r3, R4: r4, R5: r5 });

  // A consultation, and one of the next month that the February board must not count.
  await at('2027-02-27T10:00:00', () => owner()('ticket.create', { ...complaint('物业服务', '请问物业费可以按季度缴纳吗'), kind: 'consultation' }));
  await at('2027-03-01T09:00:00', () => owner()('ticket.create', repair('faucet')));
  await clockTo('2027-03-05T09:00:00');
}, 600_000);

afterAll(async () => {
  await cloud?.stop();
  if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
});

const FEBRUARY = () => ({ communityId: c.communityId, from: '2027-02-01', to: '2027-02-28' });

describe('the management board for February 2027', () => {
  let board: Board;
  beforeAll(async () => {
    board = await manager()('board.get', FEBRUARY());
  });

  const figure = (key: string) => board.figures.find((candidate) => candidate.key === key)!;

  test('each target beside its figure, worked out by hand from the month above', () => {
    const rows = Object.fromEntries(board.figures.map((item) => [item.key, [item.met, item.counted, item.percent, item.onTarget]]));
    expect(rows).toEqual({
      // C1, C2 (holiday-aware), C4 on time; C3 late. All four count, valid or not.
      complaintFeedback: [3, 4, 75, false],
      // Valid: C1, C2, C4 (C3 judged invalid); resolved: C1, C2.
      validHandled: [2, 3, 66.7, false],
      // Valid and resolved: C1, C2, both visited.
      validVisited: [2, 2, 100, true],
      // R1 timely; R2 answered late.
      urgentTimely: [1, 2, 50, false],
      // R3 (done again within its time after the rework) and R5 timely; R4 finished late.
      routineTimely: [2, 3, 66.7, false],
      // Five repairs done, R3 reopened.
      rework: [1, 5, 20, false],
      // Visits: C1, R1, R4 satisfied, R3 basic, C2 unsatisfied.
      satisfaction: [4, 5, 80, false],
      // C4 reported the next working day.
      majorReported: [1, 1, 100, true],
      // R3 3 minutes late; R4 3 minutes early (within 5).
      punctuality: [1, 2, 50, false],
    });
    expect(figure('satisfaction').targetText).toBe('≥ 95%');
    expect(figure('rework').targetText).toBe('≤ 1%');
  });

  test('response times, satisfaction, escalations, volumes and recurring categories', () => {
    // Minutes to acceptance: C1 10, R1 20, R2 45, R3 30, C2 30, C3 20, R4 9, C4 5, R5 5 → 5 5 9 10 20 20 30 30 45.
    expect(board.firstResponse).toEqual({ median: 20, p90: 45, count: 9 });
    expect(board.satisfaction).toEqual({ satisfied: 3, basic: 1, unsatisfied: 1, averageRating: 4, rated: 2 });
    // C2 (over the holiday), C3 and C4 went unresolved past 2 days and then a further day.
    expect(board.escalations).toEqual({ toManager: 3, toHead: 3 });
    expect(board.punctuality).toEqual({ onTime: 1, early: 0, late: 1 });
    expect(board.received).toBe(10);
    expect(board.volumes.byKind).toEqual([
      { label: '报修', count: 5 },
      { label: '投诉', count: 4 },
      { label: '咨询', count: 1 },
    ]);
    expect(board.volumes.byChannel).toEqual([
      { label: '小程序', count: 9 },
      { label: '电话', count: 1 },
    ]);
    expect(board.complaints).toEqual({ group: 1, repeat: 0, major: 1, invalid: 1 });
    expect(board.recurring).toEqual([
      { category: '更换水龙头（不含材料）', count: 3, buildings: ['1栋'] },
      // Ties in pinyin order: 水 (shui) before 噪 (zao).
      { category: '水管漏水', count: 2, buildings: ['1栋'] },
      { category: '噪音扰民', count: 2, buildings: ['1栋'] },
    ]);
    // Nobody had consented and no group robot was connected: the 5 dispatches, the 6 escalation
    // alerts (3 complaints × 2 levels) and the major complaint reached nobody.
    expect(board.unreachedAlerts).toBe(12);
  });

  test('every figure opens exactly the tickets it counted', async () => {
    const list = async (figureKey: string, part: 'counted' | 'met' | 'missed') =>
      (await manager()('board.tickets', { ...FEBRUARY(), figure: figureKey as never, part })).items.map((item) => item.number);
    const numbers = (...keys: string[]) => keys.map((key) => tickets[key].number);
    expect(await list('complaintFeedback', 'missed')).toEqual(numbers('C3'));
    expect(await list('complaintFeedback', 'counted')).toEqual(numbers('C1', 'C2', 'C3', 'C4'));
    expect(await list('validHandled', 'missed')).toEqual(numbers('C4'));
    expect(await list('urgentTimely', 'met')).toEqual(numbers('R1'));
    expect(await list('routineTimely', 'missed')).toEqual(numbers('R4'));
    expect(await list('rework', 'met')).toEqual(numbers('R3'));
    expect(await list('satisfaction', 'missed')).toEqual(numbers('C2'));
    for (const item of board.figures) {
      expect((await manager()('board.tickets', { ...FEBRUARY(), figure: item.key, part: 'counted' })).total).toBe(item.counted);
      expect((await manager()('board.tickets', { ...FEBRUARY(), figure: item.key, part: 'met' })).total).toBe(item.met);
    }
  });

  test('the board exports as .xlsx with the same figures and the tickets behind them', async () => {
    const exported = await manager()('board.export', FEBRUARY());
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(exported.url)).arrayBuffer());
    const rows = (name: string) => {
      const values: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((row, index) => {
        if (index > 1) values.push((row.values as unknown[]).slice(1));
      });
      return values;
    };
    expect(rows('指标').map((row) => [row[0], row[2], row[3], row[4]])).toEqual(
      board.figures.map((item) => [item.label, item.met, item.counted, item.percent === null ? '暂无' : `${item.percent.toFixed(1)}%`]),
    );
    const missed = rows('未达标工单');
    expect(missed.filter((row) => row[0] === '投诉 2 个工作日内反馈').map((row) => row[1])).toEqual([tickets.C3.number]);
    expect(missed.filter((row) => row[0] === '返修率').map((row) => row[1])).toEqual([tickets.R3.number]);
    expect(rows('工单明细')).toHaveLength(10);
    // No owner contact leaves in the report.
    const everything = JSON.stringify(['指标', '服务过程', '分类统计', '未达标工单', '工单明细'].map(rows));
    expect(everything).not.toContain('13800000001');
    expect(everything).not.toContain('张伟');
  });

  test('the timer made February’s report on 1 March, the first working day: the same figures, kept with its workbook', async () => {
    const reports = await manager()('report.list', { communityId: c.communityId });
    // January's was made on 1 February (empty: the community had no tickets then).
    expect(reports.map((report) => report.month)).toEqual(['2027-02', '2027-01']);
    const [february] = reports;
    expect(new Date(february.generatedAt).getTime()).toBeGreaterThanOrEqual(china('2027-03-01T00:00:00').getTime());
    expect(new Date(february.generatedAt).getTime()).toBeLessThan(china('2027-03-02T00:00:00').getTime());
    expect(february.figures).toEqual(board.figures);
    expect(february.received).toBe(10);
    const opened = await manager()('report.open', { communityId: c.communityId, month: '2027-02', format: 'xlsx' });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(opened.url)).arrayBuffer());
    const counted: unknown[] = [];
    workbook.getWorksheet('指标')!.eachRow((row, index) => {
      if (index > 1) counted.push((row.values as unknown[])[4]);
    });
    expect(counted).toEqual(board.figures.map((item) => item.counted));
    expect(await apiAs(env, c.staff.manager, cloud.url)('report.open', { communityId: c.communityId, month: '2026-12', format: 'xlsx' })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    // The whole company's report, for the deployment's admins (this env has one community).
    const company = await okAs(env, ADMIN_OPENID, cloud.url)('report.list', { communityId: '*' });
    expect(company.map((report) => report.month)).toEqual(['2027-02', '2027-01']);
    expect(company[0].figures).toEqual(board.figures);
    expect(await apiAs(env, c.staff.manager, cloud.url)('report.list', { communityId: '*' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    // The manager's analysis of the month stays with it.
    const commented = await manager()('report.comment', { communityId: c.communityId, month: '2027-02', comment: '春节期间投诉反馈及时；零修超时 1 件，返修 1 件，已约谈维修班组。' });
    expect(commented.comment).toMatchObject({ text: '春节期间投诉反馈及时；零修超时 1 件，返修 1 件，已约谈维修班组。', byName: '经理陈' });
    expect((await manager()('report.list', { communityId: c.communityId }))[0].comment?.text).toContain('约谈维修班组');
    expect(await apiAs(env, c.staff.cs, cloud.url)('report.comment', { communityId: c.communityId, month: '2027-02', comment: '越权' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await manager()('report.comment', { communityId: c.communityId, month: '2027-02', comment: '' })).comment).toBeUndefined();
    expect(await apiAs(env, c.staff.cs, cloud.url)('report.list', { communityId: c.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('the trend: twelve months, closed months as their reports recorded them, this month as it stands', async () => {
    const trend = await manager()('board.trend', { communityId: c.communityId });
    expect(trend.map((month) => month.month)).toEqual([
      '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11', '2026-12', '2027-01', '2027-02', '2027-03',
    ]);
    // No reports before the product ran here: nothing to show for those months.
    expect(trend.slice(0, 9).every((month) => month.figures.length === 0 && !month.live)).toBe(true);
    expect(trend[9].figures.every((figure) => figure.counted === 0)).toBe(true);
    expect(trend[10].figures).toEqual(board.figures);
    // March so far: one routine repair, not answered, its 48 hours gone.
    expect(trend[11].live).toBe(true);
    expect(trend[11].figures.find((figure) => figure.key === 'routineTimely')).toMatchObject({ met: 0, counted: 1 });
  });

  test('a self-inspection of the month’s major and group complaints: opened, analysed, completed by the manager', async () => {
    const candidates = (await manager()('review.candidates', FEBRUARY())).items;
    expect(candidates.map((candidate) => [candidate.number, candidate.reasons])).toEqual([[tickets.C4.number, ['重大', '群体']]]);
    // Only such complaints qualify.
    expect(
      await apiAs(env, c.staff.manager, cloud.url)('review.open', { communityId: c.communityId, ticketIds: [tickets.C1.id], cause: '', responsibility: '', measures: '', deadline: '2027-03-20' }),
    ).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(
      await apiAs(env, c.staff.cs, cloud.url)('review.open', { communityId: c.communityId, ticketIds: [tickets.C4.id], cause: '', responsibility: '', measures: '', deadline: '2027-03-20' }),
    ).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    let review = await manager()('review.open', { communityId: c.communityId, ticketIds: [tickets.C4.id], cause: '', responsibility: '', measures: '', deadline: '2027-03-20' });
    expect(review).toMatchObject({ status: 'open', overdue: false, tickets: [{ number: tickets.C4.number, reasons: ['重大', '群体'] }], allowed: ['update'] });
    expect(review.number).toMatch(/^ZC20270305-\d{4}$/);
    // Not completed before the cause, responsibility and measures are written.
    expect(await apiAs(env, c.staff.manager, cloud.url)('review.complete', { id: review.id, version: review.version, outcome: '已整改' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    review = await manager()('review.update', {
      id: review.id,
      version: review.version,
      cause: '地下车库巡查频次不足，占用消防通道的车辆未及时发现',
      responsibility: '秩序部主管负责，车库巡查岗执行',
      measures: '车库每 2 小时巡查一次；消防通道地面标线和警示牌；占用即联系车主挪车',
      deadline: '2027-03-20',
      progress: '标线已施划，巡查表已调整',
    });
    expect(review.allowed).toEqual(['update', 'complete']);
    review = await manager()('review.complete', { id: review.id, version: review.version, outcome: '三月以来未再发生占用消防通道' });
    expect(review).toMatchObject({ status: 'done', completedByName: '经理陈', outcome: '三月以来未再发生占用消防通道', allowed: [] });
    expect((await manager()('review.list', { communityId: c.communityId, status: 'open' })).items).toEqual([]);
    expect((await manager()('review.list', { communityId: c.communityId, status: 'done' })).items.map((item) => item.number)).toEqual([review.number]);
  });

  test('the report as PDF: A4 pages that render, with every figure, the group complaint and its self-inspection, and the manager’s comment', async () => {
    await manager()('report.comment', { communityId: c.communityId, month: '2027-02', comment: '春节期间投诉反馈及时；零修超时 1 件，已约谈维修班组。' });
    const opened = await manager()('report.open', { communityId: c.communityId, month: '2027-02', format: 'pdf' });
    expect(opened.fileType).toBe('pdf');
    const response = await fetch(opened.url);
    expect(response.ok).toBe(true);
    const pdf = renderPdf(Buffer.from(await response.arrayBuffer()), join(ARTIFACTS, 'monthly-report'), 'report-2027-02');
    expect(pdf.size).toEqual({ width: 595.28, height: 841.89 });
    expect(pdf.pages).toBeGreaterThanOrEqual(2);
    expect(pdf.images).toHaveLength(pdf.pages);
    // Compared without spaces: pdftotext keeps some of the narrow ones and drops others.
    const lines = pdf.text.split('\n').map((line) => line.replace(/\s+/g, ''));
    const text = lines.join('\n');
    const flat = (value: string): string => value.replace(/\s+/g, '');
    expect(text).toContain(flat(`${c.communityName} 物业服务月报 2027年2月`));
    for (const figure of board.figures) {
      // Each figure's row: its label, target, met / counted and percentage.
      const row = lines.find((line) => line.startsWith(flat(figure.label)) && line.includes(flat(figure.targetText)));
      expect(row).toContain(`${figure.met}/${figure.counted}`);
      expect(row).toContain(figure.percent === null ? '暂无' : `${figure.percent.toFixed(1)}%`);
    }
    expect(text).toContain(`受理工单${board.received}件`);
    const c4 = lines.find((line) => line.includes(tickets.C4.number));
    expect(c4).toContain('重大、群体');
    // Its self-inspection, done, with the outcome (wrapped in its cell).
    expect(c4).toMatch(/ZC20270305-\d{4}（已完成）/);
    expect(text).toContain('未再发生占用消防通道');
    expect(text).toContain('已约谈维修班组');
    // No owner contact leaves in the report.
    expect(text).not.toContain('13800000001');
    expect(text).not.toContain('张伟');
    expect(await apiAs(env, c.staff.cs, cloud.url)('report.open', { communityId: c.communityId, month: '2027-02', format: 'pdf' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, c.staff.manager, cloud.url)('report.open', { communityId: c.communityId, month: '2027-02', format: 'doc' as 'pdf' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  test('a month that has settled does not change: the same board a month later', async () => {
    await clockTo('2027-04-10T09:00:00');
    const later = await manager()('board.get', FEBRUARY());
    expect(later.figures).toEqual(board.figures);
    expect(later.firstResponse).toEqual(board.firstResponse);
  });

  test('tickets last written before tickets kept what the board reads of them count the same (the board reads those whole)', async () => {
    const before = await manager()('board.get', FEBRUARY());
    pointSdkAt(cloud.url, env);
    const db = sdkFor(env).database();
    const ids = Object.values(tickets).map((ticket) => ticket.id);
    // Every other ticket as an earlier release left it, and one with facts of a form this release does not know.
    for (const [i, id] of ids.entries()) {
      if (i % 2 === 0) await db.collection('tickets').doc(id).update({ data: { boardFacts: i === 0 ? '[0,"repair"]' : db.command.remove() } });
    }
    const after = await manager()('board.get', FEBRUARY());
    expect(after).toEqual(before);
    expect(after.figures).toEqual(board.figures);
    expect(after.received).toBe(10);
  });

  test('only managers and admins of the community read it; a bad period is refused', async () => {
    expect(await apiAs(env, c.staff.cs, cloud.url)('board.get', FEBRUARY())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, c.staff.tech, cloud.url)('board.tickets', { ...FEBRUARY(), figure: 'rework', part: 'met' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, c.owner, cloud.url)('board.get', FEBRUARY())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, c.staff.cs, cloud.url)('board.export', FEBRUARY())).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, c.staff.manager, cloud.url)('board.get', { ...FEBRUARY(), from: '2027-03-01' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(env, c.staff.manager, cloud.url)('board.get', { ...FEBRUARY(), from: '2025-01-01' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect((await okAs(env, ADMIN_OPENID, cloud.url)('board.get', FEBRUARY())).received).toBe(10);
    // The whole company, for the deployment's admins only.
    const company = await okAs(env, ADMIN_OPENID, cloud.url)('board.get', { ...FEBRUARY(), communityId: '*' });
    expect(company.volumes.byCommunity).toEqual([{ label: c.communityName, count: 10 }]);
    expect(company.figures).toEqual(board.figures);
    expect(await apiAs(env, c.staff.manager, cloud.url)('board.get', { ...FEBRUARY(), communityId: '*' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('a long drill-down comes a page at a time, oldest first, each ticket once; a forged cursor is refused', async () => {
    // January as a busy desk had it: 65 answered complaints, copies of C1 received an hour apart.
    pointSdkAt(cloud.url, env);
    const db = sdkFor(env).database();
    const source = ((await db.collection('tickets').doc(tickets.C1.id).get()) as unknown as { data: Record<string, unknown> & { boardFacts: string } }).data;
    const start = Date.parse('2027-01-04T01:00:00.000Z');
    const copies = Array.from({ length: 65 }, (_unused, i) => {
      const createdAt = new Date(start + i * 3_600_000);
      const facts = JSON.parse(source.boardFacts) as unknown[];
      facts[15] = createdAt.getTime();
      return { ...source, _id: `tjanuary${String(i).padStart(3, '0')}`, number: `JAN-${String(i).padStart(3, '0')}`, createdAt, boardFacts: JSON.stringify(facts) };
    });
    await db.collection('tickets').add({ data: copies });
    const JANUARY = { communityId: c.communityId, from: '2027-01-01', to: '2027-01-31', figure: 'complaintFeedback' as const, part: 'counted' as const };
    const pages: { items: { number: string }[]; total: number; cursor?: string }[] = [];
    let cursor: string | undefined;
    do {
      const page = await manager()('board.tickets', { ...JANUARY, ...(cursor ? { cursor } : {}) });
      pages.push(page);
      cursor = page.cursor;
    } while (cursor && pages.length < 5);
    expect(pages.map((page) => page.items.length)).toEqual([30, 30, 5]);
    expect(pages.map((page) => page.total)).toEqual([65, 65, 65]);
    expect(pages.flatMap((page) => page.items.map((item) => item.number))).toEqual(copies.map((copy) => copy.number));
    expect((await manager()('board.get', { communityId: c.communityId, from: JANUARY.from, to: JANUARY.to })).figures.find((figure) => figure.key === 'complaintFeedback')?.counted).toBe(65);
    expect(await apiAs(env, c.staff.manager, cloud.url)('board.tickets', { ...JANUARY, cursor: 'bm90IGEgY3Vyc29y' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  test('self-inspection candidates come 20 at a time, earliest first, only the major, group and repeat complaints, each once', async () => {
    // January with many marked complaints: copies of C4 (重大、群体) and one repeat copy of C1, among the 65 plain copies of C1.
    pointSdkAt(cloud.url, env);
    const db = sdkFor(env).database();
    const read = async (id: string) => ((await db.collection('tickets').doc(id).get()) as unknown as { data: Record<string, unknown> & { boardFacts: string; flags: Record<string, boolean> } }).data;
    const [major, plain] = [await read(tickets.C4.id), await read(tickets.C1.id)];
    const start = Date.parse('2027-01-04T01:30:00.000Z');
    const marked = Array.from({ length: 25 }, (_unused, i) => {
      const createdAt = new Date(start + i * 7_200_000);
      const facts = JSON.parse((i === 22 ? plain : major).boardFacts) as unknown[];
      facts[15] = createdAt.getTime();
      const source = i === 22 ? { ...plain, flags: { ...plain.flags, repeat: true } } : major;
      return { ...source, _id: `tmarked${String(i).padStart(3, '0')}`, number: `MARK-${String(i).padStart(3, '0')}`, createdAt, boardFacts: JSON.stringify(facts) };
    });
    await db.collection('tickets').add({ data: marked });
    const JANUARY = { communityId: c.communityId, from: '2027-01-01', to: '2027-01-31' };
    const first = await manager()('review.candidates', JANUARY);
    expect(first.items).toHaveLength(20);
    expect(first.cursor).toBeDefined();
    const second = await manager()('review.candidates', { ...JANUARY, cursor: first.cursor });
    expect(second.cursor).toBeUndefined();
    expect([...first.items, ...second.items].map((item) => item.number)).toEqual(marked.map((copy) => copy.number));
    expect(second.items.find((item) => item.number === 'MARK-022')?.reasons).toEqual(['反复']);
    expect(first.items[0].reasons).toEqual(['重大', '群体']);
    expect(await apiAs(env, c.staff.manager, cloud.url)('review.candidates', { ...JANUARY, cursor: 'bm90IGEgY3Vyc29y' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(env, c.staff.cs, cloud.url)('review.candidates', JANUARY)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
