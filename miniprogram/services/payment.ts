import type { Bill, PaymentParams } from '../../typings/disclosure';
import { call } from './api';

/**
 * Paying a bill in WeChat: the server places the order for what is left (the same one on a
 * retry), the phone shows WeChat's pay sheet, and the bill is paid only when WeChat's payment
 * notice reaches the server — so after the sheet the page asks until the server says so, and
 * otherwise tells the owner the result is still being confirmed.
 */
export type PaymentOutcome = { kind: 'paid'; bill: Bill } | { kind: 'refunded'; bill: Bill } | { kind: 'confirming' } | { kind: 'cancelled' };

/** How often, and how many times, the page asks after the sheet closed. */
const POLL_MS = 1000;
const POLLS = 10;

function requestPayment(payment: PaymentParams): Promise<'paid' | 'cancelled'> {
  return new Promise((resolve, reject) => {
    wx.requestPayment({
      ...payment,
      success: () => resolve('paid'),
      fail: (error) => (/cancel/.test(error.errMsg) ? resolve('cancelled') : reject(new Error(error.errMsg.replace(/^requestPayment:fail\s*/, '') || '支付失败'))),
    });
  });
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export async function payBill(billId: string): Promise<PaymentOutcome> {
  const { orderId, payment } = await call('pay.start', { billId });
  if ((await requestPayment(payment)) === 'cancelled') return { kind: 'cancelled' };
  for (let poll = 0; poll < POLLS; poll += 1) {
    // The owner has paid on WeChat's sheet: an ask that fails (a weak signal) is asked again, and
    // at worst the owner is told the result is being confirmed, never that paying failed.
    const answer = await call('pay.status', { orderId }).catch(() => undefined);
    if (answer?.status === 'paid') return { kind: 'paid', bill: answer.bill };
    if (answer?.status === 'refunded') return { kind: 'refunded', bill: answer.bill };
    await pause(POLL_MS);
  }
  return { kind: 'confirming' };
}
