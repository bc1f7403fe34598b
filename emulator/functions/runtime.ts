import { randomBytes, randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { CloudError, ErrorCode } from '../errors';
import type { ServiceContext } from '../service';
import type { Caller, RunningCalls } from './calls';
import type { FunctionCatalog, FunctionSpec } from './catalog';
import { FunctionInstance } from './instance';
import { InstancePool, StartGate } from './pool';
import type { InvocationContext } from './protocol';
import { WorkerBundle } from './worker-bundle';

export type { Caller } from './calls';

/** `getWXContext().SOURCE`: the mini-program, a server SDK (incl. another function), or a timer trigger. */
export type CallSource = 'wx_client' | 'wx_server' | 'wx_trigger';

export interface Invocation {
  env: string;
  name: string;
  /** The event, or its JSON text as a server SDK sent it (`request_data`). */
  event: unknown;
  eventJson?: string;
  caller: Caller;
  source: CallSource;
}

export interface InvocationResult {
  requestId: string;
  /** The function's result as JSON text, as `response_data` carries it. */
  responseData: string;
}

const MAX_INSTANCES_PER_FUNCTION = 10;
/** Each instance is a Node process; beyond this many, the longest-idle one anywhere makes room. */
const MAX_INSTANCES = 16;
const IDLE_MS = 5 * 60 * 1000;
const MEMORY_LIMIT_MB = 256;
/** The cloud's limit on the data of one synchronous function call. */
const MAX_EVENT_BYTES = 6 * 1024 * 1024;
const REGION = 'ap-shanghai';

/** Variables the cloud's runtime sets per invocation; all are written each time so none leaks into the next call. */
const INVOCATION_KEYS = [
  'WX_OPENID',
  'WX_APPID',
  'WX_UNIONID',
  'WX_CLIENTIP',
  'TCB_SOURCE',
  'WX_API_TOKEN',
  'TRIGGER_SRC',
  'WX_TRIGGER_API_TOKEN_V0',
] as const;

/** Runs invocations on pooled instances, one pool per (env, function) since module state is per env in the cloud. */
export class FunctionRuntime {
  private readonly pools = new Map<string, InstancePool>();
  private readonly worker: WorkerBundle;
  private readonly gate = new StartGate(Math.max(1, availableParallelism()));

  constructor(
    private readonly catalog: FunctionCatalog,
    private readonly context: ServiceContext,
    /** WX_API_TOKEN of each running invocation → its caller and function (see calls.ts). */
    private readonly running: RunningCalls,
  ) {
    this.worker = new WorkerBundle(join(context.dataDir, 'functions'));
  }

  /**
   * The identity behind a `wxCloudApiToken`. An outside server SDK sends none and has no user; a
   * token lives as long as its invocation, so calls a function leaves running after it returned are anonymous.
   */
  callerOf(token: unknown): Caller {
    return this.running.find(token)?.caller ?? {};
  }

  async invoke(invocation: Invocation): Promise<InvocationResult> {
    const spec = this.find(invocation.name);
    // Checked before any instance is involved: a call the cloud cannot pass on fails at once and alone.
    const event = eventText(invocation);
    const pool = this.poolFor(invocation.env, spec);
    let instance: FunctionInstance;
    try {
      instance = await pool.acquire(spec.version);
    } catch (error) {
      throw new CloudError(ErrorCode.FunctionsExecuteFail, error instanceof Error ? error.message : String(error));
    }
    const requestId = randomUUID();
    const token = randomBytes(24).toString('hex');
    this.running.add(token, { caller: invocation.caller, functionName: spec.name, openapi: spec.openapiPermissions });
    try {
      const env = invocationEnv(invocation, token);
      const outcome = await instance.invoke(
        {
          type: 'invoke',
          id: requestId,
          event,
          context: invocationContext(invocation, spec, requestId, env),
          env,
          clockOffsetMs: this.context.clock.offset(),
        },
        spec.timeoutSeconds,
      );
      if (!outcome.ok) throw new CloudError(ErrorCode.FunctionsExecuteFail, outcome.message);
      return { requestId, responseData: outcome.responseData };
    } finally {
      this.running.delete(token);
      pool.release(instance);
    }
  }

  /** Lets running and idle instances see the moved clock. */
  clockMoved(): void {
    const offset = this.context.clock.offset();
    for (const pool of this.pools.values()) pool.forEach((instance) => instance.setClockOffset(offset));
  }

  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((pool) => pool.close()));
    this.worker.dispose();
  }

  private find(name: string): FunctionSpec {
    let spec: FunctionSpec | undefined;
    try {
      spec = this.catalog.find(name);
    } catch (error) {
      throw new CloudError(ErrorCode.FunctionsRequestFail, error instanceof Error ? error.message : String(error));
    }
    if (!spec) throw new CloudError(ErrorCode.FunctionsRequestFail, `FunctionName parameter could not be found: ${name}`);
    return spec;
  }

  private poolFor(env: string, spec: FunctionSpec): InstancePool {
    const key = poolKey(env, spec.name);
    let pool = this.pools.get(key);
    if (!pool) {
      pool = new InstancePool({
        maxInstances: MAX_INSTANCES_PER_FUNCTION,
        idleMs: IDLE_MS,
        gate: this.gate,
        spawn: (version) => {
          this.makeRoom();
          return new FunctionInstance({
            workerPath: this.worker.workerPath,
            indexPath: spec.indexPath,
            dir: spec.dir,
            version,
            env: instanceEnv(env, spec.name, this.context.baseUrl(), this.context.config.functionEnvironment[spec.name] ?? {}),
            clockOffsetMs: this.context.clock.offset(),
            log: (line) => this.context.log(`[${spec.name}@${env}] ${line}`),
          });
        },
      });
      this.pools.set(key, pool);
    }
    return pool;
  }

  private makeRoom(): void {
    let total = 0;
    let oldest: { pool: InstancePool; instance: FunctionInstance } | undefined;
    for (const pool of this.pools.values()) {
      total += pool.size;
      const instance = pool.oldestIdle;
      if (instance && (!oldest || instance.idleSince < oldest.instance.idleSince)) oldest = { pool, instance };
    }
    if (total >= MAX_INSTANCES && oldest) oldest.pool.retire(oldest.instance);
  }
}

