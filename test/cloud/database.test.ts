import { cloudNow, sdkFor, uniqueEnv } from '../support/cloud';

/** The cloud database as the real wx-server-sdk sees it. */

type Cloud = ReturnType<typeof sdkFor>;
type Database = ReturnType<Cloud['database']>;
type Collection = ReturnType<Database['collection']>;
type Query = ReturnType<Collection['where']>;
type Doc = Record<string, unknown> & { _id: string };
interface SdkError {
  errCode?: number;
  code?: string;
  errMsg?: string;
}

const env = uniqueEnv('db');
const cloud = sdkFor(env);
const db = cloud.database();
const _ = db.command;
const $ = db.command.aggregate;
/** `db.serverDate` takes an offset, which the SDK's typings omit. */
const serverDate = db.serverDate as (options?: { offset: number }) => ReturnType<typeof db.serverDate>;

let collections = 0;
/** A new, empty collection (so tests do not see each other's documents). */
async function freshCollection(docs: Record<string, unknown>[] = []): Promise<Collection> {
  const name = `c${++collections}`;
  await db.createCollection(name);
  const collection = db.collection(name);
  if (docs.length > 0) await collection.add({ data: docs });
  return collection;
}

async function list(query: Query | Collection): Promise<Doc[]> {
  return ((await query.get()) as { data: Doc[] }).data;
}

async function ids(query: Query | Collection): Promise<string[]> {
  return (await list(query)).map((doc) => doc._id).sort();
}

async function docOf(collection: Collection, id: string): Promise<Doc> {
  return ((await collection.doc(id).get()) as { data: Doc }).data;
}

async function countOf(query: Query | Collection): Promise<number> {
  return ((await query.count()) as { total: number }).total;
}

async function aggregated(pipeline: { end(): unknown }): Promise<Record<string, unknown>[]> {
  return ((await pipeline.end()) as { list: Record<string, unknown>[] }).list;
}

async function failure(call: Promise<unknown> | unknown): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error('expected the call to fail');
}

