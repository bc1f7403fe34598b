/**
 * Bills a clerk can collect (seed 000 (五) 3): issued with a due date, paid in part or whole at the
 * desk, written off by a manager with a reason, and past their due date (the local cloud's clock
 * moved) listed in arrears with the days overdue and the reminders sent — each reminder recorded
 * with its channel, sender and the reasonable time it gave.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bill } from '../../typings/disclosure';
import { apiAs, okAs } from '../support/api';
import { clockToChina, uniqueEnv } from '../support/cloud';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { ADMIN_OPENID, publishPropertyFee, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(120_000);

let cloud: RunningCloud;
let s: SeededCommunity;
const env = uniqueEnv('billing');
const PERIOD = '2027-01';
/** Issued on 5 January 2027, due on the 20th. */
const DUE = '2027-01-20';
let bills: Bill[] = [];

const clockTo = (wall: string): Promise<void> => clockToChina(cloud.url, wall);
const admin = () => okAs(env, ADMIN_OPENID, cloud.url);
const cs = () => okAs(env, s.staff.cs, cloud.url);
const manager = () => okAs(env, s.staff.manager, cloud.url);
const billOf = (index: number): Bill => bills.find((bill) => bill.unitId === s.units[index].id)!;
const refreshed = async (): Promise<Bill[]> => (bills = (await cs()('bill.list', { communityId: s.communityId, period: PERIOD })).items);

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'billing-')) });
  s = await seedCommunity(env, 'fee', cloud.url);
  await clockTo('2027-01-05T09:00:00');
  const feeDisclosureId = await publishPropertyFee(env, s.communityId, cloud.url);
  await admin()('bill.generate', { communityId: s.communityId, period: PERIOD, feeDisclosureId, itemNames: ['物业服务费'] });
});

afterAll(async () => {
  await cloud?.stop();
  if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
});

