import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCloudUrl, sdkFor, uniqueEnv } from '../support/cloud';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';

/**
 * The local cloud's indexes (config/indexes.json), through the real SDK: on collections past 1,000
 * documents a query no declared index serves fails in strict mode (the tests' local clouds run
 * strict), and a served query answers exactly what the same query answers on a local cloud
 * without indexes.
 */

type Doc = Record<string, unknown> & { _id: string };
interface SdkError {
  errCode?: number;
  errMsg?: string;
}

const env = uniqueEnv('indexes');
const cloud = sdkFor(env);
const db = cloud.database();
const _ = db.command;
type Collection = ReturnType<typeof db.collection>;
type Query = ReturnType<Collection['where']>;

const TICKETS = 1300;
const STATUSES = ['submitted', 'accepted', 'assigned', 'resolved', 'closed'];
const base = Date.UTC(2026, 0, 1);
const hour = 3_600_000;

function ticket(i: number): Doc {
  const kind = i % 3 === 0 ? 'complaint' : 'repair';
  return {
    _id: `t${String((i * 7919) % 10007).padStart(5, '0')}`,
    communityId: `c${i % 4}`,
    // Ticket numbers are unique in a community (a declared unique index).
    number: `BX20260101-${String(i).padStart(4, '0')}`,
    status: STATUSES[i % 5],
    kind,
    escalationLevel: i % 7 === 0 ? 1 : 0,
    // Some tickets share a deadline, so the sort's tie-break on `_id` matters.
    dueAt: new Date(base + (i % 400) * hour),
    createdAt: new Date(base + i * 60_000),
    description: `ticket ${i}`,
    ...(kind === 'complaint' ? { deadlines: { escalateAt: new Date(base + (i % 50) * hour) } } : {}),
    ...(i % 11 === 0 ? {} : { phoneTail: String(1000 + (i % 13)) }),
    assignee: i % 2 === 0 ? { openid: `o-tech-${i % 3}` } : null,
  };
}

function roleChange(i: number): Doc {
  return {
    _id: `r${String(i).padStart(5, '0')}`,
    communityIds: i % 5 === 0 ? ['*'] : [`c${i % 4}`, `c${(i + 1) % 4}`],
    at: new Date(base + (i % 300) * hour),
    how: i % 2 ? 'invite' : 'roles',
  };
}

async function fill(name: string, docs: Doc[]): Promise<void> {
  await db.createCollection(name);
  for (let start = 0; start < docs.length; start += 1000) await db.collection(name).add({ data: docs.slice(start, start + 1000) });
}

/** The SDK's typings allow a callback style that returns nothing; these calls return promises. */
async function failure(promise: unknown): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

const tickets = () => db.collection('tickets');
const roleChanges = () => db.collection('roleChanges');
const list = async (query: Query | Collection): Promise<string[]> => ((await query.get()) as { data: Doc[] }).data.map((doc) => doc._id);
const total = async (query: Query | Collection): Promise<number> => ((await query.count()) as { total: number }).total;

/** Queries every declared index should serve, each answering something comparable. */
const servedQueries: [string, () => Promise<unknown>][] = [
  ['equality, sorted, paged', () => list(tickets().where({ communityId: 'c1' }).orderBy('createdAt', 'desc').orderBy('_id', 'desc').skip(20).limit(40))],
  [
    'the inbox: in, sort asc with limit',
    () => list(tickets().where({ communityId: 'c2', status: _.in(['submitted', 'accepted', 'assigned']) }).orderBy('dueAt', 'asc').orderBy('_id', 'asc').limit(20)),
  ],
  ['range both sides, sort desc, skip', () => list(tickets().where({ createdAt: _.gte(new Date(base + 100 * 60_000)).and(_.lt(new Date(base + 700 * 60_000))) }).orderBy('createdAt', 'desc').skip(5).limit(30))],
  ['range one side, natural order', () => list(tickets().where({ status: _.in(['submitted', 'assigned']), dueAt: _.lt(new Date(base + 50 * hour)) }).limit(100))],
  ['neq beside an equality', () => list(tickets().where({ communityId: 'c3', status: _.neq('closed') }).orderBy('dueAt', 'desc').orderBy('_id', 'asc').limit(50))],
  ['neq counted', () => total(tickets().where({ communityId: 'c3', status: _.neq('closed') }))],
  [
    'nested field with equalities before it',
    () => list(tickets().where({ kind: 'complaint', status: _.in(['submitted', 'accepted', 'assigned']), escalationLevel: 0, 'deadlines.escalateAt': _.lte(new Date(base + 20 * hour)) }).limit(50)),
  ],
  ['a field some documents lack', () => list(tickets().where({ communityId: 'c0', phoneTail: '1003' }).orderBy('createdAt', 'desc').orderBy('_id', 'desc'))],
  ['nested field under null', () => list(tickets().where({ communityId: 'c1', status: 'assigned', 'assignee.openid': 'o-tech-1' }).orderBy('dueAt', 'asc').orderBy('_id', 'asc'))],
  ['array field, equality on an element', () => list(roleChanges().where({ communityIds: 'c1' }).orderBy('at', 'desc').orderBy('_id', 'desc').limit(30))],
  ['array field, in', () => list(roleChanges().where({ communityIds: _.in(['c2', '*']) }).orderBy('at', 'asc').orderBy('_id', 'asc').skip(10).limit(25))],
  ['or of served branches', () => total(tickets().where(_.or([{ communityId: 'c1', status: 'submitted' }, { communityId: 'c2', dueAt: _.lt(new Date(base + 10 * hour)) }])))],
  [
    'a keyset cursor (and + or)',
    () =>
      list(
        tickets()
          .where(_.and([{ ownerOpenid: _.exists(false), communityId: 'c0' }, _.or([{ createdAt: _.lt(new Date(base + 600 * 60_000)) }, { createdAt: new Date(base + 600 * 60_000), _id: _.lt('t5') }])]))
          .orderBy('createdAt', 'desc')
          .orderBy('_id', 'desc')
          .limit(20),
      ),
  ],
  ['sort only, by _id', () => list(tickets().orderBy('_id', 'desc').limit(15))],
  ['a number no document has', () => list(tickets().where({ communityId: 'c1', status: 'closed', escalationLevel: 5 }))],
];

