import { readJson, sendJson } from '../http';
import type { HttpRoute } from '../service';
import { requestSubscribeMessage } from './consent';
import { isEnvId, type MessageStore } from './store';
import type { Templates } from './subscribe';

/**
 * HTTP routes of the OpenAPI service: the mini-program's subscription dialog, and views of the
 * outbox and quotas for tests and the preview.
 */
export function openApiRoutes(store: MessageStore, templates: Templates): HttpRoute[] {
  return [
    {
      method: 'POST',
      prefix: '/client/requestSubscribeMessage',
      handle: async (req, res, url) => {
        const env = url.searchParams.get('env') ?? '';
        let body: Record<string, unknown>;
        try {
          body = await readJson(req);
        } catch (error) {
          sendJson(res, 200, { errMsg: `requestSubscribeMessage:fail ${messageOf(error)}`, errCode: -1 });
          return;
        }
        if (!isEnvId(env)) {
          sendJson(res, 200, { errMsg: `requestSubscribeMessage:fail invalid env ${env}`, errCode: -1 });
          return;
        }
        // Answered with HTTP 200 either way, as the wx API's success / fail callbacks.
        sendJson(res, 200, requestSubscribeMessage(body, templates, store.forEnv(env)));
      },
    },
    {
      method: 'GET',
      prefix: '/_emulator/outbox',
      handle: async (_req, res, url) => {
        const env = url.searchParams.get('env') ?? '';
        if (!isEnvId(env)) return sendJson(res, 400, { code: 'INVALID_PARAM', message: `invalid env ${env}` });
        sendJson(res, 200, { messages: store.forEnv(env).outbox() });
      },
    },
    {
      method: 'GET',
      prefix: '/_emulator/subscriptions',
      handle: async (_req, res, url) => {
        const env = url.searchParams.get('env') ?? '';
        const openid = url.searchParams.get('openid') ?? '';
        if (!isEnvId(env) || !openid) return sendJson(res, 400, { code: 'INVALID_PARAM', message: 'give env and openid' });
        sendJson(res, 200, { openid, remaining: store.forEnv(env).remaining(openid) });
      },
    },
  ];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
