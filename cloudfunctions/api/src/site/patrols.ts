import { z } from 'zod';
import type { MissedRound, PatrolRound, PatrolRoute, PatrolVisit } from '../../../../typings/site';
import { COUNTS, LIMITS } from '../../../../miniprogram/shared/limits';
import { RECORDS_DESK, inCommunity, onRecord } from '../access';
import type { Caller } from '../caller';
import { loadUnit, unitLabel } from '../communities/units';
import { assertSafeText } from '../contentCheck';
import { command, find, findAll, findById, updateVersioned } from '../db';
import { AppError, conflict, notFound } from '../errors';
import { assertOwnFiles } from '../files';
import { createOnce, requestOf } from '../idempotency';
import { allowedActions, enforce, type Viewer } from '../policy';
import type { Route } from '../router';
import { prepareTicket } from '../tickets/intake';
import { takeDailyNumber } from '../tickets/numbers';
import { atomically } from '../transaction';
import { fileId, id, text, version } from '../validation';
import { endedWindows, missedLookback, windowAt } from './patrolWindows';
import { patrolRoutePolicy, type RouteState } from './policy';
import { DEPARTMENTS, type WorkOrderDocument } from './workOrders';

/**
 * Seed 001 五: patrols walk planned routes, sign in at each checkpoint by scanning the code posted
 * there, check every item of its list (逐项检查，严禁抽查) and turn what they find into a repair
 * ticket or an internal work order the same day. A round is complete when every checkpoint of the
 * route was signed in within its window; a window that ends short of that is a missed round.
 */

export interface CheckpointDocument {
  id: string;
  name: string;
  items: string[];
}