const poolKey = (env: string, name: string): string => `${env}\u0000${name}`;

/** The event as the JSON text an instance receives; refused when it is not JSON or over the cloud's size limit. */
function eventText(invocation: Invocation): string {
  let text: string;
  if (invocation.eventJson !== undefined) {
    text = invocation.eventJson;
  } else {
    try {
      text = JSON.stringify(invocation.event ?? {});
    } catch (error) {
      // e.g. data nested so deep that it cannot be written out again.
      throw new CloudError(ErrorCode.InvalidParam, `the call's data cannot be passed to the function: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (Buffer.byteLength(text, 'utf8') > MAX_EVENT_BYTES) {
    throw new CloudError(ErrorCode.InvalidParam, `the call's data is over the cloud's limit of ${MAX_EVENT_BYTES / 1024 / 1024} MB`);
  }
  return text;
}

/**
 * The environment the cloud's runtime gives an instance of `name` in `env`, plus the variables
 * configured for the function (the console's 环境变量 in the cloud; config/local-cloud.json here,
 * where `{localCloud}` stands for this cloud's address).
 */
function instanceEnv(env: string, name: string, baseUrl: string, configured: Record<string, string>): Record<string, string> {
  const inherited: Record<string, string> = {};
  for (const key of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[key];
    if (value !== undefined) inherited[key] = value;
  }
  // A configured value may name this local cloud's own address (e.g. the robots' webhook sink).
  const resolved = Object.fromEntries(Object.entries(configured).map(([key, value]) => [key, value.replaceAll('{localCloud}', baseUrl)]));
  return {
    ...inherited,
    ...resolved,
    // Functions run in UTC in the cloud; code that forgets Asia/Shanghai should fail here too.
    TZ: 'UTC',
    TENCENTCLOUD_RUNENV: 'SCF',
    TENCENTCLOUD_REGION: REGION,
    TENCENTCLOUD_SECRETID: 'local-cloud',
    TENCENTCLOUD_SECRETKEY: 'local-cloud',
    SCF_NAMESPACE: env,
    SCF_FUNCTIONNAME: name,
    SCF_FUNCTIONVERSION: '$LATEST',
    TCB_ENV: env,
    // The function's own wx-server-sdk talks back to this local cloud.
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${baseUrl}/admin` }),
    WX_CONTEXT_KEYS: 'WX_OPENID,WX_APPID,WX_UNIONID,WX_CLIENTIP,WX_CLIENTIPV6,WX_API_TOKEN',
    // TCB_ENV must be listed for `cloud.DYNAMIC_CURRENT_ENV` to resolve to it (the SDK reads a filtered context).
    TCB_CONTEXT_KEYS: 'TCB_ENV,TCB_SOURCE,WX_API_TOKEN',
  };
}

function invocationEnv(invocation: Invocation, token: string): Record<string, string | null> {
  const timer = invocation.source === 'wx_trigger';
  const values: Record<(typeof INVOCATION_KEYS)[number], string | undefined> = {
    WX_OPENID: invocation.caller.openid,
    WX_APPID: invocation.caller.appid,
    WX_UNIONID: invocation.caller.unionid,
    WX_CLIENTIP: invocation.caller.clientIp,
    TCB_SOURCE: invocation.source,
    // A timer-triggered function's SDK sends WX_TRIGGER_API_TOKEN_V0 when TRIGGER_SRC=timer.
    WX_API_TOKEN: timer ? undefined : token,
    TRIGGER_SRC: timer ? 'timer' : undefined,
    WX_TRIGGER_API_TOKEN_V0: timer ? token : undefined,
  };
  const env: Record<string, string | null> = {};
  for (const key of INVOCATION_KEYS) env[key] = values[key] ?? null;
  return env;
}

function invocationContext(
  invocation: Invocation,
  spec: FunctionSpec,
  requestId: string,
  env: Record<string, string | null>,
): InvocationContext {
  const environ = Object.entries({ ...env, SCF_NAMESPACE: invocation.env, TCB_ENV: invocation.env })
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key}=${value}`)
    .join(';');
  return {
    request_id: requestId,
    function_name: spec.name,
    function_version: '$LATEST',
    namespace: invocation.env,
    memory_limit_in_mb: MEMORY_LIMIT_MB,
    time_limit_in_ms: spec.timeoutSeconds * 1000,
    tencentcloud_region: REGION,
    environ,
  };
}
