/// <reference lib="dom" />
import { rmSync } from 'node:fs';
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { okAs } from '../support/api';
import { uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { publishRepairPrices, seedCommunity, type SeededCommunity } from '../support/seed';


jest.setTimeout(60_000);

interface Row {
  id: string;
  number: string;
  overdue: boolean;
}

const rows = (page: Mounted): Row[] => page.data.items as Row[];

const request = (unitId: string, extra: Partial<NewTicketInput>): NewTicketInput => ({
  kind: 'repair',
  category: 'water-leak',
  description: '卫生间水管接头漏水，地面有积水',
  photos: [],
  location: { kind: 'unit', unitId },
  contactName: '张伟',
  contactPhone: '13800000001',
  ...extra,
});

/**
 * This file moves the clock to make a ticket overdue, so it runs on a local cloud of its own
 * rather than the one the other test files share.
 */
describe('staff inbox (工单)', () => {
  let cloud: RunningCloud;
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;
  let registerId: string;
  /** Urgent repair nobody answered: its 30-minute response deadline passes. */
  let leak: TicketDetail;
  /** Accepted and assigned to the technician: its completion deadline is two days away. */
  let faucet: TicketDetail;
  /** Graded 重大, 群体. */
  let complaint: TicketDetail;
  let consultation: TicketDetail;

  beforeAll(async () => {
    cloud = await startLocalCloud();
    seeded = await seedCommunity(uniqueEnv('staff-inbox'), 'si', cloud.url);
    // The community's published price list prices the paid repairs the desk registers.
    await publishRepairPrices(seeded.env, seeded.communityId, cloud.url);
    const owner = okAs(seeded.env, seeded.owner, cloud.url);
    const cs = okAs(seeded.env, seeded.staff.cs, cloud.url);
    const unitId = seeded.units[0].id;

    leak = await owner('ticket.create', request(unitId, {}));
    faucet = await owner('ticket.create', request(unitId, { category: 'faucet', description: '厨房水龙头关不紧，一直滴水' }));
    faucet = await cs('ticket.accept', { id: faucet.id, version: faucet.version });
    faucet = await cs('ticket.assign', { id: faucet.id, version: faucet.version, technician: seeded.staff.tech });
    complaint = await owner('ticket.create', request(unitId, { kind: 'complaint', category: '噪音扰民', description: '楼下商铺每晚十点后音响很吵' }));
    complaint = await cs('ticket.accept', { id: complaint.id, version: complaint.version });
    complaint = await cs('ticket.grade', { id: complaint.id, version: complaint.version, grade: 'major', group: true, repeat: false });
    consultation = await owner('ticket.create', request(unitId, { kind: 'consultation', category: '收费标准', description: '请问车位管理费怎么收取？' }));

    const moved = await fetch(`${cloud.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 60 * 60_000 }),
    });
    expect(moved.ok).toBe(true);

    wx = installFakeWx({ baseUrl: cloud.url, env: seeded.env, openid: seeded.staff.cs });
    pageId = loadPage('packages/staff/pages/inbox/index');
    registerId = loadPage('packages/staff/pages/register/index');
  });

  afterAll(async () => {
    await cloud?.stop();
    if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  async function open(openid: string): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status !== 'loading', 'the inbox to load');
    expect(page.data.errorMessage).toBe('');
    return page;
  }

  test('customer service sees every open ticket, nearest deadline first, with status, deadline and complaint flags', async () => {
    const page = await open(seeded.staff.cs);

    expect(rows(page).map((row) => row.id).sort()).toEqual([leak.id, faucet.id, complaint.id, consultation.id].sort());
    // The overdue leak's deadline has passed, so it comes first.
    expect(rows(page)[0]).toMatchObject({ id: leak.id, overdue: true });
    expect(textOf(page, `#ticket-${leak.id}`)).toContain('待受理');

    const leakRow = textOf(page, `#ticket-${leak.id}`);
    expect(leakRow).toContain(leak.number);
    expect(leakRow).toContain('报修 · 水管漏水');
    expect(leakRow).toContain(seeded.units[0].label);
    expect(leakRow).toContain('待受理');
    expect(leakRow).toContain('已超时');
    expect(leakRow).toMatch(/期限 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(leakRow).toContain('未派单');

    const faucetRow = textOf(page, `#ticket-${faucet.id}`);
    expect(faucetRow).toContain('已派单');
    expect(faucetRow).toContain('处理人 维修老李');
    expect(faucetRow).not.toContain('已超时');

    const complaintRow = textOf(page, `#ticket-${complaint.id}`);
    expect(complaintRow).toContain('投诉 · 噪音扰民');
    expect(complaintRow).toContain('重大');
    expect(complaintRow).toContain('群体');
    expect(complaintRow).not.toContain('反复');

    expect(page.querySelector('#register')).toBeTruthy();
    fire(page, '#register', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: `/packages/staff/pages/register/index?communityId=${seeded.communityId}` } });
  });

  test('the deadline is shown in China time', async () => {
    const page = await open(seeded.staff.cs);
    const due = new Date(Date.parse(leak.dueAt ?? '') + 8 * 3_600_000);
    const china = `${due.getUTCFullYear()}-${String(due.getUTCMonth() + 1).padStart(2, '0')}-${String(due.getUTCDate()).padStart(2, '0')} ${String(due.getUTCHours()).padStart(2, '0')}:${String(due.getUTCMinutes()).padStart(2, '0')}`;
    expect(textOf(page, `#ticket-${leak.id}`)).toContain(`期限 ${china}`);
  });

  test('只看超时 leaves only overdue tickets; the kind filter narrows to complaints', async () => {
    const page = await open(seeded.staff.cs);

    fire(page, '#filter-overdue', 'change', { checked: true });
    await until(() => page.data.status === 'ready' && rows(page).length === 1, 'the overdue list');
    expect(rows(page)[0]).toMatchObject({ id: leak.id, overdue: true });

    fire(page, '#filter-overdue', 'change', { checked: false });
    fire(page, '#filter-kind', 'change', { value: 'complaint' });
    await until(() => page.data.status === 'ready' && rows(page).length === 1, 'the complaint list');
    expect(rows(page)[0].id).toBe(complaint.id);
  });

  test('tapping a ticket opens it', async () => {
    const page = await open(seeded.staff.cs);
    const before = wx.ui.length;
    page.querySelector(`#ticket-${faucet.id}`)!.dispatchEvent('tap');
    await until(() => wx.ui.length > before, 'the ticket to open');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: `/packages/staff/pages/ticket/index?id=${faucet.id}` } });
  });

  test('a number quoted on the phone opens that ticket; an unknown number is explained', async () => {
    const page = await open(seeded.staff.cs);
    const before = wx.ui.length;
    fire(page, '#search', 'change', { value: complaint.number.toLowerCase() });
    fire(page, '#search', 'submit', { value: complaint.number.toLowerCase() });
    await until(() => wx.ui.length > before, 'the ticket to open');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: `/packages/staff/pages/ticket/index?id=${complaint.id}` } });

    const shown = wx.ui.length;
    fire(page, '#search', 'change', { value: 'BX20000101-0001' });
    fire(page, '#search', 'submit', { value: 'BX20000101-0001' });
    await until(() => wx.ui.length > shown, 'the answer');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'showToast', options: { title: '本小区没有编号为 BX20000101-0001 的工单' } });
  });

  test("a caller's phone tail or name lists their requests, newest first; clearing the search returns to the inbox", async () => {
    const page = await open(seeded.staff.cs);
    const search = async (text: string): Promise<void> => {
      fire(page, '#search', 'change', { value: text });
      fire(page, '#search', 'submit', { value: text });
    };
    await search('0001');
    await until(() => page.data.status === 'ready' && page.data.queryLabel === '手机尾号 0001' && rows(page).length === 4, 'the caller\'s requests');
    expect(rows(page).map((row) => row.id)).toEqual([consultation.id, complaint.id, faucet.id, leak.id]);
    expect(textOf(page, '#query')).toContain('查找：手机尾号 0001');

    await search('李四');
    await until(() => page.data.status === 'ready' && page.data.queryLabel === '姓名 李四' && rows(page).length === 0, 'no requests');
    expect(textOf(page)).toContain('没有找到相关工单');

    const shown = wx.ui.length;
    await search('12#');
    await until(() => wx.ui.length > shown, 'the hint');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'showToast', options: { title: '请输入工单编号、手机尾号 4 位或业主姓名' } });

    fire(page, '#clear-search', 'tap');
    await until(() => page.data.status === 'ready' && page.data.queryLabel === '' && rows(page).length === 4, 'the inbox again');
    expect(rows(page)[0].id).toBe(leak.id);
  });

  test('a technician sees only the tickets assigned to them, and cannot register requests', async () => {
    const page = await open(seeded.staff.tech);

    expect(rows(page).map((row) => row.id)).toEqual([faucet.id]);
    expect(page.querySelector('#register')).toBeUndefined();
    expect(page.querySelector('#filter-mine')).toBeUndefined();
    expect(textOf(page, '#tech-hint')).toBe('仅显示派给您的工单');
  });

  test('派给我的 is empty for customer service, who has nothing assigned', async () => {
    const page = await open(seeded.staff.cs);
    fire(page, '#filter-mine', 'change', { checked: true });
    await until(() => page.data.status === 'ready' && page.data.mine === true, 'the filtered list');
    expect(rows(page)).toEqual([]);
    expect(textOf(page)).toContain('没有符合条件的工单');
  });

  describe('registering a call (登记来电/来访)', () => {
    async function openRegister(openid: string): Promise<Mounted> {
      wx.actAs(openid);
      const page = mount(registerId);
      page.instance.onLoad({ communityId: seeded.communityId });
      await until(() => page.data.status !== 'loading', 'the form to load');
      return page;
    }

    test('a phone request for a unit gets a number at once, once, and shows in the inbox and to the owner', async () => {
      const page = await openRegister(seeded.staff.cs);
      expect(page.data.errorMessage).toBe('');

      fire(page, '#submit', 'tap');
      expect(wx.ui.at(-1)).toMatchObject({ api: 'showToast', options: { title: '请选择楼栋和房号' } });

      fire(page, '#building-picker', 'confirm', { value: ['1栋'] });
      await until(() => (page.data.units as unknown[]).length > 0, 'the rooms of 1栋');
      fire(page, '#unit-picker', 'confirm', { value: [seeded.units[0].id] });
      expect(page.data.unitLabel).toBe(seeded.units[0].label);
      fire(page, '#category-picker', 'confirm', { value: ['drain-block'] });
      expect(page.data.categoryLabel).toBe('下水道堵塞疏通（收费 ¥80.00/次）');
      fire(page, '#description', 'change', { value: '业主来电：厨房下水道堵塞，水排不下去' });
      fire(page, '#contact-name', 'change', { value: '张伟' });
      fire(page, '#contact-phone', 'change', { value: '13800000001' });

      // A double tap sends one request.
      fire(page, '#submit', 'tap');
      fire(page, '#submit', 'tap');
      await until(() => page.data.registered !== null, 'the number');
      const { number, id } = page.data.registered as { number: string; id: string };
      expect(number).toMatch(/^BX\d{8}-\d{4}$/);
      expect(textOf(page, '#registered-number')).toBe(number);
      expect(wx.calls.filter((record) => record.action === 'ticket.register')).toHaveLength(1);

      const inbox = await okAs(seeded.env, seeded.staff.cs, cloud.url)('ticket.inbox', { communityId: seeded.communityId, kind: 'repair' });
      expect(inbox.items.filter((item) => item.summary.startsWith('业主来电：厨房下水道堵塞'))).toHaveLength(1);
      const mine = await okAs(seeded.env, seeded.owner, cloud.url)('ticket.mine', {});
      expect(mine.items.map((item) => item.id)).toContain(id);
      expect((await okAs(seeded.env, seeded.staff.cs, cloud.url)('ticket.get', { id })).channel).toBe('phone');

      fire(page, '#register-another', 'tap');
      expect(page.data).toMatchObject({ registered: null, description: '', unitId: '' });
    });

    test('a patrol finding in a common area is registered as a complaint', async () => {
      const page = await openRegister(seeded.staff.manager);
      fire(page, '#channel', 'change', { value: 'patrol' });
      fire(page, '#kind', 'change', { value: 'complaint' });
      fire(page, '#place', 'change', { value: 'common' });
      fire(page, '#area-picker', 'confirm', { value: ['地下车库'] });
      fire(page, '#category-picker', 'confirm', { value: ['安全秩序'] });
      fire(page, '#description', 'change', { value: '巡查发现地下车库消防通道被车辆占用' });
      fire(page, '#contact-name', 'change', { value: '经理陈' });
      fire(page, '#contact-phone', 'change', { value: '13900000009' });
      fire(page, '#submit', 'tap');
      await until(() => page.data.registered !== null, 'the number');
      const { id, number } = page.data.registered as { id: string; number: string };
      expect(number).toMatch(/^TS/);
      const ticket = await okAs(seeded.env, seeded.staff.cs, cloud.url)('ticket.get', { id });
      expect(ticket).toMatchObject({ channel: 'patrol', kind: 'complaint', category: '安全秩序', locationLabel: '公共区域·地下车库' });
    });

    test('a technician cannot register requests', async () => {
      const page = await openRegister(seeded.staff.tech);
      expect(page.data.status).toBe('error');
      expect(textOf(page)).toContain('只有客服和客服经理可以登记来电来访');
    });
  });
});
