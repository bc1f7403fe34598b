import { z } from 'zod';
import zhCN from 'zod/v4/locales/zh-CN.js';
import type { ActionInput, ActionName, ActionOutput, ApiResult } from '../../../typings/api';
import { checkRoles, type Access } from './access';
import { currentCaller, holdsAny, type Caller } from './caller';
import { AppError } from './errors';
import { now } from './clock';
import { keyedRequest, once, type IdempotentRequest } from './idempotency';
import { limitAction } from './rateLimit';

// Validation messages in Chinese; only this locale is bundled.
z.config(zhCN());

export interface ActionContext {
  caller: Caller;
  now: Date;
  requestId?: string;
  /** Given to `idempotent` routes: ids and a result that stay the same on every retry. */
  request?: IdempotentRequest;
  /** The record a record route's gate loaded and let through. */
  record?: unknown;
}

/** One row of the route table: who may call the action, what input it takes, what it does. */
export interface Route<A extends ActionName> {
  access: Access<ActionInput<A>>;
  input: z.ZodType<ActionInput<A>>;
  /**
   * A write that must run once per request id (the client resends the same id on retry). `keyed`:
   * its one record's id comes from the request and a retry finds it there (idempotency.ts).
   */
  idempotent?: true | 'keyed';
  /** Other accounts the action reads (a technician it assigns): read in one request with the caller's roles. */
  accounts?(input: ActionInput<A>): string[];
  handle(input: ActionInput<A>, context: ActionContext): Promise<ActionOutput<A>>;
}

export type RouteTable = { [A in ActionName]: Route<A> };

const envelope = z.strictObject({
  action: z.string().min(1).max(64),
  input: z.unknown().optional(),
  requestId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/, '请求编号格式不正确')
    .optional(),
  // Added by the cloud to calls from the mini-program; identity is read from the context instead.
  userInfo: z.unknown().optional(),
});

/** Runs one call through the table and always answers the envelope; never throws. */
export async function dispatch(table: RouteTable, event: unknown): Promise<ApiResult<unknown>> {
  try {
    const request = envelope.safeParse(event);
    if (!request.success) return refuse('VALIDATION', describe(request.error));
    const { action, input, requestId } = request.data;
    if (!Object.prototype.hasOwnProperty.call(table, action)) return refuse('NOT_FOUND', `没有这个操作：${action}`);
    const route = table[action as ActionName] as Route<ActionName>;
    const caller = currentCaller();
    // Staff-only actions are refused before their input is even read.
    if (route.access.kind === 'staff' || route.access.kind === 'deployment' || route.access.kind === 'community') {
      if (!holdsAny(await caller.grants(), route.access.roles)) return refuse('FORBIDDEN', '您没有权限进行此操作');
    }
    const parsed = route.input.safeParse(input ?? {});
    if (!parsed.success) return refuse('VALIDATION', describe(parsed.error));
    if (route.accounts) caller.readAlong(route.accounts(parsed.data));
    const context: ActionContext = { caller, now: now(), requestId };
    await limitAction(caller.openid, action as ActionName, context.now, caller.env);
    const run = async (): Promise<ActionOutput<ActionName>> => {
      const denied = await checkRoles(route.access, parsed.data, caller);
      if (denied) throw denied;
      if (route.access.kind === 'record') context.record = await route.access.gate.open(parsed.data, await caller.viewer(), context.now);
      return route.handle(parsed.data, context);
    };
    if (route.idempotent) {
      if (!requestId) return refuse('VALIDATION', '缺少请求编号，请刷新后重试');
      const key = `${caller.openid}:${action}:${requestId}`;
      if (route.idempotent === 'keyed') {
        context.request = keyedRequest(key, context.now);
        return { ok: true, data: await run() };
      }
      // Checked inside once(): a retry of a call that went through gets its first answer, not a stale-version refusal.
      return await once(key, context.now, (request) => {
        context.request = request;
        return run();
      });
    }
    return { ok: true, data: await run() };
  } catch (error) {
    if (error instanceof AppError) return refuse(error.code, error.message);
    console.error('api: unexpected error', error);
    return refuse('INTERNAL', '服务暂时不可用，请稍后再试');
  }
}

function refuse(code: AppError['code'], message: string): ApiResult<never> {
  return { ok: false, code, message };
}

/** Field names as users know them; a field not listed here is named by its key. */
const FIELD_LABELS: Record<string, string> = {
  name: '姓名',
  phone: '电话',
  contactName: '联系人',
  contactPhone: '联系电话',
  description: '问题描述',
  photos: '照片',
  proofFileIds: '证明材料',
  code: '邀请码',
  reason: '原因',
  text: '内容',
  note: '说明',
  comment: '评价',
  explanation: '说明',
  channel: '建议渠道',
  address: '地址',
  emergency: '应急电话',
  service24h: '24小时服务电话',
  complaint: '投诉电话',
  category: '类别',
  preferredTime: '期望上门时间',
  summary: '交接摘要',
  followUp: '跟进事项',
  roles: '角色',
  communityIds: '小区',
  score: '评分',
  at: '时间',
};

/** The first issue as a sentence a user can act on, with the field it concerns. */
function describe(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return '输入有误';
  const key = [...issue.path].reverse().find((part): part is string => typeof part === 'string');
  const field = key ? `（${FIELD_LABELS[key] ?? key}）` : '';
  return `输入有误${field}：${issue.message}`;
}
