import { randomUUID } from 'node:crypto';
import type { TicketEvent } from '../../../../typings/tickets';
import { find, insert } from '../db';

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

/** Every step of a ticket is an event: who, when, what; the owner sees the owner-visible ones. */
export async function recordEvent(event: Omit<TicketEventDocument, '_id'>): Promise<void> {
  await insert('ticketEvents', { _id: randomUUID().replace(/-/g, ''), ...event });
}

export async function eventsOf(ticketId: string, audience: 'owner' | 'staff'): Promise<TicketEvent[]> {
  const docs = await find<TicketEventDocument>(
    'ticketEvents',
    audience === 'owner' ? { ticketId, ownerVisible: true } : { ticketId },
    { orderBy: [['at', 'asc']], limit: 100 },
  );
  return docs.map((doc) => ({
    id: doc._id,
    type: doc.type,
    text: doc.text,
    actorName: doc.actorName,
    at: new Date(doc.at).toISOString(),
    ownerVisible: doc.ownerVisible,
  }));
}