test('a period is issued with its due date; a date already past or too far ahead is refused and issues nothing', async () => {
  const early = await apiAs(env, ADMIN_OPENID, cloud.url)('bill.publish', { communityId: s.communityId, period: PERIOD, dueDate: '2027-01-04' });
  expect(early).toMatchObject({ ok: false, code: 'VALIDATION', message: '缴费截止日期须在 2027-01-05 至 2027-04-05 之间' });
  expect(await apiAs(env, ADMIN_OPENID, cloud.url)('bill.publish', { communityId: s.communityId, period: PERIOD, dueDate: '2027-05-01' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect((await refreshed()).every((bill) => bill.status === 'draft' && bill.dueDate === undefined)).toBe(true);
  expect(await admin()('bill.publish', { communityId: s.communityId, period: PERIOD, dueDate: DUE })).toEqual({ issued: s.units.length });
  await refreshed();
  expect(bills.every((bill) => bill.status === 'issued' && bill.dueDate === DUE && !bill.overdue && bill.outstandingFen === bill.totalFen)).toBe(true);
  expect((await okAs(env, s.owner, cloud.url)('bill.mine', {}))[0]).toMatchObject({ dueDate: DUE, status: 'issued', overdue: false, daysOverdue: 0 });
});

test('the desk records part of a bill, then the rest: partial, then paid, each payment with its receipt; paying more than is left changes nothing', async () => {
  const bill = billOf(1);
  const part = Math.floor(bill.totalFen / 3);
  const partial = await cs()('bill.markPaid', { id: bill.id, version: bill.version, receiptNo: 'SJ-2027-0001', amountFen: part });
  expect(partial).toMatchObject({ status: 'partial', paidFen: part, outstandingFen: bill.totalFen - part });
  const tooMuch = await apiAs(env, s.staff.cs, cloud.url)('bill.markPaid', { id: bill.id, version: partial.version, receiptNo: 'SJ-2027-0002', amountFen: bill.totalFen });
  expect(tooMuch).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('超过待缴金额') });
  const paid = await cs()('bill.markPaid', { id: bill.id, version: partial.version, receiptNo: 'SJ-2027-0002' });
  expect(paid).toMatchObject({ status: 'paid', paidFen: bill.totalFen, outstandingFen: 0, receiptNo: 'SJ-2027-0002' });
  expect(paid.payments.map((payment) => [payment.amountFen, payment.receiptNo, payment.channel])).toEqual([
    [part, 'SJ-2027-0001', 'desk'],
    [bill.totalFen - part, 'SJ-2027-0002', 'desk'],
  ]);
  expect(paid.allowed).toEqual([]);
});

test('after the due date the open bills are in arrears, the longest overdue first, with their reminders', async () => {
  // A partial payment before the due date: still in arrears for what is left.
  const partly = billOf(2);
  await cs()('bill.markPaid', { id: partly.id, version: partly.version, receiptNo: 'SJ-2027-0003', amountFen: 1000 });
  expect((await cs()('bill.arrears', { communityId: s.communityId })).items).toEqual([]);

  await clockTo('2027-01-21T09:00:00');
  await refreshed();
  expect(billOf(0)).toMatchObject({ overdue: true, daysOverdue: 1 });
  expect(billOf(1)).toMatchObject({ overdue: false, daysOverdue: 0 });
  const reminded = await cs()('bill.remind', { id: billOf(0).id, version: billOf(0).version, channel: 'phone', deadline: '2027-02-05' });
  expect(reminded.bill.reminders).toEqual([{ at: expect.stringMatching(/^2027-01-21T01:00/), channel: 'phone', byName: '客服小王', deadline: '2027-02-05' }]);

  await clockTo('2027-02-10T09:00:00');
  const { items: arrears } = await manager()('bill.arrears', { communityId: s.communityId });
  const unpaid = s.units.filter((_unit, index) => index !== 1);
  expect(arrears.map((row) => row.unitLabel).sort()).toEqual(unpaid.map((unit) => unit.label).sort());
  const first = arrears.find((row) => row.unitId === s.units[0].id)!;
  expect(first).toMatchObject({ daysOverdue: 21, outstandingFen: billOf(0).totalFen, reminders: 1, lastReminder: { channel: 'phone', deadline: '2027-02-05' } });
  expect(first.bills).toEqual([expect.objectContaining({ period: PERIOD, dueDate: DUE, daysOverdue: 21 })]);
  expect(arrears.find((row) => row.unitId === s.units[2].id)).toMatchObject({ outstandingFen: billOf(2).totalFen - 1000, reminders: 0 });
  expect(await apiAs(env, s.owner, cloud.url)('bill.arrears', { communityId: s.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});

test('a manager writes off what is left with a reason; customer service may not; the home leaves arrears', async () => {
  await refreshed();
  const bill = billOf(2);
  expect(await apiAs(env, s.staff.cs, cloud.url)('bill.waive', { id: bill.id, version: bill.version, reason: '困难家庭减免，经理批准' })).toMatchObject({
    ok: false,
    code: 'FORBIDDEN',
    message: '减免须由客服经理或管理员审批',
  });
  expect(await apiAs(env, s.staff.manager, cloud.url)('bill.waive', { id: bill.id, version: bill.version, reason: '减' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  const waived = await manager()('bill.waive', { id: bill.id, version: bill.version, reason: '困难家庭减免，经理批准' });
  expect(waived).toMatchObject({ status: 'waived', outstandingFen: 0, overdue: false, waiver: { amountFen: bill.totalFen - 1000, reason: '困难家庭减免，经理批准', byName: expect.any(String) } });
  expect((await cs()('bill.arrears', { communityId: s.communityId })).items.map((row) => row.unitId)).not.toContain(s.units[2].id);
  expect(await apiAs(env, s.staff.cs, cloud.url)('bill.markPaid', { id: bill.id, version: waived.version, receiptNo: 'SJ-2027-0009' })).toMatchObject({ ok: false, code: 'CONFLICT' });
});
