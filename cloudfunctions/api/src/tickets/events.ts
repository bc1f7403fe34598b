import { randomUUID } from 'node:crypto';
import type { TicketEvent } from '../../../../typings/tickets';
import { find } from '../db';

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

export async function eventsOf(ticketId: string, audience: 'owner' | 'staff'): Promise<TicketEvent[]> {
  const docs = await find<TicketEventDocument>(
    'ticketEvents',
    audience === 'owner' ? { ticketId, ownerVisible: true } : { ticketId },
    { orderBy: [['at', 'asc']], limit: 100 },
  );
  return docs.map(toTicketEvent);
}
