import type { Document } from './documents';
import { isPlainObject } from './ejson';
import { lookupPart, type FieldIndex, type KeyPart, type KeyRange } from './indexes';
import type { Criteria, SortOrder } from './query';

/**
 * Which index serves a query, and how.
 *
 * "Served by an index" means: the filter's top-level conditions — equality to a string,
 * number, boolean or date, `in` a list of them, or a range (`gt`/`gte`/`lt`/`lte`), counting
 * conditions joined by `and` and the fields inside an `elemMatch` — cover a non-empty prefix of a
 * declared index's keys (the `_id` index counts); or the filter is a top-level `or` whose every
 * branch is served; or the filter is empty and the sort follows an index's keys (or there is no
 * sort). Other conditions (`neq`, `exists`, `nin`, regexes, null, arrays) narrow nothing: mingo
 * applies them to the candidates the index picked.
 */

type Condition = { kind: 'equal'; parts: KeyPart[] } | { kind: 'range'; range: KeyRange };

/**
 * Equalities expanded into at most this many prefixes (each a binary search); beyond it, the
 * shorter prefix serves. Well above the 1000 ids a page holds, so an `in` of a page of ids is served.
 */
const MAX_PREFIXES = 4096;

const rangeOperators = new Set(['$gt', '$gte', '$lt', '$lte']);

/** The conditions an index can use, by field. */
function conditionsOf(criteria: Criteria, prefix = ''): Map<string, Condition[]> {
  const conditions = new Map<string, Condition[]>();
  const add = (field: string, condition: Condition | undefined): void => {
    if (!condition) return;
    const list = conditions.get(field) ?? [];
    // The SDK sends `_.gte(a).and(_.lt(b))` as two conditions under `$and`: one range serves both.
    const sameRank = condition.kind === 'range' ? list.find((other) => other.kind === 'range' && other.range.rank === condition.range.rank) : undefined;
    if (sameRank?.kind === 'range' && condition.kind === 'range') sameRank.range = narrower(sameRank.range, condition.range);
    else list.push(condition);
    conditions.set(field, list);
  };
  for (const [key, value] of Object.entries(criteria)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) {
        if (!isPlainObject(part)) continue;
        for (const [field, list] of conditionsOf(part, prefix)) for (const condition of list) add(field, condition);
      }
      continue;
    }
    if (key.startsWith('$')) continue;
    const field = prefix + key;
    if (isPlainObject(value) && Object.keys(value).some((operator) => operator.startsWith('$'))) {
      for (const condition of operatorConditions(value)) add(field, condition);
      const elements = value.$elemMatch;
      if (isPlainObject(elements)) {
        for (const [inner, list] of conditionsOf(elements, `${field}.`)) for (const condition of list) add(inner, condition);
      }
      continue;
    }
    const part = lookupPart(value);
    add(field, part && { kind: 'equal', parts: [part] });
  }
  return conditions;
}

function operatorConditions(operators: Record<string, unknown>): Condition[] {
  const found: Condition[] = [];
  const equal = lookupPart(operators.$eq);
  if (equal) found.push({ kind: 'equal', parts: [equal] });
  const list = operators.$in;
  if (Array.isArray(list) && list.length > 0) {
    const parts = list.map(lookupPart);
    if (parts.every((part): part is KeyPart => part !== undefined)) found.push({ kind: 'equal', parts });
  }
  let range: KeyRange | undefined;
  for (const [operator, bound] of Object.entries(operators)) {
    if (!rangeOperators.has(operator)) continue;
    const part = lookupPart(bound);
    if (!part) return found;
    if (range && range.rank !== part.rank) return found; // bounds of two types match nothing; let mingo say so
    const side = { value: part.value, inclusive: operator.endsWith('e') };
    const one: KeyRange = operator.startsWith('$gt') ? { rank: part.rank, lower: side } : { rank: part.rank, upper: side };
    range = range ? narrower(range, one) : one;
  }
  if (range) found.push({ kind: 'range', range });
  return found;
}

