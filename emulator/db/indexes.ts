import type { IndexSpec } from '../../typings/indexes';
import type { Document } from './documents';

/**
 * The local cloud's secondary indexes: per declared index, the documents' key tuples kept
 * sorted, so equality, `in` and range conditions on a prefix of the keys find their candidate
 * documents by binary search instead of a scan. An index only picks candidates; mingo still
 * decides what matches and in what order, so answers are the same with or without it.
 */

/**
 * How values order in an index, after mingo's type brackets: a range condition only matches
 * values of its bound's type, so each type is a run of its own. `other` (objects, regexes,
 * NaN, BSON types) is never looked up, only kept so that every document has entries.
 */
export const Rank = { missing: 0, null: 1, number: 2, string: 3, boolean: 4, date: 5, other: 6 } as const;
type RankValue = (typeof Rank)[keyof typeof Rank];

/** One field's value in an index entry. */
export interface KeyPart {
  rank: RankValue;
  value: number | string;
}

interface Entry {
  parts: KeyPart[];
  id: string;
}

const MISSING: KeyPart = { rank: Rank.missing, value: 0 };

/** The key part of a value a condition can look up (string, finite number, boolean, date), or undefined. */
export function lookupPart(value: unknown): KeyPart | undefined {
  if (typeof value === 'string') return { rank: Rank.string, value };
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : { rank: Rank.number, value };
  if (typeof value === 'boolean') return { rank: Rank.boolean, value: value ? 1 : 0 };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { rank: Rank.date, value: value.getTime() };
  return undefined;
}

const NULL_PART: KeyPart = { rank: Rank.null, value: 0 };
const OTHER: KeyPart = { rank: Rank.other, value: 0 };
const TRUE: KeyPart = { rank: Rank.boolean, value: 1 };
const FALSE: KeyPart = { rank: Rank.boolean, value: 0 };

/**
 * Stored parts are shared: entries hold millions of them at a company's size, and most keys
 * (community, status, kind, a person's openid) take few values. Each object less is one less for
 * every garbage collection to mark. Dates, numbers and strings under `shared: false` (ids) are
 * mostly unique and are not kept in the table. The table only grows, by each distinct value ever
 * indexed: no larger than the values themselves.
 */
const sharedStrings = new Map<string, KeyPart>();

function storedPart(value: unknown, shared: boolean): KeyPart {
  if (value === undefined) return MISSING;
  if (value === null) return NULL_PART;
  if (typeof value === 'boolean') return value ? TRUE : FALSE;
  if (typeof value === 'string' && shared) {
    let part = sharedStrings.get(value);
    if (!part) {
      part = { rank: Rank.string, value };
      sharedStrings.set(value, part);
    }
    return part;
  }
  return lookupPart(value) ?? OTHER;
}

export function compareParts(a: KeyPart, b: KeyPart): number {
  if (a.rank !== b.rank) return a.rank - b.rank;
  if (a.rank === Rank.other) return 0;
  return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
}

/** Compares an entry's first `probe.length` parts with `probe`. */
function comparePrefix(entry: Entry, probe: readonly KeyPart[]): number {
  for (let i = 0; i < probe.length; i++) {
    const order = compareParts(entry.parts[i], probe[i]);
    if (order !== 0) return order;
  }
  return 0;
}

function compareEntries(a: Entry, b: Entry): number {
  const order = comparePrefix(a, b.parts);
  if (order !== 0) return order;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Every value a document holds at a dotted path, as MongoDB's multikey indexes see them: an
 * array along the path contributes each element, and an array at the end each of its items, so
 * an equality on any element finds the document. Numeric parts also index into arrays. More
 * values than mingo would match only add candidates, which the filter then drops.
 */
export function valuesAt(doc: unknown, path: readonly string[], met: { array: boolean } = { array: false }): unknown[] {
  const out: unknown[] = [];
  collect(doc, path, 0, out, met);
  return out;
}

function collect(value: unknown, path: readonly string[], at: number, out: unknown[], met: { array: boolean }): void {
  if (Array.isArray(value)) {
    met.array = true;
    if (at === path.length) {
      for (const item of value) collect(item, path, at, out, met);
      return;
    }
    if (/^\d+$/.test(path[at])) collect(value[Number(path[at])], path, at + 1, out, met);
    for (const item of value) if (item !== null && typeof item === 'object') collect(item, path, at, out, met);
    return;
  }
  if (at === path.length) {
    if (value !== undefined) out.push(value);
    return;
  }
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    collect((value as Record<string, unknown>)[path[at]], path, at + 1, out, met);
  }
}

