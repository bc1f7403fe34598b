/**
 * WeChat Pay for bills through the local cloud's cloudPay: an order per bill and attempt, the bill
 * paid only when the payment notice arrives (held back, sent twice, or never — then the timer asks
 * WeChat), a forged notice ignored, a desk payment during a pending online one ending with one
 * collection and one refund, and a manager's refund. Money is integer fen throughout.
 */
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWxCloud } from '../../emulator/client/node';
import type { Bill } from '../../typings/disclosure';
import { apiAs, okAs } from '../support/api';
import { databaseRequests, sdkFor, uniqueEnv } from '../support/cloud';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { noticesArrive, payOnPhone, payOrders, releaseNotices } from '../support/pay';
import { renderPdf } from '../support/pdf';
import { ADMIN_OPENID, daysFromToday, publishPropertyFee, seedCommunity, type SeededCommunity } from '../support/seed';

/** Kept by CI: the receipts' pages as images. */
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

jest.setTimeout(120_000);

let cloud: RunningCloud;
let s: SeededCommunity;
const env = uniqueEnv('payments');
const PERIOD = '2026-12';
const owner = () => okAs(env, s.owner, cloud.url);
const cs = () => okAs(env, s.staff.cs, cloud.url);
/** The owner's bill for their home (units[0]). */
const myBill = async (): Promise<Bill> => (await owner()('bill.mine', {})).find((bill) => bill.period === PERIOD)!;
/** Waits by time, not by a number of tries: on a busy machine each read is slower. */
const until = async <T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last seen: ${JSON.stringify(value)?.slice(0, 300)})`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

beforeAll(async () => {
  cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'payments-')) });
  s = await seedCommunity(env, 'pay', cloud.url);
  const admin = okAs(env, ADMIN_OPENID, cloud.url);
  const feeDisclosureId = await publishPropertyFee(env, s.communityId, cloud.url);
  await admin('bill.generate', { communityId: s.communityId, period: PERIOD, feeDisclosureId, itemNames: ['物业服务费'] });
  await admin('bill.publish', { communityId: s.communityId, period: PERIOD, dueDate: daysFromToday(20) });
});

afterAll(async () => {
  await cloud?.stop();
  if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
});

describe('an owner pays a bill in WeChat', () => {
  test('the bill is payable by its payer; the order is for what is left, the same order when asked again', async () => {
    const bill = await myBill();
    expect(bill).toMatchObject({ status: 'issued', payable: true, outstandingFen: 22375 });
    const first = await owner()('pay.start', { billId: bill.id });
    expect(first).toMatchObject({ amountFen: 22375, payment: { package: expect.stringMatching(/^prepay_id=wx/), signType: 'MD5' } });
    // A retry (a second tap, a lost answer) gets the very same order, never a second one.
    const again = await owner()('pay.start', { billId: bill.id });
    expect(again.orderId).toBe(first.orderId);
    expect(again.payment.package).toBe(first.payment.package);
    expect((await payOrders(cloud.url, env)).map((order) => order.outTradeNo)).toEqual([first.orderId]);
    // Someone who does not pay for the home cannot pay (or see) its bill.
    expect(await apiAs(env, s.staff.cs, cloud.url)('pay.start', { billId: bill.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect(await apiAs(env, s.owner, cloud.url)('pay.start', { billId: `${s.communityId}:${PERIOD}:${s.units[1].id}` })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });

  test('paid on the phone, the bill changes only when the notice arrives; a second notice changes nothing', async () => {
    const bill = await myBill();
    const { orderId, payment } = await owner()('pay.start', { billId: bill.id });
    await noticesArrive(cloud.url, env, 'held');
    expect(await payOnPhone(cloud.url, env, payment)).toBe('requestPayment:ok');
    // The phone said ok; the bill waits for WeChat's notice.
    expect(await owner()('pay.status', { orderId })).toMatchObject({ status: 'pending', bill: { status: 'issued', paidFen: 0, payable: true } });
    // The page asks again until it changes: each ask reads the order and the bill, nothing more.
    const requests = (): Promise<number> => databaseRequests(cloud.url, env);
    const before = await requests();
    await owner()('pay.status', { orderId });
    expect((await requests()) - before).toBeLessThanOrEqual(2);
    await noticesArrive(cloud.url, env, 'twice');
    expect(await releaseNotices(cloud.url, env)).toBe(1);
    const { status, bill: paid } = await owner()('pay.status', { orderId });
    expect(status).toBe('paid');
    expect(paid).toMatchObject({ status: 'paid', paidFen: 22375, outstandingFen: 0, payable: false });
    expect(paid.payments).toEqual([
      expect.objectContaining({ id: orderId, amountFen: 22375, channel: 'wechat', receiptNo: expect.stringMatching(/^SJ\d{8}-0001$/), transactionId: expect.stringMatching(/^42000/) }),
    ]);
    // The notice once more (here sent from a phone, as anyone could): still one payment.
    const notice = createWxCloud({ baseUrl: cloud.url, env, openid: () => s.owner });
    await notice.callFunction({ name: 'payNotice', data: { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: orderId, totalFee: 22375 } });
    expect((await myBill()).payments).toHaveLength(1);
    // Paying a settled bill is refused.
    expect(await apiAs(env, s.owner, cloud.url)('pay.start', { billId: bill.id })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test('the payment’s electronic receipt opens as a PDF that renders and shows the amounts; nobody else’s', async () => {
    const bill = await myBill();
    const [payment] = bill.payments;
    const opened = await owner()('bill.receipt', { billId: bill.id, paymentId: payment.id });
    const rendered = renderPdf(Buffer.from(await (await fetch(opened.url)).arrayBuffer()), join(ARTIFACTS, 'receipts'), 'receipt-wechat');
    expect(rendered.pages).toBe(1);
    expect(rendered.images).toHaveLength(1);
    const text = rendered.text.replace(/\s+/g, '');
    expect(text).toContain('物业服务费电子收据');
    expect(text).toContain(`收据号${payment.receiptNo}`);
    expect(text).toContain(s.units[0].label.replace(/\s+/g, ''));
    expect(text).toContain('本次实收¥223.75');
    expect(text).toContain('大写：人民币贰佰贰拾叁元柒角伍分');
    expect(text).toContain(`微信支付（交易单号${payment.transactionId}）`);
    expect(text).toContain('物业服务费2.50元/㎡·月89.5㎡223.75');
    // The desk opens it too; a resident of another home does not.
    expect((await cs()('bill.receipt', { billId: bill.id, paymentId: payment.id })).fileType).toBe('pdf');
    expect(await apiAs(env, 'o-pay-stranger', cloud.url)('bill.receipt', { billId: bill.id, paymentId: payment.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
  });
});

describe('the desk and WeChat Pay together', () => {
  let bill: Bill;
  const tenantHome = () => s.units[1];

  beforeAll(async () => {
    // A second home with its own owner, for the rest of the tests.
    const request = await okAs(env, 'o-pay-owner-2', cloud.url)('binding.request', { unitId: tenantHome().id, relation: 'owner', name: '孙丽', phone: '13800000005', proofFileIds: [] });
    await cs()('binding.review', { id: request.id, version: request.version, decision: 'approve' });
    bill = (await okAs(env, 'o-pay-owner-2', cloud.url)('bill.mine', {})).find((item) => item.period === PERIOD)!;
  });

  test('a forged notice for an unpaid order changes nothing: WeChat’s own query decides', async () => {
    const { orderId } = await okAs(env, 'o-pay-owner-2', cloud.url)('pay.start', { billId: bill.id });
    const forger = createWxCloud({ baseUrl: cloud.url, env, openid: () => 'o-pay-owner-2' });
    const { result } = await forger.callFunction({ name: 'payNotice', data: { returnCode: 'SUCCESS', resultCode: 'SUCCESS', outTradeNo: orderId, totalFee: bill.totalFen } });
    expect(result).toEqual({ errcode: 0, errmsg: 'OK' });
    expect(await okAs(env, 'o-pay-owner-2', cloud.url)('pay.status', { orderId })).toMatchObject({ status: 'pending', bill: { status: 'issued', paidFen: 0 } });
  });

  test('paid at the desk while an online payment was under way: one collection, and the online payment refunded and recorded', async () => {
    const payer = okAs(env, 'o-pay-owner-2', cloud.url);
    const { orderId, payment } = await payer('pay.start', { billId: bill.id });
    await noticesArrive(cloud.url, env, 'held');
    await payOnPhone(cloud.url, env, payment);
    const atDesk = (await cs()('bill.list', { communityId: s.communityId, period: PERIOD })).items.find((item) => item.id === bill.id)!;
    await cs()('bill.markPaid', { id: bill.id, version: atDesk.version, receiptNo: 'SJ-DESK-0001' });
    await releaseNotices(cloud.url, env);
    const { status, bill: after } = await payer('pay.status', { orderId });
    expect(status).toBe('refunded');
    expect(after).toMatchObject({ status: 'paid', paidFen: bill.totalFen });
    expect(after.payments.map((item) => [item.channel, item.amountFen])).toEqual([['desk', bill.totalFen]]);
    expect(after.returned).toEqual([{ orderId, amountFen: bill.totalFen, at: expect.any(String), reason: '该账单已在服务中心缴清，本次微信支付已原路退回' }]);
    expect((await payOrders(cloud.url, env)).find((order) => order.outTradeNo === orderId)).toMatchObject({ state: 'REFUND', refundedFee: bill.totalFen });
  });
});

describe('when the notice never comes, and refunds', () => {
  const home = () => s.units[2];
  let billId = '';

  beforeAll(async () => {
    const request = await okAs(env, 'o-pay-owner-3', cloud.url)('binding.request', { unitId: home().id, relation: 'owner', name: '钱进', phone: '13800000006', proofFileIds: [] });
    await cs()('binding.review', { id: request.id, version: request.version, decision: 'approve' });
    billId = `${s.communityId}:${PERIOD}:${home().id}`;
  });

  test('a payment whose notice never arrives is settled by the timer from WeChat’s query', async () => {
    const payer = okAs(env, 'o-pay-owner-3', cloud.url);
    const { orderId, payment } = await payer('pay.start', { billId });
    await noticesArrive(cloud.url, env, 'never');
    await payOnPhone(cloud.url, env, payment);
    expect((await payer('pay.status', { orderId })).status).toBe('pending');
    const moved = await fetch(`${cloud.url}/_emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 11 * 60 * 1000 }) });
    expect(moved.ok).toBe(true);
    const settled = await until(() => payer('pay.status', { orderId }), (answer) => answer.status === 'paid', 'the timer to settle the order');
    expect(settled.bill).toMatchObject({ status: 'paid', payments: [expect.objectContaining({ channel: 'wechat' })] });
  });

  test('a manager refunds an online payment with a reason; the bill is unpaid again; customer service may not', async () => {
    await noticesArrive(cloud.url, env, 'prompt');
    const bill = (await cs()('bill.list', { communityId: s.communityId, period: PERIOD })).items.find((item) => item.id === billId)!;
    const orderId = bill.payments[0].id;
    expect((await payOrders(cloud.url, env)).find((item) => item.outTradeNo === orderId)).toMatchObject({ state: 'SUCCESS' });
    expect(bill.payments[0].refundable).toBe(false);
    expect(await apiAs(env, s.staff.cs, cloud.url)('pay.refund', { orderId, reason: '业主重复缴费，退回' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(env, s.staff.manager, cloud.url)('pay.refund', { orderId, reason: '退' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    const managers = (await okAs(env, s.staff.manager, cloud.url)('bill.list', { communityId: s.communityId, period: PERIOD })).items.find((item) => item.id === billId)!;
    expect(managers.payments[0].refundable).toBe(true);
    const refunded = await okAs(env, s.staff.manager, cloud.url)('pay.refund', { orderId, reason: '业主重复缴费，退回' });
    expect(refunded).toMatchObject({ status: 'issued', paidFen: 0, outstandingFen: refunded.totalFen });
    expect(refunded.payments[0]).toMatchObject({ refund: { reason: '业主重复缴费，退回', byName: '经理陈' }, refundable: false });
    expect((await payOrders(cloud.url, env)).find((item) => item.outTradeNo === orderId)).toMatchObject({ state: 'REFUND', refundedFee: refunded.totalFen });
    // Only once.
    expect(await apiAs(env, s.staff.manager, cloud.url)('pay.refund', { orderId, reason: '业主重复缴费，退回' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });
  test('a payment notice cut short after marking the order paid: the payer is told it is being confirmed, never paid, until the timer writes it to the bill', async () => {
    const payer = okAs(env, 'o-pay-owner-3', cloud.url);
    const { orderId, payment } = await payer('pay.start', { billId });
    await noticesArrive(cloud.url, env, 'never');
    await payOnPhone(cloud.url, env, payment);
    // What a notice stopped between its two writes leaves: the order marked paid, the bill not yet.
    const shared = process.env.TCB_CONTEXT_CNFG;
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${cloud.url}/admin` });
    try {
      await sdkFor(env).database().collection('orders').doc(orderId).update({ data: { status: 'paid', paidAt: new Date() } });
    } finally {
      if (shared === undefined) delete process.env.TCB_CONTEXT_CNFG;
      else process.env.TCB_CONTEXT_CNFG = shared;
    }
    expect(await payer('pay.status', { orderId })).toMatchObject({ status: 'pending', bill: { status: 'issued', paidFen: 0 } });
    const moved = await fetch(`${cloud.url}/_emulator/clock`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ advanceMs: 11 * 60 * 1000 }) });
    expect(moved.ok).toBe(true);
    const settled = await until(() => payer('pay.status', { orderId }), (answer) => answer.status === 'paid', 'the timer to write the payment to the bill');
    expect(settled.bill).toMatchObject({ status: 'paid', paidFen: settled.bill.totalFen });
    // Returned, so that the home owes its bill again in the month's figures below.
    await okAs(env, s.staff.manager, cloud.url)('pay.refund', { orderId, reason: '测试后退回，账单恢复待缴' });
  });
});

describe('who is offered a home’s bill', () => {
  test('a tenant approved as the payer is offered it instead of the owners, until the tenant leaves', async () => {
    const home = s.units[s.units.length - 1];
    const billOf = async (openid: string): Promise<Bill | undefined> => (await okAs(env, openid, cloud.url)('bill.mine', {})).find((bill) => bill.unitId === home.id);
    const bind = async (openid: string, relation: 'owner' | 'tenant', name: string, phone: string, payer?: true): Promise<void> => {
      const request = await okAs(env, openid, cloud.url)('binding.request', { unitId: home.id, relation, name, phone, proofFileIds: [] });
      await cs()('binding.review', { id: request.id, version: request.version, decision: 'approve', ...(payer ? { payer } : {}) });
    };
    await bind('o-pay-first-owner', 'owner', '郑强', '13800000021');
    expect(await billOf('o-pay-first-owner')).toMatchObject({ status: 'issued', payable: true });

    await bind('o-pay-tenant', 'tenant', '冯洋', '13900000022', true);
    expect(await billOf('o-pay-tenant')).toMatchObject({ payable: true });
    expect(await billOf('o-pay-first-owner')).toMatchObject({ payable: false });
    // An owner verified after the tenant became the payer is not offered it either.
    await bind('o-pay-second-owner', 'owner', '郑敏', '13800000023');
    expect(await billOf('o-pay-second-owner')).toMatchObject({ payable: false });
    expect(await apiAs(env, 'o-pay-second-owner', cloud.url)('pay.start', { billId: (await billOf('o-pay-second-owner'))!.id })).toMatchObject({ ok: false, code: 'NOT_FOUND' });

    // The tenant deletes their data: the owners pay again.
    await okAs(env, 'o-pay-tenant', cloud.url)('me.delete', { confirm: '删除我的个人信息' });
    expect(await billOf('o-pay-first-owner')).toMatchObject({ payable: true });
    expect(await billOf('o-pay-second-owner')).toMatchObject({ payable: true });
  });
});

describe('monthly reconciliation', () => {
  test('the figures equal the sums of the payments, refunds and write-offs recorded on the bills; the .xlsx has them', async () => {
    // One more home written off by a manager, so every kind of money shows.
    const bills = (await cs()('bill.list', { communityId: s.communityId, period: PERIOD })).items;
    const open = bills.find((bill) => bill.status === 'issued' && bill.paidFen === 0 && bill.payments.length === 0)!;
    await okAs(env, s.staff.manager, cloud.url)('bill.waive', { id: open.id, version: open.version, reason: '经理批准的困难家庭减免' });
    const now = (await cs()('bill.list', { communityId: s.communityId, period: PERIOD })).items;

    // Worked out here from the bills' own records.
    const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);
    const payments = now.flatMap((bill) => bill.payments);
    const expected = {
      bills: now.length,
      issuedFen: sum(now.map((bill) => bill.totalFen)),
      onlineFen: sum(payments.filter((payment) => payment.channel === 'wechat').map((payment) => payment.amountFen)) + sum(now.flatMap((bill) => bill.returned.map((item) => item.amountFen))),
      deskFen: sum(payments.filter((payment) => payment.channel === 'desk').map((payment) => payment.amountFen)),
      refundedFen: sum(payments.filter((payment) => payment.refund).map((payment) => payment.amountFen)) + sum(now.flatMap((bill) => bill.returned.map((item) => item.amountFen))),
      waivedFen: sum(now.map((bill) => bill.waiver?.amountFen ?? 0)),
      outstandingFen: sum(now.map((bill) => bill.outstandingFen)),
      paidBills: now.filter((bill) => bill.status === 'paid').length,
    };
    const figures = await cs()('bill.reconcile', { communityId: s.communityId, period: PERIOD });
    expect(figures).toEqual({ communityId: s.communityId, period: PERIOD, ...expected });
    // Every kind is there, and they add up.
    expect(Object.values(expected).every((value) => value > 0)).toBe(true);
    expect(figures.issuedFen).toBe(figures.onlineFen + figures.deskFen - figures.refundedFen + figures.waivedFen + figures.outstandingFen);

    const exported = await cs()('bill.reconcileExport', { communityId: s.communityId, period: PERIOD });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await (await fetch(exported.url)).arrayBuffer());
    const rows: Record<string, unknown> = {};
    workbook.getWorksheet('对账')!.eachRow((row, index) => {
      if (index > 1) rows[String(row.getCell(1).value)] = row.getCell(2).value;
    });
    const yuanText = (fen: number): string => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    expect(rows['微信支付实收']).toBe(yuanText(expected.onlineFen));
    expect(rows['服务中心实收']).toBe(yuanText(expected.deskFen));
    expect(rows['退款']).toBe(yuanText(expected.refundedFen));
    expect(rows['减免']).toBe(yuanText(expected.waivedFen));
    expect(rows['未收']).toBe(yuanText(expected.outstandingFen));
    expect(workbook.getWorksheet('明细')!.rowCount - 1).toBe(payments.length + payments.filter((payment) => payment.refund).length + now.flatMap((bill) => bill.returned).length + 1);
    expect(await apiAs(env, s.owner, cloud.url)('bill.reconcile', { communityId: s.communityId, period: PERIOD })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('a bill paid before payments were recorded one by one (only its receipt number kept) counts as collected at the desk, and the figures still add up', async () => {
    const before = await cs()('bill.reconcile', { communityId: s.communityId, period: PERIOD });
    const paid = (await cs()('bill.list', { communityId: s.communityId, period: PERIOD })).items.find(
      (bill) => bill.status === 'paid' && bill.payments.length > 0 && bill.payments.every((payment) => !payment.refund) && bill.returned.length === 0,
    )!;
    expect(paid).toBeDefined();
    // The same bill as an earlier release stored it: paid in full at the desk, its receipt number on the bill, no payment records, no figures kept.
    const shared = process.env.TCB_CONTEXT_CNFG;
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${cloud.url}/admin` });
    try {
      const db = sdkFor(env).database();
      await db.collection('bills').doc(paid.id).update({ data: { payments: db.command.remove(), figures: db.command.remove(), receiptNo: paid.payments.at(-1)!.receiptNo } });
    } finally {
      if (shared === undefined) delete process.env.TCB_CONTEXT_CNFG;
      else process.env.TCB_CONTEXT_CNFG = shared;
    }
    const after = await cs()('bill.reconcile', { communityId: s.communityId, period: PERIOD });
    // Its payment is the desk's now (that is all an old bill says of it); what was collected and what is owed are the same.
    expect(after.onlineFen + after.deskFen).toBe(before.onlineFen + before.deskFen);
    expect(after.deskFen).toBeGreaterThanOrEqual(before.deskFen);
    expect({ ...after, onlineFen: 0, deskFen: 0 }).toEqual({ ...before, onlineFen: 0, deskFen: 0 });
    expect(after.issuedFen).toBe(after.onlineFen + after.deskFen - after.refundedFen + after.waivedFen + after.outstandingFen);
  });

  test('the figures each bill keeps are the ones its records make: the period reconciled from the records alone is the same', async () => {
    const kept = await cs()('bill.reconcile', { communityId: s.communityId, period: PERIOD });
    // Paid online, returned, refunded, paid at the desk, written off: every write of the tests above kept its bill's figures.
    expect(kept.onlineFen * kept.deskFen * kept.refundedFen * kept.waivedFen * kept.outstandingFen).toBeGreaterThan(0);
    const shared = process.env.TCB_CONTEXT_CNFG;
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${cloud.url}/admin` });
    try {
      const db = sdkFor(env).database();
      const stripped = await db.collection('bills').where({ communityId: s.communityId, period: PERIOD }).update({ data: { figures: db.command.remove() } });
      // All but the one the test above already stored as an earlier release did.
      expect((stripped as { stats: { updated: number } }).stats.updated).toBe(kept.bills - 1);
    } finally {
      if (shared === undefined) delete process.env.TCB_CONTEXT_CNFG;
      else process.env.TCB_CONTEXT_CNFG = shared;
    }
    expect(await cs()('bill.reconcile', { communityId: s.communityId, period: PERIOD })).toEqual(kept);
  });
});
