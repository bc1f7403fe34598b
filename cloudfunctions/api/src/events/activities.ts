import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Activity, ActivityReport, ActivityTheme, ActivityStatus, Signup, SignupStatus } from '../../../../typings/events';
import { RECORDS_DESK, anyone, inCommunity, onRecord } from '../access';
import { asResident, type Caller } from '../caller';
import { assertSafeText } from '../contentCheck';
import { command, find, findById, findJoined } from '../db';
import { AppError, conflict, forbidden, notFound } from '../errors';
import { assertOwnFiles, temporaryUrls } from '../files';
import { createOnce, requestOf } from '../idempotency';
import { earliestFirst, newestFirst } from '../paging';
import { allowedActions, enforce, type Viewer } from '../policy';
import { maskName } from '../privacy/masking';
import type { BindingDocument } from '../residents/bindings';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { cursor, fileId, id, instant, text, version } from '../validation';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { OWNER_HOMES, ownerHomes, ownerHomesWhere, periodTargets, staffName, yearStart } from './common';
import { UPCOMING, toInvite, upcomingJoin, type MeetingDocument } from './meetings';
import { activityPolicy, type ActivityState } from './policy';

/**
 * Seed 000 (八), 002 §6: community activities, each with a plan (date, place, budget, theme), a
 * notice and invitation to the community's owners, sign-up with a waiting list, a record of what
 * happened with photos, and a summary and evaluation; at least one held each quarter.
 */

export const ACTIVITY_THEMES = ['fire', 'food', 'waste', 'building', 'environment', 'law', 'culture', 'volunteer'] as const satisfies readonly ActivityTheme[];

/** The longest waiting list kept: past it, sign-up is refused as full. */
const MAX_WAITING = 100;
const PHOTO_SECONDS = 3600;