export interface RouteDocument extends RouteState {
  _id: string;
  name: string;
  kind: PatrolRoute['kind'];
  unitId?: string;
  unitLabel?: string;
  checkpoints: CheckpointDocument[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

interface VisitDocument {
  _id: string;
  communityId: string;
  routeId: string;
  checkpointId: string;
  checkpointName: string;
  window: string;
  at: Date;
  by: string;
  byName: string;
  answers: PatrolVisit['answers'];
  photos: string[];
  raised?: PatrolVisit['raised'];
}

/** What a checkpoint's QR code holds: this product's mark, the route and the point. */
const CODE_MARK = 'WYKF-XS';
export const codeOf = (routeId: string, checkpointId: string): string => `${CODE_MARK}:${routeId}:${checkpointId}`;

function parseCode(code: string): { routeId: string; checkpointId: string } | undefined {
  const [mark, routeId, checkpointId, ...rest] = code.trim().split(':');
  return mark === CODE_MARK && routeId && checkpointId && !rest.length ? { routeId, checkpointId } : undefined;
}

function toRoute(doc: RouteDocument, viewer: Viewer, now: Date): PatrolRoute {
  return {
    id: doc._id,
    communityId: doc.communityId,
    name: doc.name,
    kind: doc.kind,
    ...(doc.unitId ? { unitId: doc.unitId, unitLabel: doc.unitLabel ?? '' } : {}),
    checkpoints: doc.checkpoints.map((point) => ({ ...point, code: codeOf(doc._id, point.id) })),
    version: doc.version,
    allowed: allowedActions(patrolRoutePolicy, doc, viewer, now),
  };
}

function toVisit(doc: VisitDocument): PatrolVisit {
  return {
    id: doc._id,
    routeId: doc.routeId,
    checkpointId: doc.checkpointId,
    checkpointName: doc.checkpointName,
    window: doc.window,
    at: new Date(doc.at).toISOString(),
    byName: doc.byName,
    answers: doc.answers,
    photos: doc.photos,
    ...(doc.raised ? { raised: doc.raised } : {}),
  };
}

export async function loadRoute(routeId: string): Promise<RouteDocument> {
  const found = await findById<RouteDocument>('patrolRoutes', routeId);
  if (!found) throw notFound('巡视路线不存在');
  return found;
}

const routes = { policy: patrolRoutePolicy, load: loadRoute, versionOf: (doc: RouteDocument) => doc.version, stale: '巡视路线已被他人修改，请刷新后重试' };

/** A community's routes (a site has a handful; vacant homes one each). */
const MAX_ROUTES = 100;
const routesOf = (communityId: string): Promise<RouteDocument[]> =>
  find<RouteDocument>('patrolRoutes', { communityId, status: 'active' }, { orderBy: [['createdAt', 'asc']], limit: MAX_ROUTES });

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

const checkpointInput = z.strictObject({
  id: id.optional(),
  name: text(...LIMITS.patrol.checkpoint),
  items: z.array(text(...LIMITS.patrol.item)).min(1, '每个巡视点至少 1 个检查项').max(COUNTS.patrolItems, `每个巡视点最多 ${COUNTS.patrolItems} 个检查项`),
});

export const saveRoute: Route<'patrol.saveRoute'> = {
  access: inCommunity(['manager', 'admin'], (input) => input.communityId),
  input: z.strictObject({
    communityId: id,
    id: id.optional(),
    version: version.optional(),
    name: text(...LIMITS.patrol.route),
    kind: z.enum(['site', 'cleaning', 'vacant']),
    unitId: id.optional(),
    checkpoints: z.array(checkpointInput).min(1, '路线至少 1 个巡视点').max(COUNTS.patrolCheckpoints, `路线最多 ${COUNTS.patrolCheckpoints} 个巡视点`),
  }),
  idempotent: true,
  async handle(input, { caller, now, request }) {
    const names = input.checkpoints.map((point) => point.name);
    if (new Set(names).size !== names.length) throw new AppError('VALIDATION', '巡视点名称不能重复');
    if ((input.kind === 'vacant') !== Boolean(input.unitId)) throw new AppError('VALIDATION', input.kind === 'vacant' ? '空置房巡查须选择房屋' : '只有空置房巡查路线指定房屋');
    const unit = input.unitId ? await loadUnit(input.unitId) : undefined;
    if (unit && unit.communityId !== input.communityId) throw notFound('房屋不存在，请重新选择');
    await assertSafeText(caller.openid, [input.name, ...names, ...input.checkpoints.flatMap((point) => point.items)].join('\n'));
    const viewer = await caller.viewer();
    const idempotent = requestOf(request);
    const fields = {
      name: input.name,
      kind: input.kind,
      ...(unit ? { unitId: unit._id, unitLabel: unitLabel(unit) } : {}),
      updatedAt: now,
    };
    if (input.id) {
      const doc = await loadRoute(input.id);
      if (doc.communityId !== input.communityId) throw notFound('巡视路线不存在');
      enforce(patrolRoutePolicy, 'edit', doc, viewer, now);
      if (input.version !== doc.version) throw conflict(routes.stale);
      const known = new Set(doc.checkpoints.map((point) => point.id));
      if (input.checkpoints.some((point) => point.id && !known.has(point.id))) throw new AppError('VALIDATION', '巡视点不属于这条路线，请刷新后重试');
      // A kept point keeps its id, so the code already posted there still signs in.
      const checkpoints = input.checkpoints.map((point, index) => ({ id: point.id ?? idempotent.idFor(`c${index}`), name: point.name, items: point.items }));
      if (!(await updateVersioned('patrolRoutes', doc._id, doc.version, { ...fields, checkpoints, unitId: fields.unitId ?? command().remove(), unitLabel: fields.unitLabel ?? command().remove() }))) {
        throw conflict(routes.stale);
      }
      return toRoute(await loadRoute(doc._id), viewer, now);
    }
    const doc: RouteDocument = {
      _id: idempotent.idFor('r'),
      communityId: input.communityId,
      status: 'active',
      ...fields,
      checkpoints: input.checkpoints.map((point, index) => ({ id: idempotent.idFor(`c${index}`), name: point.name, items: point.items })),
      createdAt: now,
      version: 1,
    };
    return createOnce(idempotent, 'patrolRoutes', { ...doc }, toRoute(doc, viewer, now));
  },
};

/** The visits of the given windows, across a community's routes. */
async function visitsIn(communityId: string, windows: string[]): Promise<VisitDocument[]> {
  if (!windows.length) return [];
  return findAll<VisitDocument>('patrolVisits', { communityId, window: command().in([...new Set(windows)]) }, 5_000);
}

function progress(route: RouteDocument, visits: VisitDocument[]): number {
  const points = new Set(route.checkpoints.map((point) => point.id));
  return new Set(visits.filter((visit) => visit.routeId === route._id && points.has(visit.checkpointId)).map((visit) => visit.checkpointId)).size;
}

/** Who reads the routes and rounds: everyone who walks them, and the admins. */
const ROUND_READERS = ['cs', 'tech', 'manager', 'admin'] as const;

/** Each route with its round in the window open now. */
async function roundsOf(communityId: string, docs: RouteDocument[], viewer: Viewer, now: Date): Promise<PatrolRound[]> {
  const windows = docs.map((doc) => windowAt(doc.kind, now));
  const visits = await visitsIn(communityId, windows.map((window) => window.key));
  return docs.map((doc, index) => {
    const window = windows[index];
    const mine = visits.filter((visit) => visit.routeId === doc._id && visit.window === window.key).sort((a, b) => +new Date(a.at) - +new Date(b.at));
    return { route: toRoute(doc, viewer, now), window, visits: mine.map(toVisit), done: progress(doc, mine), total: doc.checkpoints.length };
  });
}

export const listRoutes: Route<'patrol.routes'> = {
  access: inCommunity(ROUND_READERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }, { caller, now }) {
    return roundsOf(communityId, await routesOf(communityId), await caller.viewer(), now);
  },
};

export const getRound: Route<'patrol.round'> = {
  access: inCommunity(ROUND_READERS, async (input) => (await loadRoute(input.routeId)).communityId),
  input: z.strictObject({ routeId: id }),
  async handle({ routeId }, { caller, now }) {
    const doc = await loadRoute(routeId);
    const [round] = await roundsOf(doc.communityId, [doc], await caller.viewer(), now);
    return round;
  },
};

/** Rounds whose window ended, since the route was set up and within the look-back, with points not signed in. */
export async function missedRounds(communityId: string, now: Date): Promise<MissedRound[]> {
  const docs = await routesOf(communityId);
  const due = docs.map((doc) => {
    const from = new Date(Math.max(new Date(doc.createdAt).getTime(), now.getTime() - missedLookback(doc.kind)));
    return { doc, windows: endedWindows(doc.kind, from, now) };
  });
  const visits = await visitsIn(communityId, due.flatMap(({ windows }) => windows.map((window) => window.key)));
  const missed: MissedRound[] = [];
  for (const { doc, windows } of due) {
    for (const window of windows) {
      const done = progress(doc, visits.filter((visit) => visit.window === window.key));
      if (done < doc.checkpoints.length) missed.push({ routeId: doc._id, routeName: doc.name, kind: doc.kind, window, done, total: doc.checkpoints.length });
    }
  }
  return missed.sort((a, b) => b.window.endsAt.localeCompare(a.window.endsAt));
}

export const listMissed: Route<'patrol.missed'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  handle: ({ communityId }, { now }) => missedRounds(communityId, now),
};