describe('documents', () => {
  it('adds, reads, updates, replaces and removes a document', async () => {
    const tickets = await freshCollection();
    const added = (await tickets.add({ data: { title: 'leak', floor: 3 } })) as { _id: string };
    expect(added._id).toMatch(/^[0-9a-f]{32}$/);
    expect(await docOf(tickets, added._id)).toEqual({ _id: added._id, title: 'leak', floor: 3 });

    const updated = (await tickets.doc(added._id).update({ data: { floor: 4, status: 'open' } })) as { stats: { updated: number } };
    expect(updated.stats.updated).toBe(1);
    expect(await docOf(tickets, added._id)).toEqual({ _id: added._id, title: 'leak', floor: 4, status: 'open' });

    const replaced = (await tickets.doc(added._id).set({ data: { title: 'fixed' } })) as { stats: { updated: number; created: number } };
    expect(replaced.stats).toEqual({ updated: 1, created: 0 });
    expect(await docOf(tickets, added._id)).toEqual({ _id: added._id, title: 'fixed' });

    const removed = (await tickets.doc(added._id).remove()) as { stats: { removed: number } };
    expect(removed.stats.removed).toBe(1);
    expect((await failure(tickets.doc(added._id).get())).errMsg).toMatch(/does not exist/);
  });

  it('keeps a chosen _id, and set() creates a missing document', async () => {
    const rooms = await freshCollection();
    const added = (await rooms.add({ data: { _id: 'room-101', size: 80 } })) as { _id: string };
    expect(added._id).toBe('room-101');
    const created = (await rooms.doc('room-202').set({ data: { size: 95 } })) as { _id: string; stats: { created: number } };
    expect(created._id).toBe('room-202');
    expect(created.stats.created).toBe(1);
    expect(await ids(rooms)).toEqual(['room-101', 'room-202']);
  });

  it('adds many documents at once and returns their ids in order', async () => {
    const notes = await freshCollection();
    const added = (await notes.add({ data: [{ _id: 'n1', i: 1 }, { i: 2 }, { i: 3 }] })) as unknown as { _ids: string[] };
    expect(added._ids).toHaveLength(3);
    expect(added._ids[0]).toBe('n1');
    const byId = new Map((await list(notes)).map((doc) => [doc._id, doc.i]));
    expect(added._ids.map((id) => byId.get(id))).toEqual([1, 2, 3]);
  });

  it('returns Dates, nulls, numbers, nested objects and arrays unchanged', async () => {
    const records = await freshCollection();
    const data = {
      at: new Date('2026-03-01T08:30:00.123Z'),
      old: new Date('1960-01-01T00:00:00.000Z'),
      none: null,
      integer: 42,
      negative: -7,
      fraction: 0.1,
      large: 2 ** 40,
      yes: true,
      text: '报修：厨房漏水 🚰',
      empty: '',
      nested: { a: { b: { c: [1, 'two', null, { d: new Date(0) }] } }, emptyObject: {} },
      list: [[1, 2], [], [{ x: null }]],
    };
    const { _id } = (await records.add({ data })) as { _id: string };
    const stored = await docOf(records, _id);
    expect(stored).toEqual({ _id, ...data });
    expect(stored.at).toBeInstanceOf(Date);
  });

  it('treats where().update() as an update of every match unless multi is false', async () => {
    const flats = await freshCollection([
      { _id: 'a', block: 1, paid: false },
      { _id: 'b', block: 1, paid: false },
      { _id: 'c', block: 2, paid: false },
    ]);
    const all = (await flats.where({ block: 1 }).update({ data: { paid: true } })) as { stats: { updated: number } };
    expect(all.stats.updated).toBe(2);
    expect(await ids(flats.where({ paid: true }))).toEqual(['a', 'b']);
    const firstOnly = { data: { paid: false }, multi: false }; // the SDK's typings omit `multi`
    const one = (await flats.where({ paid: true }).update(firstOnly)) as { stats: { updated: number } };
    expect(one.stats.updated).toBe(1);
    expect(await countOf(flats.where({ paid: true }))).toBe(1);
  });

  it('counts an update that changes nothing as no update', async () => {
    const flats = await freshCollection([{ _id: 'a', paid: true }]);
    const result = (await flats.doc('a').update({ data: { paid: true } })) as { stats: { updated: number } };
    expect(result.stats.updated).toBe(0);
  });

  it('removes every match of a where()', async () => {
    const flats = await freshCollection([
      { _id: 'a', empty: true },
      { _id: 'b', empty: true },
      { _id: 'c', empty: false },
    ]);
    const result = (await flats.where({ empty: true }).remove()) as { stats: { removed: number } };
    expect(result.stats.removed).toBe(2);
    expect(await ids(flats)).toEqual(['c']);
  });
});

