import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Notice, NoticeCategory, NoticeText } from '../../../../typings/notice';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { ALL_STAFF, RECORDS_DESK, anyone, inCommunity, onRecord } from '../access';
import { asResident, holdsAny, type Caller } from '../caller';
import { loadCommunity, type CommunityDocument } from '../communities/communities';
import { buildingsOf } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { command, countEach, find, findById, insert, isDuplicateKey, updateVersioned, type Where } from '../db';
import { requireMember } from '../disclosure/membership';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { storeExport } from '../files';
import { createOnce, requestOf } from '../idempotency';
import { newestFirst } from '../paging';
import { allowedActions, enforce, type Viewer } from '../policy';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { cursor, id, text, version } from '../validation';
import { reaches, residentBuildings, residentsOf, type Audience, type Residents } from './audience';
import { noticePdf } from './noticePdf';
import { noticePolicy, type NoticeState } from './policy';

/**
 * Notices on the community's board (公告/通知, seed 000 (六)2): the desk drafts one for the whole
 * community or some buildings, the manager publishes it (it gets its 文号) or withdraws it (作废)
 * with a reason. A published notice is never rewritten (seed 002 §2 ¶10): a correction is a new
 * notice naming the withdrawn one, and the history shows both.
 */
export interface NoticeDocument extends NoticeState, Audience {
  _id: string;
  category: NoticeCategory;
  title: string;
  addressee: string;
  body: string;
  issuer: string;
  number?: string;
  publishedAt?: Date;
  publishedByName?: string;
  withdrawnAt?: Date;
  withdrawnByName?: string;
  withdrawReason?: string;
  replaces?: { id: string; number: string };
  draftedBy: string;
  draftedByName: string;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** One resident's first opening of a published notice. */
interface NoticeReadDocument {
  _id: string;
  noticeId: string;
  communityId: string;
  openid: string;
  at: Date;
}

const iso = (date: Date | undefined): string | undefined => (date ? new Date(date).toISOString() : undefined);

interface Extras {
  reads?: Notice['reads'];
  replacedBy?: Notice['replacedBy'];
}

function toNotice(doc: NoticeDocument, viewer: Viewer, now: Date, extras: Extras = {}): Notice {
  return {
    id: doc._id,
    communityId: doc.communityId,
    category: doc.category,
    title: doc.title,
    addressee: doc.addressee,
    body: doc.body,
    issuer: doc.issuer,
    buildings: doc.wholeCommunity ? [] : doc.buildings,
    status: doc.status,
    ...(doc.number ? { number: doc.number } : {}),
    ...(doc.publishedAt ? { publishedAt: iso(doc.publishedAt), publishedByName: doc.publishedByName ?? '' } : {}),
    ...(doc.withdrawnAt ? { withdrawnAt: iso(doc.withdrawnAt), withdrawnByName: doc.withdrawnByName ?? '', withdrawReason: doc.withdrawReason ?? '' } : {}),
    ...(doc.replaces ? { replaces: doc.replaces } : {}),
    ...(extras.replacedBy ? { replacedBy: extras.replacedBy } : {}),
    draftedByName: doc.draftedByName,
    updatedAt: new Date(doc.updatedAt).toISOString(),
    version: doc.version,
    ...(extras.reads ? { reads: extras.reads } : {}),
    allowed: allowedActions(noticePolicy, doc, viewer, now),
  };
}

export async function loadNotice(noticeId: string): Promise<NoticeDocument> {
  const found = await findById<NoticeDocument>('notices', noticeId);
  if (!found) throw notFound('通知不存在');
  return found;
}

const notices = { policy: noticePolicy, load: loadNotice, versionOf: (doc: NoticeDocument) => doc.version, stale: '通知已被他人更新，请刷新后重试' };

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

/** Read counts for the desk: residents who opened each notice, and residents it is for. */
async function readsOf(docs: NoticeDocument[], communityId: string): Promise<Map<string, Notice['reads']>> {
  const shown = docs.filter((doc) => doc.status !== 'draft');
  const reads = new Map<string, Notice['reads']>();
  if (!shown.length) return reads;
  // Both in one request each, however many notices the page shows.
  const [residents, counted]: [Residents, Map<string, number>] = await Promise.all([
    residentsOf(communityId),
    countEach('noticeReads', { noticeId: command().in(shown.map((doc) => doc._id)) }, 'noticeId'),
  ]);
  for (const doc of shown) reads.set(doc._id, { read: counted.get(doc._id) ?? 0, expected: residents.expected(doc) });
  return reads;
}

/** The published notices that correct these withdrawn ones. */
async function replacements(docs: NoticeDocument[]): Promise<Map<string, Notice['replacedBy']>> {
  const withdrawn = docs.filter((doc) => doc.status === 'withdrawn').map((doc) => doc._id);
  const found = new Map<string, Notice['replacedBy']>();
  if (!withdrawn.length) return found;
  const correcting = await find<NoticeDocument>('notices', { 'replaces.id': command().in(withdrawn), status: command().in(['published', 'withdrawn']) }, { limit: 100 });
  for (const doc of correcting) if (doc.replaces && doc.number) found.set(doc.replaces.id, { id: doc._id, number: doc.number });
  return found;
}

const noticeText = {
  category: z.enum(['outage', 'maintenance', 'activity', 'safety', 'other']),
  title: text(...LIMITS.notice.title),
  addressee: text(...LIMITS.notice.addressee),
  body: text(...LIMITS.notice.body),
  issuer: text(...LIMITS.notice.issuer),
  buildings: z.array(text(1, 20)).max(COUNTS.noticeBuildings, `最多选择 ${COUNTS.noticeBuildings} 栋楼`),
};

/** The buildings named, each one of the community's (empty: the whole community). */
async function audienceOf(community: CommunityDocument, buildings: string[]): Promise<Audience> {
  const wanted = [...new Set(buildings)];
  if (!wanted.length) return { wholeCommunity: true, buildings: [] };
  const known = new Set(await buildingsOf(community));
  const unknown = wanted.find((building) => !known.has(building));
  if (unknown) throw new AppError('VALIDATION', `本小区没有 ${unknown}`);
  return { wholeCommunity: false, buildings: wanted };
}

/** A correction names the withdrawn notice of the same community it replaces. */
async function replaced(communityId: string, replacesId: string | undefined, viewer: Viewer, now: Date): Promise<NoticeDocument['replaces']> {
  if (!replacesId) return undefined;
  const earlier = await findById<NoticeDocument>('notices', replacesId);
  if (!earlier || earlier.communityId !== communityId) throw notFound('要更正的通知不存在');
  enforce(noticePolicy, 'correct', earlier, viewer, now);
  return { id: earlier._id, number: earlier.number ?? '' };
}

export const saveDraft: Route<'notice.saveDraft'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, id: id.optional(), version: version.optional(), replaces: id.optional(), ...noticeText }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const community = await loadCommunity(input.communityId);
    const viewer = await caller.viewer();
    const fields = {
      category: input.category,
      title: input.title,
      addressee: input.addressee,
      body: input.body,
      issuer: input.issuer,
      ...(await audienceOf(community, input.buildings)),
    };
    const replaces = await replaced(input.communityId, input.replaces, viewer, now);
    if (input.id) {
      const draft = await loadNotice(input.id);
      if (draft.communityId !== input.communityId) throw notFound('通知不存在');
      enforce(noticePolicy, 'editDraft', draft, viewer, now);
      const saved = await updateVersioned('notices', draft._id, input.version ?? -1, {
        ...fields,
        replaces: replaces ? command().set(replaces) : command().remove(),
        updatedAt: now,
      });
      if (!saved) throw conflict(notices.stale);
      return toNotice(await loadNotice(draft._id), viewer, now);
    }
    const idempotent = requestOf(request);
    const doc: NoticeDocument = {
      _id: idempotent.idFor('n'),
      communityId: input.communityId,
      status: 'draft',
      ...fields,
      ...(replaces ? { replaces } : {}),
      draftedBy: caller.openid,
      draftedByName: await staffName(caller),
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    return createOnce(idempotent, 'notices', { ...doc }, toNotice(doc, viewer, now));
  },
};

