import { cloud } from './cloud';
import type { CollectionName } from './collections';

export { COLLECTIONS, type CollectionName } from './collections';

export type Where = Record<string, unknown>;
export type SortOrder = [field: string, direction: 'asc' | 'desc'];

/** The SDK's query objects, typed as far as this module uses them. */
interface Query {
  where(where: Where): Query;
  orderBy(field: string, direction: 'asc' | 'desc'): Query;
  limit(n: number): Query;
  skip(n: number): Query;
  /** Only these fields (and `_id`) of each match. */
  field(projection: Record<string, true>): Query;
  get(): Promise<{ data: unknown[] }>;
  count(): Promise<{ total: number }>;
  update(options: { data: Record<string, unknown> }): Promise<{ stats: { updated: number } }>;
  remove(): Promise<{ stats: { removed: number } }>;
}
interface Aggregate {
  match(where: Where): Aggregate;
  group(stage: Record<string, unknown>): Aggregate;
  limit(n: number): Aggregate;
  sort(order: Record<string, 1 | -1>): Aggregate;
  lookup(stage: { from: string; let?: Record<string, string>; pipeline: unknown[]; as: string }): Aggregate;
  /** The stages built so far, as a lookup's pipeline takes them. */
  done(): unknown[];
  end(): Promise<{ list: unknown[] }>;
}
interface Collection extends Query {
  aggregate(): Aggregate;
  add(options: { data: Record<string, unknown> | Record<string, unknown>[] }): Promise<unknown>;
  doc(id: string): {
    set(options: { data: Record<string, unknown> }): Promise<unknown>;
    remove(): Promise<unknown>;
  };
}

let shared: ReturnType<typeof cloud.database> | undefined;
/**
 * One database object per instance, as the SDK's examples keep it: the SDK builds a new class for
 * each `cloud.database()`, which cost more CPU than a small read. It holds no env: the current env
 * is resolved for each request.
 */
export const database = (): ReturnType<typeof cloud.database> => (shared ??= cloud.database());
export const command = (): ReturnType<typeof cloud.database>['command'] => database().command;

function collection(name: CollectionName): Collection {
  return database().collection(name) as unknown as Collection;
}

const COLLECTION_MISSING = -502005;

function errCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'errCode' in error ? Number((error as { errCode: unknown }).errCode) : undefined;
}

/** Queries report a missing collection by its code; an aggregation reports it by name only (errCode -1). */
const collectionMissing = (error: unknown): boolean =>
  errCode(error) === COLLECTION_MISSING || (typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'DATABASE_COLLECTION_NOT_EXIST');

/**
 * A collection that does not exist yet reads as empty; the first write creates it. So a new
 * env needs no manual setup, while docs/ still lists the indexes production needs.
 */
async function reading<T>(op: () => Promise<T>, empty: T): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (collectionMissing(error)) return empty;
    throw error;
  }
}

/** Runs a write, creating the collection first if it does not exist yet. */
export async function writing<T>(name: CollectionName, op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (error) {
    if (!collectionMissing(error)) throw error;
    try {
      await database().createCollection(name);
    } catch {
      // Created meanwhile by a concurrent call: the retry below decides.
    }
    return op();
  }
}

export interface QueryOptions {
  orderBy?: SortOrder[];
  /** At most 100 per call (1000 when `fields` are given); page with a cursor on the sort key, never with deep skips. */
  limit?: number;
  /** Only these fields of each match (with `_id`): a scan for keys moves small documents, so more of them per call. */
  fields?: readonly string[];
}

const fieldsOnly = (fields: readonly string[]): Record<string, true> => Object.fromEntries(fields.map((field): [string, true] => [field, true]));

export async function find<T>(name: CollectionName, where: Where, options: QueryOptions = {}): Promise<T[]> {
  let query = collection(name).where(where);
  for (const [field, direction] of options.orderBy ?? []) query = query.orderBy(field, direction);
  if (options.fields) query = query.field(fieldsOnly(options.fields));
  // One read returns at most this many: a caller asking for more would lose the rest without knowing.
  const cap = options.fields ? 1000 : 100;
  const limit = options.limit ?? 100;
  if (limit > cap) throw new Error(`find(${name}) asked for ${limit}, above the ${cap} one read returns: page with a cursor, or use findAll`);
  const limited = query.limit(limit);
  return reading(async () => (await limited.get()).data as T[], []);
}

