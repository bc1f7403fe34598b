import type { IndexSpec } from '../../typings/indexes';
import type { Document } from './documents';

/**
 * The local cloud's secondary indexes: per declared index, the documents' keys kept sorted, so
 * equality, `in` and range conditions on a prefix of the keys find their candidate documents by
 * binary search instead of a scan. An index only picks candidates; mingo still decides what
 * matches and in what order, so answers are the same with or without it.
 */

/**
 * How values order in an index, after mingo's type brackets: a range condition only matches
 * values of its bound's type, so each type is a run of its own. A missing field is null, as
 * MongoDB indexes it and as mingo sorts it (the two are equal, then ordered by the next key).
 * `other` (objects, regexes, NaN, BSON types) is never looked up, only kept so that every
 * document has entries.
 */
export const Rank = { null: 1, number: 2, string: 3, boolean: 4, date: 5, other: 6 } as const;
type RankValue = (typeof Rank)[keyof typeof Rank];

/** One field's value in an index key. */
export interface KeyPart {
  rank: RankValue;
  value: number | string;
}

const NULL: KeyPart = { rank: Rank.null, value: 0 };
const OTHER: KeyPart = { rank: Rank.other, value: 0 };

/** The key part of a value a condition can look up (string, finite number, boolean, date), or undefined. */
export function lookupPart(value: unknown): KeyPart | undefined {
  if (typeof value === 'string') return { rank: Rank.string, value };
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : { rank: Rank.number, value };
  if (typeof value === 'boolean') return { rank: Rank.boolean, value: value ? 1 : 0 };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : { rank: Rank.date, value: value.getTime() };
  return undefined;
}

function storedPart(value: unknown): KeyPart {
  if (value === undefined || value === null) return NULL;
  return lookupPart(value) ?? OTHER;
}

/*
 * An entry is one string: its key parts encoded so that plain string order is the parts' order,
 * then `ID_MARK` and the document's id. At a company's size an index holds hundreds of thousands
 * of entries; as strings they are one object each that a garbage collection marks without looking
 * inside, where an entry was five (the entry, its parts array, a date's part and number, the id).
 *
 * A part is its rank's character, then its value:
 * - a number or date: its IEEE-754 bits as 16 hex digits, sign-adjusted so they sort as numbers;
 * - a string: its characters, `\0` written `\0\2`, ended by `\0\1` (below any character, so a
 *   string sorts before the strings it begins);
 * - a boolean: `0` or `1`; null and other: nothing.
 * Each part ends where it can be told from the next, and `\0\0` appears nowhere in parts, so two
 * entries first differ inside the first part they differ in, and the id follows the first `\0\0`.
 */
const ID_MARK = '\0\0';
/** After every entry that begins with a given prefix of parts (the next character is a rank's or `\0`). */
const PAST_PREFIX = '\uffff';

const rankChar = (rank: number): string => String.fromCharCode(0x30 + rank);

const bits = new DataView(new ArrayBuffer(8));

function numberText(value: number): string {
  bits.setFloat64(0, value === 0 ? 0 : value); // -0 is 0 to mingo
  let high = bits.getUint32(0);
  let low = bits.getUint32(4);
  // Negative numbers: all bits flipped (larger magnitude sorts lower); positive: the sign bit set.
  if (high >= 0x80000000) {
    high = ~high >>> 0;
    low = ~low >>> 0;
  } else {
    high = (high | 0x80000000) >>> 0;
  }
  return high.toString(16).padStart(8, '0') + low.toString(16).padStart(8, '0');
}

function partText(part: KeyPart): string {
  const rank = rankChar(part.rank);
  switch (part.rank) {
    case Rank.number:
    case Rank.date:
      return rank + numberText(part.value as number);
    case Rank.string:
      return `${rank}${(part.value as string).replaceAll('\0', '\0\u0002')}\0\u0001`;
    case Rank.boolean:
      return rank + (part.value ? '1' : '0');
    default:
      return rank;
  }
}

function keyText(parts: readonly KeyPart[]): string {
  let text = '';
  for (const part of parts) text += partText(part);
  return text;
}

