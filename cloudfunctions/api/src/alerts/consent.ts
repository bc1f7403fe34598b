import { z } from 'zod';
import type { ConsentState, ConsentTemplate, MessagePurpose } from '../../../../typings/alerts';
import type { StaffRole } from '../../../../typings/roles';
import { anyone } from '../access';
import type { Grant } from '../caller';
import { command, count, find } from '../db';
import type { Route } from '../router';
import { subscriptionId } from '../tickets/notify';
import { MESSAGE_PURPOSE_LABELS } from '../../../../miniprogram/shared/labels';
import { LOW_QUOTA, PURPOSES, ROLE_PURPOSES, templateIdOf } from './templates';

/** WeChat shows at most 3 templates in one subscription dialog. */
const PER_DIALOG = 3;

/** The purposes a user is alerted to: the owner's progress if they asked for a home (submitting needs one), and their roles' alerts. */
async function purposesOf(openid: string, grants: Grant[]): Promise<MessagePurpose[]> {
  const wanted = new Set<MessagePurpose>();
  for (const grant of grants) for (const purpose of ROLE_PURPOSES[grant.role as StaffRole] ?? []) wanted.add(purpose);
  // The owner role comes only with an approved binding (binding.review): who holds it asked for a home, no count needed.
  if (grants.some((grant) => grant.role === 'owner') || (await count('bindings', { openid })) > 0) wanted.add('progress');
  return PURPOSES.filter((purpose) => wanted.has(purpose));
}

/**
 * What the caller has consented to and what to ask for now: the server decides, the pages ask.
 * Staff are asked while a template has fewer than LOW_QUOTA.staff messages left, owners when
 * their progress messages have run out.
 */
export async function consentStateOf(openid: string, grants: Grant[]): Promise<ConsentState> {
  const configured = (await purposesOf(openid, grants)).map((purpose) => ({ purpose, templateId: templateIdOf(purpose) })).filter((item) => item.templateId);
  // Every template's quota in one read: pages ask for this each time they show.
  const quotas = configured.length ? await find<{ _id: string; remaining?: number }>('subscriptions', { _id: command().in(configured.map((item) => subscriptionId(openid, item.templateId))) }) : [];
  const templates: ConsentTemplate[] = configured.map(({ purpose, templateId }) => ({
    purpose,
    templateId,
    label: MESSAGE_PURPOSE_LABELS[purpose],
    remaining: quotas.find((quota) => quota._id === subscriptionId(openid, templateId))?.remaining ?? 0,
  }));
  const low = templates
    .filter((template) => template.remaining < LOW_QUOTA[template.purpose === 'progress' ? 'owner' : 'staff'])
    .sort((a, b) => a.remaining - b.remaining);
  return { templates, ask: low.slice(0, PER_DIALOG).map((template) => template.templateId) };
}

export const getConsent: Route<'me.subscriptions'> = {
  access: anyone('本人的订阅授权'),
  input: z.strictObject({}),
  async handle(_input, { caller }) {
    return consentStateOf(caller.openid, await caller.grants());
  },
};
