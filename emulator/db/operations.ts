import { CloudError, ErrorCode } from '../errors';
import type { Change } from './database';
import { checkDocument, limits, newDocumentId, type Document } from './documents';
import { isPlainObject, serializeDocument } from './ejson';
import type { IndexGuard } from './guard';
import { aggregate, applyUpdate, matchCriteria, type AnyObject, type Filter, type SortOrder } from './query';
import type { DatabaseView, PageNeeds } from './view';

/**
 * The database operations, each a synchronous read-modify-write on a view, so that a
 * request is atomic (Node runs one at a time) and works alike inside and outside transactions.
 */

/** Where the checks of unindexed queries go, with the env they ran in. */
export interface QueryContext {
  env: string;
  guard: IndexGuard;
}

/**
 * Documents a filter can match: just one when it names an `_id`, else those an index picks (or
 * the whole collection). A filtered or sorted query that no index serves is checked by the guard.
 */
function candidates(view: DatabaseView, collection: string, filter: Filter, order: SortOrder, context: QueryContext, page?: PageNeeds): readonly Document[] {
  const id = filter.id;
  if (id !== undefined) {
    const doc = view.get(collection, id);
    return doc ? [doc] : [];
  }
  const selection = view.select(collection, filter.criteria, order, page);
  context.guard.check(context.env, collection, filter.criteria, order, selection);
  return selection.docs;
}

function matching(view: DatabaseView, collection: string, filter: Filter, multi: boolean, context: QueryContext): Document[] {
  const docs = candidates(view, collection, filter, {}, context);
  if (multi) return docs.filter((doc) => filter.test(doc));
  const first = docs.find((doc) => filter.test(doc));
  return first ? [first] : [];
}

/** A change that stores `doc`, after checking it against the platform's limits. */
function put(collection: string, doc: Document): Change {
  checkDocument(doc);
  return { collection, id: doc._id, doc };
}

export function insertDocuments(view: DatabaseView, collection: string, bodies: Record<string, unknown>[]): string[] {
  view.requireCollection(collection);
  if (bodies.length === 0) throw new CloudError(ErrorCode.InvalidParam, 'no documents to insert');
  if (bodies.length > limits.insertBatch) {
    throw new CloudError(ErrorCode.InvalidParam, `at most ${limits.insertBatch} documents can be inserted at once`);
  }
  const ids = new Set<string>();
  const changes = bodies.map((body) => {
    const id = body._id === undefined ? newDocumentId() : body._id;
    if (typeof id !== 'string' || id === '') throw new CloudError(ErrorCode.InvalidParam, '_id must be a non-empty string');
    if (ids.has(id) || view.get(collection, id)) {
      throw new CloudError(ErrorCode.DatabaseRequestFailed, `E11000 duplicate key error collection: ${collection} dup key: { _id: "${id}" }`);
    }
    ids.add(id);
    return put(collection, { _id: id, ...body });
  });
  view.apply(changes);
  return [...ids];
}

export interface Page {
  order: SortOrder;
  skip: number;
  limit: number;
}

export function findDocuments(view: DatabaseView, collection: string, filter: Filter, page: Page, context: QueryContext): Document[] {
  // A sorted page needs only its first skip + limit matches, which an index in the sort's order can find alone.
  const needs: PageNeeds | undefined = Object.keys(page.order).length > 0 ? { need: page.skip + page.limit, test: (doc) => filter.test(doc) } : undefined;
  return filter.page(candidates(view, collection, filter, page.order, context, needs), page.order, page.skip, page.limit);
}

export function countDocuments(view: DatabaseView, collection: string, filter: Filter, context: QueryContext): number {
  return matching(view, collection, filter, true, context).length;
}

export interface Modification {
  filter: Filter;
  /** Update operators when `merge`, else the whole new document (without `_id`). */
  data: Record<string, unknown>;
  multi: boolean;
  merge: boolean;
  upsert: boolean;
}

export function modifyDocuments(
  view: DatabaseView,
  collection: string,
  modification: Modification,
  context: QueryContext,
): { updated: number; upsertedId?: string } {
  const { filter, data, merge } = modification;
  if (merge) checkOperators(data);
  const rewrite = (doc: Document): Document => {
    const next = merge ? applyUpdate(doc, data, filter.criteria) : { _id: doc._id, ...data };
    if (next._id !== doc._id) throw new CloudError(ErrorCode.InvalidParam, 'the _id of a document cannot be changed');
    return next as Document;
  };
  const targets = matching(view, collection, filter, modification.multi, context);
  const changes: Change[] = [];
  for (const doc of targets) {
    const next = rewrite(doc);
    // Like MongoDB, a write that leaves the document as it was does not count as an update.
    if (checkDocument(next) !== serializeDocument(doc)) changes.push({ collection, id: doc._id, doc: next });
  }
  let upsertedId: string | undefined;
  if (targets.length === 0 && modification.upsert) {
    upsertedId = upsertId(filter);
    changes.push(put(collection, rewrite({ _id: upsertedId })));
  }
  view.apply(changes);
  return upsertedId === undefined ? { updated: changes.length } : { updated: 0, upsertedId };
}

export function removeDocuments(view: DatabaseView, collection: string, filter: Filter, multi: boolean, context: QueryContext): number {
  const changes = matching(view, collection, filter, multi, context).map((doc): Change => ({ collection, id: doc._id, doc: null }));
  view.apply(changes);
  return changes.length;
}

/**
 * A pipeline that starts with `$match` reads only what an index picks for it (the stage still
 * filters); so does a `$lookup` whose own pipeline starts with plain conditions (no `$expr`, no
 * variables): it joins from the documents an index picks for them, not the whole collection.
 */
export function aggregateDocuments(view: DatabaseView, collection: string, pipeline: AnyObject[]): AnyObject[] {
  const first = pipeline.length > 0 ? matchCriteria(pipeline[0]) : undefined;
  const docs = first ? view.select(collection, first, {}).docs : view.all(collection);
  const picked = new Map<string, readonly Document[]>();
  const stages = pipeline.map((stage, i): AnyObject => {
    const lookup = stage.$lookup;
    if (!isPlainObject(lookup) || typeof lookup.from !== 'string' || !Array.isArray(lookup.pipeline) || !view.hasCollection(lookup.from)) return stage;
    const opening: unknown = lookup.pipeline[0];
    const criteria = isPlainObject(opening) ? matchCriteria(opening) : undefined;
    if (!criteria || /"\$(expr|\$)/.test(JSON.stringify(criteria))) return stage;
    // A name no collection can have (a NUL in it) stands for the picked documents.
    const name = `\u0000lookup${i}`;
    picked.set(name, view.select(lookup.from, criteria, {}).docs);
    return { $lookup: { ...lookup, from: name } };
  });
  return aggregate(docs, stages, (name) => picked.get(name) ?? (view.hasCollection(name) ? view.all(name) : []));
}

/** An update must consist of operators only ({$set:…, $inc:…}); mingo judges the operators themselves. */
function checkOperators(update: Record<string, unknown>): void {
  const keys = Object.keys(update);
  if (keys.length === 0) throw new CloudError(ErrorCode.InvalidParam, 'the update is empty');
  const plain = keys.find((key) => !key.startsWith('$'));
  if (plain !== undefined) {
    throw new CloudError(ErrorCode.InvalidOperator, `update field "${plain}" is not an update operator`);
  }
}

function upsertId(filter: Filter): string {
  if (filter.id !== undefined) return filter.id;
  if (filter.criteria._id !== undefined) throw new CloudError(ErrorCode.InvalidParam, '_id must be a string');
  return newDocumentId();
}
