import type { Templates } from './subscribe';
import type { EnvMessages } from './store';
import { isOpenidShaped } from './wechat';

/** WeChat shows at most 3 templates in one subscription dialog. */
export const MAX_TEMPLATES_PER_REQUEST = 3;

export type ConsentReply = { errMsg: string; errCode?: number; [templateId: string]: string | number | undefined };

/**
 * `wx.requestSubscribeMessage` with the user's choices given up front (the test plays the user):
 * each accepted template adds one message to the user's one-time quota. Errors use the wx API's
 * codes (10001 empty, 10004 bad ids, 20001 unknown template, 20003 too many templates).
 */
export function requestSubscribeMessage(body: Record<string, unknown>, templates: Templates, messages: EnvMessages): ConsentReply {
  const { openid, tmplIds, decisions = {} } = body;
  if (!isOpenidShaped(openid)) return failure(-1, 'openid is required (it stands in for the signed-in user)');
  if (!Array.isArray(tmplIds) || tmplIds.length === 0) return failure(10001, "TmplIds can't be empty");
  if (!tmplIds.every((id): id is string => typeof id === 'string' && id.length > 0)) return failure(10004, 'Invalid template id');
  const ids = [...new Set(tmplIds)];
  if (ids.length > MAX_TEMPLATES_PER_REQUEST) return failure(20003, 'Templates count out of max bounds');
  const unknown = ids.filter((id) => !templates.has(id));
  if (unknown.length > 0) return failure(20001, `No template data return, verify the template id exist: ${unknown.join(', ')}`);
  if (!decisions || typeof decisions !== 'object' || Array.isArray(decisions)) {
    return failure(-1, 'decisions must map template ids to "accept" or "reject"');
  }
  const chosen = decisions as Record<string, unknown>;
  const reply: ConsentReply = { errMsg: 'requestSubscribeMessage:ok' };
  for (const id of ids) {
    const decision = chosen[id] ?? 'accept';
    if (decision !== 'accept' && decision !== 'reject') return failure(-1, `decision for ${id} must be "accept" or "reject"`);
    reply[id] = decision;
  }
  for (const id of ids) if (reply[id] === 'accept') messages.grant(openid, id);
  return reply;
}

function failure(errCode: number, message: string): ConsentReply {
  return { errMsg: `requestSubscribeMessage:fail ${message}`, errCode };
}