/** Publishing checks the text others will read and numbers the notice per community and year. */
export const publishNotice: Route<'notice.publish'> = onRecord(notices, {
  actions: ['publish'],
  input: z.strictObject({ id, version }),
  async handle({ id: noticeId, version: seen }, { caller, now, record: draft }) {
    await assertSafeText(caller.openid, [draft.title, draft.addressee, draft.body, draft.issuer].join('\n'));
    const community = await loadCommunity(draft.communityId);
    const publishedByName = await staffName(caller);
    const year = chinaDate(now).slice(0, 4);
    await atomically(['notices', 'counters'], async (transaction) => {
      const current = await transaction.get<NoticeDocument>('notices', noticeId);
      if (current?.status !== 'draft' || current.version !== seen) throw conflict(notices.stale);
      const key = `${draft.communityId}:notice:${year}`;
      const sequence = ((await transaction.get<{ value: number }>('counters', key))?.value ?? 0) + 1;
      await transaction.set('counters', key, { value: sequence });
      await transaction.update('notices', noticeId, {
        status: 'published',
        number: `${community.name}物业〔${year}〕${sequence}号`,
        publishedAt: now,
        publishedByName,
        updatedAt: now,
        version: seen + 1,
      });
    });
    return deskView(await loadNotice(noticeId), await caller.viewer(), now);
  },
});

