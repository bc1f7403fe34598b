import { join } from 'node:path';
import { CloudError, ErrorCode } from '../errors';
import type { Service, ServiceContext } from '../service';
import type { RunningCalls } from '../functions/calls';
import { decodeOpenApiRequest, encodeOpenApiReply, encodeOpenApiRefusal } from './protocol';
import { openApiRoutes } from './routes';
import { PhoneNumbers } from './phoneNumber';
import { msgSecCheck } from './security';
import { isEnvId, MessageStore, type EnvMessages } from './store';
import { loadTemplates, sendSubscribeMessage } from './subscribe';
import type { WechatReply } from './wechat';

/** WeChat's "function has no permission to call this API". */
const NO_PERMISSION = -604101;

type OpenApi = (params: Record<string, unknown>, messages: EnvMessages) => WechatReply;

/**
 * Cloud calls (`cloud.openapi.*`): the `wx.openApi` action for the APIs the product uses, and the
 * mini-program's subscription consent. An API not listed here is refused as a TCB-level
 * INVALID_PARAM (errCode -501007 with a message naming it), so a missing emulation is obvious
 * rather than looking like a WeChat error.
 *
 * As in the cloud, a function may call only the OpenAPIs its config.json declares under
 * `permissions.openapi`; any other is refused with -604101. Calls from outside any function (a
 * test's own SDK) carry no function token and are not checked.
 */
export function createOpenApiService(context: ServiceContext, running: RunningCalls): Service {
  const templates = loadTemplates(context.config.subscribeTemplates);
  const store = new MessageStore(join(context.dataDir, 'openapi'));
  const phoneNumbers = new PhoneNumbers(context.clock);
  const apis: Record<string, OpenApi> = {
    'subscribeMessage.send': (params, messages) => sendSubscribeMessage(params, templates, messages, context.clock),
    'security.msgSecCheck': (params) => msgSecCheck(params, context.config.riskyWords, context.clock),
    'phonenumber.getPhoneNumber': (params) => phoneNumbers.getPhoneNumber(params),
  };
  return {
    handlers: {
      'wx.openApi': (call) => {
        const apiName = typeof call.body.apiName === 'string' ? call.body.apiName : '';
        const api = Object.hasOwn(apis, apiName) ? apis[apiName] : undefined;
        if (!api) throw new CloudError(ErrorCode.InvalidParam, `openapi ${apiName || '(none)'} is not emulated by the local cloud`);
        if (!isEnvId(call.env)) throw new CloudError(ErrorCode.InvalidEnv, `invalid env ${call.env}`);
        const caller = running.find(call.body.wxCloudApiToken);
        if (caller && !caller.openapi.includes(apiName)) {
          context.log(`${caller.functionName}: ${apiName} refused, not in config.json permissions.openapi`);
          return encodeOpenApiRefusal(NO_PERMISSION);
        }
        return encodeOpenApiReply(api(decodeOpenApiRequest(call.body.requestData), store.forEnv(call.env)));
      },
    },
    routes: [...openApiRoutes(store, templates), ...phoneNumbers.routes()],
    close: () => store.close(),
  };
}