describe('query commands', () => {
  let people: Collection;
  beforeAll(async () => {
    people = await freshCollection([
      { _id: 'ann', age: 31, tags: ['owner', 'vip'], address: { block: 1, unit: 'A' }, scores: [3, 8], name: 'Ann', units: [{ rooms: 3, sold: true }] },
      { _id: 'bob', age: 45, tags: ['tenant'], address: { block: 2, unit: 'B' }, scores: [10, 2], name: 'bob', units: [{ rooms: 2, sold: false }, { rooms: 4, sold: false }] },
      { _id: 'cai', age: 28, tags: ['owner'], address: { block: 1, unit: 'C' }, scores: [], name: 'Cai' },
      { _id: 'dan', age: 60, tags: ['owner', 'tenant', 'vip'], address: { block: 3, unit: 'A' }, scores: [7], nickname: 'D' },
    ]);
  });

  const cases: [string, () => Record<string, unknown>, string[]][] = [
    ['eq', () => ({ age: _.eq(45) }), ['bob']],
    ['plain equality', () => ({ age: 28 }), ['cai']],
    ['neq', () => ({ age: _.neq(45) }), ['ann', 'cai', 'dan']],
    ['gt', () => ({ age: _.gt(45) }), ['dan']],
    ['gte', () => ({ age: _.gte(45) }), ['bob', 'dan']],
    ['lt', () => ({ age: _.lt(31) }), ['cai']],
    ['lte', () => ({ age: _.lte(31) }), ['ann', 'cai']],
    ['in', () => ({ age: _.in([28, 60, 99]) }), ['cai', 'dan']],
    ['nin', () => ({ age: _.nin([28, 60]) }), ['ann', 'bob']],
    ['and of commands', () => ({ age: _.gt(30).and(_.lt(50)) }), ['ann', 'bob']],
    ['_.and', () => _.and([{ age: _.gt(30) }, { tags: 'owner' }]) as unknown as Record<string, unknown>, ['ann', 'dan']],
    ['or of commands', () => ({ age: _.lt(30).or(_.gt(50)) }), ['cai', 'dan']],
    ['_.or', () => _.or([{ age: 45 }, { 'address.unit': 'C' }]) as unknown as Record<string, unknown>, ['bob', 'cai']],
    ['not', () => ({ age: _.not(_.gt(40)) }), ['ann', 'cai']],
    ['nor', () => _.nor([{ age: _.gt(40) }, { tags: 'vip' }]) as unknown as Record<string, unknown>, ['cai']],
    ['exists', () => ({ nickname: _.exists(true) }), ['dan']],
    ['exists false', () => ({ nickname: _.exists(false) }), ['ann', 'bob', 'cai']],
    ['size', () => ({ tags: _.size(1) }), ['bob', 'cai']],
    ['all', () => ({ tags: _.all(['owner', 'vip']) }), ['ann', 'dan']],
    // `_.elemMatch(_.gt(5).and(_.lt(9)))` is serialized wrongly by the SDK itself; these forms are not.
    ['elemMatch on values', () => ({ scores: _.elemMatch({ $gt: 5, $lt: 9 }) }), ['ann', 'dan']],
    ['elemMatch on objects', () => ({ units: _.elemMatch({ rooms: _.gte(3), sold: false }) }), ['bob']],
    ['mod', () => ({ age: _.mod(5, 0) }), ['bob', 'dan']],
    ['nested object (flattened by the SDK)', () => ({ address: { block: 1 } }), ['ann', 'cai']],
    ['dot path', () => ({ 'address.unit': 'A' }), ['ann', 'dan']],
    ['array contains', () => ({ tags: 'tenant' }), ['bob', 'dan']],
    ['db.RegExp', () => ({ name: db.RegExp({ regexp: '^b', options: 'i' }) }), ['bob']],
    ['RegExp literal', () => ({ name: /^[A-Z]/ }), ['ann', 'cai']],
  ];

  it.each(cases)('%s', async (_label, where, expected) => {
    expect(await ids(people.where(where()))).toEqual(expected);
  });
});

