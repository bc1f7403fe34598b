import { Aggregator, ProcessingMode, Query, find, update } from 'mingo';
import { CloudError, ErrorCode } from '../errors';
import type { Document } from './documents';
import { isPlainObject } from './ejson';

/**
 * Query, update and aggregation semantics, all from mingo. Stored documents are shared and
 * never mutated, while mingo works in place (CLONE_OFF) — so everything that reshapes
 * documents (projection, update, aggregation) runs on clones.
 */

export type AnyObject = Record<string, unknown>;
export type Criteria = Record<string, unknown>;
export type SortOrder = Record<string, 1 | -1>;

type MingoOptions = NonNullable<ConstructorParameters<typeof Query>[1]>;

const baseOptions: MingoOptions = { idKey: '_id', scriptEnabled: false };

/**
 * Runs mingo, answering its complaints about operators (unknown operator, malformed stage, …)
 * as the cloud does. They are MingoError instances; the class is recognised by name because
 * it is exported only from the `mingo/util` subpath, which this project's module resolution
 * cannot type.
 */
function withMingo<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof Error && error.constructor.name === 'MingoError') {
      throw new CloudError(ErrorCode.InvalidOperator, error.message);
    }
    throw error;
  }
}

export class Filter {
  private readonly query: Query;

  constructor(readonly criteria: Criteria) {
    this.query = withMingo(() => new Query(criteria, baseOptions));
  }

  /** The `_id` the criteria pin down, when they name one plainly (lets reads skip a scan). */
  get id(): string | undefined {
    return typeof this.criteria._id === 'string' ? this.criteria._id : undefined;
  }

  test(doc: Document): boolean {
    return withMingo(() => this.query.test(doc));
  }

  /** Matching documents in the given order (natural order when `order` is empty), one page of them. */
  page(docs: readonly Document[], order: SortOrder, skip: number, limit: number): Document[] {
    if (Object.keys(order).length > 0) {
      return withMingo(() => this.query.find<Document>(docs).sort(order).skip(skip).limit(limit).all());
    }
    // In natural order the scan can stop as soon as the page is full.
    const page: Document[] = [];
    let skipped = 0;
    for (const doc of docs) {
      if (page.length >= limit) break;
      if (!this.test(doc)) continue;
      if (skipped < skip) skipped++;
      else page.push(doc);
    }
    return page;
  }
}

/** Applies a projection such as `{a:1, 'b.c':1}` or `{a:0}` to copies of the documents. */
export function project(docs: readonly Document[], projection: Record<string, unknown>): AnyObject[] {
  const pick = picker(projection);
  return pick ? docs.map(pick) : withMingo(() => find<AnyObject>(structuredClone(docs), {}, projection, baseOptions).all());
}

/**
 * The common projection, some top-level fields included (`{ a: true, b: 1 }`): picked without
 * copying whole documents (what is picked is only read, to be written out). Undefined for any
 * other projection, which goes through mingo.
 */
export function picker(projection: Record<string, unknown>): ((doc: Document) => AnyObject) | undefined {
  const fields = Object.entries(projection);
  if (!fields.every(([field, shown]) => (shown === true || shown === 1) && !field.includes('.') && !field.startsWith('$'))) return undefined;
  // `_id` is always included; naming it changes nothing (excluding it goes through mingo).
  const picked = ['_id', ...fields.map(([field]) => field).filter((field) => field !== '_id')];
  return (doc) => Object.fromEntries(picked.filter((field) => field in doc).map((field) => [field, doc[field]]));
}

/**
 * Applies update operators ($set, $inc, $push, …) to a copy of `doc`; `criteria` lets the
 * positional `$` operator find its array element.
 */
export function applyUpdate(doc: Document, operators: Record<string, unknown>, criteria: Criteria): Record<string, unknown> {
  checkOperandTypes(doc, operators);
  const copy: Record<string, unknown> = structuredClone(doc);
  withMingo(() => update(copy, operators, undefined, criteria, { cloneMode: 'deep', queryOptions: baseOptions }));
  return copy;
}

const numericOperators = new Set(['$inc', '$mul']);
const arrayOperators = new Set(['$push', '$pop', '$pull', '$pullAll', '$addToSet']);

/**
 * mingo silently leaves a field alone when `$inc` meets a string or `$push` a number; MongoDB,
 * and so the cloud, refuse the whole update. Fields under positional paths are left to mingo.
 */
function checkOperandTypes(doc: Document, operators: Record<string, unknown>): void {
  for (const [operator, fields] of Object.entries(operators)) {
    const numeric = numericOperators.has(operator);
    if ((!numeric && !arrayOperators.has(operator)) || fields === null || typeof fields !== 'object') continue;
    for (const path of Object.keys(fields)) {
      const value = valueAt(doc, path);
      if (value === undefined || (numeric ? typeof value === 'number' : Array.isArray(value))) continue;
      throw new CloudError(
        ErrorCode.DatabaseRequestFailed,
        `Cannot apply ${operator} to a value of non-${numeric ? 'numeric' : 'array'} type at "${path}"`,
      );
    }
  }
}

