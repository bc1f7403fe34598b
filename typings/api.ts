/**
 * The contract between the mini-program and the `api` cloud function.
 * Types only: both sides import them with `import type`.
 */

/** The closed set of refusal codes every action may answer. */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string };

/** What the mini-program sends as `data` to `wx.cloud.callFunction({ name: 'api' })`. */
export interface ApiRequest<A extends ActionName = ActionName> {
  action: A;
  input: ActionInput<A>;
  /** Client-chosen id that makes a write idempotent: a retry returns the first result. */
  requestId?: string;
}

export type EmptyInput = Record<string, never>;

export interface PingResult {
  /** The caller's OPENID as the cloud reports it (never taken from the request). */
  openid: string;
  /** Server time, ISO 8601. */
  serverTime: string;
  /** The cloud env that answered. */
  env: string;
}

/** Every action: its input and its output. The route table must cover exactly these. */
export interface Actions {
  'system.ping': { input: EmptyInput; output: PingResult };
}

export type ActionName = keyof Actions;
export type ActionInput<A extends ActionName> = Actions[A]['input'];
export type ActionOutput<A extends ActionName> = Actions[A]['output'];
