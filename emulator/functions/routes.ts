import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../errors';
import { readJson, sendJson } from '../http';
import type { HttpRoute } from '../service';
import type { Invocation, InvocationResult } from './runtime';
import type { TriggerScheduler } from './triggers';

type Invoke = (invocation: Invocation) => Promise<InvocationResult>;

/**
 * `POST /client/callFunction?env=E` with `{ openid, name, data }`: `wx.cloud.callFunction` as the
 * WeChat user `openid`. Always HTTP 200, with `{ result, requestID }` or, like the mini-program's
 * failure callback, `{ errCode: -1, errMsg: "callFunction:fail <message>" }`.
 */
export function clientCallFunctionRoute(invoke: Invoke, appId: string): HttpRoute {
  return {
    method: 'POST',
    prefix: '/client/callFunction',
    async handle(req, res, url) {
      try {
        const body = await readJson(req);
        const env = url.searchParams.get('env');
        if (!env) throw new Error('env is required (?env=)');
        const { openid, name, data = {}, unionid } = body;
        if (typeof openid !== 'string' || !openid) throw new Error('openid is required');
        if (typeof name !== 'string' || !name) throw new Error('name is required');
        if (typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error('data must be an object');
        if (unionid !== undefined && typeof unionid !== 'string') throw new Error('unionid must be a string');
        const { requestId, responseData } = await invoke({
          env,
          name,
          // The cloud injects the caller into the event of mini-program calls (the older way to read it).
          event: { ...data, userInfo: { appId, openId: openid } },
          caller: { openid, appid: appId, unionid, clientIp: clientIpOf(req) },
          source: 'wx_client',
        });
        sendJson(res, 200, { result: JSON.parse(responseData) as unknown, requestID: requestId, errMsg: 'callFunction:ok' });
      } catch (error) {
        sendJson(res, 200, { errCode: -1, errMsg: `callFunction:fail ${error instanceof Error ? error.message : String(error)}` });
      }
    },
  };
}

/**
 * `GET /_emulator/triggers` lists triggers and their last firings; `POST /_emulator/triggers/envs {env}`
 * adds an env to run them in; `POST /_emulator/triggers/hold {held}` holds or releases them all.
 */
export function triggerRoutes(scheduler: TriggerScheduler): HttpRoute[] {
  return [
    {
      method: 'GET',
      prefix: '/_emulator/triggers',
      async handle(_req, res) {
        sendJson(res, 200, scheduler.describe());
      },
    },
    {
      method: 'POST',
      prefix: '/_emulator/triggers/envs',
      async handle(req, res) {
        const body = await readJson(req);
        if (typeof body.env !== 'string' || !body.env) {
          sendJson(res, 400, { code: ErrorCode.InvalidParam, message: 'give env (string)' });
          return;
        }
        scheduler.addEnv(body.env);
        sendJson(res, 200, { envs: scheduler.describe().envs });
      },
    },
    {
      method: 'POST',
      prefix: '/_emulator/triggers/hold',
      async handle(req, res) {
        const body = await readJson(req);
        if (typeof body.held !== 'boolean') {
          sendJson(res, 400, { code: ErrorCode.InvalidParam, message: 'give held (boolean)' });
          return;
        }
        await scheduler.hold(body.held);
        sendJson(res, 200, { held: scheduler.describe().held });
      },
    },
  ];
}

function clientIpOf(req: IncomingMessage): string {
  return (req.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}
