import { z } from 'zod';
import type { Alert, AlertDelivery, AlertKind, MessagePurpose } from '../../../../typings/alerts';
import type { Page } from '../../../../typings/domain';
import { MAINTAINERS, inCommunity } from '../access';
import { ALL_COMMUNITIES, type AccountDocument } from '../caller';
import { roleHolders } from '../accounts/holders';
import { command, find, findById, insert, isDuplicateKey, update } from '../db';
import { conflict, notFound } from '../errors';
import { newestFirst } from '../paging';
import type { Route } from '../router';
import { cursor, id, text } from '../validation';
import { sendStatusMessage, type SendResult } from '../tickets/notify';
import { ALERT_KIND_LABELS, ROBOT_CHANNEL_LABELS } from '../../../../miniprogram/shared/labels';
import { chinaDate, chinaMinute } from '../../../../miniprogram/shared/time';
import { ROBOT_CHANNELS, postToRobot, robotsOf } from './robot';

/**
 * Every alert to staff is recorded with whom it reached and how (seed 001 四 维修3, 维修6–7;
 * 000 (二)4): a subscribe message per person, and the community's group robots for the alerts
 * the whole team should see. An alert that reached nobody shows as 未送达 on its ticket and on the
 * manager's workbench until someone follows it up.
 */

export interface AlertDocument {
  /** The occasion: one alert per key, ever (a retried step does not alert twice). */
  _id: string;
  communityId: string;
  kind: AlertKind;
  subject: Alert['subject'];
  at: Date;
  state: 'sending' | 'done';
  deliveries: AlertDelivery[];
  reached: boolean;
  acknowledged?: { openid: string; name: string; note: string; at: Date };
}

/** The template each kind is sent with. */
const PURPOSE: Record<AlertKind, MessagePurpose> = {
  dispatch: 'dispatch',
  rework: 'dispatch',
  overdue: 'dispatch',
  escalation: 'escalation',
  major: 'major',
  renovationReview: 'renovationReview',
  bindingReview: 'bindingReview',
  contractExpiry60: 'contractExpiry',
  contractExpiry30: 'contractExpiry',
  // An abnormal care contact goes to the manager as an escalation does: it needs them now.
  careAbnormal: 'escalation',
};

/** The alerts the whole team should see go to the group as well. */
const TO_GROUP = new Set<AlertKind>(['dispatch', 'escalation', 'major', 'overdue']);

/** The alerts that must reach someone: when none did, the ticket says 未送达. */
export const MUST_REACH = new Set<AlertKind>(['dispatch', 'escalation', 'major', 'careAbnormal']);

export interface AlertRequest {
  key: string;
  kind: AlertKind;
  communityId: string;
  subject: Alert['subject'];
  /** Shown in the message (≤ 5 characters) and the group post's title. */
  phrase: string;
  /** More for the group post, never an owner's phone number. */
  lines: string[];
  recipients: AccountDocument[];
  page: string;
  now: Date;
  /**
   * The caller alone holds this occasion (a ticket step's own version is in the key): no claim is
   * written first, the record is written once with how it went.
   */
  held?: true;
}

function subscribeDelivery(recipient: AccountDocument, sent: SendResult): AlertDelivery {
  const to = recipient.staffName || '管理员';
  if (sent.outcome === 'sent' || sent.outcome === 'already-sent') return { channel: 'subscribe', to, outcome: 'sent' };
  if (sent.outcome === 'no-quota') return { channel: 'subscribe', to, outcome: 'no-consent' };
  return { channel: 'subscribe', to, outcome: 'refused', ...(sent.errCode ? { detail: String(sent.errCode) } : {}) };
}

/** Sends one alert to its recipients and the group, and records how it went. */
export async function raiseAlert(request: AlertRequest): Promise<AlertDocument | undefined> {
  const claim: AlertDocument = {
    _id: request.key,
    communityId: request.communityId,
    kind: request.kind,
    subject: request.subject,
    at: request.now,
    state: 'sending',
    deliveries: [],
    reached: false,
  };
  if (!request.held && !(await recorded(claim))) return undefined;
  const deliveries: AlertDelivery[] = [];
  for (const recipient of request.recipients) {
    const sent = await sendStatusMessage({
      key: `${request.key}:${recipient._id}`,
      purpose: PURPOSE[request.kind],
      subjectId: request.subject.id,
      touser: recipient._id,
      number: request.subject.number,
      title: request.subject.title,
      phrase: request.phrase,
      at: request.now,
      page: request.page,
      ...(request.held ? { fresh: true as const } : {}),
    });
    deliveries.push(subscribeDelivery(recipient, sent));
  }
  if (TO_GROUP.has(request.kind)) {
    const robots = await robotsOf(request.communityId, request.now);
    for (const channel of ROBOT_CHANNELS) {
      const url = robots[channel];
      if (!url) continue;
      const title = `【${ALERT_KIND_LABELS[request.kind]}】${request.subject.number}`;
      const posted = await postToRobot(channel, url, title, [request.subject.title, ...request.lines, `时间：${chinaMinute(request.now)}`]);
      deliveries.push({ channel, to: ROBOT_CHANNEL_LABELS[channel], outcome: posted.ok ? 'posted' : 'failed', ...(posted.ok ? {} : { detail: posted.error }) });
    }
  }
  const reached = deliveries.some((delivery) => delivery.outcome === 'sent' || delivery.outcome === 'posted');
  const done: AlertDocument = { ...claim, deliveries, reached, state: 'done' };
  if (request.held) return (await recorded(done)) ? done : undefined;
  await update('alerts', { _id: request.key }, { deliveries, reached, state: 'done' });
  return done;
}

