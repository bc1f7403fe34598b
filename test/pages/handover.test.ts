/// <reference lib="dom" />
import type { TicketDetail } from '../../typings/tickets';
import { okAs } from '../support/api';
import { localCloudUrl, sdkFor, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';


jest.setTimeout(60_000);

interface HandoverRow {
  id: string;
  acknowledged: boolean;
}

const handoversOf = (page: Mounted): HandoverRow[] => page.data.items as HandoverRow[];

describe('shift handover (交接班)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;
  let deskLogId: string;
  let leak: TicketDetail;
  let light: TicketDetail;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('handover'), 'ho');
    const owner = okAs(seeded.env, seeded.owner);
    const base = {
      kind: 'repair' as const,
      photos: [],
      location: { kind: 'unit' as const, unitId: seeded.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    };
    leak = await owner('ticket.create', { ...base, category: 'water-leak', description: '卫生间水管接头漏水' });
    light = await owner('ticket.create', { ...base, category: 'light', description: '客厅吸顶灯不亮了' });
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
    pageId = loadPage('packages/staff/pages/handover/index');
    deskLogId = loadPage('packages/staff/pages/desk-log/index');
  });

  async function open(openid: string): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status !== 'loading' && page.data.openLoading === false && page.data.historyLoading === false, 'the handover page to load');
    expect(page.data.errorMessage).toBe('');
    return page;
  }

  test('customer service hands over one open ticket with what to follow up', async () => {
    const page = await open(seeded.staff.cs);
    const openTickets = textOf(page, '#open-tickets');
    expect(openTickets).toContain(leak.number);
    expect(openTickets).toContain(light.number);

    fire(page, `#pick-${leak.id}`, 'change', { checked: true });
    expect(page.data.pickedCount).toBe(1);
    const calls = wx.calls.length;
    fire(page, '#submit', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe(`请写明 ${leak.number} 需要跟进的事项（至少 2 个字）`);
    expect(wx.calls.length).toBe(calls);

    fire(page, '#summary', 'change', { value: '夜班无重大事件' });
    fire(page, `#follow-up-${leak.id}`, 'change', { value: '明早联系业主确认上门时间' });
    fire(page, '#submit', 'tap');
    await until(() => page.data.tab === 'history' && handoversOf(page).length === 1, 'the handover to be listed');

    const [handover] = handoversOf(page);
    const card = textOf(page, `#handover-${handover.id}`);
    expect(card).toContain('客服小王 交班');
    expect(card).toContain('夜班无重大事件');
    expect(card).toContain(`${leak.number}明早联系业主确认上门时间`);
    expect(card).not.toContain(light.number);
    expect(card).toContain('待确认');

    // The author cannot confirm their own handover: no button, it waits for the next shift.
    expect(page.querySelector(`#acknowledge-${handover.id}`)).toBeUndefined();
    expect(card).toContain('等待接班人员确认');
    expect(handoversOf(page)[0].acknowledged).toBe(false);
  });

  test('the manager sees the handover waiting and confirms it from the page', async () => {
    // The handover written in the test above.
    const page = await open(seeded.staff.manager);
    expect(page.data.waitingCount).toBe(1);
    fire(page, '#tabs', 'change', { value: 'history' });
    const [handover] = handoversOf(page);
    expect(handover.acknowledged).toBe(false);

    fire(page, `#acknowledge-${handover.id}`, 'tap');
    await until(() => handoversOf(page)[0].acknowledged, 'the handover to be confirmed');
    expect(textOf(page, `#handover-${handover.id}`)).toMatch(/经理陈 已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 确认接班/);
    expect(page.querySelector(`#acknowledge-${handover.id}`)).toBeUndefined();

    const listed = await okAs(seeded.env, seeded.staff.cs)('handover.list', { communityId: seeded.communityId });
    expect(listed.items[0]).toMatchObject({ id: handover.id, acknowledgedBy: '经理陈', notes: [{ ticketId: leak.id, followUp: '明早联系业主确认上门时间' }] });
  });

  test('calls and duty events noted during the shift go with the next handover', async () => {
    wx.actAs(seeded.staff.cs);
    const log = mount(deskLogId);
    log.instance.onLoad({ communityId: seeded.communityId });
    await until(() => log.data.status === 'ready', 'the desk log');
    expect(log.querySelector('#empty')).toBeTruthy();

    // A call that raised no request is noted too (seed 001 一11); a missing reason is pointed out first.
    fire(log, '#caller-name', 'change', { value: '李先生' });
    fire(log, '#save', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请填写来电事由');
    fire(log, '#unit-label', 'change', { value: '2栋301' });
    fire(log, '#topic', 'change', { value: '咨询明天停水时间' });
    fire(log, '#outcome', 'change', { value: '已告知明早 8 点恢复供水' });
    fire(log, '#save', 'tap');
    await until(() => (log.data.items as unknown[]).length === 1, 'the call to be listed');
    // A call about a request names it; the home comes from the request.
    fire(log, '#topic', 'change', { value: '催问漏水维修' });
    fire(log, '#outcome', 'change', { value: '已联系维修人员今天下午上门' });
    fire(log, '#ticket-number', 'change', { value: leak.number.toLowerCase() });
    fire(log, '#save', 'tap');
    await until(() => (log.data.items as unknown[]).length === 2, 'the second call');
    expect(textOf(log)).toContain(leak.number);

    fire(log, '#kind', 'change', { value: 'duty' });
    await until(() => log.data.kind === 'duty' && log.data.status === 'ready' && (log.data.items as unknown[]).length === 0, 'the duty log');
    fire(log, '#event', 'change', { value: '22:10 地下车库 B2 积水，已通知工程部值班人员' });
    fire(log, '#reported-to', 'change', { value: '客服经理陈经理' });
    fire(log, '#save', 'tap');
    await until(() => (log.data.items as unknown[]).length === 1, 'the duty event');

    const page = await open(seeded.staff.cs);
    const shift = textOf(page, '#shift-records');
    expect(shift).toContain('来电：李先生（2栋301）：咨询明天停水时间 → 已告知明早 8 点恢复供水');
    expect(shift).toContain(`（${seeded.units[0].label}）：催问漏水维修`);
    expect(shift).toContain('值班：22:10 地下车库 B2 积水，已通知工程部值班人员 → 已报告客服经理陈经理');

    fire(page, '#summary', 'change', { value: '白班交接' });
    fire(page, '#submit', 'tap');
    await until(() => page.data.tab === 'history' && handoversOf(page).length === 2, 'the handover');
    const [handover] = handoversOf(page).filter((item) => !item.acknowledged);
    expect(textOf(page, `#handover-desk-${handover.id}`)).toContain('值班：22:10 地下车库 B2 积水');
    expect(textOf(page, `#handover-desk-${handover.id}`)).toContain('来电：李先生（2栋301）');
    // The next shift starts with none.
    expect(page.data.shiftLines).toEqual([]);
  });

  test('a busy community’s open tickets come a page at a time; picks stay when more are loaded', async () => {
    const tickets = sdkFor(seeded.env).database().collection('tickets');
    const { _id: _ignored, ...template } = ((await tickets.doc(light.id).get()) as { data: Record<string, unknown> }).data;
    const due = new Date(String(light.dueAt)).getTime();
    await tickets.add({
      data: Array.from({ length: 40 }, (_unused, i) => ({ ...template, _id: `busy${String(i).padStart(2, '0')}`, number: `BX-BUSY-${i}`, dueAt: new Date(due + (i + 1) * 60_000) })),
    });
    const page = await open(seeded.staff.cs);
    const shown = (): string[] => (page.data.openTickets as { id: string }[]).map((ticket) => ticket.id);
    expect(shown()).toHaveLength(30);
    expect(textOf(page, '#more-open-row')).toContain('加载更多未办结工单');
    const first = shown()[0];
    fire(page, `#pick-${first}`, 'change', { checked: true });
    fire(page, '#more-open', 'tap');
    await until(() => shown().length > 30 && page.data.openLoading === false, 'the next page of open tickets');
    while (page.data.openCursor) {
      const before = shown().length;
      fire(page, '#more-open', 'tap');
      await until(() => (shown().length > before || !page.data.openCursor) && page.data.openLoading === false, 'another page');
    }
    // Every open ticket once (the two reported and the forty added, less any handed over and closed), due soonest first.
    expect(new Set(shown()).size).toBe(shown().length);
    expect(shown()).toEqual(expect.arrayContaining(['busy00', 'busy39', light.id]));
    expect(shown().indexOf('busy00')).toBeLessThan(shown().indexOf('busy39'));
    expect(page.data.pickedCount).toBe(1);
    expect(page.querySelector('#more-open-row')).toBeFalsy();
  });

  test('a technician has no handover page', async () => {
    wx.actAs(seeded.staff.tech);
    const page = mount(pageId);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status === 'error', 'the refusal');
    expect(textOf(page)).toContain('只有客服和客服经理参与交接班');
  });
});
