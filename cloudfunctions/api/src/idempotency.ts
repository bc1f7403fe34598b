import { createHash } from 'node:crypto';
import type { ApiResult } from '../../../typings/api';
import { findById, insert, isDuplicateKey, type CollectionName } from './db';
import { atomically, type Transaction } from './transaction';

interface RequestRecord {
  _id: string;
  result: unknown;
  at: Date;
}

/**
 * One write request, identified by (caller, action, request id). The client resends the same id
 * when it retries after a timeout; every run of the request then creates the same records and
 * stores its result with them, so however often it runs, and wherever a crash cut a run short,
 * one result is stored and every retry gets it.
 */
export interface IdempotentRequest {
  /** The id of a record the request creates (`prefix` + 23 hex), the same on every run. */
  idFor(prefix: string): string;
  /** Inside the transaction that stores the work: the result of a run that already finished. */
  earlier<T>(transaction: Transaction): Promise<T | undefined>;
  /** Stores `result` as the request's result in the transaction that stores the work. */
  finish<T>(transaction: Transaction, result: T): Promise<T>;
}

const digest = (text: string): string => createHash('sha256').update(text).digest('hex');

class Request implements IdempotentRequest {
  finished = false;
  readonly recordId: string;

  constructor(
    private readonly key: string,
    private readonly now: Date,
  ) {
    this.recordId = digest(key);
  }

  idFor(prefix: string): string {
    return `${prefix}${digest(`${this.key}\u0000${prefix}`).slice(0, 23)}`;
  }

  /** Set once the request's result was looked for just before the work began (`once`). */
  lookedFor = false;

  async earlier<T>(transaction: Transaction): Promise<T | undefined> {
    // Not again on the first run: another run that stored a result since then makes this one's
    // writes collide with its own (the result's record, or ids from idFor), so the work runs again.
    if (this.lookedFor && transaction.attempt === 1) return undefined;
    const record = await transaction.get<RequestRecord>('requests', this.recordId);
    return record ? (record.result as T) : undefined;
  }

  async finish<T>(transaction: Transaction, result: T): Promise<T> {
    await transaction.insert('requests', { _id: this.recordId, result: result as unknown, at: this.now });
    this.finished = true;
    return result;
  }
}

/**
 * Runs a write at most once per `key`: a retry after a timeout, a double tap or a crash gets the
 * first stored result instead of a second ticket. Two copies running at once both reach the
 * transaction that stores the work; the database lets one commit, and the other, run again,
 * finds that one's result. A refused or failed run stores nothing, so the same id may try again.
 */
export async function once<T>(key: string, now: Date, work: (request: IdempotentRequest) => Promise<T>): Promise<ApiResult<T>> {
  const request = new Request(key, now);
  const stored = await findById<RequestRecord>('requests', request.recordId);
  if (stored) return { ok: true, data: stored.result as T };
  request.lookedFor = true;
  const data = await work(request);
  if (!request.finished) {
    // A handler whose one write is itself keyed by the request (idFor) records its result after it.
    try {
      await insert('requests', { _id: request.recordId, result: data as unknown, at: now });
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
    }
  }
  return { ok: true, data };
}

/**
 * A request whose one record takes its id from the request (`idFor`) and is the request's result:
 * nothing is looked for before the work or stored after it. A retry's transaction meets the id
 * taken and finds the record there (createTicket), at no cost to the first run.
 */
export function keyedRequest(key: string, now: Date): IdempotentRequest {
  const request = new Request(key, now);
  return {
    idFor: (prefix) => request.idFor(prefix),
    earlier: () => Promise.reject(new Error('a keyed request has no stored result: look for its record instead')),
    finish: () => Promise.reject(new Error('a keyed request stores no result: its record is the result')),
  };
}

/** The request of an idempotent route's run (the router always gives one to routes marked `idempotent`). */
export function requestOf(request: IdempotentRequest | undefined): IdempotentRequest {
  if (!request) throw new Error('an idempotent route was run without its request');
  return request;
}

/**
 * The common case: a request that creates one record (with an id from `request.idFor`) and
 * answers `result`. Both are stored in one transaction, so a retry gets this result and no
 * second record, even when the first run was cut short after storing.
 */
export function createOnce<T>(
  request: IdempotentRequest,
  collection: CollectionName,
  document: { _id: string } & Record<string, unknown>,
  result: T,
): Promise<T> {
  return atomically([collection, 'requests'], async (transaction) => {
    const earlier = await request.earlier<T>(transaction);
    if (earlier !== undefined) return earlier;
    await transaction.insert(collection, document);
    return request.finish(transaction, result);
  });
}
