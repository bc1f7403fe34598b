import { BUILT_IN_CALENDAR } from '../../cloudfunctions/api/src/time/calendar';
import type { DisclosureContent, FeeItem } from '../../typings/disclosure';
import { uniqueEnv } from '../support/cloud';
import { apiAs, grantSubscription, okAs, outbox } from '../support/api';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity, daysFromToday } from '../support/seed';

jest.setTimeout(90_000);

const env = uniqueEnv('disclosure');
let a: SeededCommunity;
let b: SeededCommunity;

beforeAll(async () => {
  a = await seedCommunity(env, 'dsa');
  b = await seedCommunity(env, 'dsb');
});

const propertyFee: FeeItem = { name: '物业服务费', category: 'property', priceFen: 250, unit: 'm2-month', basis: '物业服务合同第五条', note: '' };
const garbageFee: FeeItem = { name: '生活垃圾清运费', category: 'paid-service', priceFen: 1000, unit: 'month', basis: '成都市生活垃圾处理收费标准', note: '按户收取' };
const fees = (items: FeeItem[]): DisclosureContent => ({ kind: 'fee-standard', items });

describe('versioned disclosures', () => {
  test('publish, correct with a note, read the history and what changed; a published version never changes', async () => {
    const admin = okAs(env, ADMIN_OPENID);
    const draft = await admin('disclosure.saveDraft', { communityId: a.communityId, title: '收费标准公示', period: '2026年', content: fees([propertyFee, garbageFee]) });
    expect(draft).toMatchObject({ status: 'draft', version: 1 });
    const v1 = await admin('disclosure.publish', { id: draft.id, revision: draft.revision });
    expect(v1).toMatchObject({ status: 'published', version: 1 });

    const edit = await apiAs(env, ADMIN_OPENID)('disclosure.saveDraft', {
      communityId: a.communityId,
      draftId: v1.id,
      revision: v1.revision,
      title: '收费标准公示',
      period: '2026年',
      content: fees([{ ...propertyFee, priceFen: 1 }]),
    });
    expect(edit).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await apiAs(env, a.staff.manager)('disclosure.publish', { id: v1.id, revision: v1.revision })).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    const correction = await admin('disclosure.saveDraft', {
      communityId: a.communityId,
      correcting: v1.id,
      title: '收费标准公示',
      period: '2026年',
      content: fees([{ ...propertyFee, priceFen: 230 }, { name: '车位管理费', category: 'parking', priceFen: 15000, unit: 'space-month', basis: '成发改价格〔2023〕12号', note: '' }]),
    });
    expect(correction.version).toBe(2);
    expect(await apiAs(env, ADMIN_OPENID)('disclosure.publish', { id: correction.id, revision: correction.revision })).toMatchObject({ ok: false, code: 'VALIDATION' });
    const v2 = await admin('disclosure.publish', { id: correction.id, revision: correction.revision, correctionNote: '物业费按业主大会决议下调；增列车位管理费；垃圾清运费改由街道收取' });
    expect(v2).toMatchObject({ version: 2, correctionNote: expect.stringContaining('下调') });

    const owner = okAs(env, a.owner);
    const boardNow = await owner('disclosure.board', { communityId: a.communityId });
    expect(boardNow.map((item) => [item.seriesId, item.version])).toEqual([[v1.seriesId, 2]]);
    const versions = await owner('disclosure.history', { seriesId: v1.seriesId });
    expect(versions.map((item) => item.version)).toEqual([2, 1]);
    expect(versions[1].content).toEqual(fees([propertyFee, garbageFee]));

    const changes = await owner('disclosure.diff', { seriesId: v1.seriesId, from: 1, to: 2 });
    expect(changes.changes).toEqual([
      { change: 'changed', label: '物业服务费', before: '¥2.50/㎡·月；依据：物业服务合同第五条', after: '¥2.30/㎡·月；依据：物业服务合同第五条' },
      { change: 'removed', label: '生活垃圾清运费', before: '¥10.00/月；依据：成都市生活垃圾处理收费标准；按户收取' },
      { change: 'added', label: '车位管理费', after: '¥150.00/个·月；依据：成发改价格〔2023〕12号' },
    ]);
  });

  test('statement totals and balance are computed, exactly, and cannot be typed in', async () => {
    const admin = okAs(env, ADMIN_OPENID);
    const entries = Array.from({ length: 300 }, (_, i) => ({
      date: `2026-0${(i % 9) + 1}-1${i % 10}`,
      direction: (i % 3 === 0 ? 'expense' : 'income') as 'income' | 'expense',
      category: i % 3 === 0 ? '公共水电' : '广告位租金',
      amountFen: 1 + ((i * 7919) % 100_000),
      note: `第${i}笔`,
    }));
    const income = entries.filter((entry) => entry.direction === 'income').reduce((sum, entry) => sum + entry.amountFen, 0);
    const expense = entries.filter((entry) => entry.direction === 'expense').reduce((sum, entry) => sum + entry.amountFen, 0);
    const draft = await admin('disclosure.saveDraft', { communityId: a.communityId, title: '共有部分经营收益收支', period: '2026年前三季度', content: { kind: 'common-income', entries } });
    expect(draft.totals).toEqual({ incomeFen: income, expenseFen: expense, balanceFen: income - expense });

    const tenAndTwenty = await admin('disclosure.saveDraft', {
      communityId: a.communityId,
      title: '酬金制资金收支',
      period: '2026年10月',
      content: {
        kind: 'fund-statement',
        entries: [
          { date: '2026-10-01', direction: 'income', category: '物业费', amountFen: 10, note: '0.1 元' },
          { date: '2026-10-02', direction: 'income', category: '物业费', amountFen: 20, note: '0.2 元' },
        ],
      },
    });
    expect(tenAndTwenty.totals).toEqual({ incomeFen: 30, expenseFen: 0, balanceFen: 30 });

    const typed = await apiAs(env, ADMIN_OPENID)('disclosure.saveDraft', {
      communityId: a.communityId,
      title: '酬金制资金收支',
      period: '2026年10月',
      content: { kind: 'fund-statement', entries: [{ date: '2026-10-01', direction: 'income', category: '物业费', amountFen: 10.5, note: '' }] },
    });
    expect(typed).toMatchObject({ ok: false, code: 'VALIDATION' });
    const withTotals = await apiAs(env, ADMIN_OPENID)('disclosure.saveDraft', {
      communityId: a.communityId,
      title: '酬金制资金收支',
      period: '2026年10月',
      content: { kind: 'fund-statement', entries: [], totals: { incomeFen: 1 } } as unknown as DisclosureContent,
    });
    expect(withTotals).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  test("an owner of another community cannot read this community's board", async () => {
    expect(await apiAs(env, b.owner)('disclosure.board', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, a.stranger)('disclosure.board', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await okAs(env, b.owner)('disclosure.board', { communityId: b.communityId }))).toEqual([]);
  });

  test('an inquiry on a published item is a ticket with the usual 2-working-day deadline, answered by staff', async () => {
    const [notice] = await okAs(env, a.owner)('disclosure.board', { communityId: a.communityId });
    const ticket = await okAs(env, a.owner)('disclosure.inquire', { disclosureId: notice.id, question: '车位管理费为什么比去年高？请说明依据。' });
    expect(ticket).toMatchObject({ kind: 'inquiry', category: '收费标准', subject: { disclosureId: notice.id, seriesId: notice.seriesId, version: 2 } });
    expect(ticket.number).toMatch(/^ZQ/);
    expect(ticket.locationLabel).toContain('收费标准公示');
    // The same reply promise as any ticket: the end of the 2nd working day after receipt.
    expect(ticket.dueAt).toBe(BUILT_IN_CALENDAR.workingDaysAfter(new Date(ticket.createdAt), 2).toISOString());
    const inbox = await okAs(env, a.staff.cs)('ticket.inbox', { communityId: a.communityId, kind: 'inquiry' });
    expect(inbox.items.map((item) => item.id)).toContain(ticket.id);
    const answered = await okAs(env, a.staff.cs)('ticket.reply', { id: ticket.id, version: ticket.version, text: '您好！车位管理费依据成发改价格〔2023〕12号文件调整。', ownerVisible: true });
    expect(answered.events.at(-1)?.text).toContain('成发改价格');
  });
});

describe('bills', () => {
  test('area × standard, rounded half up to the fen per line; drafts hidden until issued; paid with a receipt', async () => {
    const admin = okAs(env, ADMIN_OPENID);
    const draft = await admin('disclosure.saveDraft', { communityId: b.communityId, title: '收费标准公示', period: '2026年', content: fees([propertyFee, garbageFee]) });
    const published = await admin('disclosure.publish', { id: draft.id, revision: draft.revision });
    const generated = await admin('bill.generate', { communityId: b.communityId, period: '2026-11', feeDisclosureId: published.id, itemNames: ['物业服务费', '生活垃圾清运费'] });
    expect(generated).toEqual({ created: b.units.length, replaced: 0 });
    expect(await okAs(env, b.owner)('bill.mine', {})).toEqual([]);

    const again = await admin('bill.generate', { communityId: b.communityId, period: '2026-11', feeDisclosureId: published.id, itemNames: ['物业服务费', '生活垃圾清运费'] });
    expect(again).toEqual({ created: 0, replaced: b.units.length });
    expect(await admin('bill.publish', { communityId: b.communityId, period: '2026-11', dueDate: daysFromToday(30) })).toEqual({ issued: b.units.length });

    const [bill] = await okAs(env, b.owner)('bill.mine', {});
    // units[0] is 89.50 m²: 89.50 × 2.50 = 223.75 yuan, plus 10.00 a month.
    expect(bill.items).toEqual([
      { name: '物业服务费', priceFen: 250, unit: 'm2-month', quantityCenti: 8950, amountFen: 22375 },
      { name: '生活垃圾清运费', priceFen: 1000, unit: 'month', quantityCenti: 100, amountFen: 1000 },
    ]);
    expect(bill).toMatchObject({ totalFen: 23375, status: 'issued', unitLabel: b.units[0].label });

    const list = await okAs(env, b.staff.cs)('bill.list', { communityId: b.communityId, period: '2026-11' });
    // units[2] is 101.25 m²: 101.25 × 2.50 = 253.125 → 253.13 yuan (half up).
    const odd = list.items.find((item) => item.unitId === b.units[2].id);
    expect(odd?.items[0].amountFen).toBe(25313);

    expect(await apiAs(env, b.staff.cs)('bill.markPaid', { id: bill.id, version: bill.version, receiptNo: '收据1' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    const paid = await okAs(env, b.staff.cs)('bill.markPaid', { id: bill.id, version: bill.version, receiptNo: 'SJ-2026-000123' });
    expect(paid).toMatchObject({ status: 'paid', receiptNo: 'SJ-2026-000123' });
    expect((await okAs(env, b.owner)('bill.mine', {}))[0]).toMatchObject({ status: 'paid', receiptNo: 'SJ-2026-000123' });
    expect(await apiAs(env, b.staff.cs)('bill.markPaid', { id: bill.id, version: paid.version, receiptNo: 'SJ-2026-000124' })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect(await apiAs(env, a.staff.cs)('bill.list', { communityId: b.communityId, period: '2026-11' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, b.staff.cs)('bill.generate', { communityId: b.communityId, period: '2026-12', feeDisclosureId: published.id, itemNames: ['物业服务费'] })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
  });

  test('a reminder is a courteous message to the residents, once a day, recorded with its channel, sender and deadline', async () => {
    const [notice] = await okAs(env, b.owner)('disclosure.board', { communityId: b.communityId });
    await okAs(env, ADMIN_OPENID)('bill.generate', { communityId: b.communityId, period: '2026-12', feeDisclosureId: notice.id, itemNames: ['物业服务费'] });
    await okAs(env, ADMIN_OPENID)('bill.publish', { communityId: b.communityId, period: '2026-12', dueDate: daysFromToday(30) });
    const [unpaid] = (await okAs(env, b.owner)('bill.mine', {})).filter((bill) => bill.period === '2026-12');
    await grantSubscription(env, b.owner, 'tmpl-ticket-status', 2);
    const deadline = daysFromToday(10);
    const first = await okAs(env, b.staff.cs)('bill.remind', { id: unpaid.id, version: unpaid.version, channel: 'message', deadline });
    expect(first.reached).toBe(1);
    expect(first.bill.reminders).toEqual([{ at: expect.any(String), channel: 'message', byName: expect.any(String), deadline, reached: 1 }]);
    // The same day again: recorded, but the owner is not messaged twice.
    const second = await okAs(env, b.staff.cs)('bill.remind', { id: unpaid.id, version: first.bill.version, channel: 'message', deadline });
    expect(second.reached).toBe(0);
    // A call is recorded as made by the desk; a deadline under 7 days is not a reasonable time, and changes nothing.
    const called = await okAs(env, b.staff.cs)('bill.remind', { id: unpaid.id, channel: 'phone', deadline: daysFromToday(14) });
    expect(called.bill.reminders.map((reminder) => reminder.channel)).toEqual(['message', 'message', 'phone']);
    expect(await apiAs(env, b.staff.cs)('bill.remind', { id: unpaid.id, channel: 'phone', deadline: daysFromToday(3) })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(env, b.staff.cs)('bill.remind', { id: unpaid.id, version: first.bill.version, channel: 'letter', deadline })).toMatchObject({ ok: false, code: 'CONFLICT' });
    expect((await okAs(env, b.owner)('bill.mine', {})).find((bill) => bill.id === unpaid.id)!.reminders).toHaveLength(3);
    const [message] = (await outbox(env)).filter((item) => item.touser === b.owner && item.data.phrase3?.value === '待缴费');
    const [, month, day] = deadline.split('-').map(Number);
    expect(message.data.thing2.value).toBe(`¥223.75 请于${month}月${day}日前缴纳`);
    expect(JSON.stringify(message.data)).not.toMatch(/停水|停电|停暖|停气/);
  });
});
