import type { Clock } from '../clock';
import type { TemplateSpec } from '../service';
import { fieldValueProblem, isFieldKind, type FieldKind } from './fieldRules';
import type { EnvMessages, SendAttempt } from './store';
import { isOpenidShaped, wechatError, type WechatReply } from './wechat';

const MINIPROGRAM_STATES = ['developer', 'trial', 'formal'];
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW'];

/** Declared templates: template id → field key → kind. */
export type Templates = ReadonlyMap<string, ReadonlyMap<string, FieldKind>>;

/** Reads the configured templates, failing at startup on a kind WeChat does not have (a typo). */
export function loadTemplates(specs: Record<string, TemplateSpec>): Templates {
  const templates = new Map<string, ReadonlyMap<string, FieldKind>>();
  for (const [id, spec] of Object.entries(specs)) {
    const fields = new Map<string, FieldKind>();
    for (const [key, kind] of Object.entries(spec.fields)) {
      if (!isFieldKind(kind)) throw new Error(`subscribe template ${id}: field ${key} has unknown kind ${kind}`);
      fields.set(key, kind);
    }
    templates.set(id, fields);
  }
  return templates;
}

/**
 * `subscribeMessage.send`, checked in WeChat's order: recipient (40003), template (40037), field
 * values (47003), then the user's one-time quota (43101). Every attempt lands in the outbox.
 */
export function sendSubscribeMessage(
  params: Record<string, unknown>,
  templates: Templates,
  messages: EnvMessages,
  clock: Clock,
): WechatReply {
  const attempt: SendAttempt = {
    touser: textOf(params.touser),
    templateId: textOf(params.template_id),
    page: optionalText(params.page),
    data: params.data,
    miniprogramState: optionalText(params.miniprogram_state),
    lang: optionalText(params.lang),
    sentAt: clock.now().toISOString(),
  };
  const refusal = refusalOf(params, attempt, templates.get(attempt.templateId));
  if (refusal) {
    const reply = wechatError(clock, refusal.errcode, refusal.message);
    messages.refuse(attempt, reply.errcode, reply.errmsg);
    return reply;
  }
  const msgid = messages.spendAndSend(attempt);
  if (msgid === null) {
    const reply = wechatError(clock, 43101, 'user refuse to accept the msg');
    messages.refuse(attempt, reply.errcode, reply.errmsg);
    return reply;
  }
  return { errcode: 0, errmsg: 'ok', msgid };
}

function refusalOf(
  params: Record<string, unknown>,
  attempt: SendAttempt,
  template: ReadonlyMap<string, FieldKind> | undefined,
): { errcode: number; message: string } | null {
  if (!isOpenidShaped(params.touser)) return { errcode: 40003, message: 'invalid openid' };
  if (!template) return { errcode: 40037, message: 'invalid template_id' };
  if (attempt.miniprogramState !== null && !MINIPROGRAM_STATES.includes(attempt.miniprogramState)) {
    return { errcode: 47003, message: 'argument invalid! miniprogram_state must be developer, trial or formal' };
  }
  if (attempt.lang !== null && !LANGS.includes(attempt.lang)) {
    return { errcode: 47003, message: `argument invalid! lang must be one of ${LANGS.join(', ')}` };
  }
  const problem = dataProblem(params.data, template);
  return problem ? { errcode: 47003, message: `argument invalid! ${problem}` } : null;
}

/** The first way `data` breaks the template, in WeChat's wording (`data.thing1.value is empty`). */
function dataProblem(data: unknown, template: ReadonlyMap<string, FieldKind>): string | null {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return 'data must be an object';
  const fields = data as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!template.has(key)) return `data.${key} is not a field of this template`;
  }
  for (const [key, kind] of template) {
    const field = fields[key];
    const value = field && typeof field === 'object' ? (field as { value?: unknown }).value : undefined;
    if (value === undefined || value === null || value === '') return `data.${key}.value is empty`;
    if (typeof value !== 'string' && typeof value !== 'number') return `data.${key}.value must be a string`;
    const problem = fieldValueProblem(kind, String(value));
    if (problem) return `data.${key}.value invalid: ${kind} ${problem}`;
  }
  return null;
}

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value);
}

function optionalText(value: unknown): string | null {
  return value === undefined || value === null ? null : textOf(value);
}