describe('update commands', () => {
  async function updated(before: Record<string, unknown>, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const collection = await freshCollection([{ _id: 'x', ...before }]);
    await collection.doc('x').update({ data });
    const { _id, ...after } = await docOf(collection, 'x');
    expect(_id).toBe('x');
    return after;
  }

  const cases: [string, Record<string, unknown>, () => Record<string, unknown>, Record<string, unknown>][] = [
    ['plain fields merge into nested objects', { o: { a: 1, b: 2 } }, () => ({ o: { b: 3 } }), { o: { a: 1, b: 3 } }],
    ['set replaces a whole object', { o: { a: 1, b: 2 } }, () => ({ o: _.set({ c: 3 }) }), { o: { c: 3 } }],
    ['remove', { a: 1, b: 2 }, () => ({ a: _.remove() }), { b: 2 }],
    ['inc', { n: 5 }, () => ({ n: _.inc(-2) }), { n: 3 }],
    ['inc creates the field', {}, () => ({ n: _.inc(1) }), { n: 1 }],
    ['mul', { n: 5 }, () => ({ n: _.mul(3) }), { n: 15 }],
    ['min', { n: 5 }, () => ({ n: _.min(2) }), { n: 2 }],
    ['min keeps a smaller value', { n: 1 }, () => ({ n: _.min(2) }), { n: 1 }],
    ['max', { n: 5 }, () => ({ n: _.max(9) }), { n: 9 }],
    ['rename', { old: 'v' }, () => ({ old: _.rename('fresh') }), { fresh: 'v' }],
    ['push', { a: [1] }, () => ({ a: _.push([2, 3]) }), { a: [1, 2, 3] }],
    [
      'push with each, position, sort and slice',
      { a: [5, 1] },
      () => ({ a: _.push({ each: [3, 9], position: 0, sort: 1, slice: 3 }) }),
      { a: [1, 3, 5] },
    ],
    ['push at a position', { a: ['x', 'z'] }, () => ({ a: _.push({ each: ['y'], position: 1 }) }), { a: ['x', 'y', 'z'] }],
    ['pop', { a: [1, 2, 3] }, () => ({ a: _.pop() }), { a: [1, 2] }],
    ['shift', { a: [1, 2, 3] }, () => ({ a: _.shift() }), { a: [2, 3] }],
    ['unshift', { a: [3] }, () => ({ a: _.unshift([1, 2]) }), { a: [1, 2, 3] }],
    ['pull a value', { a: [1, 2, 1, 3] }, () => ({ a: _.pull(1) }), { a: [2, 3] }],
    ['pull by condition', { a: [1, 5, 9] }, () => ({ a: _.pull(_.gt(4)) }), { a: [1] }],
    ['pullAll', { a: [1, 2, 3, 2] }, () => ({ a: _.pullAll([2, 3]) }), { a: [1] }],
    ['addToSet adds a new value', { a: ['x'] }, () => ({ a: _.addToSet('y') }), { a: ['x', 'y'] }],
    ['addToSet skips a present value', { a: ['x'] }, () => ({ a: _.addToSet('x') }), { a: ['x'] }],
    // Unlike push, the SDK passes addToSet's argument through: several values need `$each`.
    ['addToSet with $each', { a: ['x'] }, () => ({ a: _.addToSet({ $each: ['x', 'y', 'z'] }) }), { a: ['x', 'y', 'z'] }],
    ['several commands at once', { n: 1, a: [] }, () => ({ n: _.inc(1), a: _.push(['q']), s: 'new' }), { n: 2, a: ['q'], s: 'new' }],
  ];

  it.each(cases)('%s', async (_label, before, data, expected) => {
    expect(await updated(before, data())).toEqual(expected);
  });
});

describe('serverDate', () => {
  it('stores the local cloud clock, with an offset, in add() and update()', async () => {
    const stamps = await freshCollection();
    const before = new Date((await cloudNow()).now).getTime();
    const { _id } = (await stamps.add({ data: { at: db.serverDate(), later: serverDate({ offset: 60_000 }) } })) as { _id: string };
    await stamps.doc(_id).update({ data: { touched: db.serverDate() } });
    const after = new Date((await cloudNow()).now).getTime();
    const doc = await docOf(stamps, _id);
    for (const field of ['at', 'touched']) {
      expect(doc[field]).toBeInstanceOf(Date);
      const time = (doc[field] as Date).getTime();
      expect(time).toBeGreaterThanOrEqual(before);
      expect(time).toBeLessThanOrEqual(after);
    }
    expect((doc.later as Date).getTime() - (doc.at as Date).getTime()).toBe(60_000);
  });

  it('compares against the server time in a query', async () => {
    const stamps = await freshCollection([
      { _id: 'past', due: new Date('2000-01-01T00:00:00Z') },
      { _id: 'future', due: new Date('2999-01-01T00:00:00Z') },
    ]);
    expect(await ids(stamps.where({ due: _.lt(db.serverDate()) }))).toEqual(['past']);
  });
});

