import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock';

/** A WeChat OpenAPI JSON reply: `errcode` 0 with the API's fields, or an error. */
export interface WechatReply {
  errcode: number;
  errmsg: string;
  [field: string]: unknown;
}

/**
 * A request id in WeChat's shape (`<unix seconds hex>-<hex>-<hex>`). WeChat appends one to every
 * error message as ` rid: …`; callers should match messages by prefix, as with the real platform.
 */
export function requestId(clock: Clock): string {
  const seconds = Math.floor(clock.nowMs() / 1000).toString(16).padStart(8, '0');
  return `${seconds}-${randomBytes(4).toString('hex')}-${randomBytes(4).toString('hex')}`;
}

export function wechatError(clock: Clock, errcode: number, message: string): WechatReply {
  return { errcode, errmsg: `${message} rid: ${requestId(clock)}` };
}

/** The usual "openid" shape: WeChat's are 28 characters of `[A-Za-z0-9_-]`; we accept 1–64. */
export function isOpenidShaped(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9_-]{1,64}$/.test(value);
}
