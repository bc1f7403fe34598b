import { z } from 'zod';
import { cloud } from '../cloud';
import DataLoader from 'dataloader';
import { command, find, findById, increment, put, remove, update } from '../db';
import type { Route } from '../router';
import { chinaMinute } from '../../../../miniprogram/shared/time';
import { anyone } from '../access';
import type { MessagePurpose } from '../../../../typings/alerts';
import { configuredTemplateIds, templateIdOf } from '../alerts/templates';

/**
 * The one place that sends subscribe messages (订阅消息). The in-app timeline is the record;
 * a message is a courtesy within the one-time quota the user granted: at most one per
 * (ticket, event), values trimmed to the platform's field limits, permanent errors recorded
 * and never retried.
 */

/** A message WeChat refused, kept for follow-up. */
interface MessageDocument {
  _id: string;
  touser: string;
  templateId: string;
  /** The ticket, renovation or bill the message was about, so its page can tell what did not arrive. */
  subjectId?: string;
  state: 'failed';
  errCode?: number;
  at: Date;
}

/**
 * `subscriptions/<openid>:<templateId>`: the one-time quota the user granted (`remaining`), and
 * the occasions it was last spent on (`spentOn`, newest last), so that one write both spends a
 * message and claims its occasion (a write that spent several quotas at once names all their
 * occasions in each).
 */
interface SubscriptionDocument {
  _id: string;
  remaining?: number;
  spentOn?: string[];
  lastError?: number;
}

/** Occasions remembered per user and template: a retried step comes within minutes, not after this many messages. */
const SPENT_KEPT = 50;

/** WeChat errors that will not change on retry: user refused, bad data, bad openid. */
const PERMANENT = new Set([43101, 47003, 40003, 40037]);

export const subscriptionId = (openid: string, templateId: string): string => `${openid}:${templateId}`;

/**
 * Forgets a user for messaging: their remaining consents and the delivery records addressed to
 * them (the timelines keep what happened). Part of deleting their personal data.
 */
export async function forgetRecipient(openid: string): Promise<void> {
  const quotas = configuredTemplateIds().map((templateId) => subscriptionId(openid, templateId));
  if (quotas.length) await remove('subscriptions', { _id: command().in(quotas) });
  await remove('messages', { touser: openid });
}

/** Field limits of subscribe messages: thing ≤ 20 characters, phrase ≤ 5 Chinese characters, … */
export function trimThing(value: string): string {
  const chars = Array.from(value.replace(/\s+/g, ' ').trim());
  return chars.length <= 20 ? chars.join('') : `${chars.slice(0, 19).join('')}…`;
}

export interface StatusMessage {
  /** Identifies the occasion: one message per key, ever. */
  key: string;
  /** Which template: the owner's progress, or one of the staff alerts. */
  purpose: MessagePurpose;
  subjectId?: string;
  touser: string;
  number: string;
  title: string;
  /** ≤ 5 Chinese characters, e.g. 已受理. */
  phrase: string;
  at: Date;
  page: string;
  /**
   * The occasion is the caller's alone (its key carries the version the caller's step claimed), so
   * a spend that fails means no consent, never a message sent before: it is not looked up, and it
   * may be spent together with others asked for at the same time (spendTogether).
   */
  fresh?: true;
}

/** What happened to one message: sent now, sent for this occasion before, or not sent (no quota, or an error). */
export type SendOutcome = 'sent' | 'already-sent' | 'no-quota' | 'failed';

export interface SendResult {
  outcome: SendOutcome;
  /** WeChat's errcode when it refused the message. */
  errCode?: number;
}

export async function sendStatusMessage(message: StatusMessage): Promise<SendResult> {
  const templateId = templateIdOf(message.purpose);
  if (!templateId) return { outcome: 'no-quota' };
  const subscription = subscriptionId(message.touser, templateId);
  const spend = { subscription, occasion: message.key };
  if (!(await (message.fresh ? freshSpends.load(spend) : spendOne(spend)))) {
    // The sender records the missing consent where its user sees it (the ticket's 通知次数已用完, the alert's 未授权).
    if (!message.fresh && (await findById<SubscriptionDocument>('subscriptions', subscription))?.spentOn?.includes(message.key)) return { outcome: 'already-sent' };
    return { outcome: 'no-quota' };
  }
  try {
    await cloud.openapi.subscribeMessage.send({
      touser: message.touser,
      templateId,
      page: message.page,
      miniprogramState: 'formal',
      lang: 'zh_CN',
      data: {
        character_string1: { value: message.number },
        thing2: { value: trimThing(message.title) },
        phrase3: { value: message.phrase },
        time4: { value: chinaMinute(message.at) },
      },
    });
    return { outcome: 'sent' };
  } catch (error) {
    const errCode = Number((error as { errCode?: unknown }).errCode);
    await keepRefused(message, templateId, errCode);
    if (errCode === 43101) await update('subscriptions', { _id: subscription }, { remaining: 0, lastError: errCode });
    else if (!PERMANENT.has(errCode)) console.error('subscribe message failed', errCode);
    return { outcome: 'failed', errCode };
  }
}

