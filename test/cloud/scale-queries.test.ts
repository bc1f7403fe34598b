import type { NewTicketInput } from '../../typings/tickets';
import { okAs } from '../support/api';
import { cloudNow, sdkFor } from '../support/cloud';
import type { ArrearsRow } from '../../typings/disclosure';
import { ADMIN_OPENID, publishPropertyFee, seedCommunity, type SeededCommunity } from '../support/seed';

/**
 * The api's queries on a community past 1,000 tickets and ticket events, on the tests' strict
 * local cloud: a query that config/indexes.json does not serve fails there (and the call answers
 * INTERNAL), so each action below succeeding means its queries are served by declared indexes.
 */

const COPIES = 1200;
const HOUR = 3_600_000;
const STATUSES = ['submitted', 'accepted', 'assigned', 'resolved', 'closed'] as const;

let c: SeededCommunity;
let now: Date;

const repair = (unitId: string): NewTicketInput => ({
  kind: 'repair',
  category: 'drain-block',
  description: '厨房下水道堵塞，水排不下去',
  photos: [],
  location: { kind: 'unit', unitId },
  preferredTime: '今天下午 3 点后',
  contactName: '张伟',
  contactPhone: '13800000001',
});

const chinaDate = (at: Date): string => new Date(at.getTime() + 8 * HOUR).toISOString().slice(0, 10);

beforeAll(async () => {
  c = await seedCommunity(`scale-${Date.now().toString(36)}`, 'scale');
  now = new Date((await cloudNow()).now);
  const created = await okAs(c.env, c.owner)('ticket.create', repair(c.units[0].id));
  const db = sdkFor(c.env).database();
  const { _id: _ignored, ...template } = ((await db.collection('tickets').doc(created.id).get()) as { data: Record<string, unknown> }).data;
  await okAs(c.env, c.staff.cs)('ticket.accept', { id: created.id, version: created.version });
  // A step's event without what ties it to that ticket's versions.
  const { version: _version, claim: _claim, intent: _intent, ...event } = ((await db.collection('ticketEvents').doc(`${created.id}-v2`).get()) as { data: Record<string, unknown> }).data;
  // Copies of a real ticket and an event of its timeline, spread over statuses, kinds, deadlines and the last 50 days.
  const tickets = Array.from({ length: COPIES }, (_unused, i) => ({
    ...template,
    _id: `scale${String(i).padStart(4, '0')}`,
    number: `BX${chinaDate(now).replace(/-/g, '')}-${String(5000 + i)}`,
    status: STATUSES[i % STATUSES.length],
    kind: i % 3 === 0 ? 'complaint' : 'repair',
    escalationLevel: i % 3 === 0 && i % 7 === 0 ? 1 : 0,
    createdAt: new Date(now.getTime() - i * HOUR),
    dueAt: new Date(now.getTime() + ((i % 100) - 50) * HOUR),
    unitId: c.units[i % c.units.length].id,
    phoneTail: String(1000 + (i % 50)),
    contactName: i % 2 ? '张伟' : '李娜',
    ...(i % 4 === 2 ? { assignee: { openid: c.staff.tech, name: '维修员' } } : {}),
  }));
  const events = tickets.map((ticket) => ({ ...event, _id: `${ticket._id}-accepted`, ticketId: ticket._id }));
  for (let from = 0; from < COPIES; from += 1000) {
    await db.collection('tickets').add({ data: tickets.slice(from, from + 1000) });
    await db.collection('ticketEvents').add({ data: events.slice(from, from + 1000) });
  }
}, 120_000);

test('the staff inbox, with each of its filters and a second page', async () => {
  const desk = okAs(c.env, c.staff.cs);
  const first = await desk('ticket.inbox', { communityId: c.communityId });
  expect(first.items).toHaveLength(20);
  expect(first.items.every((item) => item.status !== 'closed')).toBe(true);
  const second = await desk('ticket.inbox', { communityId: c.communityId, cursor: first.cursor });
  expect(second.items.map((item) => item.id)).not.toContain(first.items[19].id);
  expect((await desk('ticket.inbox', { communityId: c.communityId, status: 'closed' })).items.every((item) => item.status === 'closed')).toBe(true);
  expect((await desk('ticket.inbox', { communityId: c.communityId, kind: 'complaint', overdue: true })).items.length).toBeGreaterThan(0);
  expect((await okAs(c.env, c.staff.tech)('ticket.inbox', { communityId: c.communityId })).items.length).toBeGreaterThan(0);
  await okAs(c.env, c.staff.manager)('ticket.inbox', { communityId: c.communityId, escalatedFrom: 1 });
});

test("an owner's tickets, a number, a search by phone tail, name, home or days, a ticket's timeline", async () => {
  const owner = okAs(c.env, c.owner);
  const mine = await owner('ticket.mine', {});
  expect(mine.items).toHaveLength(20);
  await owner('ticket.mine', { cursor: mine.cursor });
  const desk = okAs(c.env, c.staff.cs);
  const number = `BX${chinaDate(now).replace(/-/g, '')}-5007`;
  expect((await desk('ticket.find', { communityId: c.communityId, number })).id).toBe('scale0007');
  expect((await desk('ticket.search', { communityId: c.communityId, phoneTail: '1003' })).items.length).toBeGreaterThan(0);
  await desk('ticket.search', { communityId: c.communityId, name: '李娜' });
  await desk('ticket.search', { communityId: c.communityId, unitId: c.units[1].id });
  await desk('ticket.search', { communityId: c.communityId, from: chinaDate(new Date(now.getTime() - 5 * 24 * HOUR)), to: chinaDate(now) });
  expect((await owner('ticket.get', { id: 'scale0005' })).events.length).toBeGreaterThan(0);
});

