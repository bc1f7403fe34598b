import { z } from 'zod';
import type { Page } from '../../../../typings/domain';
import type { TicketDetail, TicketEvent, TicketSummary } from '../../../../typings/tickets';
import { RECORDS_DESK, TICKET_STAFF, inCommunity, anyone } from '../access';
import { asResident, holdsAny, type Caller } from '../caller';
import { temporaryUrls } from '../files';
import { command, find, type Where } from '../db';
import { forbidden, notFound } from '../errors';
import { afterCursor, encodeCursor, newestFirst } from '../paging';
import { maskName, maskPhone } from '../privacy/masking';
import type { Viewer } from '../policy';
import type { Route } from '../router';
import { calendarDate, cursor, id, personName } from '../validation';
import { eventsOf, toTicketEvent, type TicketEventDocument } from './events';
import type { Alert } from '../../../../typings/alerts';
import { alertsOf } from '../alerts/alerts';
import { templateIdOf } from '../alerts/templates';
import { OPEN_STATUSES, loadTicket, toSummary, type TicketDocument } from './model';

const PAGE_SIZE = 20;
const PHOTO_URL_SECONDS = 600;

export const photoUrls = (photos: string[]): Promise<string[]> => temporaryUrls(photos, PHOTO_URL_SECONDS);

/** What a ticket's detail shows besides the document: file URLs and the timeline. */
export interface TicketExtras {
  photoUrls: string[];
  workPhotoUrls: string[];
  events: TicketEvent[];
  /** Staff: its alerts and whom they reached. */
  alerts?: Alert[];
  /** Owner: progress messages stopped for lack of consent. */
  notifyPaused?: boolean;
}

/** The whole ticket for its owner (their own contact in full, owner-visible events) or for staff (contact masked, every event). */
export function ticketDetail(ticket: TicketDocument, audience: 'owner' | 'staff', now: Date, viewer: Viewer, extras: TicketExtras): TicketDetail {
  return {
    ...toSummary(ticket, now, viewer),
    viewer: audience,
    assignedToMe: ticket.assignee?.openid === viewer.openid,
    description: ticket.description,
    photoUrls: extras.photoUrls,
    workPhotoUrls: extras.workPhotoUrls,
    contactName: audience === 'owner' ? ticket.contactName : maskName(ticket.contactName),
    contactPhone: audience === 'owner' ? ticket.contactPhone : maskPhone(ticket.contactPhone),
    preferredTime: ticket.preferredTime || undefined,
    channel: ticket.channel,
    charge: ticket.charge,
    rating: ticket.rating,
    returnVisit: ticket.returnVisit
      ? { satisfaction: ticket.returnVisit.satisfaction, note: ticket.returnVisit.note, at: new Date(ticket.returnVisit.at).toISOString() }
      : undefined,
    confirmation: ticket.confirmation ? { ...ticket.confirmation, at: new Date(ticket.confirmation.at).toISOString() } : undefined,
    validity: ticket.validity ? { ...ticket.validity, at: new Date(ticket.validity.at).toISOString() } : undefined,
    unanswered: ticket.unanswered ? { attempts: ticket.unanswered.attempts, at: new Date(ticket.unanswered.at).toISOString() } : undefined,
    reworkCount: ticket.reworkCount,
    appointmentAt: ticket.appointmentAt ? new Date(ticket.appointmentAt).toISOString() : undefined,
    majorNoticeAt: ticket.majorNoticeAt ? new Date(ticket.majorNoticeAt).toISOString() : undefined,
    checkIn: ticket.checkIn ? { ...ticket.checkIn, at: new Date(ticket.checkIn.at).toISOString() } : undefined,
    outOfScope: ticket.outOfScope,
    subject: ticket.subject,
    events: extras.events,
    ...(audience === 'staff' ? { alerts: extras.alerts ?? [] } : { notifyPaused: extras.notifyPaused ?? false }),
    version: ticket.version,
  };
}

/** Staff see the ticket's alerts; its owner, whether its progress messages stopped. */
function audienceExtras(ticket: TicketDocument, alerts: Alert[] | undefined): Pick<TicketExtras, 'alerts' | 'notifyPaused'> {
  return alerts ? { alerts } : { notifyPaused: ticket.notifyPaused === true && Boolean(templateIdOf('progress')) };
}

