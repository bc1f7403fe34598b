import type { Caller } from '../caller';
import { command, updateVersioned } from '../db';
import { conflict } from '../errors';
import { recordEvent } from './events';
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
 * (CONFLICT otherwise, nothing written), recorded as a timeline event.
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
  const changed = await updateVersioned('tickets', ticket._id, expectedVersion, {
    ...replaceObjects(patch),
    ...Object.fromEntries(unset.map((key) => [key, command().remove()])),
    updatedAt: now,
    dueAt: next.dueAt,
  });
  if (!changed) throw conflict('工单已被他人更新，请刷新后重试');
  await recordEvent({ ticketId: ticket._id, ...event, actorOpenid: actor.openid, actorName: actor.name, at: now });
  return { ...next, version: expectedVersion + 1 };
}
