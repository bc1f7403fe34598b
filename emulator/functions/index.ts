import { CloudError, ErrorCode } from '../errors';
import type { Service, ServiceContext } from '../service';
import type { RunningCalls } from './calls';
import { FunctionCatalog } from './catalog';
import { clientCallFunctionRoute, triggerRoutes } from './routes';
import { FunctionRuntime, type Invocation, type InvocationResult } from './runtime';
import { TriggerScheduler } from './triggers';

export interface FunctionServiceOptions {
  /** Folder whose sub-folders are cloud functions (each with index.js and optional config.json). */
  functionsDir: string;
  running: RunningCalls;
}

/**
 * Cloud functions: `functions.invokeFunction` from any server SDK (including functions calling
 * functions), `wx.cloud.callFunction` from the mini-program side, and timer triggers.
 */
export function createFunctionService(context: ServiceContext, options: FunctionServiceOptions): Service & { invoke(invocation: Invocation): Promise<InvocationResult> } {
  const catalog = new FunctionCatalog(options.functionsDir, context.log);
  const runtime = new FunctionRuntime(catalog, context, options.running);
  const scheduler = new TriggerScheduler({
    catalog,
    clock: context.clock,
    fire: async (env, name, event) => {
      await runtime.invoke({ env, name, event, caller: {}, source: 'wx_trigger' });
    },
    log: context.log,
  });
  const invoke = (invocation: Invocation): Promise<InvocationResult> => {
    scheduler.addEnv(invocation.env);
    return runtime.invoke(invocation);
  };
  let stopClockListener: (() => void) | undefined;

  return {
    /** For the other services that call functions (WeChat Pay's payment notices). */
    invoke,
    handlers: {
      'functions.invokeFunction': async ({ env, body }) => {
        const name = body.function_name;
        if (typeof name !== 'string' || !name) throw new CloudError(ErrorCode.InvalidParam, 'function_name is required');
        const { responseData } = await invoke({
          env,
          name,
          event: undefined,
          eventJson: requestDataText(body.request_data),
          caller: runtime.callerOf(body.wxCloudApiToken),
          source: 'wx_server',
        });
        return { data: { response_data: responseData } };
      },
    },
    routes: [clientCallFunctionRoute(invoke, context.config.appId), ...triggerRoutes(scheduler)],
    start() {
      // Registered before the scheduler's listener, so instances already know the new time when triggers fire.
      stopClockListener = context.clock.onAdvance(async () => runtime.clockMoved());
      scheduler.start();
    },
    async close() {
      scheduler.stop();
      stopClockListener?.();
      await runtime.close();
    },
  };
}

/** The event as the server SDK sent it: JSON text, passed on as it is (never re-serialised). */
function requestDataText(requestData: unknown): string {
  if (requestData === undefined || requestData === '') return '{}';
  if (typeof requestData !== 'string') throw new CloudError(ErrorCode.InvalidParam, 'request_data must be a JSON string');
  try {
    JSON.parse(requestData);
  } catch {
    throw new CloudError(ErrorCode.InvalidParam, 'request_data is not valid JSON');
  }
  return requestData;
}
