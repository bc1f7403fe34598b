import { now } from '../../api/src/clock';
import { handlePaymentNotice } from '../../api/src/payments/orders';
import { startCall } from '../../api/src/transaction';

/**
 * WeChat Pay's payment notices (支付结果回调), named in every unifiedOrder the `api` function
 * places. It shares the api's modules; only the notice's handling runs here. The answer must be
 * `{ errcode: 0 }`, or WeChat sends the notice again.
 */
interface InvocationContext {
  getRemainingTimeInMillis?(): number;
}

export async function main(event: unknown, context?: InvocationContext): Promise<{ errcode: number; errmsg: string }> {
  startCall(context?.getRemainingTimeInMillis?.());
  return handlePaymentNotice(event, now());
}
