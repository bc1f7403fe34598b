import type { Caller } from '../caller';
import { command } from '../db';
import { conflict } from '../errors';
import { atomically } from '../transaction';
import { newEventId } from './events';
import { dueAtFor, type TicketDocument } from './model';

export interface Actor {
  openid: string;
  name: string;
}

export async function actorOf(caller: Caller, audience: 'owner' | 'staff'): Promise<Actor> {
  if (audience === 'owner') return { openid: caller.openid, name: '业主' };
  return { openid: caller.openid, name: (await caller.account())?.staffName || '物业人员' };
}

/** Objects are stored whole (`set`), not merged field by field into what was there. */
function replaceObjects(patch: Partial<TicketDocument>): Record<string, unknown> {
  const _ = command();
  return Object.fromEntries(
    Object.entries(patch).map(([key, value]) =>
      value !== null && typeof value === 'object' && !(value instanceof Date) ? [key, _.set(value as object)] : [key, value],
    ),
  );
}

/**
 * One step of a ticket: applied only if nobody changed the ticket since the caller read it
 * (CONFLICT otherwise, nothing written), and stored together with its timeline event in one
 * transaction, so no step is ever stored without its event or an event without its step.
 */
export async function transition(
  ticket: TicketDocument,
  expectedVersion: number,
  patch: Partial<TicketDocument>,
  event: { type: string; text: string; ownerVisible: boolean },
  actor: Actor,
  now: Date,
  unset: (keyof TicketDocument)[] = [],
): Promise<TicketDocument> {
  const next: TicketDocument = { ...ticket, ...patch, updatedAt: now };
  for (const key of unset) delete next[key];
  next.dueAt = dueAtFor(next);
  await atomically(['tickets', 'ticketEvents'], async (transaction) => {
    const current = await transaction.get<TicketDocument>('tickets', ticket._id);
    if (current?.version !== expectedVersion) throw conflict('工单已被他人更新，请刷新后重试');
    await transaction.update('tickets', ticket._id, {
      ...replaceObjects(patch),
      ...Object.fromEntries(unset.map((key) => [key, command().remove()])),
      updatedAt: now,
      dueAt: next.dueAt,
      version: expectedVersion + 1,
    });
    await transaction.insert('ticketEvents', {
      _id: newEventId(),
      ticketId: ticket._id,
      ...event,
      actorOpenid: actor.openid,
      actorName: actor.name,
      at: now,
    });
  });
  return { ...next, version: expectedVersion + 1 };
}
