import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { CloudError, ErrorCode } from '../errors';
import { readJson, sendJson } from '../http';
import { isEnvId } from '../openapi/store';
import { BinaryReply, type HttpRoute, type Service, type ServiceContext } from '../service';
import type { RunningCalls } from '../functions/calls';
import type { Invocation, InvocationResult } from '../functions/runtime';
import { PaymentStore, type EnvPayments, type PayOrder } from './store';

/**
 * WeChat Pay as cloud development offers it (`cloud.cloudPay.*`, the SDK's `wx.wxPayApi` action):
 * unifiedOrder, queryOrder, closeOrder and refund, with JSON in snake_case as the SDK sends it. The
 * phone's `wx.requestPayment` (the preview's pay sheet, the page tests' fake wx) pays an order
 * through `/client/requestPayment`; the payment notice then goes to the function named in
 * unifiedOrder, as the real cloud sends it, and is sent again while that function does not answer
 * `{ errcode: 0 }`. A test control holds notices back (late), sends them twice, or never.
 */
export type NoticeMode = 'prompt' | 'twice' | 'held' | 'never';

const RETRIES = 3;
const RETRY_MS = 1000;
const OUT_TRADE_NO = /^[A-Za-z0-9_-]{1,32}$/;

type Invoke = (invocation: Invocation) => Promise<InvocationResult>;
type Reply = Record<string, unknown>;

const fail = (code: string, message: string): Reply => ({ return_code: 'SUCCESS', return_msg: 'OK', result_code: 'FAIL', err_code: code, err_code_des: message });
const nonce = (): string => randomBytes(16).toString('hex');

/** yyyyMMddHHmmss in China time, as WeChat Pay writes times. */
function payTime(ms: number): string {
  return new Date(ms + 8 * 3_600_000).toISOString().replace(/\D/g, '').slice(0, 14);
}

function text(params: Reply, key: string): string {
  const value = params[key];
  return typeof value === 'string' ? value : '';
}

