/** Who called: what `getWXContext()` reports inside the function. */
export interface Caller {
  openid?: string;
  appid?: string;
  unionid?: string;
  clientIp?: string;
}

/** One invocation in progress, as the token its SDK sends back (`wxCloudApiToken`) identifies it. */
export interface RunningCall {
  caller: Caller;
  functionName: string;
  /** The OpenAPIs the function's config.json declares under `permissions.openapi`. */
  openapi: readonly string[];
}

/**
 * The invocations running now, by token. A function's own SDK calls carry the token, so the local
 * cloud knows which function (and which user) a database, function or OpenAPI call comes from.
 * A token lives as long as its invocation.
 */
export class RunningCalls {
  private readonly calls = new Map<string, RunningCall>();

  add(token: string, call: RunningCall): void {
    this.calls.set(token, call);
  }

  delete(token: string): void {
    this.calls.delete(token);
  }

  /** The invocation behind a token, or undefined for a caller outside any function (or one already finished). */
  find(token: unknown): RunningCall | undefined {
    return typeof token === 'string' ? this.calls.get(token) : undefined;
  }
}
