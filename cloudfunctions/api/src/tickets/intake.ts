import { z } from 'zod';
import type { TicketDetail, TicketSubject } from '../../../../typings/tickets';
import { asResident, type Caller } from '../caller';
import { assertSafeText } from '../contentCheck';
import { find, findById, insert, isDuplicateKey } from '../db';
import { assertOwnFiles } from '../files';
import { AppError, forbidden } from '../errors';
import { requestOf, type IdempotentRequest } from '../idempotency';
import type { Route } from '../router';
import { untilStored, type Transaction } from '../transaction';
import { loadCommunity } from '../communities/communities';
import { loadUnit, unitLabel } from '../communities/units';
import type { BindingDocument } from '../residents/bindings';
import { fileId, id, mobile, personName, text } from '../validation';
import { COMPLAINT_CATEGORIES, DEFAULT_COMMON_AREAS, GENERAL_CATEGORIES, findCategory } from './catalog';
import { deadlinesAtReceipt, repairDeadlines } from './deadlines';
import { loadCalendar } from '../time/schedules';
import { submittedEvent } from './events';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { NO_DEADLINE, dueAtFor, type TicketDocument } from './model';
import { boardFactsOf } from './boardFacts';
import { notifyOwner } from './messages';
import { nextTicketNumber, ticketNumberRefused, ticketNumberStored } from './numbers';
import { promisesFor } from './settings';
import { describeTicket, photoUrls, ticketDetail } from './queries';
import { TICKET_DESK, anyone, inCommunity } from '../access';

const location = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('unit'), unitId: id }),
  z.strictObject({ kind: z.literal('common'), communityId: id, area: text(...LIMITS.ticket.commonArea) }),
]);

const newTicket = {
  kind: z.enum(['repair', 'complaint', 'consultation', 'suggestion', 'inquiry']),
  category: text(...LIMITS.ticket.category),
  description: text(...LIMITS.ticket.description),
  photos: z.array(fileId).max(COUNTS.ticketPhotos, `最多上传 ${COUNTS.ticketPhotos} 张照片`),
  location,
  preferredTime: text(...LIMITS.ticket.preferredTime).optional(),
  contactName: personName,
  contactPhone: mobile,
};

export type NewTicket = z.infer<z.ZodObject<typeof newTicket>>;

export interface Placement {
  communityId: string;
  unitId: string;
  locationLabel: string;
}

async function place(input: NewTicket): Promise<Placement> {
  if (input.location.kind === 'unit') {
    const unit = await loadUnit(input.location.unitId);
    return { communityId: unit.communityId, unitId: unit._id, locationLabel: unitLabel(unit) };
  }
  await loadCommunity(input.location.communityId);
  if (!DEFAULT_COMMON_AREAS.includes(input.location.area)) throw new AppError('VALIDATION', '请从列表中选择公共区域');
  return { communityId: input.location.communityId, unitId: '', locationLabel: `公共区域·${input.location.area}` };
}

function checkCategory(input: NewTicket): void {
  const valid =
    input.kind === 'repair'
      ? findCategory(input.category) !== undefined
      : (input.kind === 'complaint' ? COMPLAINT_CATEGORIES : GENERAL_CATEGORIES).includes(input.category);
  if (!valid) throw new AppError('VALIDATION', '请从列表中选择类别');
}

interface Author {
  caller: Caller;
  ownerOpenid: string;
  channel: TicketDocument['channel'];
  actorName: string;
  /** The photos were checked as their recorder's own when recorded (a delivery defect, raised when the owner signs). */
  photosChecked?: true;
}

/** A new ticket checked, with what it needs read before it is stored. */
export interface PreparedTicket {
  /** The ticket as stored, with `number`. Its first step (已提交) is shown from it (`submittedEvent`). */
  build(ticketId: string, number: string): TicketDocument;
  /** Inside a transaction that stores other records with it (tickets): numbers and stores the ticket. */
  write(transaction: Transaction, ticketId: string): Promise<{ ticket: TicketDocument }>;
  photoUrls: string[];
}

