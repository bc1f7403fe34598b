import { z } from 'zod';
import type { Meeting, MeetingInvite, MeetingStatus, MeetingSuggestion } from '../../../../typings/events';
import type { TicketStatus } from '../../../../typings/tickets';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { RECORDS_DESK, inCommunity, onRecord } from '../access';
import type { Caller } from '../caller';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, type Join } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { createOnce, requestOf } from '../idempotency';
import { newestFirst } from '../paging';
import { allowedActions, enforce, type Viewer } from '../policy';
import type { BindingDocument } from '../residents/bindings';
import type { Route } from '../router';
import { prepareTicket, type NewTicket } from '../tickets/intake';
import { notifyOwner } from '../tickets/messages';
import { loadTicket, type TicketDocument } from '../tickets/model';
import { atomically } from '../transaction';
import { cursor, id, instant, mobile, personName, text, version } from '../validation';
import { periodTargets, staffName, yearStart } from './common';
import { meetingPolicy } from './policy';

/**
 * Seed 002 §6: an owners' meeting (业主恳谈会) at least every half-year, its invitation, its
 * minutes, and every suggestion owners make there followed to an answer as a suggestion ticket.
 */

export interface MeetingDocument {
  _id: string;
  communityId: string;
  title: string;
  startsAt: Date;
  place: string;
  agenda: string;
  status: MeetingStatus;
  minutes?: { attendance: number; text: string; byName: string; at: Date };
  /** The suggestion tickets raised at the meeting, in the order they were made. */
  suggestionIds: string[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const ANSWERED: readonly TicketStatus[] = ['resolved', 'closed'];
const MAX_SUGGESTIONS = 100;

const loadMeeting = async (meetingId: string): Promise<MeetingDocument> => {
  const found = await findById<MeetingDocument>('meetings', meetingId);
  if (!found) throw notFound('恳谈会不存在');
  return found;
};

async function suggestionsOf(doc: MeetingDocument): Promise<MeetingSuggestion[]> {
  if (!doc.suggestionIds.length) return [];
  const tickets = await find<TicketDocument>('tickets', { _id: command().in(doc.suggestionIds) }, { limit: MAX_SUGGESTIONS });
  const byId = new Map(tickets.map((ticket) => [ticket._id, ticket]));
  return doc.suggestionIds.flatMap((ticketId) => {
    const ticket = byId.get(ticketId);
    if (!ticket) return [];
    return [{ ticketId, number: ticket.number, summary: ticket.description, unitLabel: ticket.locationLabel, status: ticket.status, answered: ANSWERED.includes(ticket.status) }];
  });
}

/** What a meeting's invitation shows an owner; the meeting's own page adds the rest. */
export const toInvite = (doc: MeetingDocument): MeetingInvite => ({
  id: doc._id,
  communityId: doc.communityId,
  title: doc.title,
  startsAt: new Date(doc.startsAt).toISOString(),
  place: doc.place,
  agenda: doc.agenda,
});

function toMeeting(doc: MeetingDocument, suggestions: MeetingSuggestion[], viewer: Viewer, now: Date): Meeting {
  return {
    ...toInvite(doc),
    status: doc.status,
    ...(doc.minutes ? { minutes: { ...doc.minutes, at: new Date(doc.minutes.at).toISOString() } } : {}),
    suggestions,
    openSuggestions: suggestions.filter((item) => !item.answered).length,
    version: doc.version,
    allowed: allowedActions(meetingPolicy, doc, viewer, now),
  };
}

async function meetingFor(meetingId: string, caller: Caller, now: Date): Promise<Meeting> {
  const doc = await loadMeeting(meetingId);
  return toMeeting(doc, await suggestionsOf(doc), await caller.viewer(), now);
}

const meetings = { policy: meetingPolicy, load: loadMeeting, versionOf: (doc: MeetingDocument) => doc.version, stale: '恳谈会记录已被他人更新，请刷新后重试' };

/** At most this many invitations are shown. */
export const UPCOMING = 10;

/** The invitations a verified owner sees, joined to each of their homes: its community's meetings not yet held, soonest first. */
export const upcomingJoin = (now: Date): Join => ({
  as: 'meetings',
  from: 'meetings',
  on: { field: 'communityId', localField: 'communityId' },
  where: { status: 'scheduled', startsAt: command().gte(now) },
  orderBy: ['startsAt', 'asc'],
  limit: UPCOMING,
});


export const saveMeeting: Route<'meeting.save'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, id: id.optional(), version: version.optional(), title: text(2, 40), startsAt: instant, place: text(2, 60), agenda: text(4, 1000) }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    await assertSafeText(caller.openid, [input.title, input.place, input.agenda].join('\n'));
    const plan = { title: input.title, startsAt: new Date(input.startsAt), place: input.place, agenda: input.agenda, updatedAt: now };
    const viewer = await caller.viewer();
    if (input.id) {
      const doc = await loadMeeting(input.id);
      if (doc.communityId !== input.communityId) throw notFound('恳谈会不存在');
      enforce(meetingPolicy, 'edit', doc, viewer, now);
      await atomically(['meetings'], async (transaction) => {
        const current = await transaction.get<MeetingDocument>('meetings', doc._id);
        if (!current || current.version !== input.version) throw conflict(meetings.stale);
        await transaction.update('meetings', doc._id, { ...plan, version: current.version + 1 });
      });
      return meetingFor(doc._id, caller, now);
    }
    const doc: MeetingDocument = { _id: requestOf(request).idFor('m'), communityId: input.communityId, ...plan, status: 'scheduled', suggestionIds: [], createdAt: now, version: 1 };
    return createOnce(requestOf(request), 'meetings', { ...doc }, toMeeting(doc, [], viewer, now));
  },
};

