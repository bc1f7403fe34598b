import { z } from 'zod';
import type { CallEntry, DeskEntry, DutyEntry, ShiftRecords } from '../../../../typings/desk';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { TICKET_DESK, inCommunity } from '../access';
import { command, find } from '../db';
import { AppError } from '../errors';
import { createOnce, requestOf } from '../idempotency';
import { newestFirst } from '../paging';
import type { Route } from '../router';
import { cursor, id, text } from '../validation';
import type { TicketDocument } from '../tickets/model';

/**
 * The front desk's records beside the tickets (seed 001 一11 所有来电做好记录, 四 《值班记录》): every
 * call, including those that raise no request, and the events of a duty shift with whom they were
 * reported to. Insert-only; the next handover carries the shift's entries to the next shift.
 */
export interface DeskLogDocument {
  _id: string;
  communityId: string;
  kind: DeskEntry['kind'];
  at: Date;
  byOpenid: string;
  byName: string;
  // a call
  callerName?: string;
  unitLabel?: string;
  topic?: string;
  outcome?: string;
  ticketId?: string;
  ticketNumber?: string;
  // a duty event
  event?: string;
  reportedTo?: string;
}

export function toDeskEntry(doc: DeskLogDocument): DeskEntry {
  const base = { id: doc._id, at: new Date(doc.at).toISOString(), byName: doc.byName };
  if (doc.kind === 'duty') return { ...base, kind: 'duty', event: doc.event ?? '', reportedTo: doc.reportedTo ?? '' };
  return {
    ...base,
    kind: 'call',
    callerName: doc.callerName ?? '',
    unitLabel: doc.unitLabel ?? '',
    topic: doc.topic ?? '',
    outcome: doc.outcome ?? '',
    ...(doc.ticketId ? { ticketId: doc.ticketId, ticketNumber: doc.ticketNumber } : {}),
  };
}

const staffName = async (caller: { account(): Promise<{ staffName: string } | undefined> }): Promise<string> => (await caller.account())?.staffName || '客服';

export const logCall: Route<'desk.logCall'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    callerName: text(...LIMITS.desk.callerName),
    unitLabel: text(...LIMITS.desk.unitLabel),
    topic: text(...LIMITS.desk.topic),
    outcome: text(...LIMITS.desk.outcome),
    ticketNumber: z
      .string()
      .trim()
      .transform((value) => value.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}\d{8}-\d{4}$/, '工单编号格式如 BX20261123-0007'))
      .optional(),
  }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const idempotent = requestOf(request);
    let ticket: TicketDocument | undefined;
    if (input.ticketNumber) {
      [ticket] = await find<TicketDocument>('tickets', { communityId: input.communityId, number: input.ticketNumber }, { limit: 1 });
      if (!ticket) throw new AppError('VALIDATION', `本小区没有编号为 ${input.ticketNumber} 的工单`);
    }
    const doc: DeskLogDocument = {
      _id: idempotent.idFor('k'),
      communityId: input.communityId,
      kind: 'call',
      at: now,
      byOpenid: caller.openid,
      byName: await staffName(caller),
      callerName: input.callerName,
      // A call about a request is about that request's home.
      unitLabel: input.unitLabel || ticket?.locationLabel || '',
      topic: input.topic,
      outcome: input.outcome,
      ...(ticket ? { ticketId: ticket._id, ticketNumber: ticket.number } : {}),
    };
    return createOnce(idempotent, 'deskLog', { ...doc }, toDeskEntry(doc) as CallEntry);
  },
};

export const logDuty: Route<'desk.logDuty'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, event: text(...LIMITS.desk.event), reportedTo: text(...LIMITS.desk.reportedTo) }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const idempotent = requestOf(request);
    const doc: DeskLogDocument = {
      _id: idempotent.idFor('d'),
      communityId: input.communityId,
      kind: 'duty',
      at: now,
      byOpenid: caller.openid,
      byName: await staffName(caller),
      event: input.event,
      reportedTo: input.reportedTo,
    };
    return createOnce(idempotent, 'deskLog', { ...doc }, toDeskEntry(doc) as DutyEntry);
  },
};

const PAGE_SIZE = 30;

export const listDesk: Route<'desk.list'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, kind: z.enum(['call', 'duty']), cursor }),
  async handle({ communityId, kind, cursor: after }) {
    return newestFirst<DeskLogDocument, DeskEntry>('deskLog', { communityId, kind }, 'at', after, PAGE_SIZE, toDeskEntry);
  },
};

/** The most entries of each kind one handover carries: a shift is hours, not weeks. */
const SHIFT_LIMIT = 100;

/** The calls and duty events since the community's last handover (oldest first), for the next one to carry. */
export async function shiftRecords(communityId: string): Promise<ShiftRecords> {
  const [last] = await find<{ createdAt: Date }>('handovers', { communityId }, { orderBy: [['createdAt', 'desc']], limit: 1 });
  const since = last ? new Date(last.createdAt) : undefined;
  const entries = async (kind: DeskEntry['kind']) =>
    (
      await find<DeskLogDocument>('deskLog', { communityId, kind, ...(since ? { at: command().gt(since) } : {}) }, { orderBy: [['at', 'asc']], limit: SHIFT_LIMIT })
    ).map(toDeskEntry);
  return {
    ...(since ? { since: since.toISOString() } : {}),
    calls: (await entries('call')) as CallEntry[],
    duty: (await entries('duty')) as DutyEntry[],
  };
}

export const currentShift: Route<'desk.shift'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }) {
    return shiftRecords(communityId);
  },
};