/** A notice as the desk sees it after a step: with its read counts and its correction. */
async function deskView(doc: NoticeDocument, viewer: Viewer, now: Date): Promise<Notice> {
  const [reads, replacedBy] = await Promise.all([readsOf([doc], doc.communityId), replacements([doc])]);
  return toNotice(doc, viewer, now, { reads: reads.get(doc._id), replacedBy: replacedBy.get(doc._id) });
}

export const withdrawNotice: Route<'notice.withdraw'> = onRecord(notices, {
  actions: ['withdraw'],
  input: z.strictObject({ id, version, reason: text(...LIMITS.notice.withdrawReason) }),
  async handle({ version: seen, reason }, { caller, now, record: doc }) {
    await assertSafeText(caller.openid, reason);
    const withdrawn = await updateVersioned('notices', doc._id, seen, { status: 'withdrawn', withdrawnAt: now, withdrawnByName: await staffName(caller), withdrawReason: reason, updatedAt: now });
    if (!withdrawn) throw conflict(notices.stale);
    return deskView(await loadNotice(doc._id), await caller.viewer(), now);
  },
});

const PAGE_SIZE = 20;

export const listNotices: Route<'notice.list'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, status: z.enum(['draft', 'published', 'withdrawn']).optional(), cursor }),
  async handle({ communityId, status, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const page = await newestFirst<NoticeDocument, NoticeDocument>('notices', { communityId, ...(status ? { status } : {}) }, 'updatedAt', after, PAGE_SIZE, (doc) => doc);
    const [reads, replacedBy] = await Promise.all([readsOf(page.items, communityId), replacements(page.items)]);
    return {
      items: page.items.map((doc) => toNotice(doc, viewer, now, { reads: reads.get(doc._id), replacedBy: replacedBy.get(doc._id) })),
      ...(page.cursor ? { cursor: page.cursor } : {}),
      // Drafting is open to the desk the route admits; said here so the page keeps no copy of the rule.
      canDraft: holdsAny(viewer.grants, RECORDS_DESK, communityId),
    };
  },
};

/**
 * What of a community's board the caller sees, and as whom: their buildings' notices for its
 * residents, all of it for its staff. A resident's homes are looked at first: a member of staff
 * who lives here reads the board as a resident, and manages every notice from the notice desk.
 */
async function boardFilter(caller: Caller, communityId: string): Promise<{ filter: Where; viewer: Viewer }> {
  const buildings = await residentBuildings(caller.openid, communityId);
  if (buildings) {
    const _ = command();
    return { filter: _.or([{ wholeCommunity: true }, { buildings: _.in(buildings) }]) as unknown as Where, viewer: asResident(caller) };
  }
  const viewer = await caller.viewer();
  if (!holdsAny(viewer.grants, ALL_STAFF, communityId)) throw forbidden('请先完成该小区的房屋认证');
  return { filter: {}, viewer };
}

const within = (base: Where, filter: Where): Where => (Object.keys(filter).length ? (command().and([base, filter]) as unknown as Where) : base);

/** The notices in force, newest first. */
export const noticeBoard: Route<'notice.board'> = {
  access: anyone('本小区已认证住户（楼栋通知仅该楼栋住户）与员工'),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }, { caller, now }) {
    const { filter, viewer } = await boardFilter(caller, communityId);
    const docs = await find<NoticeDocument>('notices', within({ communityId, status: 'published' }, filter), { orderBy: [['publishedAt', 'desc']], limit: 50 });
    return docs.map((doc) => toNotice(doc, viewer, now));
  },
};

/** Every notice ever published to the caller, withdrawn ones included and marked, newest first. */
export const noticeHistory: Route<'notice.history'> = {
  access: anyone('本小区已认证住户（楼栋通知仅该楼栋住户）与员工'),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }, { caller, now }) {
    const { filter, viewer } = await boardFilter(caller, communityId);
    const where = within({ communityId, status: command().in(['published', 'withdrawn']) }, filter);
    const page = await newestFirst<NoticeDocument, NoticeDocument>('notices', where, 'publishedAt', after, PAGE_SIZE, (doc) => doc);
    const replacedBy = await replacements(page.items);
    return { items: page.items.map((doc) => toNotice(doc, viewer, now, { replacedBy: replacedBy.get(doc._id) })), ...(page.cursor ? { cursor: page.cursor } : {}) };
  },
};