/** One message's spend: the user's quota of one template, and the occasion it is spent on. */
interface Spend {
  subscription: string;
  occasion: string;
}

/**
 * One conditional write spends one of the quota and claims the occasion, before sending: two sends
 * at once cannot both spend the last, and a retry after a crash never sends twice. True if spent.
 */
async function spendOne({ subscription, occasion }: Spend): Promise<boolean> {
  const _ = command();
  const spent = await update(
    'subscriptions',
    { _id: subscription, remaining: _.gt(0), spentOn: _.nin([occasion]) },
    { remaining: _.inc(-1), spentOn: _.push({ each: [occasion], slice: -SPENT_KEPT }) },
  );
  return spent === 1;
}

/**
 * Spends asked for at once (a step telling its owner and alerting its technician together), each
 * on an occasion its caller alone holds (`fresh`), go out as one write: every quota named that has
 * one left and none of the occasions gives one, and records them all. When only some had one left,
 * one read tells which: a quota spent here names its own occasion now, and nothing else could have.
 */
async function spendTogether(spends: readonly Spend[]): Promise<boolean[]> {
  const ids = spends.map((spend) => spend.subscription);
  // The same quota twice is spent once per message: one at a time.
  if (spends.length === 1 || new Set(ids).size < ids.length) {
    const spent: boolean[] = [];
    for (const spend of spends) spent.push(await spendOne(spend));
    return spent;
  }
  const _ = command();
  const occasions = spends.map((spend) => spend.occasion);
  const updated = await update(
    'subscriptions',
    { _id: _.in(ids), remaining: _.gt(0), spentOn: _.nin(occasions) },
    { remaining: _.inc(-1), spentOn: _.push({ each: occasions, slice: -SPENT_KEPT }) },
  );
  if (updated === spends.length || updated === 0) return spends.map(() => updated > 0);
  const quotas = await find<SubscriptionDocument>('subscriptions', { _id: _.in(ids) }, { limit: ids.length });
  return spends.map((spend) => quotas.find((quota) => quota._id === spend.subscription)?.spentOn?.includes(spend.occasion) ?? false);
}

/** Fresh spends asked for in the same turn of the call, batched (nothing is kept between batches). */
const freshSpends = new DataLoader<Spend, boolean>(spendTogether, { cache: false });

/** Records a message WeChat refused; the same occasion is recorded once. */
async function keepRefused(message: StatusMessage, templateId: string, errCode: number): Promise<void> {
  const record: Omit<MessageDocument, '_id'> = {
    touser: message.touser,
    templateId,
    ...(message.subjectId ? { subjectId: message.subjectId } : {}),
    state: 'failed',
    ...(Number.isNaN(errCode) ? {} : { errCode }),
    at: message.at,
  };
  await put('messages', message.key, { ...record });
}

/** The messages a user has left of one template. */
export async function remainingOf(openid: string, templateId: string): Promise<number> {
  return (await findById<{ remaining?: number }>('subscriptions', subscriptionId(openid, templateId)))?.remaining ?? 0;
}

/** Records the templates a user accepted in `wx.requestSubscribeMessage` (each accept is one message). */
export const recordConsent: Route<'me.subscribe'> = {
  access: anyone('本人的订阅授权'),
  input: z.strictObject({ accepted: z.array(z.string().min(1).max(128)).max(3) }),
  async handle({ accepted }, { caller }) {
    const known = new Set(configuredTemplateIds());
    let granted = 0;
    // One dialog grants each template once, however often the call names it.
    for (const templateId of [...new Set(accepted)].filter((templateIdValue) => known.has(templateIdValue))) {
      // Added in the database, not read and written back: consents given at once all count.
      await increment('subscriptions', subscriptionId(caller.openid, templateId), 'remaining', 1);
      granted += 1;
    }
    // Progress flows again: the tickets that said it had stopped no longer do.
    if (accepted.includes(templateIdOf('progress') ?? '')) await update('tickets', { ownerOpenid: caller.openid, notifyPaused: true }, { notifyPaused: false });
    return { granted };
  },
};