export const listMeetings: Route<'meeting.list'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const page = await newestFirst<MeetingDocument, MeetingDocument>('meetings', { communityId }, 'startsAt', after, 20, (doc) => doc);
    const held = await find<MeetingDocument>('meetings', { communityId, status: 'held', startsAt: command().gte(yearStart(Number(chinaDate(now).slice(0, 4)))) }, { orderBy: [['startsAt', 'asc']], limit: 100 });
    return {
      ...page,
      items: await Promise.all(page.items.map(async (doc) => toMeeting(doc, await suggestionsOf(doc), viewer, now))),
      halves: periodTargets(now, 6, held.map((doc) => doc.startsAt)),
    };
  },
};

export const getMeeting: Route<'meeting.get'> = {
  access: inCommunity(RECORDS_DESK, async (input) => (await loadMeeting(input.id)).communityId),
  input: z.strictObject({ id }),
  handle: ({ id: meetingId }, { caller, now }) => meetingFor(meetingId, caller, now),
};

export const recordMinutes: Route<'meeting.minutes'> = onRecord(meetings, {
  actions: ['minutes'],
  input: z.strictObject({ id, version, attendance: z.number().int().min(1, '请填写到会人数').max(5000, '人数过大'), text: text(10, 3000) }),
  async handle(input, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, input.text);
    const byName = await staffName(caller);
    await atomically(['meetings'], async (transaction) => {
      const current = await transaction.get<MeetingDocument>('meetings', doc._id);
      if (!current || current.version !== input.version) throw conflict(meetings.stale);
      await transaction.update('meetings', doc._id, { status: 'held', minutes: { attendance: input.attendance, text: input.text, byName, at: now }, updatedAt: now, version: current.version + 1 });
    });
    return meetingFor(doc._id, caller, now);
  },
});

/**
 * An owner's suggestion made at the meeting: taken in through the ticket intake as a suggestion
 * (建议) ticket for their home, stored with its link to the meeting in one transaction, and the
 * owner told it is in 我的报事 where they follow its answer.
 */
export const suggestAtMeeting: Route<'meeting.suggest'> = onRecord(meetings, {
  actions: ['suggest'],
  input: z.strictObject({ id, unitId: id, contactName: personName, contactPhone: mobile, description: text(4, 500) }),
  idempotent: true,
  async handle(input, { caller, now, request, record: doc }) {
    if (doc.suggestionIds.length >= MAX_SUGGESTIONS) throw new AppError('CONFLICT', `一次恳谈会最多登记 ${MAX_SUGGESTIONS} 条建议`);
    const unit = await loadUnit(input.unitId);
    if (unit.communityId !== doc.communityId) throw notFound('房屋不存在，请重新选择');
    const residents = await find<BindingDocument>('bindings', { unitId: unit._id, status: 'approved' }, { limit: 20 });
    const follower = residents.find((binding) => binding.phone === input.contactPhone) ?? residents.find((binding) => binding.relation === 'owner');
    const ticket: NewTicket = {
      kind: 'suggestion',
      category: '物业服务',
      description: input.description,
      photos: [],
      location: { kind: 'unit', unitId: unit._id },
      contactName: input.contactName,
      contactPhone: input.contactPhone,
    };
    const placement = { communityId: doc.communityId, unitId: unit._id, locationLabel: unitLabel(unit) };
    const actorName = await staffName(caller);
    const prepared = await prepareTicket(ticket, placement, { caller, ownerOpenid: follower?.openid ?? '', channel: 'visit', actorName }, now);
    const idempotent = requestOf(request);
    const ticketId = idempotent.idFor('t');
    await atomically(['meetings', 'tickets', 'ticketEvents', 'counters', 'requests'], async (transaction) => {
      if (await idempotent.earlier(transaction)) return;
      const current = await transaction.get<MeetingDocument>('meetings', doc._id);
      if (!current) throw notFound('恳谈会不存在');
      await prepared.write(transaction, ticketId);
      await transaction.update('meetings', doc._id, { suggestionIds: [...current.suggestionIds, ticketId], updatedAt: now });
      await idempotent.finish(transaction, { ticketId });
    });
    if (follower) await notifyOwner(await loadTicket(ticketId), 'registered', '已登记', now);
    return meetingFor(doc._id, caller, now);
  },
});