const answer = z.strictObject({ ok: z.boolean(), note: text(0, LIMITS.patrol.note[1]) });

const finding = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ticket'), category: text(...LIMITS.ticket.category), description: text(...LIMITS.ticket.description) }),
  z.strictObject({ kind: z.literal('workOrder'), department: z.enum(DEPARTMENTS), description: text(...LIMITS.patrol.workOrder) }),
]);

export const checkPoint: Route<'patrol.check'> = onRecord(routes, {
  actions: ['check'],
  id: (input) => input.routeId,
  input: z.strictObject({
    routeId: id,
    code: z.string().max(200),
    answers: z.array(answer).max(COUNTS.patrolItems),
    photos: z.array(fileId).max(COUNTS.patrolPhotos, `最多上传 ${COUNTS.patrolPhotos} 张照片`),
    finding: finding.optional(),
  }),
  idempotent: true,
  async handle(input, { caller, now, request, record: route }) {
    const scanned = parseCode(input.code);
    if (!scanned) throw new AppError('VALIDATION', '这不是巡视点的二维码，请扫描巡视点张贴的二维码');
    if (scanned.routeId !== route._id) throw new AppError('VALIDATION', '该巡视点不属于当前路线，请扫描本路线的巡视点');
    const point = route.checkpoints.find((candidate) => candidate.id === scanned.checkpointId);
    if (!point) throw new AppError('VALIDATION', '该巡视点已从路线中移除，请联系客服经理');
    // 逐项检查，严禁抽查: every item answered, in the list's order.
    if (input.answers.length !== point.items.length) throw new AppError('VALIDATION', `请逐项检查：本巡视点共 ${point.items.length} 项，须全部填写`);
    const problem = input.answers.findIndex((given) => !given.ok && given.note.length < 2);
    if (problem >= 0) throw new AppError('VALIDATION', `请写明「${point.items[problem]}」发现的问题`);
    if (input.answers.some((given) => !given.ok) && !input.finding) throw new AppError('VALIDATION', '发现问题须当场报修或发出内部工作联系单');
    assertOwnFiles(caller, input.photos);
    await assertSafeText(caller.openid, [...input.answers.map((given) => given.note), input.finding?.description ?? ''].join('\n'));
    const name = await staffName(caller);
    const idempotent = requestOf(request);
    const ticket =
      input.finding?.kind === 'ticket'
        ? await prepareTicket(
            {
              kind: 'repair',
              category: input.finding.category,
              description: input.finding.description,
              photos: input.photos,
              location: { kind: 'common', communityId: route.communityId, area: point.name },
              contactName: name,
              contactPhone: '',
            },
            { communityId: route.communityId, unitId: route.unitId ?? '', locationLabel: `${route.unitLabel ?? route.name}·${point.name}` },
            { caller, ownerOpenid: '', channel: 'patrol', actorName: name },
            now,
          )
        : undefined;
    const found = input.finding;
    return atomically(['patrolVisits', 'tickets', 'ticketEvents', 'workOrders', 'counters', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<PatrolVisit>(transaction);
      if (earlier) return earlier;
      let raised: PatrolVisit['raised'];
      if (ticket) {
        const written = await ticket.write(transaction, idempotent.idFor('t'));
        raised = { kind: 'ticket', id: written.ticket._id, number: written.ticket.number };
      } else if (found?.kind === 'workOrder') {
        const order: WorkOrderDocument = {
          _id: idempotent.idFor('w'),
          communityId: route.communityId,
          number: await takeDailyNumber(transaction, route.communityId, 'LX', now),
          department: found.department,
          description: found.description,
          photos: input.photos,
          source: `巡视 ${route.name}·${point.name}`,
          status: 'open',
          raisedBy: caller.openid,
          raisedByName: name,
          raisedAt: now,
          version: 1,
        };
        await transaction.insert('workOrders', { ...order });
        raised = { kind: 'workOrder', id: order._id, number: order.number };
      }
      const visit: VisitDocument = {
        _id: idempotent.idFor('v'),
        communityId: route.communityId,
        routeId: route._id,
        checkpointId: point.id,
        checkpointName: point.name,
        window: windowAt(route.kind, now).key,
        at: now,
        by: caller.openid,
        byName: name,
        answers: point.items.map((item, index) => ({ item, ok: input.answers[index].ok, note: input.answers[index].note })),
        photos: input.photos,
        ...(raised ? { raised } : {}),
      };
      await transaction.insert('patrolVisits', { ...visit });
      return idempotent.finish(transaction, toVisit(visit));
    });
  },
});