/** Both ranges at once (of one type): the higher lower bound and the lower upper bound. */
function narrower(a: KeyRange, b: KeyRange): KeyRange {
  const pick = (x: KeyRange['lower'], y: KeyRange['lower'], higher: boolean): KeyRange['lower'] => {
    if (!x) return y;
    if (!y) return x;
    if (x.value !== y.value) return (x.value > y.value) === higher ? x : y;
    return x.inclusive ? y : x;
  };
  return { rank: a.rank, lower: pick(a.lower, b.lower, true), upper: pick(a.upper, b.upper, false) };
}

/** How one index would be used: the equality prefixes it looks up, and a range on the next key. */
interface IndexUse {
  index: FieldIndex;
  prefixes: KeyPart[][];
  range?: KeyRange;
  /** Keys covered (a range covers one). */
  covered: number;
}

function useOf(index: FieldIndex, conditions: Map<string, Condition[]>): IndexUse | undefined {
  let prefixes: KeyPart[][] = [[]];
  let covered = 0;
  for (const field of index.fields) {
    const list = conditions.get(field) ?? [];
    const equal = list.find((condition): condition is Extract<Condition, { kind: 'equal' }> => condition.kind === 'equal');
    if (equal && prefixes.length * equal.parts.length <= MAX_PREFIXES) {
      prefixes = prefixes.flatMap((prefix) => equal.parts.map((part) => [...prefix, part]));
      covered++;
      continue;
    }
    const range = list.find((condition): condition is Extract<Condition, { kind: 'range' }> => condition.kind === 'range');
    if (range) return { index, prefixes, range: range.range, covered: covered + 1 };
    break;
  }
  return covered > 0 ? { index, prefixes, covered } : undefined;
}

/**
 * A page's needs, for a sorted query: when the sort follows the index after its equalities and
 * ends with `_id` (a total order), each equality prefix contributes only its first `need` ids
 * that `accept` takes, walked in index order — the page can come from no others.
 */
export interface PageHint {
  need: number;
  accept(id: string): boolean;
}

export interface Plan {
  /** The indexes it may use (the one covering the most keys, and one in the sort's order); empty for a scan. */
  indexes: string[];
  /** Whether the query counts as served by an index (see the top of this file). */
  served: boolean;
  /** Candidate ids, or undefined to scan every document. */
  candidates(docs: () => Iterable<Document>, page?: PageHint): Set<string> | undefined;
}

type Docs = () => Iterable<Document>;

const scan = (served: boolean): Plan => ({ indexes: [], served, candidates: () => undefined });

/** The plan for `criteria` (and `order`) over a collection's indexes (the `_id` index among them). */
export function planQuery(indexes: readonly FieldIndex[], criteria: Criteria, order: SortOrder): Plan {
  const conditions = conditionsOf(criteria);
  const best = bestUse(indexes, conditions, order);
  if (best) {
    const walk = walkFor(best, order);
    // The index covering the most keys may not give the sort's order while one covering fewer does.
    const inOrder = walk ? undefined : bestUse(indexes, conditions, order, true);
    const inOrderWalk = inOrder && walkFor(inOrder, order);
    return {
      indexes: [best.index.spec.name, ...(inOrder ? [inOrder.index.spec.name] : [])],
      served: true,
      candidates: (docs, page) => {
        if (walk && page) return walked(best, walk, page, docs) ?? lookupAll(best, docs);
        if (inOrder && inOrderWalk && page && walksCheaper(inOrder, best, page.need, docs)) {
          const ids = walked(inOrder, inOrderWalk, page, docs);
          if (ids) return ids;
        }
        return lookupAll(best, docs);
      },
    };
  }
  const branches = criteria.$or;
  if (Array.isArray(branches) && branches.length > 0 && branches.every(isPlainObject)) {
    const uses = branches.map((branch) => bestUse(indexes, conditionsOf(branch)));
    if (uses.every((use): use is IndexUse => use !== undefined)) {
      return {
        indexes: [...new Set(uses.map((use) => use.index.spec.name))],
        served: true,
        candidates: (docs) => {
          const ids = new Set<string>();
          for (const use of uses) lookupAll(use, docs, ids);
          return ids;
        },
      };
    }
  }
  if (Object.keys(criteria).length > 0) return scan(false);
  return scan(Object.keys(order).length === 0 || indexes.some((index) => followsOrder(index, order)));
}

/**
 * The index covering the most keys; among those, one whose order gives the sort's (with
 * `walking`, only one whose order gives the sort's).
 */
