import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Bill, OrderStatus } from '../../../../typings/disclosure';
import { MAINTAINERS, anyone, inCommunity } from '../access';
import { asResident } from '../caller';
import { cloud } from '../cloud';
import { command, find, findById, insert, isDuplicateKey, update } from '../db';
import { AppError, conflict, notFound } from '../errors';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { takeDailyNumber } from '../tickets/numbers';
import { text } from '../validation';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { OPEN_STATUSES, billWrite, outstandingOf, paidOf, payersOf, settledStatus, toBill, withPayment, type BillDocument, type PaymentRecord } from '../disclosure/bills';
import { cloudPay, problemOf, succeeded } from './cloudPay';
import { merchant, type Merchant } from './merchant';

/**
 * WeChat Pay for a bill (seed 000 (五) 2 主动出具票据): one order per bill and attempt, paid in
 * WeChat, applied to the bill only when WeChat's payment notice arrives and WeChat's own query
 * confirms it — never on the phone's word, and a second notice changes nothing. A payment that
 * arrives for a bill already settled at the desk is refunded at once and recorded, so nothing is
 * collected twice. Money is integer fen.
 */
export interface OrderDocument {
  /** The merchant order number (out_trade_no): `P` + the bill's digest + `-` + attempt. */
  _id: string;
  billId: string;
  communityId: string;
  unitId: string;
  period: string;
  openid: string;
  amountFen: number;
  attempt: number;
  status: OrderStatus;
  createdAt: Date;
  paidAt?: Date;
  transactionId?: string;
  /** When the payment was written to the bill (or returned): a notice after a crash finishes the job. */
  appliedAt?: Date;
  refund?: { outRefundNo: string; amountFen: number; reason: string; at: Date; auto: boolean };
}

/** An order still waiting this long is closed and replaced when the owner pays again (WeChat's prepay lasts 2 hours). */
const ORDER_LIFETIME_MS = 2 * 60 * 60 * 1000;
/** Orders waiting longer than this are asked about by the timer, in case their notice never comes. */
export const SETTLE_AFTER_MS = 10 * 60 * 1000;
const RETURNED_REASON = '该账单已在服务中心缴清，本次微信支付已原路退回';

const orderIdOf = (billId: string, attempt: number): string => `P${createHash('sha1').update(billId).digest('hex').slice(0, 16)}-${attempt}`;

function configured(): Merchant {
  const found = merchant();
  if (!found) throw new AppError('VALIDATION', '本小区暂未开通线上缴费，请到物业服务中心缴费');
  return found;
}

async function loadOrder(orderId: string): Promise<OrderDocument> {
  const order = await findById<OrderDocument>('orders', orderId);
  if (!order) throw notFound('支付订单不存在');
  return order;
}

const envId = (): string => String(cloud.getWXContext().ENV ?? '');

/** The order for what is left of the bill: the one waiting if it still fits, else a new attempt. */
async function orderFor(bill: BillDocument, openid: string, now: Date): Promise<OrderDocument> {
  const amountFen = outstandingOf(bill);
  const earlier = await find<OrderDocument>('orders', { billId: bill._id }, { orderBy: [['attempt', 'desc']], limit: 1 });
  const last = earlier[0];
  if (last?.status === 'pending') {
    const fresh = now.getTime() - new Date(last.createdAt).getTime() < ORDER_LIFETIME_MS;
    if (fresh && last.amountFen === amountFen && last.openid === openid) return last;
    // Paid at the desk in part meanwhile, someone else paying, or expired: close it before a new attempt.
    const closed = await cloudPay().closeOrder({ outTradeNo: last._id, subMchId: configured().subMchId, nonceStr: randomBytes(16).toString('hex') });
    if (!succeeded(closed)) throw new AppError('CONFLICT', '上一笔线上支付正在处理中，请稍后刷新账单');
    await update('orders', { _id: last._id, status: 'pending' }, { status: 'closed' });
  }
  const attempt = (last?.attempt ?? 0) + 1;
  const order: OrderDocument = {
    _id: orderIdOf(bill._id, attempt),
    billId: bill._id,
    communityId: bill.communityId,
    unitId: bill.unitId,
    period: bill.period,
    openid,
    amountFen,
    attempt,
    status: 'pending',
    createdAt: now,
  };
  try {
    await insert('orders', { ...order });
    return order;
  } catch (error) {
    // The same attempt started twice at once (a double tap): both get the one order.
    if (isDuplicateKey(error)) return loadOrder(order._id);
    throw error;
  }
}