/** A range on one key: values of `rank` between the bounds. */
export interface KeyRange {
  rank: RankValue;
  lower?: { value: number | string; inclusive: boolean };
  upper?: { value: number | string; inclusive: boolean };
}

/** Most documents change a few at a time; a larger batch is cheaper to index again from scratch. */
const INCREMENTAL_LIMIT = 200;

export class FieldIndex {
  readonly fields: string[];
  private readonly paths: string[][];
  /** Per key, whether its parts come from the shared table (see `storedPart`). */
  private readonly shared: boolean[];
  /** Sorted entries, built on first use (bulk loads cost nothing until a query needs the index). */
  private entries: Entry[] | undefined;
  /**
   * Whether some document ever held an array, an object or another value outside the ranks
   * under a key: mingo orders those by other rules, so the index no longer stands in for a sort.
   * For the ranks themselves the order is mingo's (missing, null, numbers, strings, booleans, dates).
   */
  private unordered = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = spec.keys.map((key) => key.field);
    this.paths = this.fields.map((field) => field.split('.'));
    // An `_id`, and the last key of a unique index, hold values of one document each: nothing to share.
    this.shared = this.fields.map((field, i) => field !== '_id' && !(spec.unique && i === this.fields.length - 1));
  }

  /** The document's entries: one per combination of its values at the keys (usually one). */
  private entriesOf(doc: Document): Entry[] {
    const met = { array: false };
    const values = this.paths.map((path) => valuesAt(doc, path, met));
    if (met.array) this.unordered = true;
    // Most documents hold one value per key: one entry, without building combinations.
    if (values.every((list) => list.length <= 1)) {
      const parts = values.map((list, i) => storedPart(list[0], this.shared[i]));
      if (parts.some((part) => part.rank === Rank.other)) this.unordered = true;
      return [{ parts, id: doc._id }];
    }
    let tuples: KeyPart[][] = [[]];
    for (const [k, list] of values.entries()) {
      const parts = list.length === 0 ? [MISSING] : list.map((value) => storedPart(value, this.shared[k]));
      tuples = tuples.flatMap((tuple) => parts.map((part) => [...tuple, part]));
    }
    return tuples.map((parts) => ({ parts, id: doc._id }));
  }

  private built(docs: () => Iterable<Document>): Entry[] {
    if (!this.entries) {
      const entries: Entry[] = [];
      for (const doc of docs()) for (const entry of this.entriesOf(doc)) entries.push(entry);
      this.entries = entries.sort(compareEntries);
    }
    return this.entries;
  }

  /** Builds the index now if it is not built (see `EnvDatabase.rebuildWhenQuiet`). */
  prepare(docs: () => Iterable<Document>): void {
    this.built(docs);
  }

  /**
   * Keeps a built index in step with a commit: `changes` pairs the old and new document of each id.
   * True when the commit was large enough to drop the index, to be built again from scratch.
   */
  update(changes: readonly { before: Document | undefined; after: Document | null }[]): boolean {
    const entries = this.entries;
    if (!entries) return false;
    if (changes.length > INCREMENTAL_LIMIT) {
      this.entries = undefined;
      return true;
    }
    for (const { before, after } of changes) {
      for (const entry of before ? this.entriesOf(before) : []) {
        const at = lowerBound(entries, entry);
        if (at < entries.length && compareEntries(entries[at], entry) === 0) entries.splice(at, 1);
      }
      for (const entry of after ? this.entriesOf(after) : []) {
        const at = lowerBound(entries, entry);
        if (at >= entries.length || compareEntries(entries[at], entry) !== 0) entries.splice(at, 0, entry);
      }
    }
    return false;
  }

  /**
   * For a unique index: the first key a change would share with another document (committed and
   * not changed, or changed in the same commit), as MongoDB refuses it with E11000. Missing keys
   * count as null, as MongoDB indexes them.
   */
  duplicateIn(docs: () => Iterable<Document>, changes: readonly { id: string; doc: Document | null }[]): KeyPart[] | undefined {
    if (!this.spec.unique) return undefined;
    const entries = this.built(docs);
    const changed = new Set(changes.map((change) => change.id));
    const taken = new Map<string, string>();
    for (const { id, doc } of changes) {
      if (!doc) continue;
      for (const entry of this.entriesOf(doc)) {
        const parts = entry.parts.map((part) => (part.rank === Rank.missing ? NULL : part));
        const text = JSON.stringify(parts);
        const other = taken.get(text);
        if (other !== undefined && other !== id) return parts;
        taken.set(text, id);
        for (const probe of nullishForms(parts)) {
          const [start, end] = bounds(entries, probe, undefined);
          for (let i = start; i < end; i++) if (!changed.has(entries[i].id)) return parts;
        }
      }
    }
    return undefined;
  }

  /**
   * Ids of the documents whose first keys equal `prefix` and, when `range` is given, whose next
   * key lies in it.
   */
  lookup(docs: () => Iterable<Document>, prefix: readonly KeyPart[], range: KeyRange | undefined, into: Set<string>): void {
    const entries = this.built(docs);
    const [start, end] = bounds(entries, prefix, range);
    for (let i = start; i < end; i++) into.add(entries[i].id);
  }

  /** How many entries a lookup would read (two binary searches; nothing is copied). */
  count(docs: () => Iterable<Document>, prefix: readonly KeyPart[], range: KeyRange | undefined): number {
    const [start, end] = bounds(this.built(docs), prefix, range);
    return end - start;
  }

  /**
   * The first `need` ids of a lookup that `accept` takes, walking the entries in index order
   * (or reversed), into `into`; false when the index cannot stand in for a
   * sort (see `unordered`) and the caller must take every candidate instead.
   */
  walk(
    docs: () => Iterable<Document>,
    lookup: { prefix: readonly KeyPart[]; range: KeyRange | undefined },
    order: { descending: boolean },
    page: { need: number; accept(id: string): boolean },
    into: Set<string>,
  ): boolean {
    const entries = this.built(docs);
    if (this.unordered) return false;
    const [start, end] = bounds(entries, lookup.prefix, lookup.range);
    const step = order.descending ? -1 : 1;
    let taken = 0;
    for (let i = order.descending ? end - 1 : start; i >= start && i < end && taken < page.need; i += step) {
      const entry = entries[i];
      if (!page.accept(entry.id)) continue;
      into.add(entry.id);
      taken++;
    }
    return true;
  }
}