describe('paging, ordering and projection', () => {
  let many: Collection;
  beforeAll(async () => {
    many = await freshCollection();
    const docs = Array.from({ length: 1200 }, (_unused, i) => ({ _id: `d${String(i).padStart(4, '0')}`, i }));
    await many.add({ data: docs.slice(0, 1000) });
    await many.add({ data: docs.slice(1000) });
  }, 30_000);

  it('returns 100 documents by default and at most 1000', async () => {
    expect(await list(many)).toHaveLength(100);
    expect(await list(many.limit(1000))).toHaveLength(1000);
    expect(await list(many.skip(1000).limit(1000))).toHaveLength(200);
    expect(await countOf(many)).toBe(1200);
  });

  it('refuses to add more than 1000 documents in one call', async () => {
    const target = await freshCollection();
    const docs = Array.from({ length: 1001 }, (_unused, i) => ({ i }));
    expect((await failure(target.add({ data: docs }))).errCode).toBe(-501007);
    expect(await countOf(target)).toBe(0);
  });

  it('orders by several keys in call order, skips and limits', async () => {
    const flats = await freshCollection([
      { _id: 'a', block: 2, floor: 1 },
      { _id: 'b', block: 1, floor: 5 },
      { _id: 'c', block: 2, floor: 7 },
      { _id: 'd', block: 1, floor: 2 },
      { _id: 'e', block: 3, floor: 1 },
    ]);
    const ordered = await list(flats.orderBy('block', 'asc').orderBy('floor', 'desc'));
    expect(ordered.map((doc) => doc._id)).toEqual(['b', 'd', 'c', 'a', 'e']);
    const page = await list(flats.orderBy('block', 'asc').orderBy('floor', 'desc').skip(1).limit(2));
    expect(page.map((doc) => doc._id)).toEqual(['d', 'c']);
    const byFloor = await list(flats.orderBy('floor', 'asc').orderBy('block', 'desc'));
    expect(byFloor.map((doc) => doc._id)).toEqual(['e', 'a', 'd', 'b', 'c']);
  });

  it('returns only the chosen fields', async () => {
    const flats = await freshCollection([{ _id: 'a', block: 2, floor: 1, owner: { name: 'Ann', phone: '1' } }]);
    expect(await list(flats.field({ block: true, 'owner.name': true }))).toEqual([{ _id: 'a', block: 2, owner: { name: 'Ann' } }]);
    expect(await list(flats.field({ owner: false }))).toEqual([{ _id: 'a', block: 2, floor: 1 }]);
    expect(((await flats.doc('a').field({ floor: true }).get()) as { data: Doc }).data).toEqual({ _id: 'a', floor: 1 });
    expect(await list(flats.field({ _id: true }))).toEqual([{ _id: 'a' }]);
    expect(await list(flats.field({ _id: true, floor: true }))).toEqual([{ _id: 'a', floor: 1 }]);
    expect(await list(flats.field({ _id: false, floor: true }))).toEqual([{ floor: 1 }]);
    expect(await docOf(flats, 'a')).toEqual({ _id: 'a', block: 2, floor: 1, owner: { name: 'Ann', phone: '1' } });
  });

  it('picks fields inside embedded documents as MongoDB does, and shows what a write changed', async () => {
    const flats = await freshCollection([
      { _id: 'a', block: 2, owner: { name: 'Ann', phone: '1' } },
      { _id: 'b', block: 1, owner: 'none' },
      { _id: 'c', owner: { phone: '2' } },
      { _id: 'd', owner: [{ name: 'Al', phone: '1' }, 'x', { phone: '3' }] },
    ]);
    const picked = () => list(flats.orderBy('_id', 'asc').field({ block: true, 'owner.name': true }));
    expect(await picked()).toEqual([
      { _id: 'a', block: 2, owner: { name: 'Ann' } },
      // Through a value that is not a document: nothing of it.
      { _id: 'b', block: 1 },
      // An embedded document without the field: the document, empty.
      { _id: 'c', owner: {} },
      // Through an array: each document in it, picked; anything else left out.
      { _id: 'd', owner: [{ name: 'Al' }, {}] },
    ]);
    await flats.doc('a').update({ data: { 'owner.name': 'Bo' } });
    expect((await picked())[0]).toEqual({ _id: 'a', block: 2, owner: { name: 'Bo' } });
  });

  it('counts the matches of a where()', async () => {
    expect(await countOf(many.where({ i: _.gte(1150) }))).toBe(50);
  });
});