export const startPayment: Route<'pay.start'> = {
  access: anyone('本人缴费的房屋的账单'),
  input: z.strictObject({ billId: z.string().min(1).max(120) }),
  async handle({ billId }, { caller, now }) {
    const shop = configured();
    const bill = await findById<BillDocument>('bills', billId);
    // A bill of a home the caller does not pay is as invisible as a missing one.
    if (!bill || !(await payersOf(bill.unitId)).some((payer) => payer.openid === caller.openid)) throw notFound('账单不存在');
    if (!OPEN_STATUSES.includes(bill.status) || outstandingOf(bill) === 0) throw conflict('该账单已缴清，无需再付');
    const order = await orderFor(bill, caller.openid, now);
    const reply = await cloudPay().unifiedOrder({
      body: `物业费-${bill.period}-${bill.unitLabel}`.slice(0, 60),
      outTradeNo: order._id,
      spbillCreateIp: '127.0.0.1',
      subMchId: shop.subMchId,
      totalFee: order.amountFen,
      envId: envId(),
      functionName: shop.noticeFunction,
      nonceStr: randomBytes(16).toString('hex'),
      tradeType: 'JSAPI',
    });
    if (!succeeded(reply) || !reply.payment) throw new AppError('CONFLICT', `微信支付下单失败：${problemOf(reply)}`);
    return { orderId: order._id, amountFen: order.amountFen, payment: reply.payment };
  },
};

/** The order's bill as its payer sees it. */
async function billSeenBy(order: OrderDocument, context: Parameters<Route<'pay.status'>['handle']>[1]): Promise<Bill> {
  const bill = await findById<BillDocument>('bills', order.billId);
  if (!bill) throw notFound('账单不存在');
  // The payer's own bill, as their bills page shows it (bill.mine): no account read on each poll.
  return toBill(bill, asResident(context.caller), context.now, merchant() !== undefined && order.openid === context.caller.openid);
}

export const paymentStatus: Route<'pay.status'> = {
  access: anyone('本人下的支付订单'),
  input: z.strictObject({ orderId: z.string().min(1).max(40) }),
  async handle({ orderId }, context) {
    const order = await findById<OrderDocument>('orders', orderId);
    if (!order || order.openid !== context.caller.openid) throw notFound('支付订单不存在');
    // Paid only once the bill has it: the order is marked first, then written to the bill (or a
    // notice was cut short between the two), and a payer told 已缴费 must not see the bill unpaid.
    const status = order.status === 'paid' && !order.appliedAt ? 'pending' : order.status;
    return { status, bill: await billSeenBy(order, context) };
  },
};

/** Returns the money to the payer through WeChat Pay; idempotent by refund number. */
async function refundOrder(order: OrderDocument, reason: string): Promise<string> {
  const outRefundNo = `${order._id}R`;
  const reply = await cloudPay().refund({
    outTradeNo: order._id,
    outRefundNo,
    totalFee: order.amountFen,
    refundFee: order.amountFen,
    subMchId: configured().subMchId,
    nonceStr: randomBytes(16).toString('hex'),
    refundDesc: reason.slice(0, 80),
  });
  if (!succeeded(reply)) throw new AppError('CONFLICT', `微信支付退款失败：${problemOf(reply)}`);
  return outRefundNo;
}

/**
 * A paid order written to its bill, once: the payment (with an electronic receipt number) when the
 * bill still has that much left, otherwise refunded at once and recorded on both. Resolves whether
 * the order is now settled (written or returned).
 */
export async function applyPaidOrder(orderId: string, now: Date): Promise<boolean> {
  const outcome = await atomically(['orders', 'bills', 'counters'], async (transaction) => {
    const order = await transaction.get<OrderDocument>('orders', orderId);
    if (!order || order.status !== 'paid') return 'unpaid' as const;
    if (order.appliedAt) return 'done' as const;
    const bill = await transaction.get<BillDocument>('bills', order.billId);
    if (!bill) return 'unpaid' as const;
    if (OPEN_STATUSES.includes(bill.status) && outstandingOf({ ...bill, _id: order.billId }) >= order.amountFen) {
      const payment: PaymentRecord = {
        id: order._id,
        amountFen: order.amountFen,
        channel: 'wechat',
        receiptNo: await takeDailyNumber(transaction, order.communityId, 'SJ', now),
        at: order.paidAt ?? now,
        by: order.openid,
        byName: '',
        ...(order.transactionId ? { transactionId: order.transactionId } : {}),
      };
      const paidBill = { ...bill, _id: order.billId };
      await transaction.update('bills', order.billId, { ...billWrite(paidBill, withPayment(paidBill, payment)), updatedAt: now, version: bill.version + 1 });
      await transaction.update('orders', orderId, { appliedAt: now });
      return 'applied' as const;
    }
    return 'refund' as const;
  });
  if (outcome !== 'refund') return outcome !== 'unpaid';
  const order = await loadOrder(orderId);
  const outRefundNo = await refundOrder(order, RETURNED_REASON);
  await atomically(['orders', 'bills'], async (transaction) => {
    const fresh = await transaction.get<OrderDocument>('orders', orderId);
    if (!fresh || fresh.appliedAt) return;
    const bill = await transaction.get<BillDocument>('bills', order.billId);
    await transaction.update('orders', orderId, {
      status: 'refunded',
      appliedAt: now,
      refund: { outRefundNo, amountFen: order.amountFen, reason: RETURNED_REASON, at: now, auto: true },
    });
    if (bill) {
      const returned = [...(bill.returned ?? []), { orderId, amountFen: order.amountFen, at: now, reason: RETURNED_REASON }];
      await transaction.update('bills', order.billId, { ...billWrite({ ...bill, _id: order.billId }, { returned }), updatedAt: now, version: bill.version + 1 });
    }
  });
  return true;
}

