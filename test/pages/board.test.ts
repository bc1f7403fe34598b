/// <reference lib="dom" />
/**
 * 管理看板 as a manager uses it: this month's figures as cards coloured against their targets, a
 * figure opening the tickets behind it, and the drill-down switching between missed, met and all.
 */
import type { NewTicketInput } from '../../typings/tickets';
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { loadPage, mount, textOf, until, untilData, type Rendered } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

describe('管理看板', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let boardId: string;
  let drillId: string;
  let reviewId: string;
  let major = '';
  let answered = '';
  let unanswered = '';

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('board-page'), 'bp');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.manager });
    boardId = loadPage('packages/staff/pages/board/index');
    drillId = loadPage('packages/staff/pages/board-tickets/index');
    reviewId = loadPage('packages/staff/pages/review/index');
    const complaint = (description: string): NewTicketInput => ({
      kind: 'complaint',
      category: '噪音扰民',
      description,
      photos: [],
      location: { kind: 'unit', unitId: seeded.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    });
    const owner = okAs(seeded.env, seeded.owner);
    const cs = okAs(seeded.env, seeded.staff.cs);
    let first = await owner('ticket.create', complaint('楼上夜间装修噪音'));
    first = await cs('ticket.accept', { id: first.id, version: first.version });
    await cs('ticket.reply', { id: first.id, version: first.version, text: '您好，已联系楼上住户停止夜间施工。', ownerVisible: true });
    answered = first.number;
    // Received now: its 2 working days have not run out, so the feedback figure does not count it yet.
    const second = await owner('ticket.create', complaint('广场舞音响太响'));
    unanswered = second.number;
    // Graded a group complaint: it calls for a self-inspection.
    const taken = await cs('ticket.accept', { id: second.id, version: second.version });
    await cs('ticket.grade', { id: taken.id, version: taken.version, grade: 'serious', group: true, repeat: false });
    major = second.number;
  }, 90_000);

  async function open(id: string, query: Record<string, string>): Promise<Rendered> {
    const page = mount(id);
    page.instance.onLoad(query);
    await until(() => page.data.status !== 'loading', 'the page to load');
    expect(page.data.status).toBe('ready');
    return page;
  }

  test('this month’s figures beside their targets, and a figure opens its tickets', async () => {
    const page = await open(boardId, { communityId: seeded.communityId });
    const cards = (page.data.board as { cards: { key: string; value: string; ratio: string; tone: string; target: string }[] }).cards;
    expect(cards.find((card) => card.key === 'complaintFeedback')).toMatchObject({ value: '100.0%', ratio: '1 / 1', tone: 'good', target: '目标 100%' });
    // Nothing visited yet: no figure, no colour.
    expect(cards.find((card) => card.key === 'satisfaction')).toMatchObject({ value: '暂无', tone: 'none' });
    expect(textOf(page, '#figures')).toContain('投诉 2 个工作日内反馈');
    expect(textOf(page, '#period')).toContain('收到 2 件');
    // The trend: no reports yet, so only this month has columns.
    const trend = page.data.trend as { key: string; columns: { month: string; text: string }[] }[];
    const feedback = trend.find((row) => row.key === 'complaintFeedback')!;
    expect(feedback.columns).toHaveLength(12);
    expect(feedback.columns.map((column) => column.text)).toEqual([...Array(11).fill('—'), '100']);
    // The chart gets the same months, values and target (the simulator has no canvas to draw on).
    const chart = page.querySelector('#trend-chart')!;
    expect(chart.instance.data.series).toEqual({ categories: feedback.columns.map((column) => column.month), values: [...Array(11).fill(null), 100], target: 100 });

    const before = wx.ui.length;
    page.querySelector('#figure-complaintFeedback')!.dispatchEvent('tap');
    await until(() => wx.ui.length > before, 'the drill-down to open');
    const url = String(wx.ui.at(-1)!.options.url);
    expect(url).toMatch(/^\/packages\/staff\/pages\/board-tickets\/index\?/);
    const query = Object.fromEntries(new URLSearchParams(url.split('?')[1]));
    expect(query).toMatchObject({ communityId: seeded.communityId, figure: 'complaintFeedback', part: 'missed' });

    const drill = await open(drillId, query);
    expect(drill.data.items).toEqual([]);
    drill.instance.onPart({ detail: { value: 'counted' } } as never);
    await untilData(drill, (data) => (data.items as unknown[]).length === 1, 'the counted ticket');
    expect(textOf(drill)).toContain(answered);
    expect(textOf(drill)).not.toContain(unanswered);
  });

  test('another period recomputes only its figures; the trend and the lists are not fetched again', async () => {
    const page = await open(boardId, { communityId: seeded.communityId });
    const before = wx.calls.length;
    await page.instance.onPeriod({ detail: { value: 'lastMonth' } } as never);
    expect((page.data.period as { key: string }).key).toBe('lastMonth');
    // Nothing of this community was received last month.
    expect(textOf(page, '#period')).toContain('收到 0 件');
    expect(wx.calls.slice(before).map((call) => call.action)).toEqual(['board.get']);
  });

  test('导出 Excel opens the period’s workbook', async () => {
    const page = await open(boardId, { communityId: seeded.communityId });
    const before = wx.ui.length;
    await page.instance.onExport();
    const opened = wx.ui.slice(before).find((record) => record.api === 'openDocument');
    expect(opened?.options).toMatchObject({ fileType: 'xlsx' });
    const bytes = wx.tempFile(String(opened!.options.filePath));
    // An .xlsx is a zip: it starts with PK.
    expect(Buffer.from(bytes!).subarray(0, 2).toString()).toBe('PK');
  });

  test('from the board the manager opens a self-inspection of the group complaint, analyses it and confirms it done', async () => {
    const page = await open(boardId, { communityId: seeded.communityId });
    const before = wx.ui.length;
    page.querySelector('#start-review')!.instance.triggerEvent('tap', {});
    await until(() => wx.ui.length > before, 'the review page to open');
    const query = Object.fromEntries(new URLSearchParams(String(wx.ui.at(-1)!.options.url).split('?')[1]));

    const draft = await open(reviewId, query);
    const candidates = draft.data.items as { id: string; number: string; reasonText: string }[];
    expect(candidates.map((candidate) => [candidate.number, candidate.reasonText])).toEqual([[major, '群体投诉']]);
    expect(textOf(draft)).toContain(major);
    // One page: it starts chosen, and there is nothing more to load.
    expect(draft.data.chosen).toEqual(candidates.map((candidate) => candidate.id));
    expect(draft.querySelector('#load-more')).toBeUndefined();
    draft.instance.onField({ detail: { value: '广场舞活动时间和音量没有约定' }, currentTarget: { dataset: { field: 'cause' } } } as never);
    const opened = wx.ui.length;
    await draft.instance.onStart();
    const redirect = wx.ui.slice(opened).find((record) => record.api === 'redirectTo');
    const id = new URLSearchParams(String(redirect!.options.url).split('?')[1]).get('id')!;

    const review = await open(reviewId, { id });
    expect(textOf(review, '#tickets')).toContain(major);
    expect((review.data.fields as { cause: string }).cause).toBe('广场舞活动时间和音量没有约定');
    // Not completed before responsibility and measures are written: the button is not offered.
    expect(review.querySelector('#action-complete')).toBeUndefined();
    review.instance.onField({ detail: { value: '客服部与社区居委会' }, currentTarget: { dataset: { field: 'responsibility' } } } as never);
    review.instance.onField({ detail: { value: '约定 19:00–21:00、音量上限，张贴公告' }, currentTarget: { dataset: { field: 'measures' } } } as never);
    await review.instance.onSave();
    await untilData(review, (data) => Boolean((data.can as { complete?: boolean }).complete), 'the complete action');
    review.instance.onOutcome({ detail: { value: '一周内未再收到噪音投诉' } } as never);
    await review.instance.onComplete();
    await untilData(review, (data) => (data.review as { status: string }).status === 'done', 'the review to be done');
    expect(textOf(review, '#outcome-done')).toContain('一周内未再收到噪音投诉');
    expect(review.querySelector('#action-update')).toBeUndefined();
  });

  test('a deployment admin can also choose the whole company', async () => {
    wx.actAs(ADMIN_OPENID);
    const page = await open(boardId, { communityId: seeded.communityId });
    expect((page.data.communities as { value: string; label: string }[])[0]).toEqual({ value: '*', label: '全部小区（全公司）' });
    page.instance.chooseCommunity({ value: '*', label: '全部小区（全公司）' });
    await untilData(page, (data) => data.status === 'ready' && data.communityId === '*', 'the company board');
    // Every community's tickets: at least this one's two.
    expect((page.data.board as { received: number }).received).toBeGreaterThanOrEqual(2);
    expect(page.querySelector('#start-review')).toBeUndefined();
    wx.actAs(seeded.staff.manager);
  });

  test('customer service is refused the board and told why', async () => {
    wx.actAs(seeded.staff.cs);
    const page = mount(boardId);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status !== 'loading', 'the refusal');
    expect(page.data.status).toBe('error');
    expect(page.data.errorMessage).toBe('管理看板仅对客服经理和管理员开放');
    wx.actAs(seeded.staff.manager);
  });

  test('a month with more group complaints than one review takes: the first 20 come chosen, 加载更多 lists the rest unchosen', async () => {
    const owner = okAs(seeded.env, seeded.owner);
    const cs = okAs(seeded.env, seeded.staff.cs);
    for (let i = 0; i < 21; i += 1) {
      const ticket = await owner('ticket.create', {
        kind: 'complaint',
        category: '噪音扰民',
        description: `小区广场夜间噪音第 ${i + 1} 次`,
        photos: [],
        location: { kind: 'unit', unitId: seeded.units[0].id },
        contactName: '张伟',
        contactPhone: '13800000001',
      });
      const taken = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
      await cs('ticket.grade', { id: taken.id, version: taken.version, grade: 'general', group: true, repeat: false });
    }
    const page = await open(boardId, { communityId: seeded.communityId });
    const before = wx.ui.length;
    page.querySelector('#start-review')!.instance.triggerEvent('tap', {});
    await until(() => wx.ui.length > before, 'the review page to open');
    const draft = await open(reviewId, Object.fromEntries(new URLSearchParams(String(wx.ui.at(-1)!.options.url).split('?')[1])));
    const listed = () => draft.data.items as { id: string; number: string }[];
    expect(listed()).toHaveLength(20);
    expect(draft.data.chosen).toEqual(listed().map((item) => item.id));
    expect(textOf(draft)).toContain('加载更多（已选 20 件，一次最多 20 件）');
    draft.querySelector('#load-more')!.instance.triggerEvent('tap', {});
    await untilData(draft, (data) => (data.items as unknown[]).length === 22, 'the rest of the candidates');
    // The group complaint of the earlier test and 21 new ones, each once; the later ones are the manager's to tick.
    expect(new Set(listed().map((item) => item.number)).size).toBe(22);
    expect((draft.data.chosen as string[]).length).toBe(20);
    expect(draft.querySelector('#load-more')).toBeUndefined();
  });
});