export function createPayService(context: ServiceContext, running: RunningCalls, invoke: Invoke): Service {
  const store = new PaymentStore(join(context.dataDir, 'pay'));
  const modes = new Map<string, NoticeMode>();
  const held = new Map<string, PayOrder[]>();
  const appId = context.config.appId;

  function noticeOf(order: PayOrder): Reply {
    return {
      returnCode: 'SUCCESS',
      appid: appId,
      mchId: '1800008281',
      subAppid: appId,
      subMchId: order.subMchId,
      nonceStr: nonce(),
      resultCode: 'SUCCESS',
      openid: order.openid,
      subOpenid: order.openid,
      isSubscribe: 'N',
      subIsSubscribe: 'N',
      tradeType: 'JSAPI',
      bankType: 'OTHERS',
      totalFee: order.totalFee,
      feeType: 'CNY',
      cashFee: order.totalFee,
      transactionId: order.transactionId,
      outTradeNo: order.outTradeNo,
      timeEnd: order.timeEnd,
    };
  }

  /** Sends the notice until the function answers errcode 0, as WeChat retries it. */
  async function deliver(order: PayOrder): Promise<void> {
    for (let attempt = 0; attempt <= RETRIES; attempt += 1) {
      try {
        const { responseData } = await invoke({ env: order.envId, name: order.functionName, event: noticeOf(order), caller: {}, source: 'wx_trigger' });
        const answer = JSON.parse(responseData) as { errcode?: unknown } | null;
        if (answer && answer.errcode === 0) return;
        context.log(`pay notice ${order.outTradeNo} → ${order.functionName}: answered ${responseData}`);
      } catch (error) {
        context.log(`pay notice ${order.outTradeNo} → ${order.functionName} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  function notify(env: string, order: PayOrder): void {
    const mode = modes.get(env) ?? 'prompt';
    if (mode === 'never') return;
    if (mode === 'held') {
      held.set(env, [...(held.get(env) ?? []), order]);
      return;
    }
    void deliver(order).then(() => (mode === 'twice' ? deliver(order) : undefined));
  }

  const apis: Record<string, (params: Reply, payments: EnvPayments, openid: string) => Reply> = {
    unifiedOrder(params, payments, openid) {
      const outTradeNo = text(params, 'out_trade_no');
      const totalFee = params.total_fee;
      if (!OUT_TRADE_NO.test(outTradeNo)) return fail('PARAM_ERROR', 'out_trade_no 须为 32 个字符以内的字母、数字、_ 或 -');
      if (typeof totalFee !== 'number' || !Number.isInteger(totalFee) || totalFee < 1) return fail('PARAM_ERROR', 'total_fee 须为正整数（分）');
      for (const key of ['body', 'sub_mch_id', 'env_id', 'function_name', 'nonce_str', 'spbill_create_ip']) {
        if (!text(params, key)) return fail('PARAM_ERROR', `缺少参数 ${key}`);
      }
      const payer = text(params, 'sub_openid') || text(params, 'openid') || openid;
      if (!payer) return fail('PARAM_ERROR', 'JSAPI 支付须有付款人的 openid');
      const existing = payments.order(outTradeNo);
      if (existing) {
        if (existing.state === 'SUCCESS' || existing.state === 'REFUND') return fail('ORDERPAID', '该订单已支付');
        if (existing.state === 'CLOSED') return fail('ORDERCLOSED', '该订单已关闭');
        if (existing.totalFee !== totalFee || existing.openid !== payer) return fail('INVALID_REQUEST', '商户订单号重复，且参数与原订单不一致');
      } else {
        payments.create({
          outTradeNo,
          subMchId: text(params, 'sub_mch_id'),
          body: text(params, 'body'),
          totalFee,
          openid: payer,
          prepayId: `wx${payTime(context.clock.nowMs())}${nonce().slice(0, 18)}`,
          envId: text(params, 'env_id'),
          functionName: text(params, 'function_name'),
        });
      }
      const order = payments.order(outTradeNo)!;
      const timeStamp = String(Math.floor(context.clock.nowMs() / 1000));
      const nonceStr = nonce();
      return {
        return_code: 'SUCCESS',
        return_msg: 'OK',
        result_code: 'SUCCESS',
        trade_type: 'JSAPI',
        prepay_id: order.prepayId,
        sub_mch_id: order.subMchId,
        nonce_str: nonceStr,
        payment: { appId, timeStamp, nonceStr, package: `prepay_id=${order.prepayId}`, signType: 'MD5', paySign: nonce().toUpperCase() },
      };
    },
    queryOrder(params, payments) {
      const order = payments.order(text(params, 'out_trade_no'));
      if (!order) return fail('ORDERNOTEXIST', '此交易订单号不存在');
      return {
        return_code: 'SUCCESS',
        return_msg: 'OK',
        result_code: 'SUCCESS',
        out_trade_no: order.outTradeNo,
        trade_state: order.state,
        total_fee: order.totalFee,
        sub_openid: order.openid,
        ...(order.transactionId ? { transaction_id: order.transactionId, time_end: order.timeEnd, cash_fee: order.totalFee } : {}),
      };
    },
    closeOrder(params, payments) {
      const order = payments.order(text(params, 'out_trade_no'));
      if (!order) return fail('ORDERNOTEXIST', '此交易订单号不存在');
      if (order.state === 'SUCCESS' || order.state === 'REFUND') return fail('ORDERPAID', '订单已支付，不能关闭');
      payments.closeOrder(order.outTradeNo);
      return { return_code: 'SUCCESS', return_msg: 'OK', result_code: 'SUCCESS' };
    },
    refund(params, payments) {
      const outRefundNo = text(params, 'out_refund_no');
      const done = payments.refund(outRefundNo);
      const order = payments.order(text(params, 'out_trade_no'));
      if (!order) return fail('ORDERNOTEXIST', '此交易订单号不存在');
      const refundFee = params.refund_fee;
      if (!OUT_TRADE_NO.test(outRefundNo) || typeof refundFee !== 'number' || !Number.isInteger(refundFee) || refundFee < 1) return fail('PARAM_ERROR', 'out_refund_no 或 refund_fee 无效');
      if (params.total_fee !== order.totalFee) return fail('PARAM_ERROR', '订单金额与原订单不一致');
      // The same refund number again is the same refund (a retry), not a second one.
      if (!done) {
        if (order.state !== 'SUCCESS' && order.state !== 'REFUND') return fail('TRADE_STATE_ERROR', '订单未支付，不能退款');
        if (order.refundedFee + refundFee > order.totalFee) return fail('NOTENOUGH', '退款金额超过订单可退金额');
        payments.addRefund({ outRefundNo, outTradeNo: order.outTradeNo, refundFee, refundId: `50${nonce().slice(0, 26)}` });
      }
      const refund = payments.refund(outRefundNo)!;
      return { return_code: 'SUCCESS', return_msg: 'OK', result_code: 'SUCCESS', out_trade_no: order.outTradeNo, out_refund_no: outRefundNo, refund_id: refund.refundId, refund_fee: refund.refundFee, total_fee: order.totalFee };
    },
  };

  const routes: HttpRoute[] = [
    {
      // What the pay sheet shows before the user pays.
      method: 'GET',
      prefix: '/client/payment',
      handle: async (_req, res, url) => {
        const env = url.searchParams.get('env') ?? '';
        const order = isEnvId(env) ? store.forEnv(env).byPrepayId((url.searchParams.get('package') ?? '').replace(/^prepay_id=/, '')) : undefined;
        if (!order) return sendJson(res, 404, { errMsg: 'requestPayment:fail 订单不存在' });
        sendJson(res, 200, { totalFee: order.totalFee, body: order.body, state: order.state });
      },
    },
    {
      // The user tapped 支付 on the pay sheet.
      method: 'POST',
      prefix: '/client/requestPayment',
      handle: async (req, res, url) => {
        const env = url.searchParams.get('env') ?? '';
        const body = await readJson(req);
        const prepayId = text(body, 'package').replace(/^prepay_id=/, '');
        const payments = isEnvId(env) ? store.forEnv(env) : undefined;
        const order = payments?.byPrepayId(prepayId);
        if (!payments || !order) return sendJson(res, 200, { errMsg: 'requestPayment:fail 订单不存在' });
        if (order.state === 'CLOSED') return sendJson(res, 200, { errMsg: 'requestPayment:fail 订单已关闭' });
        if (order.state !== 'NOTPAY') return sendJson(res, 200, { errMsg: 'requestPayment:fail 该订单已支付' });
        payments.markPaid(order.outTradeNo, `42000${payTime(context.clock.nowMs())}${String(randomBytes(4).readUInt32BE()).padStart(10, '0')}`, payTime(context.clock.nowMs()));
        notify(env, payments.order(order.outTradeNo)!);
        sendJson(res, 200, { errMsg: 'requestPayment:ok' });
      },
    },
    {
      method: 'POST',
      prefix: '/_emulator/pay/notices',
      handle: async (req, res) => {
        const body = await readJson(req);
        const env = text(body, 'env');
        const mode = text(body, 'mode') as NoticeMode;
        if (!isEnvId(env) || !['prompt', 'twice', 'held', 'never'].includes(mode)) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'give env and mode: prompt, twice, held or never' });
        modes.set(env, mode);
        sendJson(res, 200, { env, mode });
      },
    },
    {
      // Held notices arrive now (late), in the order they were held.
      method: 'POST',
      prefix: '/_emulator/pay/release',
      handle: async (req, res) => {
        const env = text(await readJson(req), 'env');
        const orders = held.get(env) ?? [];
        held.delete(env);
        for (const order of orders) await deliver(order);
        sendJson(res, 200, { delivered: orders.length });
      },
    },
    {
      method: 'GET',
      prefix: '/_emulator/pay/orders',
      handle: async (_req, res, url) => {
        const env = url.searchParams.get('env') ?? '';
        if (!isEnvId(env)) return sendJson(res, 400, { code: 'INVALID_PARAM', message: `invalid env ${env}` });
        sendJson(res, 200, { orders: store.forEnv(env).orders() });
      },
    },
  ];

  return {
    handlers: {
      'wx.wxPayApi': (call) => {
        const apiName = typeof call.body.apiName === 'string' ? call.body.apiName : '';
        const api = Object.hasOwn(apis, apiName) ? apis[apiName] : undefined;
        if (!api) throw new CloudError(ErrorCode.InvalidParam, `cloudPay.${apiName || '(none)'} is not emulated by the local cloud`);
        if (!isEnvId(call.env)) throw new CloudError(ErrorCode.InvalidEnv, `invalid env ${call.env}`);
        const raw = call.body.requestData;
        let params: Reply;
        try {
          params = JSON.parse(Buffer.isBuffer(raw) ? raw.toString('utf8') : String(raw ?? '{}')) as Reply;
        } catch {
          throw new CloudError(ErrorCode.InvalidParam, 'requestData is not JSON');
        }
        const caller = running.find(call.body.wxCloudApiToken);
        const reply = api(params, store.forEnv(call.env), caller?.caller.openid ?? '');
        // Raw bytes, as WeChat Pay's JSON comes back through the platform (not the JSON envelope of other actions).
        return new BinaryReply(Buffer.from(JSON.stringify(reply), 'utf8'), 'application/octet-stream');
      },
    },
    routes,
    close: () => store.close(),
  };
}
