import { z } from 'zod';
import type { TicketDetail } from '../../../../typings/tickets';
import type { Visit, VisitInterview, VisitRequest } from '../../../../typings/visits';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { pagePath } from '../../../../miniprogram/shared/routes';
import { DAY_MS, chinaMonth } from '../../../../miniprogram/shared/time';
import { anyone, inCommunity, onRecord } from '../access';
import { roleHolders } from '../accounts/holders';
import { asResident, type AccountDocument, type Caller } from '../caller';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, update } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { createOnce, requestOf } from '../idempotency';
import { earliestFirst } from '../paging';
import { allowedActions, type Viewer } from '../policy';
import type { BindingDocument } from '../residents/bindings';
import type { Route } from '../router';
import { registerTicket } from '../tickets/intake';
import { sendStatusMessage } from '../tickets/notify';
import { atomically } from '../transaction';
import { calendarMonth, cursor, id, instant, mobile, personName, text, version } from '../validation';
import { CARERS, visitPolicy, type VisitState } from '../care/policy';

/**
 * Seed 000 (四): customer service and the project manager visit owners regularly. The manager plans
 * each month's visits (which homes, by whom); the visitor books a time with the owner in advance —
 * the owner is sent the proposed time and answers it in the mini-program, accepting it or asking
 * for another; after the visit the interview record (访谈记录表) is kept, each request raised becomes
 * a ticket in one tap (channel 来访) and is followed to its close there; each month's visits are
 * archived per community as a workbook (visitArchive.ts).
 */

interface StoredInterview extends Omit<VisitInterview, 'recordedAt'> {
  recordedAt: Date;
}