/**
 * One notice. A resident it was published to reads it as a resident (their homes are all that is
 * read), and is told their opening is to be counted as read (`notice.read`). Otherwise it is for
 * the community's staff (drafts for the desk only); the desk asks with `desk`, so a member of
 * staff who lives here manages it there as staff. Anyone else is told it does not exist.
 */
export const getNotice: Route<'notice.get'> = {
  access: anyone('本小区员工（草稿仅客服、客服经理、管理员）；通知所发楼栋的已认证住户'),
  input: z.strictObject({ id, desk: z.literal(true).optional() }),
  async handle({ id: noticeId, desk: asDesk }, { caller, now }) {
    const doc = await loadNotice(noticeId);
    const buildings = doc.status === 'draft' || asDesk ? undefined : await residentBuildings(caller.openid, doc.communityId);
    if (buildings && reaches(doc, buildings)) {
      const replacedBy = (await replacements([doc])).get(doc._id);
      return { ...toNotice(doc, asResident(caller), now, { replacedBy }), ...(doc.status === 'published' ? { countsAsRead: true } : {}) };
    }
    const viewer = await caller.viewer();
    const desk = holdsAny(viewer.grants, RECORDS_DESK, doc.communityId);
    const staff = holdsAny(viewer.grants, ALL_STAFF, doc.communityId);
    if (doc.status === 'draft' ? !desk : !staff) {
      if (!staff && !asDesk && buildings === undefined && doc.status !== 'draft') await requireMember(caller, doc.communityId);
      throw notFound('没有找到这条通知，它可能只发给了其他楼栋');
    }
    const [reads, replacedBy] = await Promise.all([desk ? readsOf([doc], doc.communityId) : new Map<string, Notice['reads']>(), replacements([doc])]);
    return toNotice(doc, viewer, now, { reads: reads.get(doc._id), replacedBy: replacedBy.get(doc._id) });
  },
};

const readId = (noticeId: string, openid: string): string => `r${createHash('sha256').update(`${noticeId}\u0000${openid}`).digest('hex').slice(0, 23)}`;

/**
 * A resident's opening of a published notice, counted once (已读): the receipt's id is the
 * notice and the reader, so a second opening, a retry or another phone adds nothing.
 */
export const readNotice: Route<'notice.read'> = {
  access: anyone('通知所发楼栋的已认证住户'),
  input: z.strictObject({ id }),
  async handle({ id: noticeId }, { caller, now }) {
    const doc = await loadNotice(noticeId);
    const buildings = doc.status === 'draft' ? undefined : await residentBuildings(caller.openid, doc.communityId);
    if (!buildings || !reaches(doc, buildings)) throw notFound('没有找到这条通知，它可能只发给了其他楼栋');
    if (doc.status !== 'published') throw conflict('通知已作废，不再计入已读');
    const read: NoticeReadDocument = { _id: readId(doc._id, caller.openid), noticeId: doc._id, communityId: doc.communityId, openid: caller.openid, at: now };
    try {
      await insert('noticeReads', { ...read });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
    return { read: true as const };
  },
};

/** The notice as an A4 PDF in the format of seed 001 三(二), behind a link valid 10 minutes. */
export const printNotice: Route<'notice.pdf'> = onRecord(notices, {
  actions: ['print'],
  input: z.strictObject({ id }),
  async handle(_input, { record: doc }) {
    const community = await loadCommunity(doc.communityId);
    const pdf = await noticePdf(toText(doc), {
      communityName: community.name,
      number: doc.number,
      date: doc.publishedAt ?? doc.updatedAt,
      withdrawn: doc.withdrawnAt ? { at: doc.withdrawnAt, reason: doc.withdrawReason ?? '' } : undefined,
    });
    return { ...(await storeExport(`notices/${doc.communityId}/${doc._id}-${doc.version}.pdf`, pdf)), fileType: 'pdf' as const };
  },
});

function toText(doc: NoticeDocument): NoticeText {
  return { category: doc.category, title: doc.title, addressee: doc.addressee, body: doc.body, issuer: doc.issuer, buildings: doc.wholeCommunity ? [] : doc.buildings };
}
