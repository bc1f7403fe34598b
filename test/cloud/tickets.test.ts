import { mkdtempSync, rmSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { sdkFor, uniqueEnv } from '../support/cloud';
import { apiAs, grantSubscription, okAs, outbox, uploadAs } from '../support/api';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity, publishRepairPrices } from '../support/seed';

jest.setTimeout(90_000);

const TEMPLATE = 'tmpl-ticket-status';
const DISPATCH = 'tmpl-staff-dispatch';
const ESCALATION = 'tmpl-staff-escalation';
const env = uniqueEnv('tickets');
let a: SeededCommunity;
let b: SeededCommunity;

beforeAll(async () => {
  a = await seedCommunity(env, 'tka');
  b = await seedCommunity(env, 'tkb');
  // Paid repairs are charged at the prices the community published.
  await publishRepairPrices(env, a.communityId);
  await publishRepairPrices(env, b.communityId);
});

const repair = (unitId: string, extra: Partial<NewTicketInput> = {}): NewTicketInput => ({
  kind: 'repair',
  category: 'drain-block',
  description: '厨房下水道堵塞，水排不下去',
  photos: [],
  location: { kind: 'unit', unitId },
  preferredTime: '今天下午 3 点后',
  contactName: '张伟',
  contactPhone: '13800000001',
  ...extra,
});

const complaint = (unitId: string): NewTicketInput => ({
  kind: 'complaint',
  category: '噪音扰民',
  description: '楼上每晚十一点后装修噪音很大，影响休息',
  photos: [],
  location: { kind: 'unit', unitId },
  contactName: '张伟',
  contactPhone: '13800000001',
});

describe('a repair from report to close', () => {
  test('submit → accept → assign → charge accepted → resolved → confirmed → return visit → closed, with messages', async () => {
    await grantSubscription(env, a.owner, TEMPLATE, 5);
    await grantSubscription(env, a.staff.tech, DISPATCH, 1);
    const owner = okAs(env, a.owner);
    const cs = okAs(env, a.staff.cs);
    const tech = okAs(env, a.staff.tech);
    const photo = await uploadAs(env, a.owner, 'tickets/drain.jpg', new Uint8Array([1, 2, 3, 4]));

    let ticket: TicketDetail = await owner('ticket.create', repair(a.units[0].id, { photos: [photo] }));
    expect(ticket.number).toMatch(/^BX\d{8}-\d{4}$/);
    expect(ticket).toMatchObject({ status: 'submitted', category: '下水道堵塞疏通', nextStep: '等待物业客服受理' });
    expect(ticket.photoUrls).toHaveLength(1);

    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    const technicians = await cs('staff.technicians', { communityId: a.communityId });
    expect(technicians).toEqual([{ openid: a.staff.tech, name: '维修老李' }]);
    ticket = await cs('ticket.assign', { id: ticket.id, version: ticket.version, technician: technicians[0].openid });
    expect(ticket.assigneeName).toBe('维修老李');
    ticket = await tech('ticket.proposeCharge', { id: ticket.id, version: ticket.version, items: [{ code: 'drain-block', quantity: 1 }] });
    expect(ticket.charge).toEqual({
      items: [{ code: 'drain-block', name: '下水道堵塞疏通', priceFen: 8000, quantity: 1, amountFen: 8000 }],
      totalFen: 8000,
      status: 'proposed',
      // The price came from the community's published price list, and the charge says which version.
      priceList: { disclosureId: expect.any(String), title: '有偿维修服务价目表', version: 1 },
    });
    const tooEarly = await apiAs(env, a.staff.tech)('ticket.resolve', { id: ticket.id, version: ticket.version, note: '已疏通' });
    expect(tooEarly).toMatchObject({ ok: false, code: 'CONFLICT' });

    const seenByOwner = await owner('ticket.get', { id: ticket.id });
    expect(seenByOwner.nextStep).toBe('请确认维修费用后再开始有偿维修');
    ticket = await owner('ticket.respondCharge', { id: ticket.id, version: seenByOwner.version, accept: true });
    ticket = await tech('ticket.resolve', { id: ticket.id, version: ticket.version, note: '已疏通下水管道' });
    expect(ticket.status).toBe('resolved');
    ticket = await owner('ticket.confirm', { id: ticket.id, version: ticket.version });
    ticket = await owner('ticket.rate', { id: ticket.id, version: ticket.version, score: 5, comment: '师傅很专业' });
    ticket = await cs('ticket.returnVisit', { id: ticket.id, version: ticket.version, satisfaction: 'satisfied', note: '业主表示满意' });
    ticket = await cs('ticket.close', { id: ticket.id, version: ticket.version });
    expect(ticket.status).toBe('closed');

    const ownerView = await owner('ticket.get', { id: ticket.id });
    expect(ownerView.events.map((event) => event.type)).toEqual([
      'submitted',
      'accepted',
      'assigned',
      'charge-proposed',
      'charge-accepted',
      'resolved',
      'confirmed',
      'rated',
      'closed',
    ]);
    const staffView = await cs('ticket.get', { id: ticket.id });
    expect(staffView.events.map((event) => event.type)).toContain('return-visit');
    expect(staffView.contactPhone).toBe('138****0001');

    const sent = (await outbox(env)).filter((message) => message.touser === a.owner && message.errcode === 0);
    expect(sent.map((message) => message.data.phrase3.value)).toEqual(['已受理', '已派单', '费用待确认', '已完成', '已办结']);
    expect(sent.every((message) => message.data.character_string1.value === ticket.number)).toBe(true);
    const toTechnician = (await outbox(env)).filter((message) => message.touser === a.staff.tech && message.errcode === 0);
    expect(toTechnician.map((message) => message.data.phrase3.value)).toEqual(['新派单']);
  });

  test('without consent no message is sent, and the timeline is still complete', async () => {
    const owner = okAs(env, b.owner);
    const before = (await outbox(env)).filter((message) => message.touser === b.owner).length;
    const ticket = await owner('ticket.create', repair(b.units[0].id, { category: 'water-leak', contactPhone: '13800000001' }));
    await okAs(env, b.staff.cs)('ticket.accept', { id: ticket.id, version: ticket.version });
    const after = (await outbox(env)).filter((message) => message.touser === b.owner).length;
    expect(after).toBe(before);
    const view = await owner('ticket.get', { id: ticket.id });
    expect(view.events.map((event) => event.type)).toEqual(['submitted', 'accepted']);
  });
});

