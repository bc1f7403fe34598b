/** Messages between the local cloud and a function instance (a forked worker.ts), over Node's IPC channel. */

/** What the worker turns into main's `context` argument (plus getRemainingTimeInMillis). */
export interface InvocationContext {
  request_id: string;
  function_name: string;
  function_version: string;
  namespace: string;
  memory_limit_in_mb: number;
  time_limit_in_ms: number;
  tencentcloud_region: string;
  /** `KEY=value;…` of the invocation's context variables, as the cloud's older runtime passes them. */
  environ: string;
}

export interface InvokeMessage {
  type: 'invoke';
  id: string;
  /**
   * The event as JSON text, as the cloud hands it to the runtime; parsed in the instance, so an
   * event of any shape or depth reaches the function.
   */
  event: string;
  context: InvocationContext;
  /** Per-invocation process.env values; null removes a variable left by the previous invocation. */
  env: Record<string, string | null>;
  clockOffsetMs: number;
}

/** Sent when the local cloud's clock moves, so a running function sees the new time at once. */
export interface ClockMessage {
  type: 'clock';
  clockOffsetMs: number;
}

export type ParentMessage = InvokeMessage | ClockMessage;

/** Sent once after index.js was required; `loadError` when that failed or it exports no main. */
export interface ReadyMessage {
  type: 'ready';
  loadError?: string;
}

export type ResultMessage =
  | { type: 'result'; id: string; ok: true; responseData: string }
  | { type: 'result'; id: string; ok: false; message: string };

export type WorkerMessage = ReadyMessage | ResultMessage;