/** WeChat's own word on an order, from its query API: paid, and for the amount ordered. */
async function confirmedPaid(order: OrderDocument): Promise<{ transactionId: string } | undefined> {
  const reply = await cloudPay().queryOrder({ outTradeNo: order._id, subMchId: configured().subMchId, nonceStr: randomBytes(16).toString('hex') });
  if (!succeeded(reply) || (reply.tradeState !== 'SUCCESS' && reply.tradeState !== 'REFUND') || reply.totalFee !== order.amountFen) return undefined;
  return { transactionId: reply.transactionId ?? '' };
}

/** pending → paid, once, when WeChat confirms it; then written to the bill. Resolves whether it is settled. */
async function settle(order: OrderDocument, now: Date): Promise<boolean> {
  if (order.status === 'pending') {
    const paid = await confirmedPaid(order);
    if (!paid) return false;
    await update('orders', { _id: order._id, status: 'pending' }, { status: 'paid', paidAt: now, transactionId: paid.transactionId });
  }
  return applyPaidOrder(order._id, now);
}

/**
 * The payment notice (支付结果回调) WeChat Pay sends to the `payNotice` function. The notice is
 * only a prompt: the order is checked with WeChat's query API before anything changes, so a
 * forged or repeated notice changes nothing. Anything but `errcode: 0` makes WeChat send it again.
 */
export async function handlePaymentNotice(event: unknown, now: Date): Promise<{ errcode: number; errmsg: string }> {
  const outTradeNo = typeof event === 'object' && event !== null ? (event as { outTradeNo?: unknown }).outTradeNo : undefined;
  if (typeof outTradeNo !== 'string' || !/^P[0-9a-f]{16}-\d{1,4}$/.test(outTradeNo)) return { errcode: 0, errmsg: 'not an order of this product' };
  const order = await findById<OrderDocument>('orders', outTradeNo);
  if (!order) return { errcode: 0, errmsg: 'unknown order' };
  try {
    await settle(order, now);
    return { errcode: 0, errmsg: 'OK' };
  } catch (error) {
    console.error('payment notice failed', outTradeNo, error);
    return { errcode: 1, errmsg: 'retry' };
  }
}

/** Run by the timer: orders whose notice has not come (or whose writing was cut short) are settled from WeChat's query. */
export async function settleWaitingOrders(now: Date): Promise<number> {
  if (!merchant()) return 0;
  const _ = command();
  const before = new Date(now.getTime() - SETTLE_AFTER_MS);
  const waiting = [
    ...(await find<OrderDocument>('orders', { status: 'paid', appliedAt: _.exists(false) }, { limit: 50 })),
    ...(await find<OrderDocument>('orders', { status: 'pending', createdAt: _.lt(before) }, { limit: 50 })),
  ];
  let settled = 0;
  for (const order of waiting) {
    if (await settle(order, now)) settled += 1;
    else if (order.status === 'pending' && now.getTime() - new Date(order.createdAt).getTime() > ORDER_LIFETIME_MS) {
      // Never paid and its prepay has lapsed: closed, so the bill can be paid again from scratch.
      await update('orders', { _id: order._id, status: 'pending' }, { status: 'closed' });
    }
  }
  return settled;
}

/** An authorised clerk returns an online payment to the payer; the bill counts it unpaid again. */
export const refundPayment: Route<'pay.refund'> = {
  access: inCommunity(MAINTAINERS, async (input: { orderId: string }) => (await findById<OrderDocument>('orders', input.orderId))?.communityId ?? []),
  input: z.strictObject({ orderId: z.string().min(1).max(40), reason: text(...LIMITS.bill.refundReason) }),
  async handle({ orderId, reason }, { caller, now }) {
    const order = await loadOrder(orderId);
    if (order.status !== 'paid' || !order.appliedAt) throw conflict('只有已入账的线上支付可以退款');
    const outRefundNo = await refundOrder(order, reason);
    const byName = (await caller.account())?.staffName || '物业人员';
    await atomically(['orders', 'bills'], async (transaction) => {
      const bill = await transaction.get<BillDocument>('bills', order.billId);
      if (!bill) throw notFound('账单不存在');
      const payments = (bill.payments ?? []).map((payment) => (payment.id === orderId && !payment.refund ? { ...payment, refund: { at: now, reason, by: caller.openid, byName } } : payment));
      const paidFen = paidOf({ ...bill, _id: order.billId, payments });
      await transaction.update('bills', order.billId, {
        ...billWrite({ ...bill, _id: order.billId }, { payments, paidFen, status: settledStatus(bill.totalFen, paidFen, bill.waiver) }),
        updatedAt: now,
        version: bill.version + 1,
      });
      await transaction.update('orders', orderId, { status: 'refunded', refund: { outRefundNo, amountFen: order.amountFen, reason, at: now, auto: false } });
    });
    const bill = await findById<BillDocument>('bills', order.billId);
    return toBill(bill!, await caller.viewer(), now);
  },
};