export async function prepareTicket(
  input: NewTicket,
  placement: Placement,
  who: Author,
  now: Date,
  subject?: TicketSubject,
  warranty?: TicketDocument['warranty'],
): Promise<PreparedTicket> {
  checkCategory(input);
  if (!who.photosChecked) assertOwnFiles(who.caller, input.photos);
  const urgency = input.kind === 'repair' ? findCategory(input.category)?.urgency : undefined;
  // Independent of each other: the content check and the reads are asked for together.
  // A repair's deadlines come from its community's promises, the others' from the working-day calendar: only that one is read.
  const deadlinesSet =
    input.kind === 'repair'
      ? promisesFor(placement.communityId).then((promises) => repairDeadlines(now, urgency, promises))
      : loadCalendar().then((calendar) => deadlinesAtReceipt(input.kind, now, calendar));
  const [, deadlines, urls] = await Promise.all([assertSafeText(who.caller.openid, input.description), deadlinesSet, photoUrls(input.photos)]);
  const build = (ticketId: string, number: string): TicketDocument => {
    const ticket: TicketDocument = {
      _id: ticketId,
      number,
      kind: input.kind,
      category: input.kind === 'repair' ? (findCategory(input.category)?.name ?? input.category) : input.category,
      ...(urgency ? { urgency } : {}),
      communityId: placement.communityId,
      unitId: placement.unitId,
      locationLabel: placement.locationLabel,
      description: input.description,
      photos: input.photos,
      preferredTime: input.preferredTime ?? '',
      contactName: input.contactName,
      contactPhone: input.contactPhone,
      phoneTail: input.contactPhone.slice(-4),
      channel: who.channel,
      ownerOpenid: who.ownerOpenid,
      createdBy: who.caller.openid,
      createdByName: who.actorName,
      status: 'submitted',
      flags: { group: false, repeat: false },
      deadlines,
      escalationLevel: 0,
      confirmedByOwner: false,
      reworkCount: 0,
      ...(subject ? { subject } : {}),
      ...(warranty ? { warranty } : {}),
      dueAt: NO_DEADLINE,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    ticket.dueAt = dueAtFor(ticket);
    ticket.boardFacts = boardFactsOf(ticket);
    return ticket;
  };
  return {
    photoUrls: urls,
    build,
    async write(transaction, ticketId) {
      // The day's highest is read on every run: a transaction may still fail after its insert.
      const { number } = await nextTicketNumber(placement.communityId, input.kind, now, true);
      const ticket = build(ticketId, number);
      await transaction.insert('tickets', { ...ticket });
      return { ticket };
    },
  };
}

/**
 * Stores a new ticket with the next number of its day: one insert, which the unique index on
 * (communityId, number) refuses when another ticket took that number first (then the next is
 * tried). The ticket's id comes from the request (a keyed request), so the ticket is the
 * request's stored result: a retry after a timeout or a crash meets the id taken and answers that
 * ticket as it is now. A crash before the insert stored nothing and took no number.
 */
async function createTicket(
  input: NewTicket,
  placement: Placement,
  who: Author,
  now: Date,
  request: IdempotentRequest,
  subject?: TicketSubject,
): Promise<{ detail: TicketDetail; ticket: TicketDocument }> {
  const prepared = await prepareTicket(input, placement, who, now, subject);
  // The answer is the requester's view: an owner's own ticket is theirs as a resident.
  const viewer = who.channel === 'miniprogram' ? asResident(who.caller) : await who.caller.viewer();
  const ticketId = request.idFor('t');
  const stored = await untilStored(async (attempt): Promise<{ ticket: TicketDocument } | { earlier: TicketDocument } | undefined> => {
    const tried = await nextTicketNumber(placement.communityId, input.kind, now, attempt > 1);
    const ticket = prepared.build(ticketId, tried.number);
    try {
      await insert('tickets', { ...ticket });
      ticketNumberStored(tried);
      return { ticket };
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      ticketNumberRefused(tried);
      // The id taken: another run of this request stored its ticket first. Else the number was.
      const earlier = await findById<TicketDocument>('tickets', ticketId);
      return earlier ? { earlier } : undefined;
    }
  });
  if ('earlier' in stored) return { detail: await describeTicket(stored.earlier, 'owner', now, viewer), ticket: stored.earlier };
  const detail = await ticketDetail(stored.ticket, 'owner', now, viewer, { photoUrls: prepared.photoUrls, workPhotoUrls: [], events: [submittedEvent(stored.ticket)] });
  return { detail, ticket: stored.ticket };
}

async function approvedBindings(where: Record<string, unknown>): Promise<BindingDocument[]> {
  return find<BindingDocument>('bindings', { ...where, status: 'approved' }, { limit: 20 });
}

const NOT_VERIFIED = '请先完成房屋认证，再提交服务需求';

const ownerAuthor = (caller: Caller): Author => ({ caller, ownerOpenid: caller.openid, channel: 'miniprogram', actorName: '业主' });

/** An owner (or family member, tenant) reports from the mini-program, for a home they are verified for. */
export const submitTicket: Route<'ticket.create'> = {
  access: anyone('须已认证该房屋（报公共区域时须已认证该小区的房屋）'),
  input: z.strictObject(newTicket),
  idempotent: 'keyed',
  async handle(input, { caller, now, request }) {
    const { location: where } = input;
    if (where.kind === 'unit') {
      // The home's verification names its community and label (a home's id is its community, building,
      // unit and room, and homes are never removed), so the home itself is not read.
      const [home] = await approvedBindings({ openid: caller.openid, unitId: where.unitId });
      if (!home) throw forbidden(NOT_VERIFIED);
      const placement: Placement = { communityId: home.communityId, unitId: home.unitId, locationLabel: home.unitLabel };
      return (await createTicket(input, placement, ownerAuthor(caller), now, requestOf(request))).detail;
    }
    const [placement, homes] = await Promise.all([place(input), approvedBindings({ openid: caller.openid, communityId: where.communityId })]);
    if (!homes.length) throw forbidden(NOT_VERIFIED);
    return (await createTicket(input, placement, ownerAuthor(caller), now, requestOf(request))).detail;
  },
};

/** Front desk and the 24-hour hotline register a request for an owner (seed 002 §6). */
export const registerTicket: Route<'ticket.register'> = {
  access: inCommunity(TICKET_DESK, async (input) => (await place(input)).communityId),
  input: z.strictObject({ ...newTicket, channel: z.enum(['phone', 'visit', 'patrol']) }),
  idempotent: 'keyed',
  async handle({ channel, ...input }, { caller, now, request }) {
    const placement = await place(input);
    // The resident who follows it in the mini-program: the verified one with the caller's phone, else the owner.
    const residents = placement.unitId ? await approvedBindings({ unitId: placement.unitId }) : [];
    const follower =
      residents.find((binding) => binding.phone === input.contactPhone) ?? residents.find((binding) => binding.relation === 'owner');
    const staffName = (await caller.account())?.staffName ?? '客服';
    const { detail, ticket } = await createTicket(input, placement, { caller, ownerOpenid: follower?.openid ?? '', channel, actorName: staffName }, now, requestOf(request));
    // The resident is told it is in 我的报事, where they follow, confirm or reopen it (once per ticket, retries included).
    if (follower) await notifyOwner(ticket, 'registered', '已登记', now);
    return detail;
  },
};

/** An owner's question on a published disclosure (质询): an inquiry ticket about that notice. */
export async function createInquiry(
  caller: Caller,
  inquiry: { communityId: string; unitId: string; category: string; question: string; contactName: string; contactPhone: string; subject: TicketSubject },
  now: Date,
  request: IdempotentRequest,
): Promise<TicketDetail> {
  const input: NewTicket = {
    kind: 'inquiry',
    category: inquiry.category,
    description: inquiry.question,
    photos: [],
    location: { kind: 'unit', unitId: inquiry.unitId },
    contactName: inquiry.contactName,
    contactPhone: inquiry.contactPhone,
  };
  const placement: Placement = {
    communityId: inquiry.communityId,
    unitId: inquiry.unitId,
    locationLabel: `信息公示·${inquiry.subject.title}（第 ${inquiry.subject.version} 版）`,
  };
  return (await createTicket(input, placement, ownerAuthor(caller), now, request, inquiry.subject)).detail;
}
