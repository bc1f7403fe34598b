import { z } from 'zod';
import type { Handover, TicketSummary } from '../../../../typings/tickets';
import { command, find, findById, update } from '../db';
import { createOnce, requestOf } from '../idempotency';
import { AppError, conflict, notFound } from '../errors';
import { earliestFirst, newestFirst } from '../paging';
import type { Route } from '../router';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { cursor, id, text } from '../validation';
import { OPEN_STATUSES, toSummary, type TicketDocument } from './model';
import { TICKET_DESK, inCommunity } from '../access';
import { shiftRecords } from '../desk/records';

/** Seed 001 四 维修 5 and 咨询 4: what one shift could not finish, the next follows up and confirms. */
interface HandoverDocument {
  _id: string;
  communityId: string;
  fromOpenid: string;
  fromName: string;
  summary: string;
  notes: Handover['notes'];
  /** The shift's desk records, as they were when it was handed over (absent on handovers written before they existed). */
  calls?: Handover['calls'];
  duty?: Handover['duty'];
  createdAt: Date;
  acknowledgedBy?: string;
  acknowledgedByName?: string;
  acknowledgedAt?: Date;
}

const PAGE_SIZE = 20;
const OPEN_PAGE_SIZE = 30;

function toHandover(doc: HandoverDocument, viewerOpenid: string): Handover {
  return {
    id: doc._id,
    communityId: doc.communityId,
    fromName: doc.fromName,
    fromMe: doc.fromOpenid === viewerOpenid,
    summary: doc.summary,
    notes: doc.notes,
    calls: doc.calls ?? [],
    duty: doc.duty ?? [],
    createdAt: new Date(doc.createdAt).toISOString(),
    acknowledgedBy: doc.acknowledgedByName,
    acknowledgedAt: doc.acknowledgedAt ? new Date(doc.acknowledgedAt).toISOString() : undefined,
  };
}

async function loadHandover(handoverId: string): Promise<HandoverDocument> {
  const doc = await findById<HandoverDocument>('handovers', handoverId);
  if (!doc) throw notFound('交接记录不存在');
  return doc;
}

/** The community's open tickets a page at a time, the one due soonest first (a busy community has hundreds). */
export const openForHandover: Route<'handover.open'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor: cursor.optional() }),
  async handle({ communityId, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    return earliestFirst<TicketDocument, TicketSummary>('tickets', { communityId, status: command().in(OPEN_STATUSES) }, 'dueAt', after, OPEN_PAGE_SIZE, (ticket) => toSummary(ticket, now, viewer));
  },
};

export const createHandover: Route<'handover.create'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    summary: text(...LIMITS.ticket.handoverSummary),
    notes: z.array(z.strictObject({ ticketId: id, followUp: text(...LIMITS.ticket.followUp) })).max(100),
  }),
  idempotent: true,
  async handle({ communityId, summary, notes }, { caller, now, request }) {
    const idempotent = requestOf(request);
    const ids = notes.map((note) => note.ticketId);
    const tickets = ids.length ? await find<TicketDocument>('tickets', { _id: command().in(ids), communityId }, { limit: 100 }) : [];
    const numbers = new Map(tickets.map((ticket) => [ticket._id, ticket.number]));
    const unknown = ids.find((ticketId) => !numbers.has(ticketId));
    if (unknown) throw new AppError('VALIDATION', '交接内容中有不属于本小区的工单');
    const shift = await shiftRecords(communityId);
    const doc: HandoverDocument = {
      _id: idempotent.idFor('h'),
      communityId,
      fromOpenid: caller.openid,
      fromName: (await caller.account())?.staffName ?? '',
      summary,
      notes: notes.map((note) => ({ ...note, number: numbers.get(note.ticketId) ?? '' })),
      calls: shift.calls,
      duty: shift.duty,
      createdAt: now,
    };
    return createOnce(idempotent, 'handovers', { ...doc }, toHandover(doc, caller.openid));
  },
};

export const listHandovers: Route<'handover.list'> = {
  access: inCommunity(TICKET_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }, { caller }) {
    return newestFirst<HandoverDocument, Handover>('handovers', { communityId }, 'createdAt', after, PAGE_SIZE, (doc) => toHandover(doc, caller.openid));
  },
};

export const acknowledgeHandover: Route<'handover.acknowledge'> = {
  access: inCommunity(TICKET_DESK, async (input) => (await loadHandover(input.id)).communityId),
  input: z.strictObject({ id }),
  async handle({ id: handoverId }, { caller, now }) {
    const doc = await loadHandover(handoverId);
    if (doc.fromOpenid === caller.openid) throw new AppError('VALIDATION', '交接须由接班人员确认');
    const name = (await caller.account())?.staffName ?? '';
    const claimed = await update(
      'handovers',
      { _id: handoverId, acknowledgedAt: command().exists(false) },
      { acknowledgedBy: caller.openid, acknowledgedByName: name, acknowledgedAt: now },
    );
    if (claimed !== 1) throw conflict('该交接已被确认');
    return toHandover({ ...doc, acknowledgedBy: caller.openid, acknowledgedByName: name, acknowledgedAt: now }, caller.openid);
  },
};