export interface ActivityDocument {
  _id: string;
  communityId: string;
  title: string;
  theme: ActivityTheme;
  startsAt: Date;
  place: string;
  budgetFen: number;
  capacity: number;
  description: string;
  status: ActivityStatus;
  /** Confirmed places taken. */
  confirmed: number;
  /** Sign-up ids waiting, first come first served: a place given up goes to the first. */
  waitlist: string[];
  publishedAt?: Date;
  report?: ActivityReport & { byName: string; at: Date };
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface SignupDocument {
  _id: string;
  activityId: string;
  communityId: string;
  openid: string;
  name: string;
  unitLabel: string;
  status: SignupStatus;
  createdAt: Date;
  updatedAt: Date;
}

/** One sign-up per owner per activity: its id says which, so a second tap finds the first. */
export const signupId = (activityId: string, openid: string): string => `s${createHash('sha256').update(`${activityId}\u0000${openid}`).digest('hex').slice(0, 31)}`;

type LoadedActivity = ActivityDocument & Omit<ActivityState, 'status' | 'communityId' | 'startsAt'>;

const loadActivity = async (activityId: string): Promise<LoadedActivity> => {
  const found = await findById<ActivityDocument>('activities', activityId);
  if (!found) throw notFound('活动不存在');
  return { ...found, ownerOpenids: [] };
};

/** The activities as the viewer stands to them: a verified owner of their community (of `homes`, read when not given), with their sign-ups (in one read). */
async function asViewerOf(docs: ActivityDocument[], viewer: Viewer, homes?: BindingDocument[]): Promise<LoadedActivity[]> {
  const owned = new Set((homes ?? (await ownerHomes(viewer.openid))).map((home) => home.communityId));
  const ids = docs.filter((doc) => owned.has(doc.communityId)).map((doc) => signupId(doc._id, viewer.openid));
  const signups = ids.length ? await find<SignupDocument>('activitySignups', { _id: command().in(ids) }, { limit: ids.length }) : [];
  return docs.map((doc): LoadedActivity => {
    if (!owned.has(doc.communityId)) return { ...doc, ownerOpenids: [] };
    const signup = signups.find((candidate) => candidate._id === signupId(doc._id, viewer.openid));
    return { ...doc, ownerOpenids: [viewer.openid], ...(signup && signup.status !== 'cancelled' ? { signup: signup.status } : {}) };
  });
}

async function asViewer(doc: ActivityDocument, viewer: Viewer): Promise<LoadedActivity> {
  const [loaded] = await asViewerOf([doc], viewer);
  return loaded;
}

async function toActivity(doc: LoadedActivity, viewer: Viewer, now: Date): Promise<Activity> {
  const photoUrls = doc.report ? await temporaryUrls(doc.report.photos, PHOTO_SECONDS) : [];
  const position = doc.signup === 'waiting' ? doc.waitlist.indexOf(signupId(doc._id, viewer.openid)) + 1 : 0;
  return {
    id: doc._id,
    communityId: doc.communityId,
    title: doc.title,
    theme: doc.theme,
    startsAt: new Date(doc.startsAt).toISOString(),
    place: doc.place,
    budgetFen: doc.budgetFen,
    capacity: doc.capacity,
    description: doc.description,
    status: doc.status,
    confirmed: doc.confirmed,
    waiting: doc.waitlist.length,
    ...(doc.publishedAt ? { publishedAt: new Date(doc.publishedAt).toISOString() } : {}),
    ...(doc.report ? { report: { ...doc.report, photoUrls, at: new Date(doc.report.at).toISOString() } } : {}),
    ...(doc.signup ? { mine: { status: doc.signup, ...(position > 0 ? { position } : {}) } } : {}),
    version: doc.version,
    allowed: allowedActions(activityPolicy, doc, viewer, now),
  };
}

async function activityFor(activityId: string, caller: Caller, now: Date): Promise<Activity> {
  const viewer = await caller.viewer();
  return toActivity(await asViewer(await loadActivity(activityId), viewer), viewer, now);
}

const activities = { policy: activityPolicy, load: loadActivity, versionOf: (doc: LoadedActivity) => doc.version, stale: '活动已被他人更新，请刷新后重试' };

const fields = {
  title: text(2, 40),
  theme: z.enum(ACTIVITY_THEMES),
  startsAt: instant,
  place: text(2, 60),
  budgetFen: z.number().int().min(0, '预算不能为负').max(100_000_000, '预算过大'),
  capacity: z.number().int().min(1, '名额至少 1 人').max(500, '名额最多 500 人'),
  description: text(4, 1000),
};

const PAGE_SIZE = 20;

export const saveActivity: Route<'activity.save'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, id: id.optional(), version: version.optional(), ...fields }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    await assertSafeText(caller.openid, [input.title, input.place, input.description].join('\n'));
    const startsAt = new Date(input.startsAt);
    const plan = { title: input.title, theme: input.theme, startsAt, place: input.place, budgetFen: input.budgetFen, capacity: input.capacity, description: input.description, updatedAt: now };
    const viewer = await caller.viewer();
    if (input.id) {
      const doc = await loadActivity(input.id);
      if (doc.communityId !== input.communityId) throw notFound('活动不存在');
      enforce(activityPolicy, 'edit', doc, viewer, now);
      await atomically(['activities'], async (transaction) => {
        const current = await transaction.get<ActivityDocument>('activities', doc._id);
        if (!current || current.version !== input.version) throw conflict(activities.stale);
        await transaction.update('activities', doc._id, { ...plan, version: current.version + 1 });
      });
      return activityFor(doc._id, caller, now);
    }
    if (startsAt.getTime() <= now.getTime()) throw new AppError('VALIDATION', '活动时间须在现在之后');
    const doc: ActivityDocument = { _id: requestOf(request).idFor('v'), communityId: input.communityId, ...plan, status: 'planned', confirmed: 0, waitlist: [], createdAt: now, version: 1 };
    return createOnce(requestOf(request), 'activities', { ...doc }, await toActivity({ ...doc, ownerOpenids: [] }, viewer, now));
  },
};

export const publishActivity: Route<'activity.publish'> = onRecord(activities, {
  actions: ['publish'],
  input: z.strictObject({ id, version }),
  async handle(input, { caller, now, record: doc }) {
    if (new Date(doc.startsAt).getTime() <= now.getTime()) throw new AppError('CONFLICT', '活动时间已过，请先修改活动时间');
    await atomically(['activities'], async (transaction) => {
      const current = await transaction.get<ActivityDocument>('activities', doc._id);
      if (!current || current.version !== input.version || current.status !== 'planned') throw conflict(activities.stale);
      await transaction.update('activities', doc._id, { status: 'published', publishedAt: now, updatedAt: now, version: current.version + 1 });
    });
    return activityFor(doc._id, caller, now);
  },
});

