/**
 * `npm run bench -- --scale`: the product at a company's size, measured as its users meet it.
 *
 * A company of 20 communities (the largest with 5,000 units, the others 200–1,200) is built: the
 * communities, rosters, staff, owners and their bindings through the api (so every call after is a
 * real user's), and the bulk of three years — 100k tickets with their events, 12 months of bills for
 * every unit, a few hundred renovations, keys, parcels, notices and access-log entries — written
 * straight into the local cloud's database, as `bench/board.ts` does, each cloned from a record the
 * api wrote so it has the product's shape. Then every read a user does often and the main writes are
 * called as WeChat users (real `callFunction` round trips) on the largest and the smallest community,
 * and a table prints each action's p50 / p99 time, database operations per call (from the local
 * cloud's metrics), subscribe messages sent, answer size, and the in-process floor (the same filter,
 * sort and limit in plain JS over the same documents in memory), marking every row that misses a
 * target. Figures only: nothing is asserted.
 *
 * Sizes: BENCH_SCALE (a factor on units and tickets, default 1), BENCH_SCALE_COMMUNITIES (20),
 * BENCH_SCALE_UNITS (units of the largest, 5000), BENCH_SCALE_TICKETS (100000), BENCH_SCALE_MONTHS (12),
 * BENCH_SCALE_CALLS (30 calls per row).
 */
import { Buffer } from 'node:buffer';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { UnitListing } from '../typings/domain';
import { ACCEPTANCE_TEMPLATE } from '../miniprogram/shared/movein';
import type { ActionInput, ActionName } from '../typings/api';
import { apiAs, everyHome, grantSubscription, okAs, uploadAs } from '../test/support/api';
import { startLocalCloud, type RunningCloud } from '../test/support/local-cloud';
import { ADMIN_OPENID, publishPropertyFee } from '../test/support/seed';
import { enterSiteRecords, planSiteRegisters, walkSiteRegisters } from '../scripts/demo-site';
import { enterCarePeople } from '../scripts/demo-care';
import { computeBoard, periodOf } from '../cloudfunctions/api/src/quality/kpi';
import { OPEN_STATUSES, type TicketDocument } from '../cloudfunctions/api/src/tickets/model';
import { figuresOf, type BillDocument } from '../cloudfunctions/api/src/disclosure/bills';
import { boardFactsOf, fromBoardFacts } from '../cloudfunctions/api/src/tickets/boardFacts';
import { databaseRequests, pointSdkAt } from '../test/support/cloud';
import { median, pct, time } from './stats';
import { gcFigures, type GcFigures } from '../emulator/memory';
import { CallTimer, type TimedCall } from './timedCalls';

type Print = (line: string) => void;
type Doc = Record<string, unknown> & { _id: string };

const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const NO_DEADLINE = new Date('9999-12-31T00:00:00.000Z');
const PAGE = 20;
const ENV = 'bench-scale';
const LOCAL_CLOUD_FLAGS = (process.env.BENCH_SCALE_CLOUD_FLAGS ?? '--max-old-space-size=8192 --max-semi-space-size=32 --expose-gc --no-flush-bytecode').split(' ').filter(Boolean);

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};

/** A cheap, repeatable pseudo-random number in [0, 1) for index `i` and salt `s`. */
function rand(i: number, s = 0): number {
  const x = Math.sin(i * 12.9898 + s * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

/** Dates the SDK handed back as strings (or EJSON) become Dates again, so clones store Dates. */
function revive(value: unknown): unknown {
  if (typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(value)) return new Date(value);
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const record = value as Record<string, unknown>;
    if (typeof record.$date === 'string' || typeof record.$date === 'number') return new Date(record.$date as string);
    return Object.fromEntries(Object.entries(record).map(([key, inner]) => [key, revive(inner)]));
  }
  return value;
}

function database(): ReturnType<typeof import('wx-server-sdk')['database']> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
  // The product modules imported here (kpi) initialise the SDK for the current env at load: name it.
  sdk.init({ env: ENV });
  return sdk.database({ env: ENV });
}

async function loadAll(collection: string, where: Record<string, unknown> = {}): Promise<Doc[]> {
  const db = database();
  const found: Doc[] = [];
  for (let offset = 0; ; offset += 1000) {
    const query = db.collection(collection).where(where).orderBy('_id', 'asc').limit(1000);
    let page: Doc[];
    try {
      page = ((await (offset ? query.skip(offset) : query).get()) as unknown as { data: Doc[] }).data;
    } catch (error) {
      // A collection nothing has written to yet reads as empty, as in the product.
      if (!String((error as { errCode?: unknown }).errCode ?? error).includes('502005')) throw error;
      page = [];
    }
    found.push(...(page.map(revive) as Doc[]));
    if (page.length < 1000) return found;
  }
}

async function one(collection: string, where: Record<string, unknown>): Promise<Doc> {
  const [doc] = await loadAll(collection, where).catch((error: unknown) => {
    throw new Error(`reading ${collection} ${JSON.stringify(where)}: ${error instanceof Error ? error.message : String(error)}`);
  });
  if (!doc) throw new Error(`no ${collection} document matches ${JSON.stringify(where)}`);
  return doc;
}

async function write(collection: string, docs: readonly Doc[]): Promise<void> {
  const db = database();
  await db.createCollection(collection).catch(() => undefined);
  for (let from = 0; from < docs.length; from += 1000) {
    await db.collection(collection).add({ data: docs.slice(from, from + 1000) as unknown as Record<string, unknown>[] });
  }
}

/** Holds or releases the local cloud's timer triggers. */
async function holdTimers(url: string, held: boolean): Promise<void> {
  const response = await fetch(`${url}/_emulator/triggers/hold`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ held }) });
  if (!response.ok) throw new Error(`holding the timers: ${response.status}`);
}

/**
 * Has the local cloud collect its garbage now, between rows. It holds every env's documents in one
 * heap (1.3 GB here), where the product's database is a service of its own: its full collection is
 * the stand-in's pause, and it is taken before a row rather than inside whichever row it falls in.
 */
async function collectCloudGarbage(url: string): Promise<boolean> {
  return ((await (await fetch(`${url}/_emulator/gc`, { method: 'POST' })).json()) as { collected: boolean }).collected;
}

/** The local cloud's garbage collections so far (its pauses are the stand-in's, not the product's). */
async function cloudGc(url: string): Promise<GcFigures> {
  return (await (await fetch(`${url}/_emulator/gc`)).json()) as GcFigures;
}

async function messagesSent(url: string): Promise<number> {
  const { messages } = (await (await fetch(`${url}/_emulator/outbox?env=${ENV}`)).json()) as { messages: unknown[] };
  return messages.length;
}

function rssMiB(pid: number): number {
  const kib = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kib / 1024;
}