async function answers(): Promise<unknown[]> {
  const results: unknown[] = [];
  for (const [, query] of servedQueries) results.push(await query());
  return results;
}

beforeAll(async () => {
  await fill('tickets', Array.from({ length: TICKETS }, (_unused, i) => ticket(i)));
  await fill('roleChanges', Array.from({ length: 1100 }, (_unused, i) => roleChange(i)));
}, 60_000);

describe('strict indexes on a declared collection of more than 1,000 documents', () => {
  it('refuses a filter on a field no index starts with, naming the collection and the fields', async () => {
    const error = await failure(tickets().where({ description: 'ticket 5', escalationLevel: 0 }).get());
    expect(error.errCode).toBe(-502001);
    expect(error.errMsg).toContain('"tickets"');
    expect(error.errMsg).toContain('filter on description, escalationLevel');
  });

  it('refuses counts, updates, removals and sorts that no index serves', async () => {
    expect((await failure(tickets().where({ description: 'ticket 5' }).count())).errCode).toBe(-502001);
    expect((await failure(tickets().where({ description: 'ticket 5' }).update({ data: { note: 'x' } }))).errCode).toBe(-502001);
    expect((await failure(tickets().where({ description: 'ticket 5' }).remove())).errCode).toBe(-502001);
    const sorted = await failure(tickets().orderBy('description', 'asc').limit(5).get());
    expect(sorted.errMsg).toContain('sort description asc');
    expect(await total(tickets().where({ communityId: 'c1' }))).toBe(TICKETS / 4);
  });

  it('serves the same query once an indexed equality narrows it', async () => {
    const found = await list(tickets().where({ communityId: 'c1', description: 'ticket 5' }));
    expect(found).toEqual([ticket(5)._id]);
  });

  it('keeps reads by _id and whole-collection reads working', async () => {
    expect(((await tickets().doc(ticket(7)._id).get()) as { data: Doc }).data.description).toBe('ticket 7');
    expect(await list(tickets().limit(3))).toHaveLength(3);
    expect(await total(tickets())).toBe(TICKETS);
  });

  it('never refuses a query on a collection of 1,000 documents or fewer', async () => {
    await fill('bills', Array.from({ length: 1000 }, (_unused, i) => ({ _id: `b${i}`, note: `n${i % 10}` })));
    expect(await total(db.collection('bills').where({ note: 'n3' }))).toBe(100);
  });

  it('sees writes at once: an updated ticket moves in and out of the indexed answers', async () => {
    const id = ticket(8)._id;
    expect(await list(tickets().where({ communityId: 'c0', status: 'resolved', description: 'ticket 8' }))).toEqual([id]);
    expect((await tickets().doc(id).update({ data: { status: 'closed' } })) as { stats: { updated: number } }).toMatchObject({ stats: { updated: 1 } });
    expect(await list(tickets().where({ communityId: 'c0', status: 'resolved', description: 'ticket 8' }))).toEqual([]);
    expect(await list(tickets().where({ communityId: 'c0', status: 'closed', description: 'ticket 8' }))).toEqual([id]);
    await tickets().doc(id).update({ data: { status: 'resolved' } });
  });
});