export const reportActivity: Route<'activity.report'> = onRecord(activities, {
  actions: ['report'],
  input: z.strictObject({
    id,
    version,
    attendance: z.number().int().min(0).max(5000, '人数过大'),
    photos: z.array(fileId).max(9, '最多上传 9 张照片'),
    record: text(4, 1000),
    summary: text(4, 1000),
    rating: z.number().int().min(1, '请评估活动效果').max(5),
    lessons: text(0, 500),
  }),
  async handle({ id: activityId, version: expected, ...report }, { caller, now }) {
    assertOwnFiles(caller, report.photos);
    await assertSafeText(caller.openid, [report.record, report.summary, report.lessons].join('\n'));
    const byName = await staffName(caller);
    await atomically(['activities'], async (transaction) => {
      const current = await transaction.get<ActivityDocument>('activities', activityId);
      if (!current || current.version !== expected || current.status !== 'published') throw conflict(activities.stale);
      await transaction.update('activities', activityId, { status: 'held', report: { ...report, byName, at: now }, updatedAt: now, version: current.version + 1 });
    });
    return activityFor(activityId, caller, now);
  },
});

export const listActivities: Route<'activity.list'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const page = await newestFirst<ActivityDocument, ActivityDocument>('activities', { communityId }, 'startsAt', after, PAGE_SIZE, (doc) => doc);
    const year = Number(chinaDate(now).slice(0, 4));
    const held = await find<ActivityDocument>('activities', { communityId, status: 'held', startsAt: command().gte(yearStart(year)) }, { orderBy: [['startsAt', 'asc']], limit: 200, fields: ['startsAt'] });
    return {
      ...page,
      items: await Promise.all(page.items.map((doc) => toActivity({ ...doc, ownerOpenids: [] }, viewer, now))),
      quarters: periodTargets(now, 3, held.map((doc) => doc.startsAt)),
    };
  },
};

export const getActivity: Route<'activity.get'> = {
  access: anyone('本小区的员工，或本小区的已认证业主（已发布的活动）'),
  input: z.strictObject({ id }),
  async handle({ id: activityId }, { caller, now }) {
    const viewer = await caller.viewer();
    const doc = await asViewer(await loadActivity(activityId), viewer);
    const staff = viewer.grants.some((grant) => (RECORDS_DESK as readonly string[]).includes(grant.role) && (grant.communityId === doc.communityId || grant.communityId === '*'));
    const invited = doc.ownerOpenids.length > 0 && doc.status !== 'planned';
    if (!staff && !invited) throw forbidden('您没有查看该活动的权限');
    return toActivity(doc, viewer, now);
  },
};

export const listSignups: Route<'activity.signups'> = {
  access: inCommunity(RECORDS_DESK, async (input) => (await loadActivity(input.id)).communityId),
  input: z.strictObject({ id, cursor }),
  async handle({ id: activityId, cursor: after }) {
    return earliestFirst<SignupDocument, Signup>('activitySignups', { activityId }, 'createdAt', after, 50, (doc) => ({
      id: doc._id,
      // Masked like every name shown to staff: enough to greet the owner at the door with their home.
      name: doc.openid ? maskName(doc.name) : doc.name,
      unitLabel: doc.unitLabel,
      status: doc.status,
      at: new Date(doc.createdAt).toISOString(),
    }));
  },
};

/** At most this many activities are shown. */
const ON_BOARD = 20;