const NULL: KeyPart = { rank: Rank.null, value: 0 };

/** A key with each null part also as missing: the same key to a unique index. */
function nullishForms(parts: readonly KeyPart[]): KeyPart[][] {
  let forms: KeyPart[][] = [[]];
  for (const part of parts) forms = forms.flatMap((form) => (part.rank === Rank.null ? [[...form, part], [...form, MISSING]] : [[...form, part]]));
  return forms;
}

/** The entries `[start, end)` of a lookup: the prefix, and the range on the next key. */
function bounds(entries: readonly Entry[], prefix: readonly KeyPart[], range: KeyRange | undefined): [number, number] {
  if (!range) return [firstAtLeast(entries, prefix, false), firstAtLeast(entries, prefix, true)];
  const start = range.lower
    ? firstAtLeast(entries, [...prefix, { rank: range.rank, value: range.lower.value }], !range.lower.inclusive)
    : firstAtLeast(entries, [...prefix, { rank: range.rank, value: range.rank === Rank.string ? '' : -Infinity }], false);
  // Without an upper bound the range ends where the next type's values begin.
  const end = range.upper
    ? firstAtLeast(entries, [...prefix, { rank: range.rank, value: range.upper.value }], range.upper.inclusive)
    : firstAtLeast(entries, [...prefix, { rank: (range.rank + 1) as RankValue, value: -Infinity }], false);
  return [start, Math.max(start, end)];
}

function lowerBound(entries: readonly Entry[], entry: Entry): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compareEntries(entries[mid], entry) < 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The first entry whose prefix is ≥ `probe` (or > it when `after`). */
function firstAtLeast(entries: readonly Entry[], probe: readonly KeyPart[], after: boolean): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const order = comparePrefix(entries[mid], probe);
    if (order < 0 || (after && order === 0)) low = mid + 1;
    else high = mid;
  }
  return low;
}