function bestUse(indexes: readonly FieldIndex[], conditions: Map<string, Condition[]>, order: SortOrder = {}, walking = false): IndexUse | undefined {
  let best: IndexUse | undefined;
  let bestWalks = false;
  for (const index of indexes) {
    const use = useOf(index, conditions);
    if (!use) continue;
    const walks = walkFor(use, order) !== undefined;
    if (walking && !walks) continue;
    if (!best || use.covered > best.covered || (use.covered === best.covered && walks && !bestWalks)) {
      best = use;
      bestWalks = walks;
    }
  }
  return best;
}

type Walk = Parameters<FieldIndex['walk']>[2];

/** How to walk the index for `order`: its keys right after the equalities, all one direction, ending with `_id`. */
function walkFor(use: IndexUse, order: SortOrder): Walk | undefined {
  const sorted = Object.entries(order);
  const from = use.prefixes[0].length;
  const keys = use.index.spec.keys.slice(from, from + sorted.length);
  if (sorted.length === 0 || keys.length < sorted.length || sorted[sorted.length - 1][0] !== '_id') return undefined;
  if (!sorted.every(([field], i) => keys[i].field === field)) return undefined;
  // Entries are kept ascending on every key whatever the declared directions: a sort all one way
  // is a walk forwards or backwards.
  if (!sorted.every(([, direction]) => direction === sorted[0][1])) return undefined;
  return { descending: sorted[0][1] === -1 };
}

/** The first ids of each prefix in the sort's order, or undefined when the index cannot order them. */
function walked(use: IndexUse, walk: Walk, page: PageHint, docs: Docs): Set<string> | undefined {
  const ids = new Set<string>();
  for (const prefix of use.prefixes) {
    if (!use.index.walk(docs, { prefix, range: use.range }, walk, page, ids)) return undefined;
  }
  return ids;
}

function entryCount(use: IndexUse, docs: Docs): number {
  let count = 0;
  for (const prefix of use.prefixes) count += use.index.count(docs, prefix, use.range);
  return count;
}

/**
 * Whether walking `inOrder` for a page is cheaper than reading every candidate of `narrow` and
 * sorting them, as a planner with the indexes' counts would judge. The page's documents are
 * among `narrow`'s entries; spread evenly over `inOrder`'s, a walk meets `need` of them after
 * about need × (its entries / narrow's) entries per prefix.
 */
function walksCheaper(inOrder: IndexUse, narrow: IndexUse, need: number, docs: Docs): boolean {
  const candidates = entryCount(narrow, docs);
  const walkedOver = entryCount(inOrder, docs);
  const walkCost = Math.min(walkedOver, (inOrder.prefixes.length * need * walkedOver) / Math.max(1, candidates));
  // Reading a candidate and sorting it costs about twice a walked entry.
  return walkCost < 2 * candidates;
}

function lookupAll(use: IndexUse, docs: Docs, into = new Set<string>()): Set<string> {
  for (const prefix of use.prefixes) use.index.lookup(docs, prefix, use.range, into);
  return into;
}

/** True when the sort is a prefix of the index's keys, in its directions or all reversed. */
function followsOrder(index: FieldIndex, order: SortOrder): boolean {
  const sorted = Object.entries(order);
  if (sorted.length > index.fields.length) return false;
  const same = sorted.every(([field, direction], i) => index.spec.keys[i].field === field && index.spec.keys[i].direction === direction);
  const reversed = sorted.every(([field, direction], i) => index.spec.keys[i].field === field && index.spec.keys[i].direction === -direction);
  return same || reversed;
}

/** The fields a filter names, for warnings: top-level and under `and`/`or`/`elemMatch`. */
export function filterFields(criteria: Criteria, prefix = ''): string[] {
  const fields = new Set<string>();
  for (const [key, value] of Object.entries(criteria)) {
    if ((key === '$and' || key === '$or' || key === '$nor') && Array.isArray(value)) {
      for (const part of value) if (isPlainObject(part)) for (const field of filterFields(part, prefix)) fields.add(field);
      continue;
    }
    if (key.startsWith('$')) continue;
    fields.add(prefix + key);
    if (isPlainObject(value) && isPlainObject(value.$elemMatch)) for (const field of filterFields(value.$elemMatch, `${prefix}${key}.`)) fields.add(field);
  }
  return [...fields];
}
