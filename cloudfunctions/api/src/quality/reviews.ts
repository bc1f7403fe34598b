import { z } from 'zod';
import type { Page } from '../../../../typings/domain';
import type { Review, ReviewCandidate } from '../../../../typings/review';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { MAINTAINERS, inCommunity, onRecord } from '../access';
import type { Caller } from '../caller';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, updateVersioned, type Where } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { requestOf } from '../idempotency';
import { earliestFirst, newestFirst } from '../paging';
import { allowedActions, type Viewer } from '../policy';
import type { Route } from '../router';
import type { TicketDocument } from '../tickets/model';
import { takeDailyNumber } from '../tickets/numbers';
import { atomically } from '../transaction';
import { calendarDate, cursor, id, text, version } from '../validation';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { periodOf } from './kpi';
import { reviewPolicy, type ReviewState } from './policy';

/**
 * Seed 000 (二)4: major (重大), group (群体) and repeat (反复) complaints call for a self-inspection
 * (自查自纠): the cause, who is responsible, the measures and their deadline, progress, and the
 * manager's confirmation that it is done. Open ones show on 管理看板 until then.
 */
interface ReviewDocument extends ReviewState {
  _id: string;
  number: string;
  tickets: Review['tickets'];
  deadline: string;
  progress: string;
  openedBy: string;
  openedByName: string;
  openedAt: Date;
  completedByName?: string;
  completedAt?: Date;
  outcome?: string;
  version: number;
}

/** Why a complaint calls for a self-inspection; none when it does not. */
export function reasonsOf(ticket: TicketDocument): string[] {
  if (ticket.kind !== 'complaint') return [];
  return [ticket.grade === 'major' ? '重大' : '', ticket.flags.group ? '群体' : '', ticket.flags.repeat ? '反复' : ''].filter(Boolean);
}

function toReview(doc: ReviewDocument, viewer: Viewer, now: Date): Review {
  return {
    id: doc._id,
    communityId: doc.communityId,
    number: doc.number,
    tickets: doc.tickets,
    cause: doc.cause,
    responsibility: doc.responsibility,
    measures: doc.measures,
    deadline: doc.deadline,
    progress: doc.progress,
    status: doc.status,
    overdue: doc.status === 'open' && doc.deadline < chinaDate(now),
    openedByName: doc.openedByName,
    openedAt: new Date(doc.openedAt).toISOString(),
    ...(doc.completedAt ? { completedByName: doc.completedByName, completedAt: new Date(doc.completedAt).toISOString(), outcome: doc.outcome ?? '' } : {}),
    version: doc.version,
    allowed: allowedActions(reviewPolicy, doc, viewer, now),
  };
}

async function loadReview(reviewId: string): Promise<ReviewDocument> {
  const found = await findById<ReviewDocument>('reviews', reviewId);
  if (!found) throw notFound('自查整改记录不存在');
  return found;
}

const reviews = { policy: reviewPolicy, load: loadReview, versionOf: (doc: ReviewDocument) => doc.version, stale: '自查整改已被他人更新，请刷新后重试' };

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';
const analysis = text(...LIMITS.review.analysis);
const optionalAnalysis = z.union([z.literal(''), analysis]);

/** A page of candidates: as many as one review may take up. */
const CANDIDATE_PAGE = 20;

/**
 * The complaints of a period that call for a self-inspection, earliest first, for the manager to
 * choose from: the database picks them by the same marks `reasonsOf` reads, a page at a time.
 */
export const reviewCandidates: Route<'review.candidates'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, from: calendarDate, to: calendarDate, cursor }),
  async handle({ communityId, from, to, cursor: after }, { now }): Promise<Page<ReviewCandidate>> {
    if (from > to) throw new AppError('VALIDATION', '结束日期不能早于开始日期');
    const period = periodOf(from, to, now);
    const _ = command();
    const marked = _.and([
      { communityId, kind: 'complaint', createdAt: _.and([_.gte(period.start), _.lt(period.end)]) },
      _.or([{ grade: 'major' }, { 'flags.group': true }, { 'flags.repeat': true }]),
    ]) as unknown as Where;
    return earliestFirst<TicketDocument, ReviewCandidate>('tickets', marked, 'createdAt', after, CANDIDATE_PAGE, (ticket) => ({
      id: ticket._id,
      number: ticket.number,
      category: ticket.category,
      locationLabel: ticket.locationLabel,
      receivedAt: new Date(ticket.createdAt).toISOString(),
      reasons: reasonsOf(ticket),
    }));
  },
};