describe('finding a caller\'s requests (seed 002 §2 一分钟内取阅)', () => {
  test('one call by the last 4 digits of the phone finds the caller\'s requests, newest first, contacts masked; by name and by day too', async () => {
    const owner = okAs(env, a.owner);
    const first = await owner('ticket.create', repair(a.units[0].id, { contactName: '周晓梅', contactPhone: '13912340777', description: '阳台地漏返水，地面都是水' }));
    const second = await owner('ticket.create', { ...complaint(a.units[0].id), contactName: '周晓梅', contactPhone: '13912340777' });
    const other = await owner('ticket.create', repair(a.units[0].id, { contactName: '周晓梅', contactPhone: '13912340778', description: '卫生间灯不亮' }));

    const byTail = await okAs(env, a.staff.cs)('ticket.search', { communityId: a.communityId, phoneTail: '0777' });
    expect(byTail.items.map((item) => item.id)).toEqual([second.id, first.id]);
    expect(JSON.stringify(byTail)).not.toContain('13912340777');
    const byName = await okAs(env, a.staff.manager)('ticket.search', { communityId: a.communityId, name: '周晓梅', kind: 'repair' });
    expect(byName.items.map((item) => item.id)).toEqual([other.id, first.id]);
    const today = new Date(Date.parse(first.createdAt) + 8 * 3_600_000).toISOString().slice(0, 10);
    const byDay = await okAs(env, a.staff.cs)('ticket.search', { communityId: a.communityId, from: today, to: today, phoneTail: '0778' });
    expect(byDay.items.map((item) => item.id)).toEqual([other.id]);

    const search = (openid: string, input: Record<string, string>) => apiAs(env, openid)('ticket.search', { communityId: a.communityId, ...input });
    expect(await search(a.staff.cs, {})).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('请至少填写') });
    expect(await search(a.staff.cs, { phoneTail: '07a7' })).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('4 位数字') });
    expect(await search(a.staff.cs, { from: '2026-12-05', to: '2026-12-01' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await search(a.staff.tech, { phoneTail: '0777' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await search(b.staff.cs, { phoneTail: '0777' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('the timeline', () => {
  test('a long-running ticket shows every one of its 150 steps, in order, to staff; the owner sees every reply meant for them', async () => {
    const cs = okAs(env, a.staff.cs);
    let ticket = await okAs(env, a.owner)('ticket.create', complaint(a.units[0].id));
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    for (let step = 1; step <= 150; step += 1) {
      ticket = await cs('ticket.reply', { id: ticket.id, version: ticket.version, text: `第 ${step} 次跟进记录`, ownerVisible: step % 3 === 0 });
    }
    const staff = await cs('ticket.get', { id: ticket.id });
    expect(staff.events).toHaveLength(152);
    expect(staff.events.slice(2).map((event) => event.text)).toEqual(Array.from({ length: 150 }, (_, index) => expect.stringContaining(`第 ${index + 1} 次跟进记录`)));
    const owner = await okAs(env, a.owner)('ticket.get', { id: ticket.id });
    expect(owner.events.filter((event) => event.text.includes('跟进记录'))).toHaveLength(50);
  });
});

describe('a complaint', () => {
  test('a major complaint is due to be reported within 1 working day; recording the report clears it', async () => {
    const cs = okAs(env, a.staff.cs);
    let ticket = await okAs(env, a.owner)('ticket.create', { ...complaint(a.units[0].id), category: '安全秩序', description: '地下车库发生车辆被划，多户业主受损' });
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    const beforeGrade = ticket.dueAt;
    ticket = await cs('ticket.grade', { id: ticket.id, version: ticket.version, grade: 'major', group: true, repeat: false });
    expect(Date.parse(ticket.dueAt ?? '')).toBeLessThanOrEqual(Date.parse(beforeGrade ?? ''));
    ticket = await cs('ticket.notifyDepartments', { id: ticket.id, version: ticket.version, departments: '秩序维护部、公司品质部', note: '已电话通报并抄送事件报告' });
    expect(ticket.events.at(-1)?.text).toContain('秩序维护部');
    expect(await apiAs(env, a.staff.cs)('ticket.notifyDepartments', { id: ticket.id, version: ticket.version, departments: '品质部', note: '再次通报' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
  });

  test('a complaint judged invalid, with its reason, closes without a return visit; a valid one still needs it', async () => {
    const cs = okAs(env, a.staff.cs);
    let invalid = await okAs(env, a.owner)('ticket.create', { ...complaint(a.units[0].id), description: '楼上装修太吵（与昨天那条重复）' });
    invalid = await cs('ticket.accept', { id: invalid.id, version: invalid.version });
    expect(await apiAs(env, a.staff.tech)('ticket.judgeValidity', { id: invalid.id, version: invalid.version, valid: false, reason: '重复提交' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.staff.cs)('ticket.judgeValidity', { id: invalid.id, version: invalid.version, valid: false, reason: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    invalid = await cs('ticket.judgeValidity', { id: invalid.id, version: invalid.version, valid: false, reason: '与 TS 编号相同的投诉重复提交' });
    expect(invalid.validity).toMatchObject({ valid: false, reason: '与 TS 编号相同的投诉重复提交', byName: '客服小王' });
    expect(invalid.events.at(-1)?.text).toBe('判定为无效投诉：与 TS 编号相同的投诉重复提交');
    invalid = await cs('ticket.resolve', { id: invalid.id, version: invalid.version, note: '已告知业主该问题已在另一工单处理' });
    invalid = await cs('ticket.recordConfirmation', { id: invalid.id, version: invalid.version, channel: 'phone', answeredBy: '业主本人', said: '知道了' });
    invalid = await cs('ticket.close', { id: invalid.id, version: invalid.version });
    expect(invalid.status).toBe('closed');
    // The owner does not see the desk's judgement.
    expect((await okAs(env, a.owner)('ticket.get', { id: invalid.id })).events.some((event) => event.text.includes('无效投诉'))).toBe(false);

    let valid = await okAs(env, a.owner)('ticket.create', complaint(a.units[0].id));
    valid = await cs('ticket.accept', { id: valid.id, version: valid.version });
    valid = await cs('ticket.judgeValidity', { id: valid.id, version: valid.version, valid: true, reason: '经核实属实' });
    valid = await cs('ticket.resolve', { id: valid.id, version: valid.version, note: '已处理' });
    valid = await cs('ticket.recordConfirmation', { id: valid.id, version: valid.version, channel: 'phone', answeredBy: '业主本人', said: '好了' });
    expect(await apiAs(env, a.staff.cs)('ticket.close', { id: valid.id, version: valid.version })).toMatchObject({ ok: false, code: 'CONFLICT', message: '投诉须先回访再办结' });
    // Only complaints are judged.
    const created = await okAs(env, a.owner)('ticket.create', repair(a.units[0].id));
    const repairTicket = await cs('ticket.accept', { id: created.id, version: created.version });
    expect(await apiAs(env, a.staff.cs)('ticket.judgeValidity', { id: repairTicket.id, version: repairTicket.version, valid: true, reason: '属实' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: '只有投诉需要判定是否有效',
    });
  });

  test('submit → accept → grade → feedback → resolve → return visit → close', async () => {
    const owner = okAs(env, a.owner);
    const cs = okAs(env, a.staff.cs);
    let ticket = await owner('ticket.create', complaint(a.units[0].id));
    expect(ticket.number).toMatch(/^TS/);
    expect(ticket.dueAt).toBeDefined();
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    ticket = await cs('ticket.grade', { id: ticket.id, version: ticket.version, grade: 'serious', group: false, repeat: true });
    expect(ticket).toMatchObject({ grade: 'serious', flags: { group: false, repeat: true } });
    ticket = await cs('ticket.reply', { id: ticket.id, version: ticket.version, text: '您好！我们已联系楼上住户，今晚起停止夜间施工。', ownerVisible: true });
    ticket = await cs('ticket.reply', { id: ticket.id, version: ticket.version, text: '已与 1602 住户沟通', ownerVisible: false });
    ticket = await cs('ticket.resolve', { id: ticket.id, version: ticket.version, note: '楼上住户承诺 22 点后不施工' });
    const early = await apiAs(env, a.staff.cs)('ticket.close', { id: ticket.id, version: ticket.version });
    expect(early).toMatchObject({ ok: false, code: 'CONFLICT' });
    ticket = await cs('ticket.returnVisit', { id: ticket.id, version: ticket.version, satisfaction: 'basic', note: '业主基本满意' });
    // Seed 001 四 维修4: not before the owner confirms; the desk records a confirmation given by phone.
    const unconfirmed = await apiAs(env, a.staff.cs)('ticket.close', { id: ticket.id, version: ticket.version });
    expect(unconfirmed).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('业主尚未确认处理结果') });
    ticket = await cs('ticket.recordConfirmation', { id: ticket.id, version: ticket.version, channel: 'phone', answeredBy: '业主本人', said: '楼上已经不吵了' });
    expect(ticket.confirmation).toMatchObject({ source: 'phone', answeredBy: '业主本人', said: '楼上已经不吵了', recordedBy: '客服小王' });
    ticket = await cs('ticket.close', { id: ticket.id, version: ticket.version });
    expect(ticket.status).toBe('closed');
    const ownerView = await owner('ticket.get', { id: ticket.id });
    expect(ownerView.events.some((event) => event.text.includes('1602'))).toBe(false);
    expect(ownerView.events.some((event) => event.text.includes('停止夜间施工'))).toBe(true);
  });
});

describe('concurrency, idempotency and rework', () => {
  test('two staff accept at once: one succeeds, the other gets CONFLICT', async () => {
    const ticket = await okAs(env, a.owner)('ticket.create', repair(a.units[0].id, { category: 'faucet' }));
    const results = await Promise.all([
      apiAs(env, a.staff.cs)('ticket.accept', { id: ticket.id, version: ticket.version }),
      apiAs(env, a.staff.manager)('ticket.accept', { id: ticket.id, version: ticket.version }),
    ]);
    expect(results.filter((result) => result.ok)).toHaveLength(1);
    expect(results.filter((result) => !result.ok && result.code === 'CONFLICT')).toHaveLength(1);
  });

  test('resubmitting with the same request id returns the first ticket', async () => {
    const owner = apiAs(env, a.owner);
    const first = await owner('ticket.create', repair(a.units[0].id, { category: 'light' }), 'same-request-0001');
    const again = await owner('ticket.create', repair(a.units[0].id, { category: 'light' }), 'same-request-0001');
    expect(first.ok && again.ok && again.data.id === first.data.id && again.data.number === first.data.number).toBe(true);
  });

  test('a double tap sends one request twice at once: one ticket, both told its number; a retry after it moved on shows it as it is', async () => {
    const owner = apiAs(env, a.owner);
    const before = (await okAs(env, a.owner)('ticket.mine', {})).items.length;
    const [one, two] = await Promise.all([0, 1].map(() => owner('ticket.create', repair(a.units[0].id, { category: 'light' }), 'double-tap-0001')));
    if (!one.ok || !two.ok) throw new Error(`refused: ${JSON.stringify([one, two])}`);
    expect(two.data.number).toBe(one.data.number);
    expect((await okAs(env, a.owner)('ticket.mine', {})).items.length).toBe(before + 1);
    await okAs(env, a.staff.cs)('ticket.accept', { id: one.data.id, version: one.data.version });
    const late = await owner('ticket.create', repair(a.units[0].id, { category: 'light' }), 'double-tap-0001');
    expect(late.ok && { id: late.data.id, status: late.data.status, timeline: late.data.events.map((event) => event.type) }).toEqual({ id: one.data.id, status: 'accepted', timeline: ['submitted', 'accepted'] });
  });

  test('"not fixed" reopens the same ticket as rework', async () => {
    const owner = okAs(env, a.owner);
    const cs = okAs(env, a.staff.cs);
    let ticket = await owner('ticket.create', repair(a.units[0].id, { category: 'water-leak' }));
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    ticket = await cs('ticket.assign', { id: ticket.id, version: ticket.version, technician: a.staff.tech });
    ticket = await okAs(env, a.staff.tech)('ticket.resolve', { id: ticket.id, version: ticket.version, note: '已更换密封圈' });
    ticket = await owner('ticket.reopen', { id: ticket.id, version: ticket.version, reason: '还在漏水' });
    expect(ticket).toMatchObject({ status: 'assigned', reworkCount: 1 });
    expect(ticket.events.at(-1)?.text).toContain('返修');
  });
});

describe('refusals change nothing', () => {
  test('bad input, wrong role, wrong community, risky text, a technician not assigned', async () => {
    const owner = apiAs(env, a.owner);
    const long = await owner('ticket.create', repair(a.units[0].id, { description: '漏'.repeat(501) }));
    expect(long).toMatchObject({ ok: false, code: 'VALIDATION' });
    const photos = Array.from({ length: 10 }, (_, i) => `cloud://${env}.bucket/tickets/${i}.jpg`);
    const tooMany = await owner('ticket.create', repair(a.units[0].id, { photos }));
    expect(tooMany).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(!tooMany.ok && tooMany.message).toContain('9');
    const unknownField = await owner('ticket.create', { ...repair(a.units[0].id), status: 'closed' } as NewTicketInput);
    expect(unknownField).toMatchObject({ ok: false, code: 'VALIDATION' });
    const risky = await owner('ticket.create', repair(a.units[0].id, { description: '这里有违禁测试词需要处理' }));
    expect(risky).toMatchObject({ ok: false, code: 'VALIDATION' });
    const notMyHome = await owner('ticket.create', repair(b.units[1].id));
    expect(notMyHome).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const stranger = await apiAs(env, a.stranger)('ticket.create', repair(a.units[0].id));
    expect(stranger).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    const ticket = await okAs(env, a.owner)('ticket.create', repair(a.units[0].id, { category: 'door-lock' }));
    expect(await apiAs(env, a.staff.tech)('ticket.accept', { id: ticket.id, version: ticket.version })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.cs)('ticket.accept', { id: ticket.id, version: ticket.version })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.cs)('ticket.get', { id: ticket.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.staff.tech)('ticket.reply', { id: ticket.id, version: ticket.version, text: '我来看看', ownerVisible: true })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    const unchanged = await okAs(env, a.owner)('ticket.get', { id: ticket.id });
    expect(unchanged).toMatchObject({ status: 'submitted', version: ticket.version });
    expect(unchanged.events).toHaveLength(1);

    const mine = await okAs(env, a.owner)('ticket.mine', {});
    expect(mine.items.every((item) => item.communityId === a.communityId)).toBe(true);
    const inboxB = await okAs(env, b.staff.cs)('ticket.inbox', { communityId: b.communityId });
    expect(inboxB.items.every((item) => item.communityId === b.communityId)).toBe(true);
  });

  test('staff find a ticket by the number an owner quotes on the phone', async () => {
    const ticket = await okAs(env, a.owner)('ticket.create', repair(a.units[0].id, { category: 'light' }));
    const found = await okAs(env, a.staff.cs)('ticket.find', { communityId: a.communityId, number: ticket.number.toLowerCase() });
    expect(found.id).toBe(ticket.id);
    expect(await apiAs(env, b.staff.cs)('ticket.find', { communityId: a.communityId, number: ticket.number })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.cs)('ticket.find', { communityId: b.communityId, number: ticket.number })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await apiAs(env, a.staff.cs)('ticket.find', { communityId: a.communityId, number: '12345' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(env, a.staff.tech)('ticket.find', { communityId: a.communityId, number: ticket.number })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('staff register a phone request; the verified owner sees it as their own', async () => {
    const registered = await okAs(env, a.staff.cs)('ticket.register', {
      ...repair(a.units[0].id, { category: 'power-out', description: '业主来电：户内跳闸无法复位' }),
      channel: 'phone',
    });
    expect(registered.channel).toBe('phone');
    const mine = await okAs(env, a.owner)('ticket.mine', {});
    expect(mine.items.map((item) => item.id)).toContain(registered.id);
  });
});

describe('service settings, out-of-scope requests, contact and handover', () => {
  test('a manager maintains standard phrases and repair promises; new tickets use them', async () => {
    const manager = okAs(env, b.staff.manager);
    await manager('phrases.save', { communityId: b.communityId, phrases: ['您好，已收到您的反馈。', '感谢您的耐心等待。'] });
    const catalog = await okAs(env, b.owner)('ticket.catalog', { communityId: b.communityId });
    expect(catalog.phrases).toEqual(['您好，已收到您的反馈。', '感谢您的耐心等待。']);
    expect(catalog.templateIds).toEqual([TEMPLATE]);
    expect(await apiAs(env, b.staff.cs)('phrases.save', { communityId: b.communityId, phrases: ['x'.repeat(5)] })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });

    await manager('repairPromises.save', {
      communityId: b.communityId,
      urgent: { responseMinutes: 15, completionHours: 2 },
      routine: { responseMinutes: 60, completionHours: 24 },
    });
    const ticket = await okAs(env, b.owner)('ticket.create', repair(b.units[0].id, { category: 'water-leak' }));
    // Water leaks are urgent: the first deadline is the 15-minute response.
    expect(Date.parse(ticket.dueAt ?? '') - Date.parse(ticket.createdAt)).toBe(15 * 60_000);
  });

  test('a request outside the remit is closed only with an explanation and where to turn', async () => {
    const ticket = await okAs(env, a.owner)('ticket.create', { ...complaint(a.units[0].id), kind: 'consultation', category: '其他', description: '小区门口的公交车站能否迁移？' });
    const cs = apiAs(env, a.staff.cs);
    expect(await cs('ticket.closeOutOfScope', { id: ticket.id, version: ticket.version, explanation: '太短', channel: '公交' })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
    });
    const closed = await okAs(env, a.staff.cs)('ticket.closeOutOfScope', {
      id: ticket.id,
      version: ticket.version,
      explanation: '公交站点设置由公交公司和交通管理部门负责，不属于物业服务范围',
      channel: '拨打 12345 市民服务热线反映',
    });
    expect(closed).toMatchObject({ status: 'closed', outOfScope: { channel: '拨打 12345 市民服务热线反映' } });
    const ownerView = await okAs(env, a.owner)('ticket.get', { id: ticket.id });
    expect(ownerView.events.at(-1)?.text).toContain('12345');
  });

  test('staff working a ticket see the contact phone, and that view is logged', async () => {
    const ticket = await okAs(env, a.owner)('ticket.create', repair(a.units[0].id, { category: 'door-lock' }));
    expect(await okAs(env, a.staff.cs)('ticket.contact', { id: ticket.id })).toEqual({ name: '张伟', phone: '13800000001' });
    expect(await apiAs(env, a.staff.tech)('ticket.contact', { id: ticket.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const log = await okAs(env, a.staff.manager)('accessLog.list', { communityId: a.communityId });
    expect(log.items[0]).toMatchObject({ actorOpenid: a.staff.cs, fields: ['联系电话'], reason: `联系业主处理工单 ${ticket.number}` });
  });

  test('a shift hands over open tickets; the next shift confirms', async () => {
    const { items: open } = await okAs(env, a.staff.cs)('handover.open', { communityId: a.communityId });
    expect(open.length).toBeGreaterThan(0);
    expect(open.every((ticket) => ticket.status !== 'closed')).toBe(true);
    const handover = await okAs(env, a.staff.cs)('handover.create', {
      communityId: a.communityId,
      summary: '夜班无重大事件',
      notes: [{ ticketId: open[0].id, followUp: '明早联系业主确认上门时间' }],
    });
    expect(handover.notes[0].number).toBe(open[0].number);
    expect(await apiAs(env, a.staff.cs)('handover.acknowledge', { id: handover.id })).toMatchObject({ ok: false, code: 'VALIDATION' });
    const acknowledged = await okAs(env, a.staff.manager)('handover.acknowledge', { id: handover.id });
    expect(acknowledged.acknowledgedBy).toBe('经理陈');
    expect(await apiAs(env, b.staff.cs)('handover.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const listed = await okAs(env, a.staff.cs)('handover.list', { communityId: a.communityId });
    expect(listed.items[0]).toMatchObject({ id: handover.id, acknowledgedBy: '经理陈' });
  });
});

describe('an owner who deletes their personal data', () => {
  test('exports their tickets first; afterwards the tickets stay on record without name, phone or link', async () => {
    const openid = 'o-leaving-owner';
    const binding = await okAs(env, openid)('binding.request', { unitId: a.units[3].id, relation: 'owner', name: '刘洋', phone: '13800000004', proofFileIds: [] });
    await okAs(env, a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    const ticket = await okAs(env, openid)('ticket.create', repair(a.units[3].id, { contactName: '刘洋', contactPhone: '13800000004' }));

    const exported = await okAs(env, openid)('me.export', {});
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(exported.url)).arrayBuffer());
    const requests = JSON.stringify(workbook.getWorksheet('服务需求')?.getSheetValues());
    expect(requests).toContain(ticket.number);
    expect(requests).toContain('13800000004');

    const result = await okAs(env, openid)('me.delete', { confirm: '删除我的个人信息' });
    expect(result.ticketsAnonymized).toBe(1);
    expect((await okAs(env, openid)('ticket.mine', {})).items).toEqual([]);
    const kept = await okAs(env, a.staff.cs)('ticket.get', { id: ticket.id });
    expect(kept).toMatchObject({ number: ticket.number, description: ticket.description, contactName: '', contactPhone: '' });
    expect(await apiAs(env, a.staff.cs)('ticket.contact', { id: ticket.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('escalation on a local cloud of its own (the test moves its clock)', () => {
  let cloud: RunningCloud;
  let own: SeededCommunity;
  const ownEnv = uniqueEnv('escalation');

  beforeAll(async () => {
    cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'escalation-')) });
    own = await seedCommunity(ownEnv, 'esc', cloud.url);
  });
  afterAll(async () => {
    await cloud.stop();
    rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  /** The own cloud's database through the SDK (it reads where to go on every call), for a state no api call leaves. */
  const inOwnDatabase = async (work: (db: ReturnType<ReturnType<typeof sdkFor>['database']>) => Promise<void>): Promise<void> => {
    const db = sdkFor(ownEnv).database();
    const shared = process.env.TCB_CONTEXT_CNFG;
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${cloud.url}/admin` });
    try {
      await work(db);
    } finally {
      process.env.TCB_CONTEXT_CNFG = shared;
    }
  };

  const advance = async (hours: number): Promise<void> => {
    const response = await fetch(`${cloud.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: hours * 3_600_000 }),
    });
    expect(response.ok).toBe(true);
  };

  test('an unresolved complaint goes to the manager after 2 days, not before, and only once; then to the head', async () => {
    await grantSubscription(ownEnv, own.staff.manager, ESCALATION, 2, cloud.url);
    const ticket = await okAs(ownEnv, own.owner, cloud.url)('ticket.create', complaint(own.units[0].id));
    const staffView = () => okAs(ownEnv, own.staff.cs, cloud.url)('ticket.get', { id: ticket.id });

    await advance(47);
    expect((await staffView()).escalationLevel).toBe(0);

    await advance(2);
    const escalated = await staffView();
    expect(escalated.escalationLevel).toBe(1);
    expect(escalated.events.filter((event) => event.type === 'escalated-1')).toHaveLength(1);
    expect(escalated.events.find((event) => event.type === 'escalated-1')?.text).toContain('客服经理');
    const toManager = (await outbox(ownEnv, cloud.url)).filter((message) => message.touser === own.staff.manager);
    expect(toManager.map((message) => message.data.phrase3.value)).toEqual(['投诉升级']);

    await advance(1);
    expect((await staffView()).events.filter((event) => event.type.startsWith('escalated'))).toHaveLength(1);

    // The head: the deployment's own admin (ADMIN_OPENIDS), who holds no stored grant, is told.
    await grantSubscription(ownEnv, ADMIN_OPENID, ESCALATION, 1, cloud.url);
    await advance(24);
    const head = await staffView();
    expect(head.escalationLevel).toBe(2);
    expect(head.events.filter((event) => event.type === 'escalated-2')).toHaveLength(1);
    const toHead = (await outbox(ownEnv, cloud.url)).filter((message) => message.touser === ADMIN_OPENID && message.errcode === 0);
    expect(toHead).toHaveLength(1);

    // A page opened before the escalations still accepts (the timer's steps change nothing it decided on), and is answered the whole timeline, which it did not show.
    expect(head.version).toBe(3);
    const accepted = await okAs(ownEnv, own.staff.cs, cloud.url)('ticket.accept', { id: ticket.id, version: ticket.version });
    expect(accepted.since).toBeUndefined();
    expect(accepted.events.map((event) => event.type)).toEqual(['submitted', 'escalated-1', 'escalated-2', 'accepted']);
  });

  test('a step landing as the timer escalates is kept, and so is the deadline the escalation sets: the escalation takes the version after it', async () => {
    const cs = okAs(ownEnv, own.staff.cs, cloud.url);
    // Received at 10:00 China time: its feedback is due at the end of a day after the escalation's
    // head deadline, whatever the hour the suite runs (received late in the evening, the feedback
    // deadline would fall just after the escalation, and be the nearer one when checked).
    const { now } = (await (await fetch(`${cloud.url}/_emulator/clock`)).json()) as { now: string };
    await advance((((26 - new Date(now).getUTCHours() - new Date(now).getUTCMinutes() / 60) % 24) + 24) % 24);
    const donor = await okAs(ownEnv, own.owner, cloud.url)('ticket.create', complaint(own.units[0].id));
    const raced = await okAs(ownEnv, own.owner, cloud.url)('ticket.create', complaint(own.units[0].id));
    await cs('ticket.accept', { id: donor.id, version: donor.version });
    // An accept of the other complaint whose first write (its claim on version 2) was made as the
    // timer ran, and whose second the timer finds to do: the claim is a copy of the real accept's.
    await inOwnDatabase(async (db) => {
      const { data } = (await db.collection('ticketEvents').where({ ticketId: donor.id, type: 'accepted' }).get()) as unknown as { data: Record<string, unknown>[] };
      const { _id: _donorEvent, ...event } = data[0];
      await db.collection('ticketEvents').add({ data: { ...event, _id: `${raced.id}-v2`, ticketId: raced.id, claim: 'raced' } });
    });

    await advance(49);
    const seen = await cs('ticket.get', { id: raced.id });
    expect({ status: seen.status, level: seen.escalationLevel, version: seen.version, timeline: seen.events.map((step) => step.type) }).toEqual({
      status: 'accepted',
      level: 1,
      version: 3,
      timeline: ['submitted', 'accepted', 'escalated-1'],
    });
    // Its next deadline is now the head's, a day away: the inbox does not list it as 已超时.
    const overdue = await cs('ticket.inbox', { communityId: own.communityId, overdue: true });
    expect(overdue.items.map((item) => item.id)).not.toContain(raced.id);
    expect((await cs('ticket.inbox', { communityId: own.communityId })).items.find((item) => item.id === raced.id)?.overdue).toBe(false);
  });

  test('a repair nobody takes up is posted to the group as overdue once its response time passes, once', async () => {
    const key = `koverdue${Date.now()}`;
    await okAs(ownEnv, own.staff.manager, cloud.url)('robots.save', { communityId: own.communityId, channel: 'wecom', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` });
    const ticket = await okAs(ownEnv, own.owner, cloud.url)('ticket.create', repair(own.units[0].id, { category: 'faucet' }));
    const overduePosts = async () => {
      const { posts } = (await (await fetch(`${cloud.url}/_emulator/webhook-posts?robot=${key}`)).json()) as { posts: { body: { markdown: { content: string } } }[] };
      return posts.filter((post) => post.body.markdown.content.includes(`【工单超时】${ticket.number}`));
    };
    expect(await overduePosts()).toEqual([]);
    // A routine repair is to be answered within 2 hours.
    await advance(2.5);
    const posts = await overduePosts();
    expect(posts).toHaveLength(1);
    expect(posts[0].body.markdown.content).toContain(ticket.number);
    const seen = await okAs(ownEnv, own.staff.cs, cloud.url)('ticket.get', { id: ticket.id });
    expect(seen.alerts?.find((alert) => alert.kind === 'overdue')?.deliveries).toContainEqual({ channel: 'wecom', to: '企业微信群', outcome: 'posted' });
    await advance(1);
    expect(await overduePosts()).toHaveLength(1);
  });

  test('more overdue tickets than one timer batch are all alerted, each once', async () => {
    const key = `kmany${Date.now()}`;
    await okAs(ownEnv, own.staff.manager, cloud.url)('robots.save', { communityId: own.communityId, channel: 'wecom', url: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` });
    const cs = okAs(ownEnv, own.staff.cs, cloud.url);
    const numbers: string[] = [];
    // 25 calls taken by phone (the timer reads 20 at a time): nobody answers them within 2 hours.
    for (let i = 0; i < 25; i += 1) numbers.push((await cs('ticket.register', { ...repair(own.units[0].id, { category: 'faucet' }), channel: 'phone' })).number);
    const posted = async () => {
      const { posts } = (await (await fetch(`${cloud.url}/_emulator/webhook-posts?robot=${key}`)).json()) as { posts: { body: { markdown: { content: string } } }[] };
      return posts.map((post) => post.body.markdown.content).filter((content) => content.includes('【工单超时】'));
    };
    await advance(2.5);
    await advance(0.1);
    const overdue = await posted();
    for (const number of numbers) expect(overdue.filter((content) => content.includes(number))).toHaveLength(1);
  }, 240_000);

  test('a technician checking in 3 minutes late is recorded as late', async () => {
    const tech = okAs(ownEnv, own.staff.tech, cloud.url);
    const cs = okAs(ownEnv, own.staff.cs, cloud.url);
    let ticket = await okAs(ownEnv, own.owner, cloud.url)('ticket.create', repair(own.units[0].id, { category: 'faucet' }));
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    ticket = await cs('ticket.assign', { id: ticket.id, version: ticket.version, technician: own.staff.tech });
    const early = await apiAs(ownEnv, own.staff.tech, cloud.url)('ticket.checkIn', { id: ticket.id, version: ticket.version });
    expect(early).toMatchObject({ ok: false, code: 'CONFLICT' });
    const clock = (await (await fetch(`${cloud.url}/_emulator/clock`)).json()) as { now: string };
    const at = new Date(Date.parse(clock.now) + 30 * 60_000).toISOString();
    await grantSubscription(ownEnv, own.owner, TEMPLATE, 1, cloud.url);
    ticket = await cs('ticket.schedule', { id: ticket.id, version: ticket.version, at });
    // The owner is told the agreed time.
    const told = (await outbox(ownEnv, cloud.url)).filter((message) => message.touser === own.owner && message.errcode === 0);
    expect(told.map((message) => [message.data.character_string1.value, message.data.phrase3.value])).toEqual([[ticket.number, '已约上门']]);
    await advance(33 / 60);
    ticket = await tech('ticket.checkIn', { id: ticket.id, version: ticket.version });
    expect(ticket.checkIn).toMatchObject({ punctuality: 'late', minutesOff: 3 });
    ticket = await tech('ticket.recordWork', { id: ticket.id, version: ticket.version, note: '更换水龙头阀芯', photos: [] });
    expect(ticket.events.at(-1)?.text).toContain('更换水龙头阀芯');
  });

  test('a complaint resolved in time is not escalated', async () => {
    let ticket = await okAs(ownEnv, own.owner, cloud.url)('ticket.create', complaint(own.units[0].id));
    const cs = okAs(ownEnv, own.staff.cs, cloud.url);
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    ticket = await cs('ticket.resolve', { id: ticket.id, version: ticket.version, note: '已协调处理' });
    await advance(72);
    const later = await cs('ticket.get', { id: ticket.id });
    expect(later.escalationLevel).toBe(0);
  });
});