/** The document id an entry ends with. */
function idOf(entry: string): string {
  return entry.slice(entry.indexOf(ID_MARK) + ID_MARK.length);
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

/** Most documents change a few at a time; a larger batch is cheaper merged in one pass (see `merged`). */
const INCREMENTAL_LIMIT = 200;

export class FieldIndex {
  readonly fields: string[];
  private readonly paths: string[][];
  /** Sorted entries (see `keyText`), built on first use (bulk loads cost nothing until a query needs the index). */
  private entries: string[] | undefined;
  /**
   * Whether some document ever held an array, an object or another value outside the ranks
   * under a key: mingo orders those by other rules, so the index no longer stands in for a sort.
   * For the ranks themselves the order is mingo's (null or missing, numbers, strings, booleans, dates).
   */
  private unordered = false;

  constructor(readonly spec: IndexSpec) {
    this.fields = spec.keys.map((key) => key.field);
    this.paths = this.fields.map((field) => field.split('.'));
  }

  /** The document's keys: one per combination of its values at the fields (usually one). */
  private keysOf(doc: Document): KeyPart[][] {
    const met = { array: false };
    const values = this.paths.map((path) => valuesAt(doc, path, met));
    if (met.array) this.unordered = true;
    let tuples: KeyPart[][] = [[]];
    for (const list of values) {
      const parts = list.length === 0 ? [NULL] : list.map(storedPart);
      tuples = tuples.flatMap((tuple) => parts.map((part) => [...tuple, part]));
    }
    if (tuples.some((parts) => parts.some((part) => part.rank === Rank.other))) this.unordered = true;
    return tuples;
  }

  private entriesOf(doc: Document): string[] {
    return this.keysOf(doc).map((parts) => keyText(parts) + ID_MARK + doc._id);
  }

  private built(docs: () => Iterable<Document>): string[] {
    if (!this.entries) {
      const entries: string[] = [];
      for (const doc of docs()) for (const entry of this.entriesOf(doc)) entries.push(entry);
      // The default sort compares UTF-16 code units, the order the encoding keeps.
      this.entries = entries.sort();
    }
    return this.entries;
  }

  get isBuilt(): boolean {
    return this.entries !== undefined;
  }

  /** Builds the index now if it is not built. */
  prepare(docs: () => Iterable<Document>): void {
    this.built(docs);
  }

  /** Keeps a built index in step with a commit: `changes` pairs the old and new document of each id. */
  update(changes: readonly { before: Document | undefined; after: Document | null }[]): void {
    const entries = this.entries;
    if (!entries) return;
    if (changes.length > INCREMENTAL_LIMIT) {
      this.entries = this.merged(entries, changes);
      return;
    }
    for (const { before, after } of changes) {
      for (const entry of before ? this.entriesOf(before) : []) {
        const at = firstAtLeast(entries, entry);
        if (entries[at] === entry) entries.splice(at, 1);
      }
      for (const entry of after ? this.entriesOf(after) : []) {
        const at = firstAtLeast(entries, entry);
        if (entries[at] !== entry) entries.splice(at, 0, entry);
      }
    }
  }

  /** A large commit's entries merged in one pass (each splice would move the whole array). */
  private merged(entries: readonly string[], changes: readonly { before: Document | undefined; after: Document | null }[]): string[] {
    const removed = new Set<string>();
    const added = new Set<string>();
    for (const { before, after } of changes) {
      for (const entry of before ? this.entriesOf(before) : []) removed.add(entry);
      for (const entry of after ? this.entriesOf(after) : []) added.add(entry);
    }
    // An entry a change keeps (same key, same id) stays where it is.
    for (const entry of added) if (removed.delete(entry)) added.delete(entry);
    const incoming = [...added].sort();
    const result: string[] = [];
    let next = 0;
    for (const entry of entries) {
      if (removed.has(entry)) continue;
      while (next < incoming.length && incoming[next] < entry) result.push(incoming[next++]);
      if (incoming[next] === entry) next++;
      result.push(entry);
    }
    while (next < incoming.length) result.push(incoming[next++]);
    return result;
  }

  /**
   * For a unique index: the first key a change would share with another document (committed and
   * not changed, or changed in the same commit), as MongoDB refuses it with E11000. Missing keys
   * count as null (see `Rank`).
   */
  duplicateIn(docs: () => Iterable<Document>, changes: readonly { id: string; doc: Document | null }[]): KeyPart[] | undefined {
    if (!this.spec.unique) return undefined;
    const entries = this.built(docs);
    const changed = new Set(changes.map((change) => change.id));
    const taken = new Map<string, string>();
    for (const { id, doc } of changes) {
      if (!doc) continue;
      for (const parts of this.keysOf(doc)) {
        const text = keyText(parts);
        const other = taken.get(text);
        if (other !== undefined && other !== id) return parts;
        taken.set(text, id);
        const [start, end] = bounds(entries, parts, undefined);
        for (let i = start; i < end; i++) if (!changed.has(idOf(entries[i]))) return parts;
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
    for (let i = start; i < end; i++) into.add(idOf(entries[i]));
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
      const id = idOf(entries[i]);
      if (!page.accept(id)) continue;
      into.add(id);
      taken++;
    }
    return true;
  }
}

/** The entries `[start, end)` of a lookup: the prefix, and the range on the next key. */
function bounds(entries: readonly string[], prefix: readonly KeyPart[], range: KeyRange | undefined): [number, number] {
  const head = keyText(prefix);
  if (!range) return [firstAtLeast(entries, head), firstAtLeast(entries, head + PAST_PREFIX)];
  const rank = rankChar(range.rank);
  const bound = (side: NonNullable<KeyRange['lower']>, past: boolean): string => {
    const text = head + partText({ rank: range.rank, value: side.value });
    return past ? text + PAST_PREFIX : text;
  };
  // Without a bound the range runs from the first to the last value of its type.
  const start = firstAtLeast(entries, range.lower ? bound(range.lower, !range.lower.inclusive) : head + rank);
  const end = firstAtLeast(entries, range.upper ? bound(range.upper, range.upper.inclusive) : head + rankChar(range.rank + 1));
  return [start, Math.max(start, end)];
}

/** The first entry ≥ `probe`. */
function firstAtLeast(entries: readonly string[], probe: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (entries[mid] < probe) low = mid + 1;
    else high = mid;
  }
  return low;
}
