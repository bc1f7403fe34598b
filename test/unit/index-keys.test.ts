import { Query } from 'mingo';
import { FieldIndex, lookupPart, type KeyRange } from '../../emulator/db/indexes';
import type { Document } from '../../emulator/db/documents';

// Index entries are strings whose plain order must be mingo's order of the values they hold.
// These values sit where an encoding goes wrong: signs and zeros, strings that begin others or
// hold `\0`, characters beyond Latin, and every type beside the others.
const values: unknown[] = [
  -Infinity, -1e21, -2.5, -1, -Number.MIN_VALUE, -0, 0, Number.MIN_VALUE, 0.5, 1, 2, 10, 1e21, Infinity,
  '', 'a', 'a\0', 'a\0b', 'a\u0001', 'a\0\u0001', 'ab', 'b', 'Z', '中', '中国', '\uffff',
  new Date(-86_400_000), new Date(0), new Date(1_700_000_000_000),
  true, false, null, undefined,
];
const docs: Document[] = values.map((value, i) => {
  const doc: Document = { _id: `d${String(i).padStart(2, '0')}`, group: i % 2 === 0 ? 'even' : 'odd' };
  if (value !== undefined) doc.v = value;
  return doc;
});
const all = () => docs;

const byMingo = (criteria: Record<string, unknown>): string[] => docs.filter((doc) => new Query(criteria).test(doc)).map((doc) => doc._id).sort();
const found = (index: FieldIndex, prefix: unknown[], range?: KeyRange): string[] => {
  const ids = new Set<string>();
  index.lookup(all, prefix.map((value) => lookupPart(value)!), range, ids);
  return [...ids].sort();
};
const looked = values.filter((value) => lookupPart(value) !== undefined);

describe('index keys keep mingo\'s order of values', () => {
  const single = new FieldIndex({ name: 'v', keys: [{ field: 'v', direction: 1 }], unique: false });
  const paired = new FieldIndex({ name: 'group_v', keys: [{ field: 'group', direction: 1 }, { field: 'v', direction: 1 }], unique: false });

  it('finds exactly the documents an equality matches', () => {
    for (const value of looked) {
      expect([value, found(single, [value])]).toEqual([value, byMingo({ v: value })]);
      expect([value, found(paired, ['even', value])]).toEqual([value, byMingo({ group: 'even', v: value })]);
    }
  });

  it('finds exactly the documents each range matches, bounds included or not', () => {
    for (const value of looked) {
      const part = lookupPart(value)!;
      for (const [operator, range] of [
        ['$gt', { rank: part.rank, lower: { value: part.value, inclusive: false } }],
        ['$gte', { rank: part.rank, lower: { value: part.value, inclusive: true } }],
        ['$lt', { rank: part.rank, upper: { value: part.value, inclusive: false } }],
        ['$lte', { rank: part.rank, upper: { value: part.value, inclusive: true } }],
      ] as const) {
        expect([operator, value, found(single, [], range)]).toEqual([operator, value, byMingo({ v: { [operator]: value } })]);
        expect([operator, value, found(paired, ['odd'], range)]).toEqual([operator, value, byMingo({ group: 'odd', v: { [operator]: value } })]);
      }
    }
  });

  it('walks the documents in the order mingo sorts them, both ways', () => {
    const sorted = new Query({}).find<Document>(docs).sort({ v: 1, _id: 1 }).all().map((doc) => doc._id);
    for (const descending of [false, true]) {
      const ids = new Set<string>();
      expect(single.walk(all, { prefix: [], range: undefined }, { descending }, { need: docs.length, accept: () => true }, ids)).toBe(true);
      expect([...ids]).toEqual(descending ? [...sorted].reverse() : sorted);
    }
  });

  it('keeps its answers as documents change value', () => {
    const index = new FieldIndex({ name: 'v', keys: [{ field: 'v', direction: 1 }], unique: false });
    index.prepare(all);
    const [minus, a] = [docs.find((doc) => doc.v === -2.5)!, docs.find((doc) => doc.v === 'a')!];
    // The first becomes 'a', the second is removed.
    index.update([{ before: minus, after: { ...minus, v: 'a' } }, { before: a, after: null }]);
    const lookup = (value: unknown): string[] => {
      const ids = new Set<string>();
      index.lookup(all, [lookupPart(value)!], undefined, ids);
      return [...ids];
    };
    expect(lookup('a')).toEqual([minus._id]);
    expect(lookup(-2.5)).toEqual([]);
  });

  it('takes a large commit (inserts, changes and removals together) as if built again', () => {
    const spec = { name: 'group_v', keys: [{ field: 'group', direction: 1 as const }, { field: 'v', direction: 1 as const }], unique: false };
    const index = new FieldIndex(spec);
    index.prepare(all);
    const inserted: Document[] = Array.from({ length: 300 }, (_unused, i) => ({ _id: `n${i}`, group: i % 3 === 0 ? 'odd' : 'even', v: (i * 7919) % 101 }));
    const changes = [
      ...inserted.map((doc) => ({ before: undefined, after: doc })),
      ...docs.slice(0, 10).map((doc) => ({ before: doc, after: null })),
      ...docs.slice(10, 20).map((doc) => ({ before: doc, after: { ...doc, group: 'odd', v: 5 } })),
      ...docs.slice(20, 25).map((doc) => ({ before: doc, after: doc })),
    ];
    index.update(changes);
    const after = [...inserted, ...docs.slice(10, 20).map((doc) => ({ ...doc, group: 'odd', v: 5 })), ...docs.slice(20)];
    const fresh = new FieldIndex(spec);
    const walked = (built: FieldIndex): string[] => {
      const ids = new Set<string>();
      built.walk(() => after, { prefix: [], range: undefined }, { descending: false }, { need: after.length, accept: () => true }, ids);
      return [...ids];
    };
    expect(walked(index)).toHaveLength(after.length);
    expect(walked(index)).toEqual(walked(fresh));
  });
});
