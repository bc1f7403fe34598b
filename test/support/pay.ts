/**
 * The local cloud's WeChat Pay, as a test drives it: the phone's pay sheet answered 支付, the
 * payment notices held back, sent twice or never, and the orders as WeChat Pay keeps them.
 */
import type { PaymentParams } from '../../typings/disclosure';

async function post<T>(baseUrl: string, path: string, body: unknown): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const answer = (await response.json()) as T;
  if (!response.ok) throw new Error(`${path}: ${JSON.stringify(answer)}`);
  return answer;
}

/** The user taps 支付 on WeChat's pay sheet. */
export async function payOnPhone(baseUrl: string, env: string, payment: PaymentParams): Promise<string> {
  return (await post<{ errMsg: string }>(baseUrl, `/client/requestPayment?env=${env}`, payment)).errMsg;
}

export type NoticeMode = 'prompt' | 'twice' | 'held' | 'never';

export function noticesArrive(baseUrl: string, env: string, mode: NoticeMode): Promise<unknown> {
  return post(baseUrl, '/_emulator/pay/notices', { env, mode });
}

/** Held notices arrive now; resolves once each was answered. */
export async function releaseNotices(baseUrl: string, env: string): Promise<number> {
  return (await post<{ delivered: number }>(baseUrl, '/_emulator/pay/release', { env })).delivered;
}

export interface PayOrder {
  outTradeNo: string;
  totalFee: number;
  state: 'NOTPAY' | 'SUCCESS' | 'CLOSED' | 'REFUND';
  refundedFee: number;
}

export async function payOrders(baseUrl: string, env: string): Promise<PayOrder[]> {
  const response = await fetch(`${baseUrl}/_emulator/pay/orders?env=${env}`);
  return ((await response.json()) as { orders: PayOrder[] }).orders;
}