export async function describeTicket(ticket: TicketDocument, audience: 'owner' | 'staff', now: Date, viewer: Viewer): Promise<TicketDetail> {
  // Independent reads, asked for together: the detail waits for the slowest only.
  const [photos, workPhotos, events, alerts] = await Promise.all([
    photoUrls(ticket.photos),
    photoUrls(ticket.workPhotos ?? []),
    eventsOf(audience, ticket),
    audience === 'staff' ? alertsOf(ticket._id) : undefined,
  ]);
  return ticketDetail(ticket, audience, now, viewer, { photoUrls: photos, workPhotoUrls: workPhotos, events, ...audienceExtras(ticket, alerts) });
}

/**
 * What a step answers: the ticket as the step left it, with only what the step added to its
 * timeline and alerts (`since`: the version it was taken at, which the caller's page shows and
 * continues). A timer adds escalations and overdue alerts to a ticket without a step: a page may
 * not show those yet, so such a ticket is answered whole.
 */
export async function describeStep(step: { ticket: TicketDocument; event: TicketEventDocument }, audience: 'owner' | 'staff', now: Date, viewer: Viewer, raised: Alert[] = []): Promise<TicketDetail> {
  const { ticket, event } = step;
  if (audience === 'staff' && (ticket.escalationLevel > 0 || ticket.overdueAlertFor)) return describeTicket(ticket, audience, now, viewer);
  const [photos, workPhotos] = await Promise.all([photoUrls(ticket.photos), photoUrls(ticket.workPhotos ?? [])]);
  const events = audience === 'staff' || event.ownerVisible ? [toTicketEvent(event)] : [];
  const detail = ticketDetail(ticket, audience, now, viewer, { photoUrls: photos, workPhotoUrls: workPhotos, events, ...audienceExtras(ticket, audience === 'staff' ? raised : undefined) });
  return { ...detail, since: ticket.version - 1 };
}

/**
 * Who may see a ticket, and as whom: its owner; staff of its community (a technician only
 * when it is assigned to them).
 */
export async function audienceFor(caller: Caller, ticket: TicketDocument): Promise<'owner' | 'staff'> {
  if (ticket.ownerOpenid && ticket.ownerOpenid === caller.openid) return 'owner';
  const grants = await caller.grants();
  if (holdsAny(grants, ['cs', 'manager', 'admin'], ticket.communityId)) return 'staff';
  if (holdsAny(grants, ['tech'], ticket.communityId) && ticket.assignee?.openid === caller.openid) return 'staff';
  throw forbidden('您无权查看该工单');
}

export const myTickets: Route<'ticket.mine'> = {
  access: anyone('只含本人提交的工单'),
  input: z.strictObject({ cursor }),
  async handle({ cursor: after }, { caller, now }) {
    const viewer = asResident(caller);
    const base = { ownerOpenid: caller.openid };
    const where = after ? (command().and([base, afterCursor('createdAt', 'desc', after)]) as unknown as Where) : base;
    const docs = await find<TicketDocument>('tickets', where, {
      orderBy: [
        ['createdAt', 'desc'],
        ['_id', 'desc'],
      ],
      limit: PAGE_SIZE,
    });
    const page: Page<TicketSummary> = { items: docs.map((doc) => toSummary(doc, now, viewer)) };
    const last = docs[docs.length - 1];
    if (docs.length === PAGE_SIZE) page.cursor = encodeCursor(new Date(last.createdAt), last._id);
    return page;
  },
};

export const getTicket: Route<'ticket.get'> = {
  access: anyone('提交人；本小区的客服、客服经理、管理员；维修人员仅限派给自己的工单'),
  input: z.strictObject({ id }),
  async handle({ id: ticketId }, { caller, now }) {
    const ticket = await loadTicket(ticketId);
    const audience = await audienceFor(caller, ticket);
    return describeTicket(ticket, audience, now, audience === 'owner' ? asResident(caller) : await caller.viewer());
  },
};

export const findByNumber: Route<'ticket.find'> = {
  access: inCommunity(TICKET_STAFF, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    number: z
      .string()
      .trim()
      .transform((value) => value.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}\d{8}-\d{4}$/, '编号格式如 BX20261123-0007')),
  }),
  async handle({ communityId, number }, { caller, now }) {
    const [ticket] = await find<TicketDocument>('tickets', { communityId, number }, { limit: 1 });
    if (!ticket) throw notFound(`本小区没有编号为 ${number} 的工单`);
    await audienceFor(caller, ticket);
    return toSummary(ticket, now, await caller.viewer());
  },
};