describe('unique indexes', () => {
  const numbered = (i: number) => ticket(i).number as string;
  const duplicate = /E11000 duplicate key error collection: tickets index: communityId_number/;

  it('refuse a second ticket with a number its community has, and store nothing of it', async () => {
    const error = await failure(tickets().add({ data: { _id: 'dup-1', communityId: 'c1', number: numbered(1), status: 'submitted' } }));
    expect(error.errMsg).toMatch(duplicate);
    expect(error.errMsg).toContain(numbered(1));
    expect(await list(tickets().where({ _id: 'dup-1' }))).toEqual([]);
    expect(await total(tickets().where({ communityId: 'c1', number: numbered(1) }))).toBe(1);
  });

  it('take the same number in another community, and refuse a batch that repeats one', async () => {
    await tickets().add({ data: { _id: 'dup-2', communityId: 'c9', number: numbered(1), status: 'submitted' } });
    expect(await list(tickets().where({ communityId: 'c9', number: numbered(1) }))).toEqual(['dup-2']);
    const batch = await failure(tickets().add({ data: [{ _id: 'dup-3', communityId: 'c9', number: 'N-1' }, { _id: 'dup-4', communityId: 'c9', number: 'N-1' }] }));
    expect(batch.errMsg).toMatch(duplicate);
    expect(await list(tickets().where({ communityId: 'c9', number: 'N-1' }))).toEqual([]);
  });

  it('refuse an update that gives a ticket a number taken, and let a ticket keep its own', async () => {
    const error = await failure(tickets().doc('dup-2').update({ data: { communityId: 'c1' } }));
    expect(error.errMsg).toMatch(duplicate);
    expect(((await tickets().doc('dup-2').get()) as { data: Doc }).data.communityId).toBe('c9');
    expect((await tickets().doc('dup-2').update({ data: { status: 'accepted', number: numbered(1) } })) as { stats: { updated: number } }).toMatchObject({ stats: { updated: 1 } });
  });

  it('refuse the commit of a transaction whose insert took a number meanwhile, and store none of its writes', async () => {
    const transaction = (await db.startTransaction()) as unknown as {
      collection(name: string): { add(options: { data: Doc }): Promise<unknown>; doc(id: string): { update(options: { data: Record<string, unknown> }): Promise<unknown> } };
      commit(): Promise<unknown>;
    };
    await transaction.collection('tickets').add({ data: { _id: 'dup-5', communityId: 'c9', number: 'N-2' } });
    await transaction.collection('tickets').doc('dup-2').update({ data: { note: 'in the transaction' } });
    await tickets().add({ data: { _id: 'dup-6', communityId: 'c9', number: 'N-2' } });
    const refused = (await failure(transaction.commit())) as SdkError & { message?: string };
    expect(refused.errMsg ?? refused.message).toMatch(duplicate);
    expect(await list(tickets().where({ communityId: 'c9', number: 'N-2' }))).toEqual(['dup-6']);
    expect(((await tickets().doc('dup-2').get()) as { data: Doc }).data.note).toBeUndefined();
  });
});

describe('answers with indexes and without', () => {
  let plain: RunningCloud;
  let dir: string;
  const sharedConfig = process.env.TCB_CONTEXT_CNFG;
  const pointAt = (url: string): void => {
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${url}/admin` });
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'indexes-off-'));
    const manifest = join(dir, 'indexes.json');
    writeFileSync(manifest, JSON.stringify({ collections: {} }));
    plain = await startLocalCloud({ dataDir: join(dir, 'data'), indexes: manifest });
    pointAt(plain.url);
    await fill('tickets', Array.from({ length: TICKETS }, (_unused, i) => ticket(i)));
    await fill('roleChanges', Array.from({ length: 1100 }, (_unused, i) => roleChange(i)));
    process.env.TCB_CONTEXT_CNFG = sharedConfig;
  }, 60_000);

  afterAll(async () => {
    process.env.TCB_CONTEXT_CNFG = sharedConfig;
    await plain?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('are the same for equality, in, ranges, neq, nested and array fields, or, and sorts with skip and limit', async () => {
    pointAt(localCloudUrl());
    const indexed = await answers();
    pointAt(plain.url);
    const scanned = await answers();
    process.env.TCB_CONTEXT_CNFG = sharedConfig;
    servedQueries.forEach(([label], i) => {
      expect({ label, answer: indexed[i] }).toEqual({ label, answer: scanned[i] });
    });
    // The queries are not trivially empty.
    expect((indexed as unknown[][]).filter((answer) => Array.isArray(answer) && answer.length > 0).length).toBeGreaterThan(10);
  });
});