describe('aggregate', () => {
  let orders: Collection;
  beforeAll(async () => {
    orders = await freshCollection([
      { _id: 'o1', customer: 'ann', total: 30, items: ['tap', 'pipe'] },
      { _id: 'o2', customer: 'bob', total: 10, items: ['bulb'] },
      { _id: 'o3', customer: 'ann', total: 25, items: ['bulb', 'tap'] },
      { _id: 'o4', customer: 'cai', total: 5, items: [] },
    ]);
    await db.createCollection('customers');
    await db.collection('customers').add({
      data: [
        { _id: 'ann', name: 'Ann', block: 1 },
        { _id: 'bob', name: 'Bob', block: 2 },
      ],
    });
  });

  it('matches, groups and sorts', async () => {
    const result = await aggregated(
      orders
        .aggregate()
        .match({ total: _.gte(10) })
        .group({ _id: '$customer', spent: $.sum('$total'), orders: $.sum(1) })
        .sort({ spent: -1 }),
    );
    expect(result).toEqual([
      { _id: 'ann', spent: 55, orders: 2 },
      { _id: 'bob', spent: 10, orders: 1 },
    ]);
  });

  it('projects, adds fields, skips and limits', async () => {
    const result = await aggregated(
      orders
        .aggregate()
        .sort({ total: 1 })
        .addFields({ withTax: $.multiply(['$total', 2]) })
        .project({ _id: 0, total: 1, withTax: 1 })
        .skip(1)
        .limit(2),
    );
    expect(result).toEqual([
      { total: 10, withTax: 20 },
      { total: 25, withTax: 50 },
    ]);
  });

  it('unwinds arrays and counts', async () => {
    const items = await aggregated(orders.aggregate().unwind('$items').sortByCount('$items').sort({ count: -1, _id: 1 }));
    expect(items).toEqual([
      { _id: 'bulb', count: 2 },
      { _id: 'tap', count: 2 },
      { _id: 'pipe', count: 1 },
    ]);
    expect(await aggregated(orders.aggregate().match({ customer: 'ann' }).count('n'))).toEqual([{ n: 2 }]);
  });

  it('looks up documents from another collection', async () => {
    const result = await aggregated(
      orders
        .aggregate()
        .match({ _id: _.in(['o1', 'o4']) })
        .lookup({ from: 'customers', localField: 'customer', foreignField: '_id', as: 'who' })
        .project({ customer: 1, who: 1 })
        .sort({ _id: 1 }),
    );
    expect(result).toEqual([
      { _id: 'o1', customer: 'ann', who: [{ _id: 'ann', name: 'Ann', block: 1 }] },
      { _id: 'o4', customer: 'cai', who: [] },
    ]);
  });

  it('replaces the root, samples and buckets', async () => {
    const roots = await aggregated(
      orders.aggregate().match({ _id: 'o2' }).replaceRoot({ newRoot: { buyer: '$customer', sum: '$total' } }),
    );
    expect(roots).toEqual([{ buyer: 'bob', sum: 10 }]);
    const sample = await aggregated(orders.aggregate().sample({ size: 2 }));
    expect(sample).toHaveLength(2);
    for (const doc of sample) expect(['o1', 'o2', 'o3', 'o4']).toContain(doc._id);
    const buckets = await aggregated(orders.aggregate().bucket({ groupBy: '$total', boundaries: [0, 20, 100] }));
    expect(buckets).toEqual([
      { _id: 0, count: 2 },
      { _id: 20, count: 2 },
    ]);
  });

  it('groups by a field and sums: documents without it group as null, a sum takes numbers only', async () => {
    const mixed = await freshCollection([
      { _id: 'm1', kind: 'a', n: 2, nested: { v: 1 } },
      { _id: 'm2', kind: 'a', n: '3', nested: { v: 2 } },
      { _id: 'm3', n: 4, nested: { v: [5] } },
      { _id: 'm4', kind: 'b', n: [1, 2], nested: null },
      { _id: 'm5', kind: 'a', at: new Date('2027-01-01T00:00:00Z') },
      { _id: 'm6', kind: 'c', list: [{ x: 1 }, { x: 2 }] },
    ]);
    const result = await aggregated(mixed.aggregate().group({ _id: '$kind', count: $.sum(1), n: $.sum('$n'), v: $.sum('$nested.v'), x: $.sum('$list.x') }).sort({ _id: 1 }));
    expect(result).toEqual([
      { _id: null, count: 1, n: 4, v: 0, x: 0 },
      { _id: 'a', count: 3, n: 2, v: 3, x: 0 },
      { _id: 'b', count: 1, n: 0, v: 0, x: 0 },
      { _id: 'c', count: 1, n: 0, v: 0, x: 0 },
    ]);
    // By a constant, and by a date.
    expect(await aggregated(mixed.aggregate().group({ _id: null, count: $.sum(1), n: $.sum('$n') }))).toEqual([{ _id: null, count: 6, n: 6 }]);
    expect(await aggregated(mixed.aggregate().match({ at: _.exists(true) }).group({ _id: '$at', count: $.sum(1) }))).toEqual([{ _id: new Date('2027-01-01T00:00:00Z'), count: 1 }]);
  });

  it('looks up with variables and a pipeline of its own (let, expr), each list sorted and limited', async () => {
    // `expr` and `aggregate.pipeline` are in the SDK but not in its typings.
    const expr = (_ as unknown as { expr(expression: unknown): object }).expr;
    interface Stages {
      match(query: object): Stages;
      project(fields: object): Stages;
      sort(order: object): Stages;
      limit(n: number): Stages;
      done(): object[];
    }
    const pipeline = (): Stages => ($ as unknown as { pipeline(): Stages }).pipeline();
    const result = await aggregated(
      orders
        .aggregate()
        .match({ _id: _.in(['o1', 'o2']) })
        .lookup({
          from: 'customers',
          let: { who: '$customer' },
          pipeline: pipeline().match({ block: 1 }).match(expr($.eq(['$_id', '$$who']))).project({ _id: 0, name: 1 }).done(),
          as: 'who',
        })
        .lookup({
          from: (orders as unknown as { collectionName: string }).collectionName,
          let: { who: '$customer' },
          pipeline: pipeline().match(expr($.eq(['$customer', '$$who']))).sort({ total: 1 }).limit(1).project({ _id: 1 }).done(),
          as: 'smallest',
        })
        .project({ who: 1, smallest: 1 })
        .sort({ _id: 1 }),
    );
    expect(result).toEqual([
      { _id: 'o1', who: [{ name: 'Ann' }], smallest: [{ _id: 'o3' }] },
      { _id: 'o2', who: [], smallest: [{ _id: 'o2' }] },
    ]);
    // Without variables: the same list joined to each.
    const plain = await aggregated(
      orders
        .aggregate()
        .match({ _id: _.in(['o1', 'o2']) })
        .lookup({ from: 'customers', pipeline: pipeline().match({ block: 2 }).project({ _id: 0, name: 1 }).done(), as: 'second' })
        .project({ second: 1 })
        .sort({ _id: 1 }),
    );
    expect(plain).toEqual([
      { _id: 'o1', second: [{ name: 'Bob' }] },
      { _id: 'o2', second: [{ name: 'Bob' }] },
    ]);
  });

  it('leaves the stored documents as they were', async () => {
    await aggregated(orders.aggregate().addFields({ total: 0, extra: true }).unwind('$items'));
    expect(await docOf(orders, 'o1')).toEqual({ _id: 'o1', customer: 'ann', total: 30, items: ['tap', 'pipe'] });
    // A group first, then stages that change what it holds: the stored documents it read stay as they were.
    const grouped = await aggregated(orders.aggregate().group({ _id: '$customer', all: $.push('$$ROOT') }).unwind('$all').addFields({ 'all.total': 0 }).sort({ 'all._id': 1 }));
    expect(grouped[0]).toMatchObject({ _id: 'ann', all: { _id: 'o1', total: 0 } });
    expect(await docOf(orders, 'o1')).toEqual({ _id: 'o1', customer: 'ann', total: 30, items: ['tap', 'pipe'] });
    expect(await aggregated(orders.aggregate().match({ customer: 'ann' }).group({ _id: null, spent: $.sum('$total') }))).toEqual([{ _id: null, spent: 55 }]);
  });
});