export const openReview: Route<'review.open'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    ticketIds: z.array(id).min(1, '请至少选择一件投诉').max(20, '一次最多 20 件投诉'),
    cause: optionalAnalysis,
    responsibility: optionalAnalysis,
    measures: optionalAnalysis,
    deadline: calendarDate,
  }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    if (input.deadline < chinaDate(now)) throw new AppError('VALIDATION', '整改期限不能早于今天');
    await assertSafeText(caller.openid, [input.cause, input.responsibility, input.measures].join('\n'));
    const wanted = [...new Set(input.ticketIds)];
    const found = await find<TicketDocument>('tickets', { _id: command().in(wanted) }, { limit: 20 });
    const tickets = wanted.map((ticketId) => {
      const ticket = found.find((candidate) => candidate._id === ticketId);
      if (!ticket || ticket.communityId !== input.communityId) throw new AppError('VALIDATION', '所选投诉不属于本小区');
      const reasons = reasonsOf(ticket);
      if (!reasons.length) throw new AppError('VALIDATION', `${ticket.number} 不是重大、群体或反复投诉`);
      return { id: ticket._id, number: ticket.number, reasons };
    });
    const idempotent = requestOf(request);
    const name = await staffName(caller);
    const viewer = await caller.viewer();
    return atomically(['reviews', 'counters', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<Review>(transaction);
      if (earlier) return earlier;
      const doc: ReviewDocument = {
        _id: idempotent.idFor('z'),
        communityId: input.communityId,
        number: await takeDailyNumber(transaction, input.communityId, 'ZC', now),
        tickets,
        cause: input.cause,
        responsibility: input.responsibility,
        measures: input.measures,
        deadline: input.deadline,
        progress: '',
        status: 'open',
        openedBy: caller.openid,
        openedByName: name,
        openedAt: now,
        version: 1,
      };
      await transaction.insert('reviews', { ...doc });
      return idempotent.finish(transaction, toReview(doc, viewer, now));
    });
  },
};

export const updateReview: Route<'review.update'> = onRecord(reviews, {
  actions: ['update'],
  input: z.strictObject({
    id,
    version,
    cause: optionalAnalysis,
    responsibility: optionalAnalysis,
    measures: optionalAnalysis,
    deadline: calendarDate,
    progress: text(...LIMITS.review.progress),
  }),
  async handle(input, { caller, now, record: doc }) {
    const { cause, responsibility, measures, deadline, progress } = input;
    await assertSafeText(caller.openid, [cause, responsibility, measures, progress].join('\n'));
    if (!(await updateVersioned('reviews', doc._id, input.version, { cause, responsibility, measures, deadline, progress }))) throw conflict(reviews.stale);
    return toReview(await loadReview(doc._id), await caller.viewer(), now);
  },
});

export const completeReview: Route<'review.complete'> = onRecord(reviews, {
  actions: ['complete'],
  input: z.strictObject({ id, version, outcome: text(...LIMITS.review.outcome) }),
  async handle(input, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, input.outcome);
    const done = await updateVersioned('reviews', doc._id, input.version, { status: 'done', outcome: input.outcome, completedByName: await staffName(caller), completedAt: now });
    if (!done) throw conflict(reviews.stale);
    return toReview(await loadReview(doc._id), await caller.viewer(), now);
  },
});

const PAGE_SIZE = 20;

export const listReviews: Route<'review.list'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, status: z.enum(['open', 'done']).optional(), cursor }),
  async handle({ communityId, status, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    return newestFirst<ReviewDocument, Review>('reviews', { communityId, ...(status ? { status } : {}) }, 'openedAt', after, PAGE_SIZE, (doc) => toReview(doc, viewer, now));
  },
};

export const getReview: Route<'review.get'> = {
  access: inCommunity(MAINTAINERS, async (input) => (await loadReview(input.id)).communityId),
  input: z.strictObject({ id }),
  async handle({ id: reviewId }, { caller, now }) {
    return toReview(await loadReview(reviewId), await caller.viewer(), now);
  },
};
