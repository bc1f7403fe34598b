import { z } from 'zod';
import { CloudError, ErrorCode } from '../errors';
import type { AdminCall, AdminHandler, Service, ServiceContext } from '../service';
import { Databases } from './database';
import { asDocumentBody, limits, type Document } from './documents';
import { IndexGuard } from './guard';
import { parseRequestValue, serializeDocument, serializeProjection } from './ejson';
import {
  aggregateDocuments,
  countDocuments,
  findDocuments,
  insertDocuments,
  modifyDocuments,
  removeDocuments,
} from './operations';
import { Filter, picker, project, type SortOrder } from './query';
import { TransactionRegistry } from './transactions';
import { CommittedView, type DatabaseView } from './view';

/**
 * The cloud database (`database.*` actions): one SQLite file per env, MongoDB semantics from
 * mingo, optimistic transactions. Request and reply shapes are those wx-server-sdk 4.0.2 sends and accepts.
 */

const collectionName = z
  .string()
  .min(1)
  .max(128)
  .refine((name) => !name.includes('$') && !name.includes('\0'), 'collection name must not contain "$" or NUL');

const targeted = {
  collectionName,
  transactionId: z.string().min(1).optional(),
  query: z.string().optional(),
};

const requests = {
  insert: z.object({ collectionName, transactionId: targeted.transactionId, data: z.array(z.string()) }),
  get: z.object({
    ...targeted,
    limit: z.number().int().min(0).optional(),
    offset: z.number().int().min(0).optional(),
    order: z.string().optional(),
    projection: z.string().optional(),
  }),
  count: z.object(targeted),
  modify: z.object({
    ...targeted,
    data: z.string(),
    multi: z.boolean().optional(),
    merge: z.boolean().optional(),
    upsert: z.boolean().optional(),
  }),
  remove: z.object({ ...targeted, multi: z.boolean().optional() }),
  aggregate: z.object({ collectionName, stages: z.array(z.object({ stageKey: z.string(), stageValue: z.string() })) }),
  addCollection: z.object({ collectionName }),
  transaction: z.object({ transactionId: z.string().min(1) }),
};

function parseBody<T>(schema: z.ZodType<T>, call: AdminCall): T {
  const result = schema.safeParse(call.body);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new CloudError(ErrorCode.InvalidParam, `${call.action}: ${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  return result.data;
}

export function createDatabaseService(context: ServiceContext): Service {
  const databases = new Databases(context.dataDir, context.config.indexes);
  const transactions = new TransactionRegistry();
  const guard = new IndexGuard({ strict: context.config.strictIndexes, warn: context.warn });
  const queryContext = (call: AdminCall) => ({ env: call.env, guard });

  const viewFor = (env: string, transactionId: string | undefined): DatabaseView =>
    transactionId === undefined ? new CommittedView(databases.forEnv(env)) : transactions.get(env, transactionId);

  /** A request-scoped EJSON reader: every serverDate in one request is the same instant. */
  const reader = () => {
    const now = context.clock.now();
    return {
      value: (text: string) => parseRequestValue(text, now),
      object: (text: string, what: string) => asDocumentBody(parseRequestValue(text, now), what),
      filter: (text: string | undefined) =>
        new Filter(text === undefined ? {} : asDocumentBody(parseRequestValue(text, now), 'query')),
    };
  };

  const handlers: Record<string, AdminHandler> = {
    'database.addCollection': (call) => {
      const body = parseBody(requests.addCollection, call);
      databases.forEnv(call.env).createCollection(body.collectionName);
      return {};
    },

    'database.insertDocument': (call) => {
      const body = parseBody(requests.insert, call);
      const read = reader();
      const docs = body.data.map((text) => read.object(text, 'document'));
      const insertedIds = insertDocuments(viewFor(call.env, body.transactionId), body.collectionName, docs);
      return { data: { insertedIds } };
    },

    'database.getDocument': (call) => {
      const body = parseBody(requests.get, call);
      const read = reader();
      const filter = read.filter(body.query);
      const limit = Math.min(body.limit || limits.defaultLimit, limits.maxLimit);
      const offset = body.offset ?? 0;
      const order = body.order === undefined ? {} : sortOrder(read.object(body.order, 'order'));
      const view = viewFor(call.env, body.transactionId);
      const docs = findDocuments(view, body.collectionName, filter, { order, skip: offset, limit }, queryContext(call));
      const projection = body.projection === undefined ? {} : read.object(body.projection, 'projection');
      return { data: { list: serializeShown(docs, projection), limit, offset } };
    },

    'database.calculateDocument': (call) => {
      const body = parseBody(requests.count, call);
      const filter = reader().filter(body.query);
      return { data: { total: countDocuments(viewFor(call.env, body.transactionId), body.collectionName, filter, queryContext(call)) } };
    },

    'database.modifyDocument': (call) => {
      const body = parseBody(requests.modify, call);
      const read = reader();
      const result = modifyDocuments(
        viewFor(call.env, body.transactionId),
        body.collectionName,
        {
          filter: read.filter(body.query),
          data: read.object(body.data, 'data'),
          multi: body.multi ?? false,
          merge: body.merge ?? true,
          upsert: body.upsert ?? false,
        },
        queryContext(call),
      );
      return {
        data: result.upsertedId === undefined ? { updated: result.updated } : { updated: 0, upsert_id: result.upsertedId },
      };
    },

    'database.removeDocument': (call) => {
      const body = parseBody(requests.remove, call);
      const filter = reader().filter(body.query);
      const deleted = removeDocuments(viewFor(call.env, body.transactionId), body.collectionName, filter, body.multi ?? false, queryContext(call));
      return { data: { deleted } };
    },

    'database.aggregateDocuments': (call) => {
      const body = parseBody(requests.aggregate, call);
      const read = reader();
      const pipeline = body.stages.map(({ stageKey, stageValue }) => ({ [stageKey]: read.value(stageValue) }));
      const list = aggregateDocuments(new CommittedView(databases.forEnv(call.env)), body.collectionName, pipeline);
      return { data: { list: list.map(serializeDocument) } };
    },

    'database.startTransaction': (call) => {
      const transaction = transactions.start(call.env, databases.forEnv(call.env));
      return { transactionId: transaction.id };
    },

    'database.commitTransaction': (call) => {
      transactions.commit(call.env, parseBody(requests.transaction, call).transactionId);
      return {};
    },

    'database.abortTransaction': (call) => {
      transactions.abort(call.env, parseBody(requests.transaction, call).transactionId);
      return {};
    },
  };

  return {
    handlers,
    close() {
      transactions.clear();
      databases.close();
    },
  };
}

/** The documents a read returns, as the SDK receives them: each projected (if asked) and serialized. */
function serializeShown(docs: readonly Document[], projection: Record<string, unknown>): string[] {
  if (Object.keys(projection).length === 0) return docs.map(serializeDocument);
  const pick = picker(projection);
  if (!pick) return project(docs, projection).map(serializeDocument);
  const key = JSON.stringify(projection);
  return docs.map((doc) => serializeProjection(doc, key, () => pick(doc)));
}

function sortOrder(value: Record<string, unknown>): SortOrder {
  const order: SortOrder = {};
  for (const [field, direction] of Object.entries(value)) {
    if (direction !== 1 && direction !== -1) {
      throw new CloudError(ErrorCode.InvalidParam, `order of "${field}" must be 1 (asc) or -1 (desc)`);
    }
    order[field] = direction;
  }
  return order;
}
