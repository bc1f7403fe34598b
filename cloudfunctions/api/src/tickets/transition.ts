import type { Caller } from '../caller';
import { command, findById, insert, isDuplicateKey, remove, update } from '../db';
import { conflict } from '../errors';
import { newEventId, pastTimerSteps, stepEventId, type Actor, type StepIntent, type TicketEventDocument } from './events';
import { dueAtFor, type TicketDocument } from './model';
import { boardFactsOf } from './boardFacts';

/** A step taken: the ticket as it left it, and the event it added to the timeline. */
export interface Step {
  ticket: TicketDocument;
  event: TicketEventDocument;
}

export type { Actor } from './events';

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

const CHANGED = '工单已被他人更新，请刷新后重试';

/**
 * One step of a ticket: applied only if nobody changed the ticket since the caller read it
 * (CONFLICT otherwise), and never without its timeline event. Two writes, no transaction:
 *  1. the event claims the ticket's next version (its id is derived from it) and carries what the
 *     step changes; a second claim of the same version fails;
 *  2. the ticket takes the change and the version, only if it is still at the one the caller saw.
 * A call cut short between the two leaves a claim that has not landed: no timeline shows it
 * (events.ts), and the next step tried on that version lands it before being refused, so a step
 * is neither lost nor stored without its event.
 */
export async function transition(
  ticket: TicketDocument,
  expectedVersion: number,
  patch: Partial<TicketDocument>,
  event: { type: string; text: string; ownerVisible: boolean },
  actor: Actor,
  now: Date,
  unset: (keyof TicketDocument)[] = [],
): Promise<Step> {
  const version = (await pastTimerSteps(ticket, expectedVersion)) + 1;
  const next: TicketDocument = { ...ticket, ...patch, updatedAt: now };
  for (const key of unset) delete next[key];
  next.dueAt = dueAtFor(next);
  next.boardFacts = boardFactsOf(next);
  const claim: TicketEventDocument & { version: number; claim: string; intent: StepIntent } = {
    _id: stepEventId(ticket._id, version),
    ticketId: ticket._id,
    version,
    claim: newEventId(),
    intent: { set: { ...patch, updatedAt: now, dueAt: next.dueAt, boardFacts: next.boardFacts, ...(ticket.claimsFrom === undefined ? { claimsFrom: version } : {}) }, unset },
    ...event,
    actorOpenid: actor.openid,
    actorName: actor.name,
    at: now,
  };
  await claimVersion(claim);
  if (!(await land(claim))) {
    // Landed by another call that found the claim first, or the ticket had moved on without claims.
    const current = await findById<TicketDocument>('tickets', ticket._id);
    if (!current || !reachedBy(current, claim)) {
      await remove('ticketEvents', { _id: claim._id, claim: claim.claim });
      throw conflict(CHANGED);
    }
  }
  const { intent: _intent, claim: _token, ...added } = claim;
  return { ticket: { ...next, claimsFrom: next.claimsFrom ?? version, lastClaim: claim.claim, version }, event: added };
}

/**
 * Whether the ticket passed through the claim's version by that claim: it is the last one, or the
 * ticket has gone further since claims began below it (a version reached by claims has one claim,
 * and only its writer withdraws it).
 */
function reachedBy(ticket: TicketDocument, claim: { version: number; claim: string }): boolean {
  if (ticket.lastClaim === claim.claim) return true;
  return ticket.version > claim.version && ticket.claimsFrom !== undefined && ticket.claimsFrom <= claim.version;
}

/** Writes the step's claim; when another holds the version, lands theirs and refuses this one. */
async function claimVersion(claim: TicketEventDocument): Promise<void> {
  for (let round = 0; round < 2; round += 1) {
    try {
      await insert('ticketEvents', { ...claim });
      return;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    const holder = await findById<TicketEventDocument>('ticketEvents', claim._id);
    if (!holder) continue;
    await land(holder);
    throw conflict(CHANGED);
  }
  throw conflict(CHANGED);
}

/** Applies a claimed step to its ticket if the ticket is still at the version before it; true if this write did. */
async function land(claim: TicketEventDocument): Promise<boolean> {
  if (claim.version === undefined || !claim.intent || !claim.claim) return false;
  const { set, unset } = claim.intent;
  const moved = await update('tickets', { _id: claim.ticketId, version: claim.version - 1 }, {
    ...replaceObjects(set as Partial<TicketDocument>),
    ...Object.fromEntries(unset.map((key) => [key, command().remove()])),
    version: claim.version,
    lastClaim: claim.claim,
  });
  return moved === 1;
}
