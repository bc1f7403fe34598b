import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { apiAs, grantSubscription, okAs, outbox } from '../support/api';
import { uniqueEnv } from '../support/cloud';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { seedCommunity, type SeededCommunity } from '../support/seed';

/**
 * Closing waits for the owner (seed 001 四 维修4): their confirmation in the mini-program, one the
 * desk records, or — once the rework window has passed with no answer — a closure as 业主未回复 with
 * the attempts listed. On a local cloud of its own, whose clock this test moves a week on.
 */
jest.setTimeout(120_000);

const env = uniqueEnv('closing');
let cloud: RunningCloud;
let s: SeededCommunity;

beforeAll(async () => {
  cloud = await startLocalCloud();
  s = await seedCommunity(env, 'cl', cloud.url);
});

afterAll(async () => {
  await cloud?.stop();
});

const as = (openid: string) => okAs(env, openid, cloud.url);
const tryAs = (openid: string) => apiAs(env, openid, cloud.url);
const at = (ticket: TicketDetail) => ({ id: ticket.id, version: ticket.version });

const repair = (): NewTicketInput => ({
  kind: 'repair',
  category: 'faucet',
  description: '卫生间水龙头一直滴水',
  photos: [],
  location: { kind: 'unit', unitId: s.units[0].id },
  contactName: '张伟',
  contactPhone: '13800000001',
});

async function resolved(): Promise<TicketDetail> {
  let ticket = await as(s.owner)('ticket.create', repair());
  ticket = await as(s.staff.cs)('ticket.accept', at(ticket));
  ticket = await as(s.staff.cs)('ticket.assign', { ...at(ticket), technician: s.staff.tech });
  return as(s.staff.tech)('ticket.resolve', { ...at(ticket), note: '已更换阀芯' });
}

async function moveClock(ms: number): Promise<void> {
  const response = await fetch(`${cloud.url}/_emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: ms }) });
  expect(response.ok).toBe(true);
}

test('an unconfirmed ticket is not closed; a confirmation given by phone is recorded by the desk and then it closes', async () => {
  let ticket = await resolved();
  const refused = await tryAs(s.staff.cs)('ticket.close', at(ticket));
  expect(refused).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('业主尚未确认处理结果') });
  expect((await as(s.staff.cs)('ticket.get', { id: ticket.id })).status).toBe('resolved');

  // Only the desk records it, only once it is resolved, and with who answered and what they said.
  expect(await tryAs(s.staff.tech)('ticket.recordConfirmation', { ...at(ticket), channel: 'phone', answeredBy: '业主本人', said: '不滴水了' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await tryAs(s.staff.cs)('ticket.recordConfirmation', { ...at(ticket), channel: 'phone', answeredBy: '', said: '不滴水了' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await tryAs(s.staff.cs)('ticket.recordConfirmation', { ...at(ticket), channel: 'fax' as 'phone', answeredBy: '业主本人', said: '不滴水了' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect((await as(s.staff.cs)('ticket.get', { id: ticket.id })).version).toBe(ticket.version);

  ticket = await as(s.staff.cs)('ticket.recordConfirmation', { ...at(ticket), channel: 'intercom', answeredBy: '业主妻子', said: '已经不滴水了，谢谢师傅' });
  expect(ticket.confirmation).toMatchObject({ source: 'intercom', answeredBy: '业主妻子', said: '已经不滴水了，谢谢师傅' });
  const owner = await as(s.owner)('ticket.get', { id: ticket.id });
  expect(owner.events.at(-1)?.text).toBe('业主确认已解决（对讲，业主妻子）：已经不滴水了，谢谢师傅');
  // Confirmed once is enough: the owner is not asked again, the desk cannot record a second one.
  expect(owner.allowed).not.toContain('confirm');
  expect(await tryAs(s.staff.cs)('ticket.recordConfirmation', { ...at(ticket), channel: 'phone', answeredBy: '业主本人', said: '好了' })).toMatchObject({ ok: false, code: 'CONFLICT' });

  ticket = await as(s.staff.cs)('ticket.close', at(ticket));
  expect(ticket.status).toBe('closed');
});

test('an owner who never answers: 业主未回复 only after the rework window, with the attempts listed', async () => {
  let silent = await resolved();
  let confirmed = await resolved();
  confirmed = await as(s.owner)('ticket.confirm', at(confirmed));

  const early = await tryAs(s.staff.cs)('ticket.closeUnanswered', { ...at(silent), attempts: '12月3日电话未接；12月5日上门无人' });
  expect(early).toMatchObject({ ok: false, code: 'CONFLICT', message: expect.stringContaining('天内请继续联系业主') });
  expect((await as(s.staff.cs)('ticket.get', { id: silent.id })).allowed).not.toContain('closeUnanswered');

  await moveClock(8 * 24 * 3_600_000);
  silent = await as(s.staff.cs)('ticket.get', { id: silent.id });
  expect(silent.allowed).toEqual(expect.arrayContaining(['closeUnanswered']));
  expect(silent.allowed).not.toContain('close');
  expect(await tryAs(s.staff.cs)('ticket.closeUnanswered', { ...at(silent), attempts: '没联系上' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  // A confirmed ticket is simply closed.
  expect(await tryAs(s.staff.cs)('ticket.closeUnanswered', { ...at(confirmed), attempts: '12月3日电话未接；12月5日上门无人' })).toMatchObject({
    ok: false,
    code: 'CONFLICT',
    message: '业主已确认处理结果，请直接办结',
  });

  silent = await as(s.staff.cs)('ticket.closeUnanswered', { ...at(silent), attempts: '12月3日 10:00 电话未接；12月5日 上门无人，已在门上留言' });
  expect(silent).toMatchObject({ status: 'closed', unanswered: { attempts: '12月3日 10:00 电话未接；12月5日 上门无人，已在门上留言' } });
  const seen = await as(s.owner)('ticket.get', { id: silent.id });
  expect(seen.events.at(-1)?.text).toBe('业主未回复，工单办结。联系记录：12月3日 10:00 电话未接；12月5日 上门无人，已在门上留言');
});

test('a request registered by phone for a home with a verified owner is in that owner\'s list, for them to confirm, and they are told', async () => {
  await grantSubscription(env, s.owner, 'tmpl-ticket-status', 1, cloud.url);
  let ticket = await as(s.staff.cs)('ticket.register', { ...repair(), channel: 'phone', description: '业主来电：阳台地漏返水' });
  const told = (await outbox(env, cloud.url)).filter((message) => message.touser === s.owner && message.errcode === 0);
  expect(told.map((message) => [message.data.character_string1.value, message.data.phrase3.value])).toEqual([[ticket.number, '已登记']]);
  const mine = await as(s.owner)('ticket.mine', {});
  expect(mine.items.map((item) => item.id)).toContain(ticket.id);
  ticket = await as(s.staff.cs)('ticket.accept', at(ticket));
  ticket = await as(s.staff.cs)('ticket.resolve', { ...at(ticket), note: '已疏通地漏' });
  const owner = await as(s.owner)('ticket.get', { id: ticket.id });
  expect(owner.allowed).toEqual(expect.arrayContaining(['confirm', 'reopen']));
});