/** Roster rows: buildings of 2 entrances × 18 floors × 4 homes. */
function rosterCsv(count: number, salt: number): string {
  const surnames = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高';
  const given = ['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '军', '强'];
  const lines = ['楼栋,单元,房号,建筑面积,业主姓名,联系电话'];
  for (let i = 0; i < count; i += 1) {
    const building = Math.floor(i / 144) + 1;
    const entrance = Math.floor((i % 144) / 72) + 1;
    const floor = Math.floor((i % 72) / 4) + 1;
    const room = `${floor}${String((i % 4) + 1).padStart(2, '0')}`;
    const area = (60 + Math.floor(rand(i, salt) * 8000) / 100).toFixed(2);
    const name = `${surnames[(i + salt) % surnames.length]}${given[(i * 7 + salt) % given.length]}`;
    lines.push(`${building}栋,${entrance}单元,${room},${area},${name},139${String(salt * 100_000 + i).padStart(8, '0')}`);
  }
  return lines.join('\n');
}

interface Community {
  id: string;
  size: number;
  units: UnitListing[];
  /** Only the two measured communities have staff and owners. */
  staff?: { cs: string; tech: string; manager: string; infokeeper: string };
  owners?: string[];
  /** The published fee standard bills are generated from. */
  feeId?: string;
  /** A fee standard published and corrected once (versions 1 and 2). */
  correctedSeries?: string;
}

const STAFF_NAMES = { cs: '客服小王', tech: '维修老李', manager: '经理陈', infokeeper: '专管员周' } as const;

/** A resident's name for a unit (the names the desk searches by). */
function residentName(i: number): string {
  return `${'张王李赵刘陈杨黄周吴徐孙马朱胡郭何林罗高'[i % 20]}${['伟', '芳', '娜', '敏', '静', '磊', '洋', '勇', '艳', '杰', '军', '强'][Math.floor(i / 20) % 12]}`;
}

interface Row {
  action: string;
  caller: string;
  units: number;
  calls: number;
  p50: number;
  p99: number;
  ops: number;
  messages: number;
  bytes: number;
  floor?: number;
  owner: boolean;
  write: boolean;
  /** An answer that is a list without a cursor. */
  unpaged: boolean;
  /** A page of a list (items, at most 50). */
  paged: boolean;
  misses: string[];
}

/** A call's database requests beyond the median of its row by more than this were not its own. */
const FOREIGN_MARGIN = 20;


function firstN<T>(docs: readonly T[], keep: (doc: T) => boolean, order: (a: T, b: T) => number, limit: number): T[] {
  return docs.filter(keep).sort(order).slice(0, limit);
}

const byDesc = (field: string) => (a: Doc, b: Doc) => time(b[field]) - time(a[field]) || (a._id < b._id ? 1 : a._id > b._id ? -1 : 0);
/** A complaint that calls for a self-inspection: major, group or repeat (reviews.ts `reasonsOf`). */
const marked = (doc: Doc): boolean => {
  const flags = (doc.flags ?? {}) as { group?: boolean; repeat?: boolean };
  return doc.grade === 'major' || flags.group === true || flags.repeat === true;
};
const byAsc = (field: string) => (a: Doc, b: Doc) => time(a[field]) - time(b[field]) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

export async function benchScale(print: Print): Promise<void> {
  const factor = num('BENCH_SCALE', 1);
  const communityCount = Math.max(2, Math.round(num('BENCH_SCALE_COMMUNITIES', 20)));
  const largest = Math.min(5000, Math.round(num('BENCH_SCALE_UNITS', 5000) * factor));
  const ticketCount = Math.round(num('BENCH_SCALE_TICKETS', 100_000) * factor);
  const months = Math.round(num('BENCH_SCALE_MONTHS', 12));
  const calls = Math.round(num('BENCH_SCALE_CALLS', 30));
  const smallest = Math.max(20, Math.round(200 * factor));
  const sizes = [largest, ...Array.from({ length: communityCount - 1 }, (_unused, k) => Math.round(smallest + ((1200 * factor - smallest) * (communityCount - 2 - k)) / Math.max(1, communityCount - 2)))];
  const totalUnits = sizes.reduce((sum, n) => sum + n, 0);
  print(
    `sizes: ${communityCount} communities (${sizes.join(', ')} units; ${totalUnits} in all), ${ticketCount} tickets over 3 years, ${months} months of bills, ${calls} calls per row`,
  );

  const dataDir = mkdtempSync(join(tmpdir(), 'bench-scale-'));
  const cloud: RunningCloud = await startLocalCloud({ dataDir, nodeFlags: LOCAL_CLOUD_FLAGS });
  let timer: CallTimer | undefined;
  try {
    pointSdkAt(cloud.url, 'bench');
    const url = cloud.url;
    const buildStarted = performance.now();
    const now = new Date(((await (await fetch(`${url}/_emulator/clock`)).json()) as { now: string }).now);
    const today = new Date(now.getTime() + 8 * HOUR).toISOString().slice(0, 10);
    const admin = okAs(ENV, ADMIN_OPENID, url);

    // 1. Through the api: communities with their rosters; staff and owners in the two measured ones.
    const communities: Community[] = [];
    for (let c = 0; c < communityCount; c += 1) {
      const created = await admin('community.create', {
        name: `规模${String(c + 1).padStart(2, '0')}花园`,
        address: `成都市高新区天府大道${100 + c}号`,
        phones: { emergency: '028-85550110', service24h: '028-85550000', complaint: '028-85550123' },
      });
      const fileID = await uploadAs(ENV, ADMIN_OPENID, `rosters/scale-${c}.csv`, new Uint8Array(Buffer.from(rosterCsv(sizes[c], c + 1), 'utf8')), url);
      const imported = await admin('roster.import', { communityId: created.id, fileID });
      if (imported.rejected.length) throw new Error(`roster ${c}: ${imported.rejected.length} rows rejected`);
      const units = await everyHome(admin, created.id);
      communities.push({ id: created.id, size: units.length, units });
    }
    const measured = [communities[0], communities[communities.length - 1]];
    for (const [m, community] of measured.entries()) {
      const prefix = `scale${m}`;
      community.staff = { cs: `o-${prefix}-cs`, tech: `o-${prefix}-tech`, manager: `o-${prefix}-manager`, infokeeper: `o-${prefix}-infokeeper` };
      for (const role of ['cs', 'tech', 'manager', 'infokeeper'] as const) {
        const invite = await admin('invite.create', { roles: [role], communityIds: [community.id] });
        await okAs(ENV, community.staff[role], url)('invite.redeem', { code: invite.code, name: STAFF_NAMES[role] });
      }
      // Owner 0 reads; owners 1–3 report the measured new tickets (each may report 30 in 10 minutes).
      community.owners = [];
      for (let k = 0; k < 4; k += 1) {
        const openid = `o-${prefix}-owner-${k}`;
        const binding = await okAs(ENV, openid, url)('binding.request', { unitId: community.units[k].id, relation: 'owner', name: '张伟', phone: '13800000001', proofFileIds: [] });
        await okAs(ENV, community.staff.cs, url)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
        community.owners.push(openid);
      }
      community.feeId = await publishPropertyFee(ENV, community.id, url);
      const as = (openid: string) => okAs(ENV, openid, url);
      await planSiteRegisters(as, community.staff, community.id, community.units, now);
      await walkSiteRegisters(as, community.staff, community.id).catch((error: unknown) => print(`(patrol round not walked: ${String(error)})`));
      // The registers the demo keeps: a file loan and a query, two contracts, two shops.
      await enterSiteRecords(as, community.staff, community.id, community.units[5 % community.units.length].id, today, []);
      // A fee standard corrected once, for the owner's view of what changed.
      const parkingFee = { name: '车位管理费', category: 'parking' as const, priceFen: 15000, unit: 'space-month' as const, basis: '成发改价格〔2023〕12号', note: '地下车位' };
      const parking = await admin('disclosure.saveDraft', { communityId: community.id, title: '车位管理费标准公示', period: '年度', content: { kind: 'fee-standard', items: [parkingFee] } });
      const parkingFirst = await admin('disclosure.publish', { id: parking.id, revision: parking.revision });
      const parkingFix = await admin('disclosure.saveDraft', { communityId: community.id, correcting: parkingFirst.id, title: '车位管理费标准公示', period: '年度', content: { kind: 'fee-standard', items: [{ ...parkingFee, priceFen: 12000 }] } });
      community.correctedSeries = (await admin('disclosure.publish', { id: parkingFix.id, revision: parkingFix.revision, correctionNote: '车位管理费按业主大会决议下调为 120 元/个·月' })).seriesId;
      // Records the reads by id open: an activity published with an owner signed up, a meeting, the year's survey answered, the demo's care people.
      const nextWeek = new Date(now.getTime() + 7 * DAY).toISOString();
      const planned = await as(community.staff.cs)('activity.save', { communityId: community.id, title: '消防安全知识讲座', theme: 'fire', startsAt: nextWeek, place: '小区会所二楼', budgetFen: 80_000, capacity: 30, description: '邀请消防中队讲解家庭防火和灭火器使用。' });
      const published = await as(community.staff.cs)('activity.publish', { id: planned.id, version: planned.version });
      await as(community.owners[0])('activity.signUp', { id: published.id });
      await as(community.staff.manager)('meeting.save', { communityId: community.id, title: '业主恳谈会', startsAt: nextWeek, place: '小区会所', agenda: '通报物业服务情况；听取业主意见和建议。' });
      const questions = [
        { id: 'q1', kind: 'rating' as const, title: '您对物业服务的总体满意度', options: [], required: true },
        { id: 'q2', kind: 'text' as const, title: '您的其他意见和建议', options: [], required: false },
      ];
      const drafted = await as(community.staff.manager)('survey.save', { communityId: community.id, title: '年度顾客意见调查', intro: '', questions });
      const sent = await as(community.staff.manager)('survey.send', { id: drafted.id, version: drafted.version });
      await as(community.owners[0])('survey.answer', { id: sent.id, answers: [{ questionId: 'q1', rating: 4 }, { questionId: 'q2', text: '电梯维保要及时' }] });
      await enterCarePeople(as, community.staff, community.id, community.units);
      // A visit planned, a move-in handed over, an incident recorded: their pages' reads.
      await as(community.staff.manager)('visit.create', { communityId: community.id, month: today.slice(0, 7), unitId: community.units[1].id, visitorOpenid: community.staff.cs });
      const rooms = ACCEPTANCE_TEMPLATE.map((room) => ({ room: room.room, items: room.items.map((name) => ({ name, ok: true })) }));
      await as(community.staff.cs)('movein.save', { communityId: community.id, unitId: community.units[2].id, documents: ['notice'], keys: { sets: 2, note: '入户门钥匙 2 把' }, meters: { water: '0.50', electricity: '12', gas: '0' }, rooms, defects: [] });
      await as(community.staff.cs)('incident.record', { communityId: community.id, title: '地下车库积水', occurredOn: today, description: '暴雨后地下车库入口积水约 10 厘米，已抽排。', ticketNumbers: [] });
      const manager = as(community.staff.manager);
      const cs = as(community.staff.cs);
      for (let k = 0; k < 3; k += 1) {
        const draft = await cs('notice.saveDraft', {
          communityId: community.id,
          category: 'maintenance',
          title: `关于电梯年度维保的通知（第${k + 1}批）`,
          addressee: '各位业主、住户',
          body: `为保障电梯运行安全，${k + 1}栋电梯将于下周轮流停运维保。\n给您带来不便，敬请谅解。`,
          buildings: k === 0 ? [] : [community.units[0].building],
          issuer: '物业服务中心',
        });
        await manager('notice.publish', { id: draft.id, version: draft.version });
      }
      // One record of each kind the bulk is cloned from.
      const owner = as(community.owners[0]);
      // Owners 1–3 allow the status messages of the tickets they will report (one per message: each
      // is accepted and then assigned), and the technician allows the dispatches (as bench/alerts.ts).
      for (const openid of community.owners.slice(1)) await grantSubscription(ENV, openid, 'tmpl-ticket-status', 2 * Math.ceil(calls / 3) + 1, url);
      await grantSubscription(ENV, community.staff.tech, 'tmpl-staff-dispatch', calls + 1, url);
      const reported = await owner('ticket.create', {
        kind: 'repair',
        category: 'drain-block',
        description: '厨房下水道堵塞，水排不下去',
        photos: [],
        location: { kind: 'unit', unitId: community.units[0].id },
        contactName: '张伟',
        contactPhone: '13800000001',
      });
      const terms = await owner('renovation.terms', {});
      const day = (offset: number): string => new Date(now.getTime() + offset * DAY + 8 * HOUR).toISOString().slice(0, 10);
      await owner('renovation.apply', {
        unitId: community.units[0].id,
        contractor: { company: '成都安居装饰工程有限公司', licenceNo: '91510100MA6C8X7B1Q', contactName: '周工', contactPhone: '13912345678', workers: 4 },
        startDate: day(5),
        endDate: day(65),
        areaCenti: 8950,
        workItems: ['floor-wall', 'plumbing-electric', 'kitchen-bath'],
        attachments: [],
        approvalDocs: [],
        existingBuilding: false,
        safetyCommitmentSigned: false,
        agreementVersion: terms.agreementVersion,
        acknowledgedTerms: true,
      });
      await cs('unit.file', { unitId: community.units[0].id });
      // Seeing a contact's phone is logged: the access log's first entry.
      await cs('ticket.contact', { id: reported.id });
      // A step's event, the template of the timelines (the first step, 已提交, is the ticket itself).
      if (community === measured[1]) await cs('ticket.accept', { id: reported.id, version: reported.version });
    }
    // The smallest community's bills of this month through the api: the template of every bill.
    const small = measured[1];
    const thisPeriod = today.slice(0, 7);
    await admin('bill.generate', { communityId: small.id, period: thisPeriod, feeDisclosureId: small.feeId!, itemNames: ['物业服务费'] });
    const dueThisMonth = new Date(now.getTime() + 15 * DAY + 8 * HOUR).toISOString().slice(0, 10);
    await admin('bill.publish', { communityId: small.id, period: thisPeriod, dueDate: dueThisMonth });
    const apiSeconds = (performance.now() - buildStarted) / 1000;

    // 2. Straight into the database: the bulk, each kind cloned from the api's record.
    const bulkStarted = performance.now();
    const strip = (doc: Doc): Omit<Doc, '_id'> => {
      const { _id, ...rest } = doc;
      void _id;
      return rest;
    };
    const apiTicket = await one('tickets', { ownerOpenid: small.owners![0] });
    const ticketTemplate = strip(apiTicket);
    const eventTemplate = strip(await one('ticketEvents', { ticketId: apiTicket._id }));
    // Not tied to that ticket's versions: the copies' events are their timelines as they are.
    for (const key of ['version', 'claim', 'intent']) delete eventTemplate[key];
    for (const key of ['urgency', 'acceptedAt', 'feedbackAt', 'resolvedAt', 'closedAt', 'assignee', 'returnVisit', 'grade', 'claimsFrom', 'lastClaim']) delete ticketTemplate[key];
    const span = 3 * 365 * DAY;
    const tickets: Doc[] = [];
    const events: Doc[] = [];
    const numbers = new Map<string, number>();
    const repairCategories = ['drain-block', 'water-leak', 'light', 'door-lock'];
    const complaintCategories = ['噪音扰民', '停车管理', '环境卫生'];
    let allotted = 0;
    for (const [c, community] of communities.entries()) {
      const share = c === communities.length - 1 ? ticketCount - allotted : Math.round((ticketCount * community.size) / totalUnits);
      allotted += share;
      const staff = community.staff ?? { cs: `o-scale-c${c}-cs`, tech: `o-scale-c${c}-tech` };
      for (let k = 0; k < share; k += 1) {
        const i = tickets.length;
        const at = new Date(now.getTime() - span + Math.floor(((k + rand(i, 1)) * (span - HOUR)) / share));
        const toOwner = community.owners && k % 200 === 0;
        const unitIndex = toOwner ? 0 : Math.floor(rand(i, 2) * community.units.length);
        const unit = community.units[unitIndex];
        const roll = rand(i, 3);
        const kind = roll < 0.6 ? 'repair' : roll < 0.85 ? 'complaint' : 'consultation';
        const t = at.getTime();
        const recent = now.getTime() - t < 30 * DAY;
        const resolvedAt = new Date(t + (1 + Math.floor(rand(i, 4) * 60)) * HOUR);
        const open = (recent && rand(i, 5) < 0.35) || resolvedAt >= now;
        const status = open ? OPEN_STATUSES[Math.floor(rand(i, 6) * OPEN_STATUSES.length)] : 'closed';
        const deadlines =
          kind === 'repair'
            ? { responseDue: new Date(t + 2 * HOUR), completionDue: new Date(t + 48 * HOUR) }
            : kind === 'complaint'
              ? { feedbackDue: new Date(t + 2 * DAY), escalateAt: new Date(t + 2 * DAY), escalateHeadAt: new Date(t + 3 * DAY) }
              : {};
        const ymd = new Date(t + 8 * HOUR).toISOString().slice(0, 10).replace(/-/g, '');
        const prefix = kind === 'repair' ? 'BX' : kind === 'complaint' ? 'TS' : 'ZX';
        const seqKey = `${community.id}${prefix}${ymd}`;
        const seq = (numbers.get(seqKey) ?? 0) + 1;
        numbers.set(seqKey, seq);
        const accepted = status !== 'submitted';
        const assigned = status === 'assigned' || status === 'resolved' || (status === 'closed' && kind === 'repair');
        const ticket: Doc = {
          ...ticketTemplate,
          _id: `st${String(i).padStart(7, '0')}`,
          // From 5000 on, clear of the numbers the api gives the day's first tickets.
          number: `${prefix}${ymd}-${String(5000 + seq).padStart(4, '0')}`,
          kind,
          category: kind === 'repair' ? repairCategories[i % 4] : kind === 'complaint' ? complaintCategories[i % 3] : '收费标准',
          ...(kind === 'repair' ? { urgency: i % 4 === 0 ? 'urgent' : 'routine' } : {}),
          communityId: community.id,
          unitId: unit.id,
          locationLabel: unit.label,
          contactName: toOwner ? '张伟' : residentName(unitIndex),
          contactPhone: toOwner ? '13800000001' : `139${String(unitIndex).padStart(8, '0')}`,
          phoneTail: toOwner ? '0001' : String(unitIndex).padStart(4, '0').slice(-4),
          channel: i % 5 === 0 ? 'phone' : 'miniprogram',
          ownerOpenid: toOwner ? community.owners![0] : i % 5 === 0 ? '' : `o-scale-resident-${c}-${unitIndex}`,
          createdBy: toOwner ? community.owners![0] : staff.cs,
          status,
          flags: { group: i % 97 === 0, repeat: i % 89 === 0 },
          deadlines,
          ...(accepted ? { acceptedAt: new Date(t + (5 + (i % 55)) * MINUTE) } : {}),
          ...(assigned ? { assignee: { openid: staff.tech, name: STAFF_NAMES.tech } } : {}),
          ...(kind === 'complaint' && accepted ? { grade: 'general', feedbackAt: new Date(t + (i % 3) * DAY) } : {}),
          ...(status === 'resolved' || status === 'closed' ? { resolvedAt } : {}),
          ...(status === 'closed' ? { closedAt: new Date(resolvedAt.getTime() + DAY), confirmedByOwner: true } : { confirmedByOwner: false }),
          escalationLevel: kind === 'complaint' && open && i % 7 === 0 ? 1 + (i % 2) : 0,
          reworkCount: i % 150 === 0 ? 1 : 0,
          ...(status === 'closed' && i % 2 === 0 ? { returnVisit: { satisfaction: i % 40 === 0 ? 'unsatisfied' : 'satisfied', note: '', at: new Date(resolvedAt.getTime() + DAY), by: staff.cs } } : {}),
          dueAt: !open
            ? NO_DEADLINE
            : status === 'submitted'
              ? new Date(t + 2 * HOUR)
              : status === 'resolved'
                ? new Date(resolvedAt.getTime() + 3 * DAY)
                : new Date(t + (kind === 'repair' ? 48 * HOUR : 2 * DAY)),
          createdAt: at,
          updatedAt: status === 'closed' ? new Date(resolvedAt.getTime() + DAY) : at,
          version: 1 + (accepted ? 1 : 0) + (assigned ? 1 : 0) + (status === 'closed' ? 2 : status === 'resolved' ? 1 : 0),
        };
        // What the board reads of it, as the api keeps it with every write (the clone's are another ticket's).
        ticket.boardFacts = boardFactsOf(ticket as unknown as TicketDocument);
        tickets.push(ticket);
        // Every field of an event (tickets/events.ts), in one shape.
        const event = (n: number, type: string, text: string, when: Date, byDesk: boolean): Doc => ({
          _id: `${ticket._id}e${n}`,
          ticketId: ticket._id,
          type,
          text,
          actorOpenid: byDesk ? staff.cs : (eventTemplate.actorOpenid as string),
          actorName: byDesk ? STAFF_NAMES.cs : (eventTemplate.actorName as string),
          ownerVisible: true,
          at: when,
        });
        if (accepted) events.push(event(1, 'accepted', `${STAFF_NAMES.cs}已受理`, ticket.acceptedAt as Date, true));
        if (assigned) events.push(event(2, 'assigned', `派单给维修人员${STAFF_NAMES.tech}`, new Date(t + HOUR), true));
        if (status === 'closed') events.push(event(3, 'closed', '工单已关闭', ticket.closedAt as Date, true));
      }
    }
    let started = performance.now();
    await write('tickets', tickets);
    await write('ticketEvents', events);
    print(`${tickets.length} tickets and ${events.length} events written in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    const billTemplate = strip(await one('bills', { communityId: small.id, period: thisPeriod }));
    const periods = Array.from({ length: months }, (_unused, k) => {
      const d = new Date(Date.UTC(Number(thisPeriod.slice(0, 4)), Number(thisPeriod.slice(5, 7)) - 1 - k, 1));
      return d.toISOString().slice(0, 7);
    });
    const bills: Doc[] = [];
    for (const community of communities) {
      for (const [p, period] of periods.entries()) {
        if (community === small && period === thisPeriod) continue;
        for (const [u, unit] of community.units.entries()) {
          const i = bills.length;
          const current = p === 0;
          // The reading owner's home (the first) owes this month's: its 微信支付 order is measured.
          const paid = !(current && u === 0) && rand(i, 7) < (current ? 0.3 : 0.92);
          const issuedAt = new Date(`${period}-01T02:00:00.000Z`);
          const dueDate = current ? dueThisMonth : `${period}-15`;
          // The fields of a bill (disclosure/bills.ts), the fee's from the api's bill; paid ones at the desk, as bill.markPaid records it.
          const billId = `${community.id}:${period}:${unit.id}`;
          const paidAt = new Date(issuedAt.getTime() + (3 + (u % 20)) * DAY);
          const receiptNo = `SJ-${period}-${String(u).padStart(5, '0')}`;
          const bill = {
            _id: billId,
            communityId: community.id,
            unitId: unit.id,
            unitLabel: unit.label,
            period,
            items: billTemplate.items,
            totalFen: billTemplate.totalFen,
            status: paid ? 'paid' : 'issued',
            feeDisclosureId: billTemplate.feeDisclosureId,
            dueDate,
            ...(paid
              ? {
                  paidFen: billTemplate.totalFen,
                  payments: [{ id: `${billId}#1`, amountFen: billTemplate.totalFen as number, channel: 'desk' as const, receiptNo, at: paidAt, by: 'o-scale-cashier', byName: '收银员' }],
                  paidAt,
                  paidBy: 'o-scale-cashier',
                  receiptNo,
                }
              : {}),
            createdAt: issuedAt,
            updatedAt: issuedAt,
            version: billTemplate.version,
          };
          bills.push({ ...bill, figures: figuresOf(bill as unknown as BillDocument) });
        }
      }
    }
    started = performance.now();
    await write('bills', bills);
    print(`${bills.length} bills written in ${((performance.now() - started) / 1000).toFixed(0)} s`);

    // A few hundred renovations, keys, parcels, notices and access-log entries, mostly in the largest.
    const big = measured[0];
    const renovationTemplate = strip(await one('renovations', { communityId: big.id }));
    const keyTemplate = strip(await one('keys', { communityId: big.id, name: '1栋配电房' }));
    const parcelTemplate = strip(await one('custody', { communityId: big.id, kind: 'parcel' }));
    const noticeTemplate = strip(await one('notices', { communityId: big.id, status: 'published' }));
    const logTemplate = (await loadAll('accessLog', { communityId: big.id })).map(strip)[0];
    const statuses = ['submitted', 'needs-more', 'approved', 'rejected', 'completed'];
    const bulk: Record<string, Doc[]> = { renovations: [], keys: [], custody: [], notices: [], accessLog: [] };
    const count = (n: number): number => Math.max(5, Math.round(n * factor));
    for (let i = 0; i < count(400); i += 1) {
      const community = i % 2 === 0 ? big : communities[i % communities.length];
      const unit = community.units[Math.floor(rand(i, 8) * community.units.length)];
      const at = new Date(now.getTime() - Math.floor(rand(i, 9) * span));
      bulk.renovations.push({ ...renovationTemplate, _id: `sreno${i}`, communityId: community.id, unitId: unit.id, unitLabel: unit.label, applicantOpenid: `o-scale-applicant-${i}`, status: statuses[i % 5], submittedAt: at, createdAt: at, updatedAt: at });
    }
    for (let i = 0; i < count(300); i += 1) {
      const at = new Date(now.getTime() - Math.floor(rand(i, 10) * span));
      bulk.keys.push({ ...keyTemplate, _id: `skey${i}`, name: `${(i % 40) + 1}栋设备房${i}`, opens: `${(i % 40) + 1}栋设备房门`, communityId: big.id, createdAt: at, updatedAt: at });
    }
    for (let i = 0; i < count(600); i += 1) {
      const unit = big.units[Math.floor(rand(i, 11) * big.units.length)];
      const at = new Date(now.getTime() - Math.floor(rand(i, 12) * span));
      bulk.custody.push({ ...parcelTemplate, _id: `spar${i}`, communityId: big.id, unitId: unit.id, unitLabel: unit.label, receivedAt: at, createdAt: at, updatedAt: at });
    }
    for (let i = 0; i < count(150); i += 1) {
      const at = new Date(now.getTime() - Math.floor(((i + 1) * span) / count(150)));
      bulk.notices.push({ ...noticeTemplate, _id: `snot${i}`, title: `关于第${i + 1}期设施检修的通知`, communityId: big.id, publishedAt: at, createdAt: at, updatedAt: at });
    }
    for (let i = 0; logTemplate && i < count(3000); i += 1) {
      const at = new Date(now.getTime() - Math.floor(rand(i, 13) * span));
      bulk.accessLog.push({ ...logTemplate, _id: `slog${i}`, communityId: big.id, at });
    }
    started = performance.now();
    for (const [collection, docs] of Object.entries(bulk)) await write(collection, docs);
    print(
      `${Object.entries(bulk)
        .map(([collection, docs]) => `${docs.length} ${collection}`)
        .join(', ')} written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const buildSeconds = (performance.now() - buildStarted) / 1000;
    print(
      `data built in ${buildSeconds.toFixed(0)} s (${apiSeconds.toFixed(0)} s through the api, ${((performance.now() - bulkStarted) / 1000).toFixed(0)} s written directly); local cloud ${rssMiB(cloud.pid).toFixed(0)} MiB`,
    );

    // 3. In memory for the floors: the bulk, plus what the api wrote.
    const memory = {
      tickets: [
        ...tickets,
        ...(await loadAll('tickets', { ownerOpenid: measured[0].owners![0] })).filter((doc) => !doc._id.startsWith('st')),
        ...(await loadAll('tickets', { ownerOpenid: measured[1].owners![0] })).filter((doc) => !doc._id.startsWith('st')),
      ],
      events,
      bills: [...bills, ...(await loadAll('bills', { communityId: small.id, period: thisPeriod }))],
      accounts: await loadAll('accounts'),
      bindings: await loadAll('bindings'),
      communities: await loadAll('communities'),
      disclosures: await loadAll('disclosures'),
      notices: await loadAll('notices'),
      renovations: await loadAll('renovations'),
      patrolRoutes: await loadAll('patrolRoutes'),
      patrolVisits: await loadAll('patrolVisits'),
      keys: await loadAll('keys'),
      custody: await loadAll('custody'),
      accessLog: await loadAll('accessLog'),
      units: await loadAll('units'),
    };
    const ticketById = new Map(memory.tickets.map((doc) => [doc._id, doc]));
    const open = new Set<string>(OPEN_STATUSES);

    /**
     * Waits until the local cloud does no database work of its own (the escalation timer runs every
     * 5 minutes over every open ticket; the first query of a collection builds its indexes), so
     * each row counts only its own calls.
     */
    const settle = async (): Promise<void> => {
      let last = await databaseRequests(url);
      for (let waited = 0; waited < 60_000; waited += 250) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        const current = await databaseRequests(url);
        if (current === last) return;
        last = current;
      }
    };
    await settle();
    // Each row measures its action alone. The escalation timer's run over every open ticket takes
    // more than a second of these two cores (in the cloud it has an instance and a database of its
    // own): run in the middle of a row, it made one call take 1,056 ms and lifted the row's median
    // to 9 database requests. The timers wait until the rows are measured.
    await holdTimers(url, true);

    // 4. The calls.
    const rows: Row[] = [];
    const gcAtStart = await cloudGc(url);
    // This process's own collections (gcFigures starts counting them).
    const benchGcAtStart = gcFigures();
    // The calls are made and timed by a child process (timedCalls.ts), not this one.
    const timing = new CallTimer();
    const cloudCollects = await collectCloudGarbage(url);
    timer = timing;
    let timingPausedMs = 0;
    const cloudInRows = { pauses: 0, ms: 0, full: 0 };
    const measure = async <A extends ActionName>(
      action: A,
      caller: string,
      openid: string | ((k: number) => string),
      community: Community,
      input: (k: number) => ActionInput<A>,
      floor: ((k: number) => unknown) | undefined,
      kind: { owner?: boolean; write?: boolean; label?: string } = {},
    ): Promise<void> => {
      try {
        await measureOne(action, caller, openid, community, input, floor, kind);
      } catch (error) {
        print(`${action}${kind.label ? ` ${kind.label}` : ''} as ${caller} (${community.size} units) failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    };
    const measureOne = async <A extends ActionName>(
      action: A,
      caller: string,
      openid: string | ((k: number) => string),
      community: Community,
      input: (k: number) => ActionInput<A>,
      floor: ((k: number) => unknown) | undefined,
      kind: { owner?: boolean; write?: boolean; label?: string },
    ): Promise<Row> => {
      const who = (k: number): string => (typeof openid === 'string' ? openid : openid(k));
      const callsOf = (ks: number[]): TimedCall[] => ks.map((k) => ({ openid: who(k), action, input: input(k) }));
      let n = calls;
      if (!kind.write) {
        // Two unmeasured calls warm the instance; a slow action gets fewer calls so the run stays short.
        const warm = await timing.time(url, ENV, callsOf([0, 1]));
        if (warm.failure) throw new Error(`${action} as ${caller}: ${warm.failure}`);
        if (warm.times[0] > 1000) n = Math.max(5, Math.floor(calls / 4));
      }
      const inputs = callsOf(Array.from({ length: n }, (_unused, k) => k));
      // Collected first, then settled: the collection's sweeping, which goes on beside the cloud's work, ends in the quiet.
      await collectCloudGarbage(url);
      await settle();
      const gcBefore = await cloudGc(url);
      const messagesBefore = await messagesSent(url);
      const { times, ops, bytes, unpaged, paged, pausedMs: benchPausedMs, failure } = await timing.time(url, ENV, inputs);
      timingPausedMs += benchPausedMs;
      if (failure) throw new Error(`${action} as ${caller}: ${failure}`);
      const gcAfter = await cloudGc(url);
      const cloudPausedMs = gcAfter.totalMs - gcBefore.totalMs;
      cloudInRows.pauses += gcAfter.pauses - gcBefore.pauses;
      cloudInRows.ms += cloudPausedMs;
      cloudInRows.full += gcAfter.full - gcBefore.full;
      const messages = ((await messagesSent(url)) - messagesBefore) / n;
      // Database requests well beyond the call's own were other work running at the same time on
      // these two cores (the timers are held, so not theirs).
      const own = median(ops);
      const slowest = times.indexOf(Math.max(...times));
      const sharedWith = ops[slowest] > own + FOREIGN_MARGIN ? ops[slowest] - own : 0;
      times.sort((a, b) => a - b);
      const floorTimes: number[] = [];
      if (floor) {
        for (let k = 0; k < n; k += 1) {
          const startedFloor = performance.now();
          floor(k);
          floorTimes.push(performance.now() - startedFloor);
        }
      }
      const row: Row = {
        action: kind.label ? `${action} ${kind.label}` : action,
        caller,
        units: community.size,
        calls: n,
        p50: pct(times, 0.5),
        p99: pct(times, 0.99),
        ops: median(ops),
        messages,
        bytes,
        floor: floor ? median(floorTimes) : undefined,
        owner: Boolean(kind.owner),
        write: Boolean(kind.write),
        unpaged,
        paged,
        misses: [],
      };
      if (row.owner && row.ops > 2) row.misses.push(`ops ${row.ops} > 2`);
      if (row.write && row.ops > 4 + Math.ceil(messages)) row.misses.push(`ops ${row.ops} > ${4 + Math.ceil(messages)}`);
      if (row.p99 > 50) {
        const beside = [
          ...(sharedWith ? [`its slowest call ran beside ${sharedWith} database requests not its own`] : []),
          ...(cloudPausedMs >= 10 ? [`the local cloud paused ${cloudPausedMs} ms for its garbage during the row`] : []),
          ...(benchPausedMs >= 10 ? [`the timing process paused ${benchPausedMs} ms for its garbage`] : []),
        ];
        row.misses.push(beside.length ? `p99 > 50 (${beside.join('; ')})` : 'p99 > 50');
      }
      rows.push(row);
      return row;
    };

    const inCommunity = (communityId: string) => (doc: Doc) => doc.communityId === communityId;
    for (const community of measured) {
      const { cs, tech, manager } = community.staff!;
      const owner = community.owners![0];
      const ownerUnit = community.units[0].id;
      const ownTickets = memory.tickets.filter((doc) => doc.ownerOpenid === owner);
      const openHere = memory.tickets.filter((doc) => doc.communityId === community.id && open.has(doc.status as string));
      const someTickets = memory.tickets.filter((doc, i) => doc.communityId === community.id && i % 37 === 0);
      const ownerRead = { owner: true };

      // Owners.
      await measure('me.profile', 'owner', owner, community, () => ({}), () => {
        memory.accounts.find((doc) => doc._id === owner);
        memory.bindings.filter((doc) => doc.openid === owner).sort(byDesc('createdAt'));
      }, ownerRead);
      await measure('ticket.mine', 'owner', owner, community, () => ({}), () => firstN(memory.tickets, (doc) => doc.ownerOpenid === owner, byDesc('createdAt'), PAGE), ownerRead);
      await measure('ticket.get', 'owner', owner, community, (k) => ({ id: ownTickets[k % ownTickets.length]._id }), (k) => {
        ticketById.get(ownTickets[k % ownTickets.length]._id);
        memory.events.filter((doc) => doc.ticketId === ownTickets[k % ownTickets.length]._id).sort(byAsc('at'));
      }, ownerRead);
      await measure('bill.mine', 'owner', owner, community, () => ({}), () => memory.bills.filter((doc) => doc.unitId === ownerUnit && doc.status !== 'draft').sort((a, b) => String(b.period).localeCompare(String(a.period))), ownerRead);
      await measure('disclosure.board', 'owner', owner, community, () => ({ communityId: community.id }), () => memory.disclosures.filter((doc) => doc.communityId === community.id && doc.status === 'published'), ownerRead);
      await measure('notice.board', 'owner', owner, community, () => ({ communityId: community.id }), () => firstN(memory.notices, (doc) => doc.communityId === community.id && doc.status === 'published', byDesc('publishedAt'), 1000), ownerRead);
      await measure('renovation.mine', 'owner', owner, community, () => ({}), () => memory.renovations.filter((doc) => doc.applicantOpenid === owner).sort(byDesc('submittedAt')), ownerRead);
      await measure('custody.mine', 'owner', owner, community, () => ({}), () => memory.custody.filter((doc) => doc.unitId === ownerUnit).sort(byDesc('receivedAt')), ownerRead);
      // Choosing one's home when binding it: the community's buildings, then one building's rooms.
      const firstBuilding = community.units[0].building;
      await measure('directory.units', 'owner', owner, community, () => ({ communityId: community.id }), () => new Set(memory.units.filter(inCommunity(community.id)).map((doc) => doc.building)), { ...ownerRead, label: 'buildings' });
      await measure('directory.units', 'owner', owner, community, () => ({ communityId: community.id, building: firstBuilding }), () => memory.units.filter((doc) => doc.communityId === community.id && doc.building === firstBuilding), { ...ownerRead, label: 'one building' });

      // Staff.
      await measure('me.profile', 'cs', cs, community, () => ({}), () => memory.accounts.find((doc) => doc._id === cs));
      await measure('ticket.get', 'cs', cs, community, (k) => ({ id: someTickets[k % someTickets.length]._id }), (k) => {
        ticketById.get(someTickets[k % someTickets.length]._id);
        memory.events.filter((doc) => doc.ticketId === someTickets[k % someTickets.length]._id).sort(byAsc('at'));
      });
      const inboxFloor = (keep: (doc: Doc) => boolean) => () => firstN(openHere, keep, byAsc('dueAt'), PAGE);
      await measure('ticket.inbox', 'cs', cs, community, () => ({ communityId: community.id }), () => firstN(memory.tickets, (doc) => doc.communityId === community.id && open.has(doc.status as string), byAsc('dueAt'), PAGE), { label: '(open)' });
      await measure('ticket.inbox', 'cs', cs, community, () => ({ communityId: community.id, kind: 'complaint' }), inboxFloor((doc) => doc.kind === 'complaint'), { label: 'complaint' });
      await measure('ticket.inbox', 'cs', cs, community, () => ({ communityId: community.id, status: 'assigned' }), inboxFloor((doc) => doc.status === 'assigned'), { label: 'assigned' });
      await measure('ticket.inbox', 'cs', cs, community, () => ({ communityId: community.id, overdue: true }), inboxFloor((doc) => time(doc.dueAt) < now.getTime()), { label: 'overdue' });
      await measure('ticket.inbox', 'manager', manager, community, () => ({ communityId: community.id, escalatedFrom: 1 }), inboxFloor((doc) => doc.kind === 'complaint' && (doc.escalationLevel as number) >= 1), { label: 'escalated' });
      await measure('ticket.inbox', 'tech', tech, community, () => ({ communityId: community.id }), inboxFloor((doc) => (doc.assignee as { openid?: string } | undefined)?.openid === tech), { label: '(tech: mine)' });
      await measure(
        'ticket.inbox',
        'cs',
        cs,
        community,
        () => ({ communityId: community.id, status: 'closed' }),
        () => firstN(memory.tickets, (doc) => doc.communityId === community.id && doc.status === 'closed', byDesc('createdAt'), PAGE),
        { label: 'closed' },
      );
      const searchUnit = community.units[7 % community.units.length];
      await measure('ticket.search', 'cs', cs, community, () => ({ communityId: community.id, unitId: searchUnit.id }), () => firstN(memory.tickets, (doc) => doc.communityId === community.id && doc.unitId === searchUnit.id, byDesc('createdAt'), PAGE), { label: 'unit' });
      await measure('ticket.search', 'cs', cs, community, () => ({ communityId: community.id, phoneTail: '0007' }), () => firstN(memory.tickets, (doc) => doc.communityId === community.id && doc.phoneTail === '0007', byDesc('createdAt'), PAGE), { label: 'phone tail' });
      const name = residentName(7);
      await measure('ticket.search', 'cs', cs, community, () => ({ communityId: community.id, name }), () => firstN(memory.tickets, (doc) => doc.communityId === community.id && doc.contactName === name, byDesc('createdAt'), PAGE), { label: 'name' });
      const lastWeek = new Date(now.getTime() - 7 * DAY + 8 * HOUR).toISOString().slice(0, 10);
      await measure('ticket.search', 'cs', cs, community, () => ({ communityId: community.id, from: lastWeek, to: today }), () => firstN(memory.tickets, (doc) => doc.communityId === community.id && time(doc.createdAt) >= now.getTime() - 7 * DAY, byDesc('createdAt'), PAGE), { label: 'last 7 days' });
      await measure('handover.open', 'cs', cs, community, () => ({ communityId: community.id }), () => firstN(openHere, () => true, byAsc('dueAt'), 30));
      await measure('staff.workload', 'cs', cs, community, () => ({}), () => {
        const counts = new Map<string, number>();
        for (const doc of memory.tickets) if (doc.communityId === community.id && open.has(doc.status as string)) counts.set(doc.status as string, (counts.get(doc.status as string) ?? 0) + 1);
        return counts;
      });
      await measure('bill.list', 'cs', cs, community, () => ({ communityId: community.id, period: thisPeriod }), () => firstN(memory.bills, (doc) => doc.communityId === community.id && doc.period === thisPeriod, (a, b) => (a._id < b._id ? -1 : 1), PAGE));
      await measure('bill.arrears', 'cs', cs, community, () => ({ communityId: community.id }), () => {
        // The first page: the 20 homes whose earliest overdue bill comes first, with all their overdue bills.
        const overdue = memory.bills.filter((doc) => doc.communityId === community.id && (doc.status === 'issued' || doc.status === 'partial') && String(doc.dueDate) < today);
        const earliest = new Map<string, string>();
        for (const doc of overdue) if (!earliest.has(doc.unitId as string) || String(doc.dueDate) < earliest.get(doc.unitId as string)!) earliest.set(doc.unitId as string, String(doc.dueDate));
        const homes = new Set([...earliest].sort((a, b) => a[1].localeCompare(b[1])).slice(0, 20).map(([unitId]) => unitId));
        return overdue.filter((doc) => homes.has(doc.unitId as string));
      });
      await measure('renovation.queue', 'cs', cs, community, () => ({ communityId: community.id, status: 'submitted' }), () => firstN(memory.renovations, (doc) => doc.communityId === community.id && doc.status === 'submitted', byDesc('submittedAt'), PAGE));
      await measure('unit.file', 'cs', cs, community, () => ({ unitId: searchUnit.id }), () => [
        memory.bindings.filter((doc) => doc.unitId === searchUnit.id),
        memory.tickets.filter((doc) => doc.unitId === searchUnit.id),
        memory.renovations.filter((doc) => doc.unitId === searchUnit.id),
        memory.bills.filter((doc) => doc.unitId === searchUnit.id),
      ]);
      const month = new Date(now.getTime() - 32 * DAY).toISOString().slice(0, 7);
      const lastDay = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
      const boardInput = { communityId: community.id, from: `${month}-01`, to: `${month}-${String(lastDay).padStart(2, '0')}` };
      const period = periodOf(boardInput.from, boardInput.to, now);
      await measure('board.get', 'manager', manager, community, () => boardInput, () => {
        const docs = memory.tickets.filter((doc) => doc.communityId === community.id && time(doc.createdAt) >= period.start.getTime() && time(doc.createdAt) < period.end.getTime());
        computeBoard(community.id, boardInput.from, boardInput.to, docs.map((doc) => fromBoardFacts(doc as never, community.id)!), 0, period);
      });
      await measure('patrol.routes', 'tech', tech, community, () => ({ communityId: community.id }), () => [
        memory.patrolRoutes.filter(inCommunity(community.id)),
        memory.patrolVisits.filter(inCommunity(community.id)),
      ]);
      await measure('key.list', 'cs', cs, community, () => ({ communityId: community.id }), () => firstN(memory.keys, inCommunity(community.id), byDesc('createdAt'), PAGE));
      await measure('accessLog.list', 'manager', manager, community, () => ({ communityId: community.id }), () => firstN(memory.accessLog, inCommunity(community.id), byDesc('at'), PAGE));

      // The other reads each page opens with. Most read registers this company has no records in
      // (activities, surveys, contracts): their rows show what an empty register costs.
      const here = () => ({ communityId: community.id });
      const aNotice = memory.notices.find((doc) => doc.communityId === community.id && doc.status === 'published');
      const aNumber = memory.tickets.find((doc) => doc.communityId === community.id && typeof doc.number === 'string')?.number as string;
      await measure('directory.communities', 'owner', owner, community, () => ({}), () => [...memory.communities].sort((a, b) => String(a.name).localeCompare(String(b.name))), ownerRead);
      await measure('community.get', 'owner', owner, community, () => ({ id: community.id }), () => memory.communities.find((doc) => doc._id === community.id), ownerRead);
      await measure('ticket.catalog', 'owner', owner, community, here, undefined, ownerRead);
      await measure('me.subscriptions', 'owner', owner, community, () => ({}), undefined, ownerRead);
      await measure('key.mine', 'owner', owner, community, () => ({}), () => memory.keys.filter((doc) => doc.unitId === ownerUnit), ownerRead);
      await measure('movein.mine', 'owner', owner, community, () => ({}), undefined, ownerRead);
      await measure('survey.mine', 'owner', owner, community, () => ({}), undefined, ownerRead);
      await measure('visit.mine', 'owner', owner, community, () => ({}), undefined, ownerRead);
      await measure('activity.board', 'owner', owner, community, () => ({}), undefined, ownerRead);
      if (aNotice) await measure('notice.get', 'owner', owner, community, () => ({ id: aNotice._id }), () => memory.notices.find((doc) => doc._id === aNotice._id), ownerRead);
      if (aNotice) await measure('notice.read', 'owner', owner, community, () => ({ id: aNotice._id }), undefined, { write: true });
      await measure('renovation.terms', 'owner', owner, community, () => ({}), undefined, ownerRead);
      await measure('binding.queue', 'cs', cs, community, () => ({ communityId: community.id, status: 'approved' }), () => firstN(memory.bindings, (doc) => doc.communityId === community.id && doc.status === 'approved', byDesc('createdAt'), PAGE));
      await measure('ticket.find', 'cs', cs, community, () => ({ communityId: community.id, number: aNumber }), () => memory.tickets.find((doc) => doc.number === aNumber));
      await measure('custody.list', 'cs', cs, community, here, () => firstN(memory.custody, inCommunity(community.id), byDesc('receivedAt'), PAGE));
      await measure('key.loans', 'cs', cs, community, here, undefined);
      await measure('handover.list', 'cs', cs, community, here, undefined);
      await measure('desk.list', 'cs', cs, community, () => ({ communityId: community.id, kind: 'call' }), undefined);
      await measure('desk.shift', 'cs', cs, community, here, undefined);
      await measure('notice.list', 'cs', cs, community, here, () => firstN(memory.notices, inCommunity(community.id), byDesc('publishedAt'), PAGE));
      await measure('notice.history', 'cs', cs, community, here, () => firstN(memory.notices, inCommunity(community.id), byDesc('publishedAt'), PAGE));
      await measure('staff.list', 'manager', manager, community, here, () => memory.accounts.filter((doc) => JSON.stringify(doc.grants ?? []).includes(community.id)));
      await measure('staff.technicians', 'cs', cs, community, here, () => memory.accounts.filter((doc) => JSON.stringify(doc.grants ?? []).includes(community.id)));
      await measure('staff.roleChanges', 'admin', ADMIN_OPENID, community, here, undefined);
      await measure('community.list', 'manager', manager, community, () => ({}), () => memory.communities.filter((doc) => doc._id === community.id));
      await measure('board.trend', 'manager', manager, community, here, undefined);
      await measure('board.tickets', 'manager', manager, community, () => ({ ...boardInput, figure: 'complaintFeedback', part: 'counted' }), () => memory.tickets.filter((doc) => doc.communityId === community.id && doc.kind === 'complaint' && time(doc.createdAt) >= period.start.getTime() && time(doc.createdAt) < period.end.getTime()));
      await measure('review.candidates', 'manager', manager, community, () => ({ communityId: community.id, from: boardInput.from, to: boardInput.to }), () =>
        firstN(memory.tickets, (doc) => doc.communityId === community.id && doc.kind === 'complaint' && time(doc.createdAt) >= period.start.getTime() && time(doc.createdAt) < period.end.getTime() && marked(doc), byAsc('createdAt'), 20),
      );
      await measure('review.list', 'manager', manager, community, here, undefined);
      await measure('report.list', 'manager', manager, community, here, undefined);
      await measure('alert.unreached', 'manager', manager, community, here, undefined);
      await measure('incident.list', 'manager', manager, community, here, undefined);
      await measure('bill.reconcile', 'manager', manager, community, () => ({ communityId: community.id, period: thisPeriod }), () => memory.bills.filter((doc) => doc.communityId === community.id && doc.period === thisPeriod));
      await measure('disclosure.drafts', 'admin', ADMIN_OPENID, community, here, () => memory.disclosures.filter((doc) => doc.communityId === community.id && doc.status === 'draft'));
      await measure('repairPromises.get', 'manager', manager, community, here, undefined);
      await measure('robots.get', 'manager', manager, community, here, undefined);
      await measure('workOrder.list', 'tech', tech, community, here, undefined);
      await measure('patrol.missed', 'manager', manager, community, here, undefined);
      await measure('care.list', 'cs', cs, community, () => ({ communityId: community.id, filter: 'all' }), undefined);
      await measure('movein.list', 'cs', cs, community, here, undefined);
      await measure('fileLoan.list', 'infokeeper', community.staff!.infokeeper, community, () => ({ communityId: community.id, filter: 'all' }), undefined);
      await measure('keeperHandover.list', 'infokeeper', community.staff!.infokeeper, community, here, undefined);
      await measure('keeperHandover.keepers', 'infokeeper', community.staff!.infokeeper, community, here, undefined);
      await measure('agreement.versions', 'manager', manager, community, here, undefined);
      await measure('survey.list', 'manager', manager, community, here, undefined);
      await measure('meeting.list', 'manager', manager, community, here, undefined);
      await measure('activity.list', 'manager', manager, community, here, undefined);
      await measure('contract.list', 'manager', manager, community, () => ({ communityId: community.id, filter: 'all' }), undefined);
      await measure('shop.list', 'manager', manager, community, () => ({ communityId: community.id, filter: 'all' }), undefined);

      // Records opened by their id (the list's first), and the reads of a page with no list.
      const asManager = okAs(ENV, manager, url);
      const activity = (await asManager('activity.list', { communityId: community.id })).items.find((item) => item.status === 'published');
      const meeting = (await asManager('meeting.list', { communityId: community.id })).items[0];
      const survey = (await asManager('survey.list', { communityId: community.id })).items[0];
      const cared = (await asManager('care.list', { communityId: community.id, filter: 'all' })).items[0];
      const series = (await okAs(ENV, owner, url)('disclosure.board', { communityId: community.id }))[0];
      const renovation = memory.renovations.find(inCommunity(community.id));
      if (activity) {
        // The desk's activity page (owners see activities on activity.board).
        await measure('activity.get', 'cs', cs, community, () => ({ id: activity.id }), undefined);
        await measure('activity.signups', 'cs', cs, community, () => ({ id: activity.id }), undefined);
      }
      if (meeting) await measure('meeting.get', 'manager', manager, community, () => ({ id: meeting.id }), undefined);
      if (survey) {
        await measure('survey.get', 'manager', manager, community, () => ({ id: survey.id }), undefined);
        await measure('survey.results', 'manager', manager, community, () => ({ id: survey.id }), undefined);
        await measure('survey.texts', 'manager', manager, community, () => ({ id: survey.id }), undefined);
      }
      if (cared) await measure('care.get', 'manager', manager, community, () => ({ id: cared.id }), undefined);
      if (series) await measure('disclosure.history', 'owner', owner, community, () => ({ seriesId: series.seriesId }), undefined, ownerRead);
      if (renovation) await measure('renovation.get', 'cs', cs, community, () => ({ id: renovation._id }), () => memory.renovations.find((doc) => doc._id === renovation._id));
      const infokeeper = community.staff!.infokeeper;
      const contract = (await asManager('contract.list', { communityId: community.id, filter: 'all' })).items[0];
      const shop = (await asManager('shop.list', { communityId: community.id, filter: 'all' })).items[0];
      const loan = (await okAs(ENV, infokeeper, url)('fileLoan.list', { communityId: community.id, filter: 'all' })).items[0];
      if (contract) await measure('contract.get', 'manager', manager, community, () => ({ id: contract.id }), undefined);
      if (shop) await measure('shop.get', 'manager', manager, community, () => ({ id: shop.id }), undefined);
      if (loan) await measure('fileLoan.get', 'infokeeper', infokeeper, community, () => ({ id: loan.id }), undefined);
      if (community.correctedSeries) await measure('disclosure.diff', 'owner', owner, community, () => ({ seriesId: community.correctedSeries!, from: 1, to: 2 }), undefined, ownerRead);
      // 微信支付 started on the owner's bill: the page asks where the order stands until WeChat's notice arrives.
      const owed = (await okAs(ENV, owner, url)('bill.mine', {})).find((bill) => bill.status === 'issued' || bill.status === 'partial');
      if (owed) {
        const order = await okAs(ENV, owner, url)('pay.start', { billId: owed.id });
        await measure('pay.status', 'owner', owner, community, () => ({ orderId: order.orderId }), undefined, ownerRead);
      }
      // Last month's report, stored as the monthly timer stores it (its figures from the board, a workbook).
      const lastMonth = periodOf(boardInput.from, boardInput.to, now);
      const reportMonth = boardInput.from.slice(0, 7);
      const workbook = await uploadAs(ENV, ADMIN_OPENID, `reports/scale-${community.size}-${reportMonth}.xlsx`, new Uint8Array(Buffer.from('PK')), url);
      const report = { _id: `${community.id}:${reportMonth}`, communityId: community.id, month: reportMonth, board: await asManager('board.get', boardInput), fileID: workbook, generatedAt: lastMonth.end };
      await write('reports', [report]);
      await measure('report.open', 'manager', manager, community, () => ({ communityId: community.id, month: reportMonth, format: 'xlsx' }), undefined);
      const inspectable = (await asManager('review.candidates', { communityId: community.id, from: boardInput.from, to: boardInput.to })).items[0];
      if (inspectable) {
        const deadline = new Date(now.getTime() + 14 * DAY + 8 * HOUR).toISOString().slice(0, 10);
        const review = await apiAs(ENV, manager, url)('review.open', { communityId: community.id, ticketIds: [inspectable.id], cause: '', responsibility: '', measures: '', deadline }, `bench-review-${community.size}`);
        if (review.ok) await measure('review.get', 'manager', manager, community, () => ({ id: review.data.id }), undefined);
        else print(`review.open: ${review.code} ${review.message}`);
      }
      const visit = (await asManager('visit.plan', { communityId: community.id, month: today.slice(0, 7) })).items[0];
      if (visit) await measure('visit.get', 'manager', manager, community, () => ({ id: visit.id }), undefined);
      const moveIn = (await okAs(ENV, cs, url)('movein.list', { communityId: community.id })).items[0];
      if (moveIn) await measure('movein.get', 'cs', cs, community, () => ({ id: moveIn.id }), undefined);
      const incident = (await asManager('incident.list', { communityId: community.id })).items[0];
      if (incident) await measure('incident.get', 'manager', manager, community, () => ({ id: incident.id }), undefined);
      const route = (await okAs(ENV, tech, url)('patrol.routes', { communityId: community.id }))[0]?.route;
      if (route) await measure('patrol.round', 'tech', tech, community, () => ({ routeId: route.id }), undefined);
      await measure('directory.unit', 'owner', owner, community, (k) => ({ communityId: community.id, unitId: community.units[(k * 37) % community.units.length].id }), undefined, ownerRead);
      await measure('agreement.forUnit', 'owner', owner, community, () => ({ unitId: ownerUnit }), undefined, ownerRead);
      await measure('visit.plan', 'manager', manager, community, () => ({ communityId: community.id, month: today.slice(0, 7) }), undefined);
      await measure('calendar.overview', 'manager', manager, community, () => ({}), undefined);
      await measure('backup.list', 'admin', ADMIN_OPENID, community, () => ({}), undefined);
      await measure('system.ping', 'owner', owner, community, () => ({}), undefined, ownerRead);

      // Writes: new tickets by three owners, accepted and assigned by the desk; bills paid at the desk.
      await measure(
        'ticket.create',
        'owner',
        (k) => community.owners![1 + (k % 3)],
        community,
        (k) => ({
          kind: 'repair',
          category: 'drain-block',
          description: '厨房下水道堵塞，水排不下去',
          photos: [],
          location: { kind: 'unit', unitId: community.units[1 + (k % 3)].id },
          contactName: '张伟',
          contactPhone: '13800000001',
        }),
        undefined,
        { write: true },
      ).catch((error: unknown) => print(`ticket.create: ${String(error)}`));
      const fresh = (await loadAll('tickets', { communityId: community.id, status: 'submitted' })).filter((doc) => !doc._id.startsWith('st'));
      const steps = fresh.map((doc) => ({ id: doc._id, version: doc.version as number }));
      const accepted: { id: string; version: number }[] = [];
      await measure('ticket.accept', 'cs', cs, community, (k) => steps[k % steps.length], undefined, { write: true });
      for (const doc of await loadAll('tickets', { communityId: community.id, status: 'accepted' })) if (!doc._id.startsWith('st')) accepted.push({ id: doc._id, version: doc.version as number });
      await measure('ticket.assign', 'cs', cs, community, (k) => ({ ...accepted[k % accepted.length], technician: tech }), undefined, { write: true });
      // (Not the owner's: their bill has a 微信支付 order waiting.)
      const unpaid = memory.bills.filter((doc) => doc.communityId === community.id && doc.period === thisPeriod && doc.status === 'issued' && doc.unitId !== ownerUnit);
      await measure('bill.markPaid', 'cs', cs, community, (k) => ({ id: unpaid[k]._id, version: unpaid[k].version as number, receiptNo: `SJ-BENCH-${k}` }), undefined, { write: true });
    }

    // Lists that grow with the community: the same action on the largest against the smallest.
    const key = (row: Row): string => `${row.action}|${row.caller}`;
    const onSmall = new Map(rows.filter((row) => row.units === small.size).map((row) => [key(row), row]));
    for (const row of rows) {
      if (row.units !== big.size || row.owner || row.write) continue;
      const other = onSmall.get(key(row));
      if (!other) continue;
      const ratio = row.bytes / Math.max(1, other.bytes);
      // A page (at most 50 items) is bounded whatever the community holds; anything else that is
      // three times the size at 25 times the units grows with the data.
      if (!row.paged && ratio >= 3) row.misses.push(`grows ×${ratio.toFixed(0)} (${other.bytes} B at ${small.size} units)${row.unpaged ? ', list without cursor' : ''}`);
    }

    print('');
    print(`targets: owner reads ≤ 2 database operations (me.profile included); writes ≤ 4 + 1 per message sent; staff lists paged (answer not growing with the community: ${big.size} against ${small.size} units); p99 ≤ 50 ms`);
    print('ops: database operations per call (median of the per-call metrics deltas); msgs: subscribe messages per call; floor: the same filter, sort and limit in-process over the same documents in memory (p50)');
    print('the local cloud\'s timer triggers were held while the rows were measured: each row counts its own calls');
    print(
      cloudCollects
        ? 'the local cloud made a full garbage collection before each row (--expose-gc): its heap holds every env\'s documents, the product\'s database does not live in it; the calls were timed in a process of their own'
        : 'the local cloud ran without --expose-gc: its full collections fall in whichever row they come; the calls were timed in a process of their own',
    );
    const header = ['action', 'caller', 'units', 'N', 'p50 ms', 'p99 ms', 'ops', 'msgs', 'bytes', 'floor ms', 'target', 'misses'];
    const table = rows.map((row) => [
      row.action,
      row.caller,
      String(row.units),
      String(row.calls),
      row.p50.toFixed(1),
      row.p99.toFixed(1),
      String(row.ops),
      row.write ? row.messages.toFixed(1) : '',
      String(row.bytes),
      row.floor === undefined ? '—' : row.floor.toFixed(2),
      row.write ? 'ops≤4+msgs, p99≤50' : row.owner ? 'ops≤2, p99≤50' : row.paged || row.unpaged ? 'paged, p99≤50' : 'p99≤50',
      row.misses.length ? `✗ ${row.misses.join('; ')}` : '',
    ]);
    const widths = header.map((title, column) => Math.max(title.length, ...table.map((cells) => cells[column].length)));
    const line = (cells: string[]): string => cells.map((cell, column) => (column < 2 || column >= 10 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ').trimEnd();
    print(line(header));
    for (const cells of table) print(line(cells));
    print('');
    print(`${rows.filter((row) => row.misses.length).length} of ${rows.length} rows miss a target`);
    const gcAtEnd = await cloudGc(url);
    const benchGcAtEnd = gcFigures();
    const cloudAll = { pauses: gcAtEnd.pauses - gcAtStart.pauses, ms: gcAtEnd.totalMs - gcAtStart.totalMs, full: gcAtEnd.full - gcAtStart.full };
    print(
      `local cloud garbage collection during the rows' calls: ${cloudInRows.pauses} pauses, ${cloudInRows.ms} ms in all, ${cloudInRows.full} full collections; ` +
        `between the rows (the collections asked for before each, and the reads that set up the rows): ${cloudAll.pauses - cloudInRows.pauses} pauses, ${cloudAll.ms - cloudInRows.ms} ms, ${cloudAll.full - cloudInRows.full} full ` +
        `(the longest pause since it started: ${gcAtEnd.longestMs} ms); the timing process's: ${timingPausedMs} ms; ` +
        `this process's (holding the floors' copies, not timing): ${benchGcAtEnd.pauses - benchGcAtStart.pauses} pauses, ${benchGcAtEnd.totalMs - benchGcAtStart.totalMs} ms, ${benchGcAtEnd.full - benchGcAtStart.full} full`,
    );
    print(`local cloud memory (RSS) at the end: ${rssMiB(cloud.pid).toFixed(0)} MiB (heap ${gcAtEnd.heapUsedMiB} MiB: ${Object.entries(gcAtEnd.spacesMiB).filter(([, mib]) => mib > 0).map(([space, mib]) => `${space} ${mib}`).join(', ')}); data built in ${buildSeconds.toFixed(0)} s`);
  } finally {
    timer?.stop();
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