/**
 * Every match, fetched in pages of 1000 ordered by `_id` (for bounded sets such as one community's
 * units). `fields`, when given, are the only ones read (with `_id`): a report over many records
 * moves and decodes only what it computes from.
 */
export async function findAll<T extends { _id: string }>(name: CollectionName, where: Where, max = 20_000, fields?: readonly string[]): Promise<T[]> {
  const _ = command();
  const all: T[] = [];
  let after = '';
  const projection = fields ? fieldsOnly(fields) : undefined;
  for (;;) {
    const page = await reading(async () => {
      const query = collection(name)
        .where(after ? { ...where, _id: _.gt(after) } : where)
        .orderBy('_id', 'asc')
        .limit(1000);
      return (await (projection ? query.field(projection) : query).get()).data as T[];
    }, []);
    all.push(...page);
    if (page.length < 1000 || all.length >= max) return all;
    after = page[page.length - 1]._id;
  }
}

/** How many ids one read names when documents are read by their ids. */
const IDS_PER_READ = 500;

/** The documents of these ids that exist (only `fields` of them, with `_id`), 500 ids to a read. */
export async function findByIds<T extends { _id: string }>(name: CollectionName, ids: readonly string[], fields: readonly string[]): Promise<T[]> {
  const found: T[] = [];
  for (let start = 0; start < ids.length; start += IDS_PER_READ) {
    found.push(...(await find<T>(name, { _id: command().in(ids.slice(start, start + IDS_PER_READ)) }, { fields, limit: IDS_PER_READ })));
  }
  return found;
}

export async function findById<T>(name: CollectionName, id: string): Promise<T | undefined> {
  const [found] = await find<T>(name, { _id: id }, { limit: 1 });
  return found;
}

export async function count(name: CollectionName, where: Where): Promise<number> {
  return reading(async () => (await collection(name).where(where).count()).total, 0);
}

/**
 * How many documents matching `where` hold each value of `field`, in one request (an aggregation
 * grouped by the field) where counting each value apart would be a request per value.
 */
export async function countEach(name: CollectionName, where: Where, field: string): Promise<Map<string, number>> {
  const rows = await reading(
    async () =>
      (
        await collection(name)
          .aggregate()
          .match(where)
          .group({ _id: `$${field}`, count: command().aggregate.sum(1) })
          .end()
      ).list as { _id: string; count: number }[],
    [],
  );
  return new Map(rows.map((row) => [row._id, row.count]));
}

/**
 * A list joined to each document: those of `from` matching `where` (and, with `on`, whose `field`
 * equals the document's `localField`), in order, at most `limit`.
 */
export interface Join {
  as: string;
  from: CollectionName;
  on?: { field: string; localField: string };
  where: Where;
  orderBy: SortOrder;
  limit: number;
}

/**
 * The documents of `name` matching `where` (in `orderBy` when given, at most `limit`), each
 * carrying the lists `joins` name, in one request: an aggregation with a lookup per list, where
 * reading each list apart would cost a request each.
 */
export async function findJoined<D>(name: CollectionName, where: Where, limit: number, joins: readonly Join[], orderBy?: SortOrder): Promise<D[]> {
  // `expr` and `aggregate.pipeline` are in the SDK (wx-server-sdk 1.4) but not in its typings.
  const _ = command() as unknown as { expr(expression: unknown): Where; aggregate: { pipeline(): Aggregate; eq(pair: [string, string]): unknown } };
  const $ = _.aggregate;
  const sortOf = ([field, direction]: SortOrder): Record<string, 1 | -1> => ({ [field]: direction === 'asc' ? 1 : -1, _id: direction === 'asc' ? 1 : -1 });
  return reading(async () => {
    let stages = collection(name).aggregate().match(where);
    if (orderBy) stages = stages.sort(sortOf(orderBy));
    stages = stages.limit(limit);
    for (const join of joins) {
      // The plain conditions first: the database (and the local cloud) picks their candidates by an index.
      let pipeline = $.pipeline().match(join.where);
      if (join.on) pipeline = pipeline.match(_.expr($.eq([`$${join.on.field}`, '$$key'])));
      stages = stages.lookup({
        from: join.from,
        ...(join.on ? { let: { key: `$${join.on.localField}` } } : {}),
        pipeline: pipeline.sort(sortOf(join.orderBy)).limit(join.limit).done(),
        as: join.as,
      });
    }
    return (await stages.end()).list as D[];
  }, []);
}