/**
 * Seed 002 §2 (一分钟内取阅): the desk finds a caller's requests in one call — by home, the full
 * name they give, the last 4 digits of their phone, or the days they called — newest first. Contacts
 * stay masked as everywhere else.
 */
export const search: Route<'ticket.search'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z
    .strictObject({
      communityId: id,
      unitId: id.optional(),
      name: personName.optional(),
      phoneTail: z.string().regex(/^\d{4}$/, '手机尾号为 4 位数字').optional(),
      from: calendarDate.optional(),
      to: calendarDate.optional(),
      kind: z.enum(['repair', 'complaint', 'consultation', 'suggestion', 'inquiry']).optional(),
      status: z.enum(['submitted', 'accepted', 'assigned', 'resolved', 'closed']).optional(),
      cursor,
    })
    .refine((input) => Boolean(input.unitId || input.name || input.phoneTail || input.from || input.to), '请至少填写房屋、姓名、手机尾号或日期中的一项')
    .refine((input) => !input.from || !input.to || input.from <= input.to, '结束日期不能早于开始日期'),
  async handle(filters, { now, caller }) {
    const _ = command();
    const created = [
      ...(filters.from ? [_.gte(new Date(`${filters.from}T00:00:00+08:00`))] : []),
      ...(filters.to ? [_.lte(new Date(`${filters.to}T23:59:59.999+08:00`))] : []),
    ];
    const base: Where = {
      communityId: filters.communityId,
      ...(filters.unitId ? { unitId: filters.unitId } : {}),
      ...(filters.name ? { contactName: filters.name } : {}),
      ...(filters.phoneTail ? { phoneTail: filters.phoneTail } : {}),
      ...(filters.kind ? { kind: filters.kind } : {}),
      ...(filters.status ? { status: filters.status } : {}),
      ...(created.length ? { createdAt: created.length === 2 ? _.and(created) : created[0] } : {}),
    };
    const viewer = await caller.viewer();
    return newestFirst<TicketDocument, TicketSummary>('tickets', base, 'createdAt', filters.cursor, PAGE_SIZE, (doc) => toSummary(doc, now, viewer));
  },
};

/** Staff inbox for one community: open tickets by nearest deadline, overdue first. */
export const inbox: Route<'ticket.inbox'> = {
  access: inCommunity(TICKET_STAFF, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    kind: z.enum(['repair', 'complaint', 'consultation', 'suggestion', 'inquiry']).optional(),
    status: z.enum(['submitted', 'accepted', 'assigned', 'resolved', 'closed']).optional(),
    grade: z.enum(['general', 'serious', 'major']).optional(),
    overdue: z.boolean().optional(),
    mine: z.boolean().optional(),
    escalatedFrom: z.union([z.literal(1), z.literal(2)]).optional(),
    cursor,
  }),
  async handle(filters, { caller, now }) {
    const viewer = await caller.viewer();
    const _ = command();
    const technicianOnly = !holdsAny(viewer.grants, ['cs', 'manager', 'admin'], filters.communityId);
    const base: Where = {
      communityId: filters.communityId,
      status: filters.status ?? _.in(OPEN_STATUSES),
      ...(filters.kind ? { kind: filters.kind } : {}),
      ...(filters.grade ? { grade: filters.grade } : {}),
      ...(filters.mine || technicianOnly ? { 'assignee.openid': caller.openid } : {}),
      ...(filters.overdue ? { dueAt: _.lt(now) } : {}),
      ...(filters.escalatedFrom ? { kind: 'complaint', escalationLevel: _.gte(filters.escalatedFrom) } : {}),
    };
    const closed = filters.status === 'closed';
    const field = closed ? 'createdAt' : 'dueAt';
    const direction = closed ? 'desc' : 'asc';
    const where = filters.cursor ? (_.and([base, afterCursor(field, direction, filters.cursor)]) as unknown as Where) : base;
    const docs = await find<TicketDocument>('tickets', where, {
      orderBy: [
        [field, direction],
        ['_id', direction],
      ],
      limit: PAGE_SIZE,
    });
    const page: Page<TicketSummary> = { items: docs.map((doc) => toSummary(doc, now, viewer)) };
    const last = docs[docs.length - 1];
    if (docs.length === PAGE_SIZE) page.cursor = encodeCursor(new Date(closed ? last.createdAt : last.dueAt), last._id);
    return page;
  },
};