export interface VisitDocument extends Omit<VisitState, 'ownerOpenids' | 'openRequests'> {
  _id: string;
  month: string;
  unitId: string;
  unitLabel: string;
  visitorName: string;
  proposedAt?: Date;
  proposedBy?: 'staff' | 'owner';
  bookedAt?: Date;
  interview?: StoredInterview;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

type LoadedVisit = VisitDocument & { ownerOpenids: string[]; openRequests: number };

/** The verified owners of a home: whom a time is proposed to, and who answer it. */
async function ownersOf(unitId: string): Promise<string[]> {
  return (await find<BindingDocument>('bindings', { unitId, status: 'approved', relation: 'owner' }, { limit: 20 })).map((binding) => binding.openid);
}

const openRequestsOf = (doc: VisitDocument): number => (doc.interview?.requests ?? []).filter((request) => !request.ticketId).length;

async function loadVisit(visitId: string): Promise<LoadedVisit> {
  const found = await findById<VisitDocument>('visits', visitId);
  if (!found) throw notFound('拜访记录不存在');
  return { ...found, ownerOpenids: await ownersOf(found.unitId), openRequests: openRequestsOf(found) };
}

const iso = (at: Date | undefined): string | undefined => (at ? new Date(at).toISOString() : undefined);

export function toVisit(doc: LoadedVisit, viewer: Viewer, now: Date): Visit {
  const proposedAt = iso(doc.proposedAt);
  const bookedAt = iso(doc.bookedAt);
  return {
    id: doc._id,
    communityId: doc.communityId,
    month: doc.month,
    unitId: doc.unitId,
    unitLabel: doc.unitLabel,
    visitorOpenid: doc.visitorOpenid,
    visitorName: doc.visitorName,
    status: doc.status,
    ...(proposedAt ? { proposedAt, proposedBy: doc.proposedBy ?? 'staff' } : {}),
    ...(bookedAt ? { bookedAt } : {}),
    ...(doc.interview ? { interview: { ...doc.interview, recordedAt: new Date(doc.interview.recordedAt).toISOString() } } : {}),
    version: doc.version,
    allowed: allowedActions(visitPolicy, doc, viewer, now),
  };
}

async function visitRecord(visitId: string, caller: Caller, now: Date): Promise<Visit> {
  return toVisit(await loadVisit(visitId), await caller.viewer(), now);
}

const visits = { policy: visitPolicy, load: loadVisit, versionOf: (doc: LoadedVisit) => doc.version, stale: '拜访记录已被他人更新，请刷新后重试' };

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

/** Changes a visit if it is still at `expected`; CONFLICT otherwise. */
async function step(doc: LoadedVisit, expected: number, fields: Record<string, unknown>, now: Date): Promise<void> {
  await atomically(['visits'], async (transaction) => {
    const current = await transaction.get<VisitDocument>('visits', doc._id);
    if (!current || current.version !== expected) throw conflict(visits.stale);
    await transaction.update('visits', doc._id, { ...fields, version: current.version + 1, updatedAt: now });
  });
}

/** A visit is booked for the coming two months at most, and never in the past. */
function checkTime(at: string, now: Date): Date {
  const time = new Date(at);
  if (time.getTime() <= now.getTime() || time.getTime() > now.getTime() + 62 * DAY_MS) throw new AppError('VALIDATION', '拜访时间须在现在之后、两个月以内');
  return time;
}

const PAGE_SIZE = 30;

export const listVisits: Route<'visit.plan'> = {
  access: inCommunity(CARERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, month: calendarMonth, cursor }),
  async handle({ communityId, month, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const page = await earliestFirst<VisitDocument, VisitDocument>('visits', { communityId, month }, 'createdAt', after, PAGE_SIZE, (doc) => doc);
    const owners = await Promise.all(page.items.map((doc) => ownersOf(doc.unitId)));
    return { ...page, items: page.items.map((doc, index) => toVisit({ ...doc, ownerOpenids: owners[index], openRequests: openRequestsOf(doc) }, viewer, now)) };
  },
};

export const getVisit: Route<'visit.get'> = {
  access: inCommunity(CARERS, async (input) => (await findById<VisitDocument>('visits', input.id))?.communityId ?? 'unknown-community'),
  input: z.strictObject({ id }),
  async handle({ id: visitId }, { caller, now }) {
    return visitRecord(visitId, caller, now);
  },
};

/** The visitor: customer service or the manager of the community. */
async function visitorOf(openid: string, communityId: string): Promise<AccountDocument> {
  const holders = [...(await roleHolders({ communityId }, 'cs')), ...(await roleHolders({ communityId }, 'manager'))];
  const found = holders.find((holder) => holder._id === openid);
  if (!found) throw new AppError('VALIDATION', '拜访人须是本小区的客服或客服经理');
  return found;
}

export const planVisit: Route<'visit.create'> = {
  access: inCommunity(['manager'], (input) => input.communityId),
  input: z.strictObject({ communityId: id, month: calendarMonth, unitId: id, visitorOpenid: z.string().min(1).max(64) }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    if (input.month < chinaMonth(now)) throw new AppError('VALIDATION', '不能为已过去的月份制订拜访计划');
    const unit = await loadUnit(input.unitId);
    if (unit.communityId !== input.communityId) throw notFound('房屋不存在，请重新选择');
    const visitor = await visitorOf(input.visitorOpenid, input.communityId);
    const doc: VisitDocument = {
      _id: requestOf(request).idFor('v'),
      communityId: input.communityId,
      month: input.month,
      unitId: unit._id,
      unitLabel: unitLabel(unit),
      visitorOpenid: visitor._id,
      visitorName: visitor.staffName || '客服',
      status: 'planned',
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    const owners = await ownersOf(unit._id);
    return createOnce(requestOf(request), 'visits', { ...doc }, toVisit({ ...doc, ownerOpenids: owners, openRequests: 0 }, await caller.viewer(), now));
  },
};

/** The owners are told of the time (a subscribe message within their quota) and find it on their booking page. */
async function tellOwners(doc: LoadedVisit, at: Date, phrase: '待确认' | '已预约'): Promise<void> {
  for (const owner of doc.ownerOpenids) {
    await sendStatusMessage({
      key: `${doc._id}:owner:${owner}:${phrase === '待确认' ? 'propose' : 'booked'}:${at.getTime()}`,
      purpose: 'progress',
      subjectId: doc._id,
      touser: owner,
      number: doc._id.slice(0, 20),
      title: `上门拜访预约·${doc.unitLabel}`,
      phrase,
      at,
      page: pagePath('packages/care/pages/booking/index'),
    });
  }
}

/**
 * The visitor offers a time, which the owner answers in the mini-program; or records the time
 * already agreed with the owner on the phone (`byPhone`), the only way for a home no owner has
 * verified in the mini-program.
 */
export const proposeVisit: Route<'visit.propose'> = onRecord(visits, {
  actions: ['propose'],
  input: z.strictObject({ id, version, at: instant, byPhone: z.boolean().optional() }),
  async handle(input, { caller, now, record: doc }) {
    if (!input.byPhone && !doc.ownerOpenids.length) throw new AppError('CONFLICT', '该房屋还没有在小程序认证的业主，请电话预约后登记约定的时间');
    const at = checkTime(input.at, now);
    if (input.byPhone) await step(doc, input.version, { status: 'booked', bookedAt: at, proposedAt: at, proposedBy: 'staff' }, now);
    else await step(doc, input.version, { status: 'proposed', proposedAt: at, proposedBy: 'staff' }, now);
    await tellOwners(doc, at, input.byPhone ? '已预约' : '待确认');
    return visitRecord(doc._id, caller, now);
  },
});

/** The owner accepts the proposed time, or proposes another (which the visitor then accepts or answers with a new one). */
export const answerVisit: Route<'visit.answer'> = onRecord(visits, {
  actions: ['answer'],
  input: z.strictObject({ id, version, accept: z.boolean(), at: instant.optional() }),
  async handle(input, { caller, now, record: doc }) {
    if (input.accept) {
      await step(doc, input.version, { status: 'booked', bookedAt: doc.proposedAt }, now);
    } else {
      if (!input.at) throw new AppError('VALIDATION', '请选择您方便的时间');
      await step(doc, input.version, { status: 'countered', proposedAt: checkTime(input.at, now), proposedBy: 'owner' }, now);
    }
    return visitRecord(doc._id, caller, now);
  },
});

export const acceptVisitTime: Route<'visit.accept'> = onRecord(visits, {
  actions: ['accept'],
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now, record: doc }) {
    await step(doc, input.version, { status: 'booked', bookedAt: doc.proposedAt }, now);
    if (doc.proposedAt) await tellOwners(doc, new Date(doc.proposedAt), '已预约');
    return visitRecord(doc._id, caller, now);
  },
});