function valueAt(doc: Document, path: string): unknown {
  let value: unknown = doc;
  for (const key of path.split('.')) {
    if (key.startsWith('$') || value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** A field path's value, or `through` when the path crosses an array (where an expression's path means something else). */
const THROUGH_ARRAY = Symbol('through an array');
function fieldValue(doc: Document, path: readonly string[]): unknown {
  let value: unknown = doc;
  for (const key of path) {
    if (Array.isArray(value)) return THROUGH_ARRAY;
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** `$name` as a field path's keys (not a `$$variable`), or undefined. */
const pathOf = (operand: unknown): string[] | undefined => (typeof operand === 'string' && /^\$[^$]/.test(operand) ? operand.slice(1).split('.') : undefined);

/**
 * A `$group` keyed by a constant or one field, with only `$sum`s of a field or a number (the
 * api's sums and counts), run directly: 5,000 bills summed in about 1 ms where mingo takes 17.
 * Undefined when the stage has another shape or a key is not a plain value (a date, an object,
 * an array, a path through an array): mingo runs those.
 */
function plainGroup(stage: AnyObject, docs: readonly Document[]): AnyObject[] | undefined {
  const spec = stage.$group;
  if (!isPlainObject(spec) || !('_id' in spec)) return undefined;
  const { _id: key, ...accumulators } = spec;
  const keyPath = pathOf(key);
  if (keyPath === undefined && key !== null && typeof key !== 'number' && typeof key !== 'boolean' && (typeof key !== 'string' || key.startsWith('$'))) return undefined;
  const sums: [name: string, operand: number | string[]][] = [];
  for (const [name, accumulator] of Object.entries(accumulators)) {
    if (!isPlainObject(accumulator) || Object.keys(accumulator).length !== 1 || !('$sum' in accumulator)) return undefined;
    const operand = accumulator.$sum;
    const path = pathOf(operand);
    if (typeof operand === 'number') sums.push([name, operand]);
    else if (path !== undefined) sums.push([name, path]);
    else return undefined;
  }
  const groups = new Map<unknown, AnyObject>();
  for (const doc of docs) {
    const value = keyPath === undefined ? key : (fieldValue(doc, keyPath) ?? null);
    if (value !== null && typeof value === 'object') return undefined;
    if (typeof value === 'symbol' || typeof value === 'number' && Number.isNaN(value)) return undefined;
    let group = groups.get(value);
    if (!group) {
      group = { _id: value, ...Object.fromEntries(sums.map(([name]) => [name, 0])) };
      groups.set(value, group);
    }
    for (const [name, operand] of sums) {
      const add = typeof operand === 'number' ? operand : fieldValue(doc, operand);
      if (add === THROUGH_ARRAY) return undefined;
      // Like the database, a sum takes numbers only: text, arrays and missing fields add nothing.
      if (typeof add === 'number') group[name] = (group[name] as number) + add;
    }
  }
  return [...groups.values()];
}

/** Stages that write to other collections, which the cloud's aggregate does not offer. */
const writingStages = new Set(['$out', '$merge']);

/**
 * Runs an aggregation pipeline. `lookup` resolves `$lookup`/`$unionWith` collection names
 * (copies, since mingo may modify joined documents in later stages).
 */
export function aggregate(
  docs: readonly Document[],
  pipeline: AnyObject[],
  lookup: (name: string) => readonly AnyObject[],
): AnyObject[] {
  for (const stage of pipeline) {
    for (const name of Object.keys(stage)) {
      if (writingStages.has(name)) throw new CloudError(ErrorCode.InvalidOperator, `aggregation stage ${name} is not supported`);
    }
  }
  // Leading $match stages only filter: run them on the shared documents so that only the
  // matching ones are copied for the rest of the pipeline.
  let input: readonly Document[] = docs;
  let first = 0;
  while (first < pipeline.length) {
    const criteria = matchCriteria(pipeline[first]);
    if (!criteria) break;
    const filter = new Filter(criteria);
    input = input.filter((doc) => filter.test(doc));
    first++;
  }
  const rest = pipeline.slice(first);
  if (rest.length === 0) return [...input];
  const options = (processingMode: ProcessingMode) => ({ ...baseOptions, processingMode, collectionResolver: (name: string) => structuredClone([...lookup(name)]) });
  // A `$group` only reads its input: it runs on the shared documents without copying them all
  // (5,000 bills summed: about 15 ms less), and what it built is copied before anything else runs.
  if (Object.keys(rest[0]).length === 1 && '$group' in rest[0]) {
    const grouped = plainGroup(rest[0], input) ?? structuredClone(withMingo(() => new Aggregator([rest[0]], options(ProcessingMode.CLONE_OFF)).run(input)));
    return rest.length === 1 ? grouped : withMingo(() => new Aggregator(rest.slice(1), options(ProcessingMode.CLONE_OFF)).run(grouped));
  }
  return withMingo(() => new Aggregator(rest, options(ProcessingMode.CLONE_INPUT)).run(input));
}

/** The criteria of a `{$match: {…}}` stage, or undefined for any other stage. */
export function matchCriteria(stage: AnyObject): Criteria | undefined {
  const keys = Object.keys(stage);
  return keys.length === 1 && keys[0] === '$match' && isPlainObject(stage.$match) ? stage.$match : undefined;
}