/** A group's sums (by name) and how many documents it holds. */
export type Sums<K extends string> = Record<K | 'count', number>;

/**
 * The sums of the numeric fields at `paths` (by name) over the documents matching `where`, and how
 * many there are, for each value of `field` (null for those without it), in one request: an
 * aggregation grouped by the field, so the database adds them up where reading them would be a
 * request per 1,000 documents.
 */
export async function sumsEach<K extends string>(name: CollectionName, where: Where, field: string, paths: Record<K, string>): Promise<Map<unknown, Sums<K>>> {
  const $ = command().aggregate;
  const keys = Object.keys(paths) as K[];
  const rows = await reading(
    async () =>
      (
        await collection(name)
          .aggregate()
          .match(where)
          .group({ _id: `$${field}`, count: $.sum(1), ...Object.fromEntries(keys.map((key) => [key, $.sum(`$${paths[key]}`)])) })
          .end()
      ).list as (Sums<K> & { _id: unknown })[],
    [],
  );
  return new Map(
    rows.map((row) => {
      const sums = { count: row.count } as Sums<K>;
      for (const key of keys) sums[key] = row[key];
      return [row._id ?? null, sums];
    }),
  );
}

export async function insert(name: CollectionName, document: { _id: string } & Record<string, unknown>): Promise<void> {
  await writing(name, () => collection(name).add({ data: document }));
}

export async function insertMany(name: CollectionName, documents: ({ _id: string } & Record<string, unknown>)[]): Promise<void> {
  for (let i = 0; i < documents.length; i += 100) {
    const chunk = documents.slice(i, i + 100);
    await writing(name, () => collection(name).add({ data: chunk }));
  }
}

/** Replaces (or creates) a whole document. */
export async function put(name: CollectionName, id: string, document: Record<string, unknown>): Promise<void> {
  await writing(name, () => collection(name).doc(id).set({ data: document }));
}

/** Updates the documents matching `where`; returns how many changed. */
export async function update(name: CollectionName, where: Where, data: Record<string, unknown>): Promise<number> {
  return reading(async () => (await collection(name).where(where).update({ data })).stats.updated, 0);
}

/**
 * Optimistic concurrency: applies `data` only if the document still has `version`, and bumps it.
 * Returns false when someone else changed it first.
 */
export async function updateVersioned(
  name: CollectionName,
  id: string,
  version: number,
  data: Record<string, unknown>,
): Promise<boolean> {
  const changed = await update(name, { _id: id, version }, { ...data, version: command().inc(1) });
  return changed === 1;
}

/**
 * Adds `by` to a number field of one document, creating the document (with `created` and the
 * field set to `by`) when it does not exist. Each step is one write the database applies
 * atomically, so concurrent increments all count.
 */
export async function increment(name: CollectionName, id: string, field: string, by: number, created: Record<string, unknown> = {}): Promise<void> {
  for (let round = 0; round < 2; round += 1) {
    if ((await update(name, { _id: id }, { [field]: command().inc(by) })) === 1) return;
    try {
      await insert(name, { ...created, _id: id, [field]: by });
      return;
    } catch (error) {
      // Created meanwhile by a concurrent increment: the update now finds it.
      if (!isDuplicateKey(error)) throw error;
    }
  }
  throw new Error(`increment of ${name}/${id} found the document neither present nor absent`);
}

export async function remove(name: CollectionName, where: Where): Promise<number> {
  return reading(async () => (await collection(name).where(where).remove()).stats.removed, 0);
}

/** True when an insert failed because the `_id` already exists. */
export function isDuplicateKey(error: unknown): boolean {
  return error instanceof Error && /duplicate key|E11000/i.test(error.message + String((error as { errMsg?: string }).errMsg ?? ''));
}
