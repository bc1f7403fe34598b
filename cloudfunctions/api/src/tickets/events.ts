import { randomUUID } from 'node:crypto';
import type { TicketEvent } from '../../../../typings/tickets';
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
}

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

/** A timeline longer than this is a runaway loop, not a ticket: the read stops rather than exhaust the function. */
const MAX_EVENTS = 5000;
const PAGE = 100;

/**
 * The whole timeline, oldest first (seed 002 §2: complete records), read a page at a time after the
 * last event seen (time, then id), so a long-running ticket shows every step.
 */
export async function eventsOf(ticketId: string, audience: 'owner' | 'staff'): Promise<TicketEvent[]> {
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
    });
    docs.push(...page);
    if (page.length < PAGE || docs.length >= MAX_EVENTS) return docs.map(toTicketEvent);
  }
}
