import { IndexGuard } from '../../emulator/db/guard';
import { FieldIndex } from '../../emulator/db/indexes';
import { planQuery } from '../../emulator/db/planner';
import type { Document } from '../../emulator/db/documents';
import type { Selection } from '../../emulator/db/view';

const indexes = [
  new FieldIndex({ name: '_id_', keys: [{ field: '_id', direction: 1 }], unique: true }),
  new FieldIndex({ name: 'community_status_due', keys: [{ field: 'communityId', direction: 1 }, { field: 'status', direction: 1 }, { field: 'dueAt', direction: 1 }], unique: false }),
  new FieldIndex({ name: 'grants', keys: [{ field: 'grants.communityId', direction: 1 }], unique: false }),
];

describe('what counts as served by an index', () => {
  it.each([
    ['equality on the first key', { communityId: 'c1' }, {}],
    ['in and range along the keys', { communityId: { $in: ['c1', 'c2'] }, status: 'open', dueAt: { $lt: new Date(0) } }, {}],
    ['a range on the first key', { communityId: { $gte: 'c' } }, {}],
    ['conditions joined by and', { $and: [{ communityId: 'c1' }, { $or: [{ dueAt: { $lt: new Date(0) } }, { _id: { $gt: 'x' } }] }] }, {}],
    ['elemMatch on an indexed sub-field', { grants: { $elemMatch: { role: 'cs', communityId: { $in: ['c1', '*'] } } } }, {}],
    ['or of served branches', { $or: [{ communityId: 'c1' }, { _id: 'a' }] }, {}],
    ['no filter, sorted along an index', {}, { communityId: -1, status: -1 }],
    ['no filter, no sort', {}, {}],
  ])('%s is served', (_label, criteria, order) => {
    expect(planQuery(indexes, criteria, order as Record<string, 1 | -1>).served).toBe(true);
  });

  it.each([
    ['equality on a later key only', { status: 'open' }, {}],
    ['neq on the first key', { communityId: { $ne: 'c1' } }, {}],
    ['null on the first key', { communityId: null }, {}],
    ['an or with one unserved branch', { $or: [{ communityId: 'c1' }, { status: 'open' }] }, {}],
    ['no filter, sorted off the index', {}, { dueAt: 1 }],
    ['no filter, sorted in mixed directions', {}, { communityId: 1, status: -1 }],
  ])('%s is not served', (_label, criteria, order) => {
    expect(planQuery(indexes, criteria, order as Record<string, 1 | -1>).served).toBe(false);
  });

  it('picks candidates by every element of an array field', () => {
    const docs: Document[] = [
      { _id: 'a', grants: [{ role: 'cs', communityId: 'c1' }, { role: 'tech', communityId: 'c2' }] },
      { _id: 'b', grants: [{ role: 'cs', communityId: 'c3' }] },
    ];
    const plan = planQuery(indexes, { 'grants.communityId': 'c2' }, {});
    expect([...(plan.candidates(() => docs) ?? [])]).toEqual(['a']);
  });
});

describe('which index reads a sorted page', () => {
  // The inbox's closed tickets of one kind, newest first: one index has the kind but not the
  // order, another the order but not the kind. Each query gets indexes built from its documents.
  const byKind = () => new FieldIndex({ name: 'community_kind_status_due', keys: [{ field: 'communityId', direction: 1 }, { field: 'kind', direction: 1 }, { field: 'status', direction: 1 }, { field: 'dueAt', direction: 1 }, { field: '_id', direction: 1 }], unique: false });
  const newest = () => new FieldIndex({ name: 'community_status_created', keys: [{ field: 'communityId', direction: 1 }, { field: 'status', direction: 1 }, { field: 'createdAt', direction: -1 }, { field: '_id', direction: -1 }], unique: false });
  const docsWith = (repairs: number): Document[] =>
    Array.from({ length: 1000 }, (_unused, i) => ({ _id: `t${String(i).padStart(4, '0')}`, communityId: 'c1', status: 'closed', kind: i % Math.floor(1000 / repairs) === 0 ? 'repair' : 'complaint', createdAt: new Date(i * 60_000), dueAt: new Date(0) }));
  const page = (docs: Document[]) => {
    const examined: string[] = [];
    const byId = new Map(docs.map((doc) => [doc._id, doc]));
    const plan = planQuery([byKind(), newest()], { communityId: 'c1', kind: 'repair', status: 'closed' }, { createdAt: -1, _id: -1 });
    const ids = plan.candidates(() => docs, { need: 20, accept: (id) => (examined.push(id), byId.get(id)!.kind === 'repair') });
    return { ids: [...(ids ?? [])], examined: examined.length };
  };

  it('walks the index in the sort\'s order when the kind is common: the newest 20 after a few entries', () => {
    const { ids, examined } = page(docsWith(500));
    expect(ids).toHaveLength(20);
    expect(ids[0]).toBe('t0998');
    expect(examined).toBeLessThan(50);
  });

  it('reads the kind\'s few tickets from its index when walking would pass most of the others', () => {
    const { ids, examined } = page(docsWith(4));
    expect(ids.sort()).toEqual(['t0000', 't0250', 't0500', 't0750']);
    expect(examined).toBe(0);
  });
});

describe('the guard of unindexed queries', () => {
  const selection = (over: Partial<Selection>): Selection => ({ docs: [], served: false, size: 1001, declared: true, ...over });

  it('warns once per query shape, naming the collection, the fields and the sort', () => {
    const warnings: string[] = [];
    const guard = new IndexGuard({ strict: false, warn: (message) => warnings.push(message) });
    guard.check('dev', 'tickets', { description: 'x', kind: 'repair' }, { createdAt: -1 }, selection({}));
    guard.check('dev', 'tickets', { description: 'y', kind: 'complaint' }, { createdAt: -1 }, selection({}));
    expect(warnings).toEqual(['unindexed query in env dev: collection "tickets", filter on description, kind, sort createdAt desc; 1001 documents scanned']);
  });

  it('in strict mode refuses the query on a declared collection, and only warns on others', () => {
    const warnings: string[] = [];
    const guard = new IndexGuard({ strict: true, warn: (message) => warnings.push(message) });
    expect(() => guard.check('dev', 'tickets', { description: 'x' }, {}, selection({}))).toThrow(/no declared index serves this query \(collection "tickets", filter on description/);
    guard.check('dev', 'scratch', { description: 'x' }, {}, selection({ declared: false }));
    expect(warnings).toHaveLength(1);
  });

  it('lets served queries and collections of 1,000 documents or fewer pass silently', () => {
    const warnings: string[] = [];
    const guard = new IndexGuard({ strict: true, warn: (message) => warnings.push(message) });
    guard.check('dev', 'tickets', { description: 'x' }, {}, selection({ size: 1000 }));
    guard.check('dev', 'tickets', { communityId: 'c1' }, {}, selection({ served: true }));
    expect(warnings).toEqual([]);
  });
});