describe('collections and environments', () => {
  it('answers -502005 for every operation on a missing collection', async () => {
    const missing = db.collection('never-created');
    for (const call of [
      missing.get(),
      missing.where({ a: 1 }).get(),
      missing.count(),
      missing.add({ data: { a: 1 } }),
      missing.doc('x').get(),
      missing.doc('x').update({ data: { a: 1 } }),
      missing.doc('x').set({ data: { a: 1 } }),
      missing.doc('x').remove(),
      missing.where({ a: 1 }).update({ data: { a: 2 } }),
      missing.where({ a: 1 }).remove(),
    ]) {
      expect((await failure(call)).errCode).toBe(-502005);
    }
    expect((await failure(missing.aggregate().match({}).end())).code).toBe('DATABASE_COLLECTION_NOT_EXIST');
  });

  it('refuses to create a collection twice', async () => {
    await db.createCollection('twice');
    expect((await failure(db.createCollection('twice'))).code).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
  });

  it('keeps each env a database of its own', async () => {
    const otherEnv = uniqueEnv('db-other');
    const other = cloud.database({ env: otherEnv });
    await db.createCollection('shared-name');
    expect((await failure(other.collection('shared-name').get())).errCode).toBe(-502005);
    await other.createCollection('shared-name');
    await db.collection('shared-name').add({ data: { _id: 'same', where: 'first' } });
    await other.collection('shared-name').add({ data: { _id: 'same', where: 'second' } });
    expect(await list(db.collection('shared-name'))).toEqual([{ _id: 'same', where: 'first' }]);
    expect(await list(other.collection('shared-name'))).toEqual([{ _id: 'same', where: 'second' }]);
  });
});