export const recordVisit: Route<'visit.record'> = onRecord(visits, {
  actions: ['record'],
  input: z.strictObject({
    id,
    version,
    intervieweeName: personName,
    intervieweePhone: mobile,
    topics: text(...LIMITS.visit.topics),
    opinions: text(...LIMITS.visit.opinions),
    requests: z.array(text(...LIMITS.visit.request)).max(COUNTS.visitRequests, `最多记录 ${COUNTS.visitRequests} 项诉求`),
  }),
  async handle(input, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, [input.topics, input.opinions, ...input.requests].join('\n'));
    const interview: StoredInterview = {
      intervieweeName: input.intervieweeName,
      intervieweePhone: input.intervieweePhone,
      topics: input.topics,
      opinions: input.opinions,
      requests: input.requests.map((text): VisitRequest => ({ text })),
      recordedAt: now,
      recordedByName: await staffName(caller),
    };
    await step(doc, input.version, { status: 'done', interview }, now);
    return visitRecord(doc._id, caller, now);
  },
});

/** A request's ticket is filed under the general category of its kind; the desk refines it on the ticket. */
const REQUEST_CATEGORY = { repair: 'other', complaint: '其他', consultation: '物业服务', suggestion: '物业服务' } as const;

/**
 * A request of the interview becomes a ticket through the desk's own registration (channel 来访),
 * once: the request is claimed with the ticket's id (the same on every retry of this call) before
 * the ticket is written, so a second tap, or another colleague's, is told it is done.
 */
export const ticketFromVisit: Route<'visit.ticket'> = onRecord(visits, {
  actions: ['ticket'],
  input: z.strictObject({ id, index: z.number().int().min(0).max(COUNTS.visitRequests - 1), kind: z.enum(['repair', 'complaint', 'consultation', 'suggestion']) }),
  idempotent: true,
  async handle(input, context): Promise<TicketDetail> {
    const { record: doc, request } = context;
    const item = doc.interview?.requests[input.index];
    if (!doc.interview || !item) throw notFound('该诉求不存在');
    const ticketId = requestOf(request).idFor('t');
    if (item.ticketId && item.ticketId !== ticketId) throw conflict('该诉求已转为工单');
    if (!item.ticketId) {
      const claimed = await update('visits', { _id: doc._id, [`interview.requests.${input.index}.ticketId`]: command().exists(false) }, { [`interview.requests.${input.index}.ticketId`]: ticketId, updatedAt: context.now });
      if (claimed !== 1) throw conflict('该诉求已转为工单');
    }
    const ticket = await registerTicket.handle(
      {
        channel: 'visit',
        kind: input.kind,
        category: REQUEST_CATEGORY[input.kind],
        description: `上门拜访（${doc.month}）业主诉求：${item.text}`,
        photos: [],
        location: { kind: 'unit', unitId: doc.unitId },
        contactName: doc.interview.intervieweeName,
        contactPhone: doc.interview.intervieweePhone,
      },
      context,
    );
    await update('visits', { _id: doc._id }, { [`interview.requests.${input.index}.ticketNumber`]: ticket.number });
    return ticket;
  },
});

/** The owner's visits: what is proposed to them, booked, or done, for each home they own. */
export const myVisits: Route<'visit.mine'> = {
  access: anyone('业主本人：其已认证房屋的拜访预约'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const homes = await find<BindingDocument>('bindings', { openid: caller.openid, status: 'approved', relation: 'owner' }, { limit: 20 });
    if (!homes.length) return [];
    const docs = await find<VisitDocument>('visits', { unitId: command().in(homes.map((home) => home.unitId)), status: command().in(['proposed', 'countered', 'booked']) }, { orderBy: [['createdAt', 'desc']], limit: 20 });
    // Each visit is to a home the caller verifiably owns: they answer it as its owner, whatever roles they hold (the policy reads no other owner).
    const viewer = asResident(caller);
    // The owner sees who is coming by name; the staff member's WeChat id is not theirs to know.
    return docs.map((doc) => ({ ...toVisit({ ...doc, ownerOpenids: [caller.openid], openRequests: openRequestsOf(doc) }, viewer, now), visitorOpenid: '' }));
  },
};
