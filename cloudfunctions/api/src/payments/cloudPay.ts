import { cloud } from '../cloud';

/**
 * `cloud.cloudPay` (WeChat Pay through cloud development: no certificates, JSON in and out), typed
 * as far as the product uses it. The SDK ships no typings for it.
 */
interface PayReply {
  returnCode: string;
  returnMsg?: string;
  resultCode?: string;
  errCode?: number;
  errCodeDes?: string;
}

export interface UnifiedOrderReply extends PayReply {
  payment?: { timeStamp: string; nonceStr: string; package: string; signType: 'MD5' | 'HMAC-SHA256' | 'RSA'; paySign: string };
}

export interface QueryOrderReply extends PayReply {
  tradeState?: 'SUCCESS' | 'REFUND' | 'NOTPAY' | 'CLOSED' | 'REVOKED' | 'USERPAYING' | 'PAYERROR';
  totalFee?: number;
  transactionId?: string;
  timeEnd?: string;
}

export interface RefundReply extends PayReply {
  refundId?: string;
  refundFee?: number;
}

interface CloudPay {
  unifiedOrder(params: Record<string, unknown>): Promise<UnifiedOrderReply>;
  queryOrder(params: Record<string, unknown>): Promise<QueryOrderReply>;
  closeOrder(params: Record<string, unknown>): Promise<PayReply>;
  refund(params: Record<string, unknown>): Promise<RefundReply>;
}

export const cloudPay = (): CloudPay => (cloud as unknown as { cloudPay: CloudPay }).cloudPay;

/** Both the call and the business result succeeded. */
export function succeeded(reply: PayReply): boolean {
  return reply.returnCode === 'SUCCESS' && reply.resultCode === 'SUCCESS';
}

/** What went wrong, in WeChat Pay's own words. */
export function problemOf(reply: PayReply): string {
  return reply.errCodeDes || reply.returnMsg || String(reply.errCode ?? '未知错误');
}