describe('atomic writes', () => {
  it('applies 200 concurrent increments without losing one', async () => {
    const counters = await freshCollection([{ _id: 'hits', n: 0 }]);
    await Promise.all(Array.from({ length: 200 }, () => counters.doc('hits').update({ data: { n: _.inc(1) } })));
    expect((await docOf(counters, 'hits')).n).toBe(200);
  }, 30_000);
});

describe('refused writes change nothing', () => {
  let guarded: Collection;
  beforeEach(async () => {
    guarded = await freshCollection([{ _id: 'g', n: 1, list: [1] }]);
  });

  async function unchanged(): Promise<void> {
    expect(await list(guarded)).toEqual([{ _id: 'g', n: 1, list: [1] }]);
  }

  it('refuses field names with "." or a leading "$"', async () => {
    expect((await failure(guarded.add({ data: { 'a.b': 1 } }))).errCode).toBe(-501007);
    expect((await failure(guarded.add({ data: { $where: 1 } }))).errCode).toBe(-502002);
    expect((await failure(guarded.doc('g').set({ data: { ok: 1, nested: { 'x.y': 2 } } }))).errCode).toBe(-501007);
    await unchanged();
  });

  it('refuses unknown operators in queries and updates', async () => {
    expect((await failure(guarded.where({ n: { $near: 1 } }).get())).errCode).toBe(-502002);
    expect((await failure(guarded.doc('g').update({ data: { $frobnicate: { n: 2 } } }))).errCode).toBe(-502002);
    expect((await failure(guarded.doc('g').update({ data: { n: 2, list: { $bogus: 1 } } }))).errCode).toBe(-502002);
    await unchanged();
  });

  it('refuses an update that does not fit the data', async () => {
    expect((await failure(guarded.doc('g').update({ data: { list: _.inc(1) } }))).errCode).toBe(-502001);
    expect((await failure(guarded.doc('g').update({ data: { n: _.push([2]) } }))).errCode).toBe(-502001);
    await unchanged();
  });

  it('inserts no document of a batch that has a bad one', async () => {
    const error = await failure(guarded.add({ data: [{ _id: 'fine' }, { _id: 'g' }] }));
    expect(error.errCode).toBe(-502001);
    expect(error.errMsg).toMatch(/duplicate key/);
    expect((await failure(guarded.add({ data: [{ _id: 'fine2' }, { _id: 7 }] }))).errCode).toBe(-501007);
    await unchanged();
  });

  it('refuses a document over 16 MB', async () => {
    const huge = 'x'.repeat(16 * 1024 * 1024 + 1);
    expect((await failure(guarded.add({ data: { huge } }))).errCode).toBe(-501007);
    await unchanged();
  }, 30_000);
});