/** The soonest `limit` of several communities' lists, each already soonest first. */
const soonest = <D extends { _id: string; startsAt: Date }>(lists: D[][], limit: number): D[] =>
  lists
    .flat()
    .sort((a, b) => new Date(a.startsAt).getTime() - new Date(b.startsAt).getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
    .slice(0, limit);

export const activityBoard: Route<'activity.board'> = {
  access: anyone('已认证业主：其小区已发布的活动和待召开的恳谈会'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    // The caller's homes as an owner, each with its community's published activities and coming meetings, in one request.
    const homes = await findJoined<BindingDocument & { activities: ActivityDocument[]; meetings: MeetingDocument[] }>('bindings', ownerHomesWhere(caller.openid), OWNER_HOMES, [
      { as: 'activities', from: 'activities', on: { field: 'communityId', localField: 'communityId' }, where: { status: 'published' }, orderBy: ['startsAt', 'asc'], limit: ON_BOARD },
      upcomingJoin(now),
    ]);
    // Two homes in one community bring its lists twice: one home per community.
    const communities = [...new Map(homes.map((home) => [home.communityId, home])).values()];
    // Activities announced to the caller as a verified owner: what they may do here is an owner's (sign up, cancel), whatever roles they hold.
    const viewer = asResident(caller);
    const loaded = await asViewerOf(soonest(communities.map((home) => home.activities), ON_BOARD), viewer, homes);
    return {
      activities: await Promise.all(loaded.map((doc) => toActivity(doc, viewer, now))),
      meetings: soonest(communities.map((home) => home.meetings), UPCOMING).map(toInvite),
    };
  },
};

/** A verified owner of the activity's community: their binding there, for the sign-up's name and home. */
async function ownerIn(caller: Caller, communityId: string) {
  const home = (await ownerHomes(caller.openid)).find((binding) => binding.communityId === communityId);
  if (!home) throw forbidden(activityPolicy.rules.signUp.forbidden ?? '');
  return home;
}

export const signUp: Route<'activity.signUp'> = {
  access: anyone('本小区的已认证业主'),
  input: z.strictObject({ id }),
  async handle({ id: activityId }, { caller, now }) {
    const viewer = await caller.viewer();
    const doc = await asViewer(await loadActivity(activityId), viewer);
    const home = await ownerIn(caller, doc.communityId);
    enforce(activityPolicy, 'signUp', doc, viewer, now);
    const mine = signupId(doc._id, caller.openid);
    await atomically(['activities', 'activitySignups'], async (transaction) => {
      const current = await transaction.get<ActivityDocument>('activities', doc._id);
      if (!current || current.status !== 'published') throw conflict('该活动当前不接受报名');
      const earlier = await transaction.get<SignupDocument>('activitySignups', mine);
      if (earlier && earlier.status !== 'cancelled') return;
      const confirmed = current.confirmed < current.capacity;
      if (!confirmed && current.waitlist.length >= MAX_WAITING) throw conflict('名额已满，候补名单也已满');
      const signup: SignupDocument = {
        _id: mine,
        activityId: doc._id,
        communityId: doc.communityId,
        openid: caller.openid,
        name: home.name,
        unitLabel: home.unitLabel,
        status: confirmed ? 'confirmed' : 'waiting',
        createdAt: earlier?.createdAt ?? now,
        updatedAt: now,
      };
      const { _id: _ignored, ...stored } = signup;
      await transaction.set('activitySignups', mine, stored);
      await transaction.update('activities', doc._id, confirmed ? { confirmed: current.confirmed + 1, updatedAt: now } : { waitlist: [...current.waitlist, mine], updatedAt: now });
    });
    return activityFor(doc._id, caller, now);
  },
};

export const cancelSignup: Route<'activity.cancel'> = {
  access: anyone('报名的业主本人'),
  input: z.strictObject({ id }),
  async handle({ id: activityId }, { caller, now }) {
    const viewer = await caller.viewer();
    const doc = await asViewer(await loadActivity(activityId), viewer);
    enforce(activityPolicy, 'cancel', doc, viewer, now);
    const mine = signupId(doc._id, caller.openid);
    await atomically(['activities', 'activitySignups'], async (transaction) => {
      const current = await transaction.get<ActivityDocument>('activities', doc._id);
      const signup = await transaction.get<SignupDocument>('activitySignups', mine);
      if (!current || !signup || signup.status === 'cancelled') return;
      await transaction.update('activitySignups', mine, { status: 'cancelled', updatedAt: now });
      if (signup.status === 'waiting') {
        await transaction.update('activities', doc._id, { waitlist: current.waitlist.filter((entry) => entry !== mine), updatedAt: now });
        return;
      }
      // The place given up goes to the first on the waiting list.
      const [next, ...rest] = current.waitlist;
      if (next) {
        await transaction.update('activitySignups', next, { status: 'confirmed', updatedAt: now });
        await transaction.update('activities', doc._id, { waitlist: rest, updatedAt: now });
      } else {
        await transaction.update('activities', doc._id, { confirmed: Math.max(0, current.confirmed - 1), updatedAt: now });
      }
    });
    return activityFor(doc._id, caller, now);
  },
};
