import { randomUUID } from 'node:crypto';
import type { TicketEvent } from '../../../../typings/tickets';
import type { TicketKind } from '../../../../typings/tickets';
import { TICKET_KIND_LABELS } from '../../../../miniprogram/shared/labels';
import { command, find, type Where } from '../db';

/** Every step of a ticket is an event: who, when, what; the owner sees the owner-visible ones. */
export interface TicketEventDocument {
  _id: string;
  ticketId: string;
  type: string;
  text: string;
  actorOpenid: string;
  actorName: string;
  ownerVisible: boolean;
  at: Date;
  /** The ticket version the step took it to (steps since steps claim their version; see transition.ts). */
  version?: number;
  /** Which call wrote it, so that only that call withdraws it. */
  claim?: string;
  /** What the step changes on the ticket, so that whoever finds the claim can finish the step. */
  intent?: StepIntent;
}

export interface StepIntent {
  set: Record<string, unknown>;
  unset: string[];
}

export interface Actor {
  openid: string;
  name: string;
}

/** Who the escalation timer's steps are taken by. */
export const TIMER: Actor = { openid: 'system', name: '系统' };

/** The event of the step that takes a ticket to `version`: one id per version, so one step per version. */
export const stepEventId = (ticketId: string, version: number): string => `${ticketId}-v${version}`;

/** A timer's steps in a row at most: the two escalation levels. */
const TIMER_STEPS = 2;

/**
 * The version a step from the caller's page goes on from: the page's, or the ticket's when every
 * step since the page was the escalation timer's. An escalation changes neither status nor what may
 * be done (the action is checked on the ticket as it is now), so a reply typed as the timer ran is
 * not refused for it; the answer is then the whole ticket (`describeStep`). One read, only when the
 * page is behind.
 */
export function pastTimerSteps(ticket: { _id: string; version: number; claimsFrom?: number }, expectedVersion: number): Promise<number> {
  const gap = ticket.version - expectedVersion;
  if (gap < 1 || gap > TIMER_STEPS || ticket.claimsFrom === undefined || ticket.claimsFrom > expectedVersion + 1) return Promise.resolve(expectedVersion);
  // The route's gate and the step ask about the same ticket as read: it is looked up once.
  const asked = timerStepsAsked.get(ticket);
  if (asked?.expectedVersion === expectedVersion) return asked.answer;
  const ids = Array.from({ length: gap }, (_unused, k) => stepEventId(ticket._id, expectedVersion + 1 + k));
  const answer = find<TicketEventDocument>('ticketEvents', { _id: command().in(ids) }, { limit: gap }).then((steps) =>
    steps.length === gap && steps.every((step) => step.actorOpenid === TIMER.openid && step.type.startsWith('escalated-')) ? ticket.version : expectedVersion,
  );
  timerStepsAsked.set(ticket, { expectedVersion, answer });
  return answer;
}

const timerStepsAsked = new WeakMap<object, { expectedVersion: number; answer: Promise<number> }>();

/** A new event's id; the first event of a ticket takes one derived from the ticket's instead. */
export const newEventId = (): string => randomUUID().replace(/-/g, '');

export function toTicketEvent(doc: TicketEventDocument): TicketEvent {
  return {
    id: doc._id,
    type: doc.type,
    text: doc.text,
    actorName: doc.actorName,
    at: new Date(doc.at).toISOString(),
    ownerVisible: doc.ownerVisible,
  };
}

/** What a ticket shows of its first step from the ticket itself (tickets/intake.ts stores no event for it). */
export interface SubmittedTicket {
  _id: string;
  kind: TicketKind;
  number: string;
  createdAt: Date;
  createdByName?: string;
}

/** A ticket's first step, 已提交, as its timeline shows it: when, by whom, and the number it was given. */
export function submittedEvent(ticket: SubmittedTicket): TicketEvent {
  return {
    id: `${ticket._id}-submitted`,
    type: 'submitted',
    text: `${TICKET_KIND_LABELS[ticket.kind]}已提交，编号 ${ticket.number}`,
    actorName: ticket.createdByName ?? '业主',
    at: new Date(ticket.createdAt).toISOString(),
    ownerVisible: true,
  };
}

/**
 * A step's event is written before its step (transition.ts): it is the timeline's once the ticket
 * reached its version by claims. One above the ticket's version has not landed yet; one below the
 * first claimed version was a stale claim on an older ticket, withdrawn or cut short.
 */
function landed(doc: TicketEventDocument, ticket: { version: number; claimsFrom?: number }): boolean {
  if (doc.version === undefined) return true;
  return ticket.claimsFrom !== undefined && doc.version >= ticket.claimsFrom && doc.version <= ticket.version;
}

const TIMELINE_FIELDS = ['type', 'text', 'actorName', 'ownerVisible', 'at', 'version'] as const satisfies readonly (keyof TicketEventDocument)[];

/** A timeline longer than this is a runaway loop, not a ticket: the read stops rather than exhaust the function. */
const MAX_EVENTS = 5000;
const PAGE = 100;

/**
 * The whole timeline of a ticket at `version`, oldest first, its first step shown from the ticket (seed 002 §2: complete records), read a
 * page at a time after the last event seen (time, then id), so a long-running ticket shows every
 * step. An event above the ticket's version is a step that has not landed (or never will).
 */
export async function eventsOf(audience: 'owner' | 'staff', ticket: SubmittedTicket & { version: number; claimsFrom?: number }): Promise<TicketEvent[]> {
  const ticketId = ticket._id;
  const base: Where = audience === 'owner' ? { ticketId, ownerVisible: true } : { ticketId };
  const _ = command();
  const docs: TicketEventDocument[] = [];
  for (;;) {
    const last = docs[docs.length - 1];
    const where = last ? (_.and([base, _.or([{ at: _.gt(last.at) }, { at: _.eq(last.at), _id: _.gt(last._id) }])]) as unknown as Where) : base;
    const page = await find<TicketEventDocument>('ticketEvents', where, {
      orderBy: [
        ['at', 'asc'],
        ['_id', 'asc'],
      ],
      limit: PAGE,
      // Not a step's claim token nor the change it carried: only what the timeline shows and `landed` checks.
      fields: TIMELINE_FIELDS,
    });
    docs.push(...page);
    if (page.length < PAGE || docs.length >= MAX_EVENTS) {
      const steps = docs.filter((doc) => landed(doc, ticket)).map(toTicketEvent);
      // Tickets stored with a submitted event of their own (before the ticket was its own first step) show that one.
      return steps[0]?.type === 'submitted' ? steps : [submittedEvent(ticket), ...steps];
    }
  }
}
