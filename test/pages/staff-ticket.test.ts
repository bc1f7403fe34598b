/// <reference lib="dom" />
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { okAs } from '../support/api';
import { cloudNow, localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity, publishRepairPrices } from '../support/seed';


jest.setTimeout(60_000);

interface TicketData {
  status: string;
  statusLabel: string;
  checkInText: string;
  events: { text: string; internal: boolean }[];
}

const ticketOf = (page: Mounted): TicketData => page.data.ticket as TicketData;

/** An instant as China wall-clock time to the minute, `2026-11-24 10:30`. */
function chinaMinute(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

const repair = (unitId: string, extra: Partial<NewTicketInput> = {}): NewTicketInput => ({
  kind: 'repair',
  category: 'faucet',
  description: '厨房水龙头关不紧，一直滴水',
  photos: [],
  location: { kind: 'unit', unitId },
  contactName: '张伟',
  contactPhone: '13800000001',
  ...extra,
});

describe('staff ticket page (工单详情)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('staff-ticket'), 'st');
    await publishRepairPrices(seeded.env, seeded.communityId);
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
    pageId = loadPage('packages/staff/pages/ticket/index');
  });

  const as = (openid: string) => okAs(seeded.env, openid);

  async function open(openid: string, ticketId: string): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({ id: ticketId });
    await until(() => page.data.status !== 'loading', 'the ticket to load');
    expect(page.data.errorMessage).toBe('');
    return page;
  }

  /** Taps a button (or a TDesign control) and waits until the page settles. */
  async function tap(page: Mounted | Rendered, selector: string, settled: () => boolean, what: string): Promise<void> {
    fire(page, selector, 'tap');
    await until(settled, what);
  }

  /** The sheet open on the page (a component of its own, with its fields and buttons). */
  function sheetOf(page: Mounted, id: string): Rendered {
    const sheet = page.querySelector(`#${id}`);
    if (!sheet) throw new Error(`the ${id} is not open`);
    return sheet;
  }

  test('customer service accepts and assigns from the page; the owner then sees it assigned and who comes', async () => {
    const created = await as(seeded.owner)('ticket.create', repair(seeded.units[0].id));
    const page = await open(seeded.staff.cs, created.id);

    expect(textOf(page, '#summary')).toContain(created.number);
    expect(textOf(page, '#summary')).toContain('待受理');
    expect(textOf(page, '#timeline')).toContain(`报修已提交，编号 ${created.number}`);
    expect(page.querySelector('#action-assign')).toBeUndefined();

    await tap(page, '#action-accept', () => ticketOf(page).status === 'accepted', 'the ticket to be accepted');
    expect(wx.ui.some((record) => record.api === 'showToast' && record.options.title === '已受理')).toBe(true);
    expect(page.querySelector('#action-accept')).toBeUndefined();

    await until(() => page.querySelector('#action-assign') !== undefined, 'the technicians to load');
    await tap(page, '#action-assign', () => page.data.sheet === 'assign', 'the assign sheet');
    expect(textOf(page, '#sheet')).toContain('维修老李');
    fire(sheetOf(page, 'assign-sheet'), '#technician', 'change', { value: seeded.staff.tech });
    await tap(sheetOf(page, 'assign-sheet'), '#submit-assign', () => ticketOf(page).status === 'assigned', 'the ticket to be assigned');
    expect(textOf(page, '#assignee')).toBe('维修老李');
    expect(page.data.sheet).toBe('');

    const seen = await as(seeded.owner)('ticket.get', { id: created.id });
    expect(seen).toMatchObject({ status: 'assigned', assigneeName: '维修老李', nextStep: '维修人员维修老李将上门处理' });
    expect(seen.events.map((event) => event.type)).toEqual(['submitted', 'accepted', 'assigned']);
    // Each step answered only its own event; the page shows the whole timeline.
    expect(ticketOf(page).events.map((event) => event.text)).toEqual([`报修已提交，编号 ${created.number}`, expect.stringContaining('已受理'), '派单给维修人员维修老李']);

    // The visit is picked in China time, whatever the phone's zone.
    const { now } = await cloudNow();
    const visit = chinaMinute(Date.parse(now) + 2 * 3_600_000);
    await tap(page, '#action-schedule', () => page.data.schedulePickerVisible === true, 'the time picker');
    fire(page, '#schedule-picker', 'confirm', { value: visit });
    await until(() => page.querySelector('#appointment') !== undefined, 'the agreed time');
    expect(textOf(page, '#appointment')).toBe(visit);
    const scheduled = await as(seeded.owner)('ticket.get', { id: created.id });
    expect(Date.parse(scheduled.appointmentAt ?? '')).toBe(Date.parse(`${visit.replace(' ', 'T')}:00+08:00`));
  });

  test('a stale version shows the conflict message and reloads; internal notes are marked 内部', async () => {
    const created = await as(seeded.owner)('ticket.create', repair(seeded.units[0].id, { category: 'light', description: '客厅吸顶灯不亮了' }));
    const page = await open(seeded.staff.cs, created.id);
    // A colleague writes a note while the page is open: the version the page holds is now stale.
    const noted = await as(seeded.staff.manager)('ticket.reply', { id: created.id, version: created.version, text: '业主白天不在家，晚上七点后联系', ownerVisible: false });

    const before = wx.ui.length;
    await tap(page, '#action-accept', () => page.data.version === noted.version, 'the page to reload');
    const modal = wx.ui.slice(before).find((record) => record.api === 'showModal');
    expect(modal?.options.title).toBe('工单状态已变化');
    expect(String(modal?.options.content)).toContain('工单已被他人更新');
    expect(ticketOf(page).status).toBe('submitted');
    const note = ticketOf(page).events.find((event) => event.text === '业主白天不在家，晚上七点后联系');
    expect(note?.internal).toBe(true);
    expect(textOf(page, '#timeline')).toContain('内部');

    await tap(page, '#action-accept', () => ticketOf(page).status === 'accepted', 'the retried accept');
    expect((await as(seeded.owner)('ticket.get', { id: created.id })).status).toBe('accepted');
  });

  test('a reply starts from a standard phrase and reaches the owner', async () => {
    const created = await as(seeded.owner)('ticket.create', { ...repair(seeded.units[0].id), kind: 'consultation', category: '收费标准', description: '请问车位管理费怎么收取？' });
    const page = await open(seeded.staff.cs, created.id);

    await tap(page, '#action-reply', () => page.data.sheet === 'reply', 'the reply sheet');
    const reply = sheetOf(page, 'reply-sheet');
    fire(reply, '#choices .sheet__choice', 'click');
    expect(reply.data.text).toBe('您好！感谢您的反馈，我们已收到并会尽快为您处理。');
    fire(reply, '#reply-text', 'change', { value: `${reply.data.text as string}车位管理费按月收取，标准见公示栏。` });
    await tap(reply, '#submit-reply', () => page.data.sheet === '', 'the reply to be sent');

    const seen = await as(seeded.owner)('ticket.get', { id: created.id });
    expect(seen.events.at(-1)).toMatchObject({ type: 'reply', text: '您好！感谢您的反馈，我们已收到并会尽快为您处理。车位管理费按月收取，标准见公示栏。' });
  });

  test('the technician sees check-in, charge and resolve but not accept; check-in and an exact charge are recorded', async () => {
    let ticket: TicketDetail = await as(seeded.owner)('ticket.create', repair(seeded.units[0].id));
    ticket = await as(seeded.staff.cs)('ticket.accept', { id: ticket.id, version: ticket.version });
    ticket = await as(seeded.staff.cs)('ticket.assign', { id: ticket.id, version: ticket.version, technician: seeded.staff.tech });
    const { now } = await cloudNow();
    ticket = await as(seeded.staff.cs)('ticket.schedule', { id: ticket.id, version: ticket.version, at: new Date(Date.parse(now) + 30 * 60_000).toISOString() });

    const page = await open(seeded.staff.tech, ticket.id);
    for (const action of ['checkIn', 'resolve', 'schedule', 'recordWork', 'proposeCharge', 'reply']) {
      expect(page.querySelector(`#action-${action}`)).toBeTruthy();
    }
    for (const action of ['accept', 'assign', 'grade', 'returnVisit', 'close', 'closeOutOfScope']) {
      expect(page.querySelector(`#action-${action}`)).toBeUndefined();
    }

    await tap(page, '#action-checkIn', () => ticketOf(page).checkInText !== '', 'the check-in');
    expect(ticketOf(page).checkInText).toMatch(/提前 (29|30) 分钟/);
    expect(textOf(page, '#check-in')).toMatch(/提前 (29|30) 分钟/);
    expect(page.querySelector('#action-checkIn')).toBeUndefined();

    await tap(page, '#action-proposeCharge', () => page.data.sheet === 'charge', 'the charge sheet');
    const charge = sheetOf(page, 'charge-sheet');
    fire(charge, '#submit-charge', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'showToast', options: { title: '请选择收费项目和数量' } });
    fire(charge, '#quantity-faucet', 'change', { value: 2 });
    fire(charge, '#quantity-light', 'change', { value: 1 });
    expect(charge.data.totalText).toBe('¥80.00');
    const before = wx.ui.length;
    await tap(charge, '#submit-charge', () => page.data.sheet === '', 'the charge to be proposed');
    expect(String(wx.ui.slice(before).find((record) => record.api === 'showModal')?.options.content)).toContain('合计 ¥80.00');
    expect(textOf(page, '#charge-total')).toBe('¥80.00');
    expect(textOf(page, '#charge')).toContain('待业主确认');
    expect(textOf(page, '#resolve-hint')).toContain('业主尚未确认费用');

    const seen = await as(seeded.owner)('ticket.get', { id: ticket.id });
    expect(seen.charge).toMatchObject({ totalFen: 8000, status: 'proposed' });
  });

  test('the contact reveal asks the server, shows the full phone, and dials it', async () => {
    const created = await as(seeded.owner)('ticket.create', repair(seeded.units[0].id, { category: 'door-lock', description: '入户门锁芯卡住打不开' }));
    const page = await open(seeded.staff.cs, created.id);

    expect(textOf(page, '#contact-phone')).toBe('138****0001');
    expect(textOf(page, '#contact')).toContain('查看完整号码会记入个人信息访问记录');
    const calls = wx.calls.length;
    await tap(page, '#action-contact', () => page.data.contact !== null, 'the phone to show');
    expect(wx.calls.slice(calls).map((record) => record.action)).toEqual(['ticket.contact']);
    expect(textOf(page, '#contact-phone')).toBe('13800000001');

    fire(page, '#call-contact', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'makePhoneCall', options: { phoneNumber: '13800000001' } });
  });

  test('a complaint is graded, resolved, visited and closed only after confirmation', async () => {
    let ticket: TicketDetail = await as(seeded.owner)('ticket.create', {
      ...repair(seeded.units[0].id),
      kind: 'complaint',
      category: '噪音扰民',
      description: '楼上每晚十一点后装修噪音很大，影响休息',
    });
    ticket = await as(seeded.staff.cs)('ticket.accept', { id: ticket.id, version: ticket.version });
    const page = await open(seeded.staff.cs, ticket.id);
    expect(page.querySelector('#action-close')).toBeUndefined();

    await tap(page, '#action-grade', () => page.data.sheet === 'grade', 'the grade sheet');
    const grade = sheetOf(page, 'grade-sheet');
    fire(grade, '#grade-value', 'change', { value: 'major' });
    fire(grade, '#grade-group', 'change', { value: true });
    await tap(grade, '#submit-grade', () => page.data.sheet === '', 'the grade to be saved');
    expect(textOf(page, '#summary')).toContain('重大投诉');
    expect(textOf(page, '#summary')).toContain('群体');
    expect(textOf(page, '#timeline')).toContain('定级为重大投诉（群体投诉）');

    // A major complaint must be reported to the departments concerned; the page offers it once.
    await tap(page, '#action-notifyDepartments', () => page.data.sheet === 'notice', 'the report sheet');
    const notice = sheetOf(page, 'notice-sheet');
    fire(notice, '#notice-departments', 'change', { value: '秩序维护部' });
    fire(notice, '#notice-note', 'change', { value: '已电话通报秩序维护部主管' });
    await tap(notice, '#submit-notice', () => page.data.sheet === '', 'the report to be recorded');
    expect(textOf(page, '#timeline')).toContain('已通报秩序维护部');
    expect(page.querySelector('#action-notifyDepartments')).toBeUndefined();

    // Seed 002 §3: the desk judges the complaint valid, with its reason.
    await tap(page, '#judge-valid', () => page.data.sheet === 'valid', 'the validity sheet');
    const validity = sheetOf(page, 'validity-sheet');
    fire(validity, '#validity-reason', 'change', { value: '经现场核实，楼上确有夜间施工' });
    await tap(validity, '#submit-validity', () => page.data.sheet === '', 'the judgement to be saved');
    expect(textOf(page, '#validity')).toContain('有效投诉：经现场核实，楼上确有夜间施工');

    await tap(page, '#action-resolve', () => page.data.sheet === 'resolve', 'the resolve sheet');
    const resolve = sheetOf(page, 'resolve-sheet');
    fire(resolve, '#resolve-note', 'change', { value: '已协调楼上住户，22 点后停止施工' });
    await tap(resolve, '#submit-resolve', () => ticketOf(page).status === 'resolved', 'the ticket to be resolved');
    // A complaint is closed only after its return visit.
    expect(page.querySelector('#action-close')).toBeUndefined();

    await tap(page, '#action-returnVisit', () => page.data.sheet === 'visit', 'the return-visit sheet');
    const visit = sheetOf(page, 'visit-sheet');
    fire(visit, '#satisfaction', 'change', { value: 'basic' });
    fire(visit, '#visit-note', 'change', { value: '电话回访，业主基本满意' });
    await tap(visit, '#submit-visit', () => ticketOf(page).events.some((event) => event.text.startsWith('回访')), 'the return visit');
    expect(textOf(page, '#outcome')).toContain('基本满意：电话回访，业主基本满意');

    // Seed 001 四 维修4: closed only once the owner confirms; the owner said so on the phone, and the desk records it.
    expect(page.querySelector('#action-close')).toBeUndefined();
    await tap(page, '#action-recordConfirmation', () => page.data.sheet === 'confirmation', 'the confirmation sheet');
    const confirmation = sheetOf(page, 'confirmation-sheet');
    fire(confirmation, '#confirmation-answered-by', 'change', { value: '业主本人' });
    fire(confirmation, '#submit-confirmation', 'tap');
    await until(() => wx.ui.some((ui) => ui.api === 'showToast' && ui.options.title === '请填写业主的原话'), 'the missing words to be pointed out');
    fire(confirmation, '#confirmation-said', 'change', { value: '楼上已经不吵了，谢谢' });
    await tap(confirmation, '#submit-confirmation', () => page.querySelector('#action-close') !== undefined, 'the confirmation to be recorded');
    expect(textOf(page, '#confirmation')).toContain('电话，业主本人：楼上已经不吵了，谢谢');
    expect(page.querySelector('#action-recordConfirmation')).toBeUndefined();

    wx.answerModals(false);
    const calls = wx.calls.length;
    const shown = wx.ui.length;
    fire(page, '#action-close', 'tap');
    await until(() => wx.ui.length > shown, 'the confirmation');
    expect(wx.ui.at(-1)?.options.title).toBe('办结工单');
    expect(wx.calls.length).toBe(calls);
    expect(ticketOf(page).status).toBe('resolved');

    await tap(page, '#action-close', () => ticketOf(page).status === 'closed', 'the ticket to be closed');
    expect(page.querySelector('#actions')).toBeUndefined();
    expect((await as(seeded.owner)('ticket.get', { id: ticket.id })).status).toBe('closed');
  });

  test('closing as outside the remit needs a real explanation and a confirmation', async () => {
    const created = await as(seeded.owner)('ticket.create', {
      ...repair(seeded.units[0].id),
      kind: 'suggestion',
      category: '其他',
      description: '建议把小区门口的公交站往东移五十米',
    });
    const page = await open(seeded.staff.cs, created.id);

    await tap(page, '#action-closeOutOfScope', () => page.data.sheet === 'outOfScope', 'the out-of-scope sheet');
    const outOfScope = sheetOf(page, 'out-of-scope-sheet');
    fire(outOfScope, '#explanation', 'change', { value: '不归物业管' });
    fire(outOfScope, '#out-channel', 'change', { value: '拨打 12345 市民服务热线反映' });
    const calls = wx.calls.length;
    fire(outOfScope, '#submit-outOfScope', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'showToast', options: { title: '说明至少 10 个字' } });
    expect(wx.calls.length).toBe(calls);

    fire(outOfScope, '#explanation', 'change', { value: '公交站点设置由公交公司和交通管理部门负责，不属于物业服务范围' });
    await tap(outOfScope, '#submit-outOfScope', () => ticketOf(page).status === 'closed', 'the out-of-scope close');
    expect(wx.ui.some((record) => record.api === 'showModal' && record.options.title === '非物业服务范围')).toBe(true);
    expect(textOf(page, '#outcome')).toContain('拨打 12345 市民服务热线反映');
    const seen = await as(seeded.owner)('ticket.get', { id: created.id });
    expect(seen.outOfScope?.channel).toBe('拨打 12345 市民服务热线反映');
  });
});
