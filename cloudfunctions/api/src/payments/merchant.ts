/**
 * The merchant behind WeChat Pay, as deployment configuration (云函数 → 环境变量 of `api`, and of
 * `payNotice` for refunds it makes): the sub-merchant id bound to the cloud env (云开发控制台 →
 * 设置 → 全局设置 → 微信支付配置), and the function that receives payment notices. Without a
 * sub-merchant id, bills are paid at the service centre only.
 */
export interface Merchant {
  subMchId: string;
  /** The function WeChat Pay sends payment notices to. */
  noticeFunction: string;
}

export const NOTICE_FUNCTION = 'payNotice';

export function merchant(): Merchant | undefined {
  const subMchId = process.env.PAY_SUB_MCH_ID?.trim();
  if (!subMchId) return undefined;
  return { subMchId, noticeFunction: process.env.PAY_NOTICE_FUNCTION?.trim() || NOTICE_FUNCTION };
}

export function onlinePaymentOpen(): boolean {
  return merchant() !== undefined;
}
