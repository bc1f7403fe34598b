import { cloud } from './cloud';
import { isDuplicateKey, type CollectionName } from './db';
import { AppError } from './errors';

/**
 * Several documents written together or not at all. The cloud database's transactions are
 * optimistic: a commit fails with a conflict when another committed to a document this one read
 * or wrote. The work then runs again from the start (it must only read and write through the
 * transaction, and may run several times), a bounded number of times with a growing random
 * pause, so that under contention every caller gets through instead of failing.
 */
export interface Transaction {
  /** Which run of the work this is: 1, then 2, … after conflicts. */
  readonly attempt: number;
  get<T>(collection: CollectionName, id: string): Promise<T | undefined>;
  insert(collection: CollectionName, document: { _id: string } & Record<string, unknown>): Promise<void>;
  /** Replaces (or creates) the whole document. */
  set(collection: CollectionName, id: string, document: Record<string, unknown>): Promise<void>;
  /** Update operators or fields, as `doc().update()` takes them; the document must exist. */
  update(collection: CollectionName, id: string, data: Record<string, unknown>): Promise<void>;
}

/** The SDK's transaction objects, typed as far as this module uses them. */
interface SdkDocument {
  get(): Promise<{ data: unknown }>;
  set(options: { data: Record<string, unknown> }): Promise<unknown>;
  update(options: { data: Record<string, unknown> }): Promise<unknown>;
}
interface SdkTransaction {
  collection(name: string): { doc(id: string): SdkDocument; add(options: { data: Record<string, unknown> }): Promise<unknown> };
  commit(): Promise<unknown>;
  rollback(): Promise<unknown>;
}
interface SdkDatabase {
  startTransaction(): Promise<SdkTransaction>;
  createCollection(name: string): Promise<unknown>;
}

/**
 * Ten instances creating tickets in one community at once all contend for one counter. Each
 * conflict costs a pause of up to 100 ms, the same for old and new contenders (growing pauses
 * starve the unlucky); the retries stop at 200 attempts or when the call has 2 s of its time
 * limit left, whichever is first, so the caller still gets an answer.
 */
const ATTEMPTS = 200;
/** Runs refused for a duplicate key before the refusal is the answer (a day's ticket number taken meanwhile is read again on each). */
const DUPLICATES = 5;
const MAX_PAUSE_MS = 100;
const KEEP_MS = 2_000;
const DEFAULT_BUDGET_MS = 10_000;

/** performance.now() by which retrying must stop, for the call being served (one at a time per instance). */
let retryUntil: number | undefined;

/** Called as each invocation starts, with the time its function has left (context.getRemainingTimeInMillis). */
export function startCall(remainingMs: number | undefined): void {
  retryUntil = remainingMs === undefined ? undefined : performance.now() + Math.max(0, remainingMs - KEEP_MS);
}
const COLLECTION_MISSING = -502005;

// A missing document reads as undefined inside a transaction instead of throwing.
// One per instance, as in db.ts.
let shared: SdkDatabase | undefined;
const database = (): SdkDatabase => (shared ??= cloud.database({ throwOnNotFound: false } as Parameters<typeof cloud.database>[0]) as unknown as SdkDatabase);

function wrap(transaction: SdkTransaction, attempt: number): Transaction {
  return {
    attempt,
    async get<T>(collection: CollectionName, id: string) {
      const { data } = await transaction.collection(collection).doc(id).get();
      return (data ?? undefined) as T | undefined;
    },
    async insert(collection, document) {
      await transaction.collection(collection).add({ data: document });
    },
    async set(collection, id, document) {
      await transaction.collection(collection).doc(id).set({ data: document });
    },
    async update(collection, id, data) {
      await transaction.collection(collection).doc(id).update({ data });
    },
  };
}

/**
 * Runs `work` in a transaction and commits it, again after a conflict. `collections` are the ones
 * the work touches: in a new env they are created on first use (a transaction cannot create one).
 */
export async function atomically<T>(collections: readonly CollectionName[], work: (transaction: Transaction) => Promise<T>): Promise<T> {
  let createdCollections = false;
  // Real time, not the (movable) cloud clock.
  const until = retryUntil ?? performance.now() + DEFAULT_BUDGET_MS;
  let duplicates = 0;
  for (let attempt = 1; ; attempt += 1) {
    const transaction = await database().startTransaction();
    let committing = false;
    try {
      const result = await work(wrap(transaction, attempt));
      committing = true;
      await transaction.commit();
      return result;
    } catch (error) {
      // A failed commit has ended the transaction already; any other failure must end it.
      if (!committing) await transaction.rollback().catch(() => undefined);
      if (errCode(error) === COLLECTION_MISSING && !createdCollections) {
        createdCollections = true;
        await createCollections(collections);
        continue;
      }
      // A duplicate key here is another run of the same work that committed first (run again and
      // see), or a key another record holds under a unique index: taken again and again, it is
      // the caller's to answer (a name in use, say), not a contention to wait out.
      if (isDuplicateKey(error) && ++duplicates > DUPLICATES) throw error;
      if (!(isConflict(error) || isDuplicateKey(error))) throw error;
      if (retriesSpent(attempt, until)) {
        console.error('transaction: still conflicting after retries', error);
        throw contended();
      }
      await pause(attempt);
    }
  }
}

/**
 * Runs `work` until it gives a result; `undefined` means it met another caller's write first (a
 * key taken under a unique index) and must run again, paused and bounded as a conflicting
 * transaction is.
 */
export async function untilStored<T>(work: (attempt: number) => Promise<T | undefined>): Promise<T> {
  const until = retryUntil ?? performance.now() + DEFAULT_BUDGET_MS;
  for (let attempt = 1; ; attempt += 1) {
    const result = await work(attempt);
    if (result !== undefined) return result;
    if (retriesSpent(attempt, until)) throw contended();
    await pause(attempt);
  }
}

async function createCollections(collections: readonly CollectionName[]): Promise<void> {
  for (const name of collections) {
    // Exists already, or created meanwhile by a concurrent call: either way it is there now.
    await database()
      .createCollection(name)
      .catch(() => undefined);
  }
}

function errCode(error: unknown): number | undefined {
  return typeof error === 'object' && error !== null && 'errCode' in error ? Number((error as { errCode: unknown }).errCode) : undefined;
}

function isConflict(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message, errMsg } = error as { code?: unknown; message?: unknown; errMsg?: unknown };
  return code === 'DATABASE_TRANSACTION_CONFLICT' || /TRANSACTION_CONFLICT|transaction conflict|WriteConflict/i.test(`${String(message)} ${String(errMsg)}`);
}

/** Whether a call contending with others has tried enough: by count, or by the time it has left. */
const retriesSpent = (attempt: number, until: number): boolean => attempt >= ATTEMPTS || performance.now() + MAX_PAUSE_MS > until;
const contended = (): AppError => new AppError('CONFLICT', '同时提交的人较多，请稍后重试');

/** Random pauses spread the retries of callers that conflicted with each other. */
function pause(attempt: number): Promise<void> {
  const ceiling = Math.min(MAX_PAUSE_MS, 10 * attempt);
  return new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
}