test("the handover's open tickets, the work waiting, the board, a home's file", async () => {
  // Every ticket not closed, each once, a page at a time.
  const seen: string[] = [];
  let after: string | undefined;
  do {
    const page = await okAs(c.env, c.staff.cs)('handover.open', { communityId: c.communityId, ...(after ? { cursor: after } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(30);
    seen.push(...page.items.map((ticket) => ticket.id));
    after = page.cursor;
  } while (after);
  const _ = sdkFor(c.env).database().command;
  const { total } = (await sdkFor(c.env).database().collection('tickets').where({ communityId: c.communityId, status: _.neq('closed') }).count()) as { total: number };
  expect(total).toBeGreaterThan(600);
  expect(new Set(seen).size).toBe(total);
  expect(seen).toHaveLength(total);
  expect((await okAs(c.env, c.staff.cs)('staff.workload', {})).total).toBeGreaterThan(0);
  await okAs(c.env, c.staff.manager)('staff.workload', {});
  const board = await okAs(c.env, c.staff.manager)('board.get', { communityId: c.communityId, from: chinaDate(new Date(now.getTime() - 30 * 24 * HOUR)), to: chinaDate(now) });
  expect(board.received).toBeGreaterThan(600);
  await okAs(c.env, c.staff.cs)('unit.file', { unitId: c.units[0].id });
});

test('arrears over 60 homes come 20 homes a page, each home once with all its overdue bills, the longest overdue first', async () => {
  const admin = okAs(c.env, ADMIN_OPENID);
  const feeDisclosureId = await publishPropertyFee(c.env, c.communityId);
  await admin('bill.generate', { communityId: c.communityId, period: '2026-09', feeDisclosureId, itemNames: ['物业服务费'] });
  const bills = sdkFor(c.env).database().collection('bills');
  const _ = sdkFor(c.env).database().command;
  const { data: drafts } = (await bills.where({ communityId: c.communityId, period: '2026-09' }).limit(1).get()) as { data: Record<string, unknown>[] };
  const { _id: _ignored, ...template } = drafts[0];
  // 60 homes overdue since different days; every third also owes the month before, due a month earlier.
  const day = (offset: number): string => chinaDate(new Date(now.getTime() - offset * 24 * HOUR));
  const copies = Array.from({ length: 60 }, (_unused, i) => [
    { ...template, _id: `arrears${i}`, unitId: `arrears-unit-${i}`, unitLabel: `欠费 ${i} 号`, status: 'issued', dueDate: day(10 + i) },
    ...(i % 3 === 0 ? [{ ...template, _id: `arrears${i}-early`, unitId: `arrears-unit-${i}`, unitLabel: `欠费 ${i} 号`, period: '2026-08', status: 'issued', dueDate: day(40 + i) }] : []),
  ]).flat();
  await bills.add({ data: copies });
  await bills.where({ communityId: c.communityId, period: '2026-09', _id: _.nin(copies.map((copy) => copy._id as string)) }).remove();

  const rows: ArrearsRow[] = [];
  let after: string | undefined;
  do {
    const page = await okAs(c.env, c.staff.cs)('bill.arrears', { communityId: c.communityId, ...(after ? { cursor: after } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(20);
    rows.push(...page.items);
    after = page.cursor;
  } while (after);
  expect(rows.map((row) => row.unitId).sort()).toEqual(Array.from({ length: 60 }, (_unused, i) => `arrears-unit-${i}`).sort());
  expect(rows.map((row) => row.daysOverdue)).toEqual([...rows.map((row) => row.daysOverdue)].sort((a, b) => b - a));
  const twice = rows.find((row) => row.unitId === 'arrears-unit-3')!;
  expect(twice.bills.map((bill) => bill.period)).toEqual(['2026-08', '2026-09']);
  expect(twice.outstandingFen).toBe(twice.bills.reduce((sum, bill) => sum + bill.outstandingFen, 0));
});

test('a page of 20 homes that each owe six months shows every one of their 120 overdue bills', async () => {
  const bills = sdkFor(c.env).database().collection('bills');
  const { data: issued } = (await bills.where({ communityId: c.communityId, status: 'issued' }).limit(1).get()) as { data: Record<string, unknown>[] };
  const { _id: _ignored, ...template } = issued[0];
  const day = (offset: number): string => chinaDate(new Date(now.getTime() - offset * 24 * HOUR));
  // Overdue longer than any home above: these 20 homes make the first page.
  const owing = Array.from({ length: 20 }, (_unused, i) =>
    Array.from({ length: 6 }, (_months, m) => ({
      ...template,
      _id: `owing${i}-${m}`,
      unitId: `owing-unit-${i}`,
      unitLabel: `长期欠费 ${i} 号`,
      period: `2025-0${m + 1}`,
      status: 'issued',
      dueDate: day(400 + i * 10 + (5 - m)),
    })),
  ).flat();
  await bills.add({ data: owing });
  const page = await okAs(c.env, c.staff.cs)('bill.arrears', { communityId: c.communityId });
  expect(page.items.map((row) => row.unitId).sort()).toEqual(Array.from({ length: 20 }, (_unused, i) => `owing-unit-${i}`).sort());
  for (const row of page.items) {
    expect(row.bills.map((bill) => bill.period)).toEqual(['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
    expect(row.outstandingFen).toBe(row.bills.reduce((sum, bill) => sum + bill.outstandingFen, 0));
  }
});

test("an owner's export and deletion reach every ticket and event", async () => {
  const owner = okAs(c.env, c.owner);
  expect((await owner('me.export', {})).fileID).toBeTruthy();
  await owner('me.delete', { confirm: '删除我的个人信息' });
  expect((await owner('ticket.mine', {})).items).toEqual([]);
});