/** Writes an alert's record; false when its occasion has one already (a retried step, an overlapping timer run: it was sent then). */
async function recorded(alert: AlertDocument): Promise<boolean> {
  try {
    await insert('alerts', { ...alert });
    return true;
  } catch (error) {
    if (isDuplicateKey(error)) return false;
    throw error;
  }
}

export function toAlert(doc: AlertDocument): Alert {
  return {
    id: doc._id,
    communityId: doc.communityId,
    kind: doc.kind,
    subject: doc.subject,
    at: new Date(doc.at).toISOString(),
    deliveries: doc.deliveries,
    reached: doc.reached,
    unreached: doc.state === 'done' && !doc.reached && MUST_REACH.has(doc.kind),
    ...(doc.acknowledged ? { acknowledged: { name: doc.acknowledged.name, note: doc.acknowledged.note, at: new Date(doc.acknowledged.at).toISOString() } } : {}),
  };
}

/** A ticket's alerts, oldest first, with whom each reached (staff see them on the ticket). */
export async function alertsOf(subjectId: string): Promise<Alert[]> {
  const docs = await find<AlertDocument>('alerts', { 'subject.id': subjectId }, { orderBy: [['at', 'asc']], limit: 100 });
  return docs.map(toAlert);
}

/** Unreached alerts waiting for follow-up in one community (or every one, `*`), for the manager's workbench and the board. */
export function unreachedWhere(communityId: string): Record<string, unknown> {
  const where = { state: 'done', reached: false, kind: command().in([...MUST_REACH]), acknowledged: command().exists(false) };
  return communityId === ALL_COMMUNITIES ? where : { communityId, ...where };
}

const PAGE_SIZE = 20;

export const listUnreached: Route<'alert.unreached'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }): Promise<Page<Alert>> {
    return newestFirst<AlertDocument, Alert>('alerts', unreachedWhere(communityId), 'at', after, PAGE_SIZE, toAlert);
  },
};

/** A manager records how an unreached alert was followed up (e.g. 已电话通知王师傅); it then leaves the list. */
export const acknowledgeAlert: Route<'alert.acknowledge'> = {
  access: inCommunity(MAINTAINERS, async (input) => (await findById<AlertDocument>('alerts', input.id))?.communityId ?? 'unknown-community'),
  input: z.strictObject({ id: z.string().min(1).max(200), note: text(2, 100) }),
  async handle({ id: alertId, note }, { caller, now }) {
    const doc = await findById<AlertDocument>('alerts', alertId);
    if (!doc) throw notFound('该提醒不存在');
    const account = await caller.account();
    const acknowledged = { openid: caller.openid, name: account?.staffName || '管理员', note, at: now };
    const changed = await update('alerts', { _id: alertId, acknowledged: command().exists(false) }, { acknowledged });
    if (changed !== 1) throw conflict('该提醒已有人跟进');
    return toAlert({ ...doc, acknowledged });
  },
};

/**
 * A binding or renovation application waiting for review: the desk of its community (customer
 * service and their manager) is told once per submission.
 */
export async function alertReviewers(
  kind: 'bindingReview' | 'renovationReview',
  key: string,
  communityId: string,
  subject: Alert['subject'],
  page: string,
  now: Date,
): Promise<void> {
  const holders = [...(await roleHolders({ communityId }, 'cs')), ...(await roleHolders({ communityId }, 'manager'))];
  const recipients = holders.filter((holder, index) => holders.findIndex((other) => other._id === holder._id) === index);
  await raiseAlert({ key, kind, communityId, subject, phrase: '待审核', lines: [], recipients, page, now });
}

/** A number for a record that has none yet (a message's 编号 field takes ≤ 32 letters and digits). */
export const dayNumber = (prefix: string, now: Date): string => `${prefix}${chinaDate(now).replace(/-/g, '')}`;
