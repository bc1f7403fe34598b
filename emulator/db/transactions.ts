import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CloudError, ErrorCode } from '../errors';
import type { Change, EnvDatabase } from './database';
import type { Document } from './documents';
import type { Criteria, SortOrder } from './query';
import type { DatabaseView, PageNeeds, Selection } from './view';

/**
 * An optimistic transaction. Writes are buffered; reads see committed state plus the
 * transaction's own writes and remember the version of what they saw: each document read
 * or written, and for where-queries the collection's change counter (so a document that
 * starts matching later — a phantom — is caught too). Commit succeeds only if none of
 * that changed in between.
 */
export class Transaction implements DatabaseView {
  readonly id = randomBytes(16).toString('hex');
  /** collection → document id → version seen (0: absent). */
  private readonly readVersions = new Map<string, Map<string, number>>();
  /** collection → change counter seen by a scan. */
  private readonly scanVersions = new Map<string, number>();
  /** collection → document id → buffered document (null: deleted). */
  private readonly writes = new Map<string, Map<string, Document | null>>();
  lastActive = performance.now();

  constructor(
    readonly env: string,
    private readonly db: EnvDatabase,
  ) {}

  hasCollection(collection: string): boolean {
    return this.db.hasCollection(collection);
  }

  requireCollection(collection: string): void {
    this.db.collection(collection);
  }

  get(collection: string, id: string): Document | undefined {
    const committed = this.db.collection(collection);
    const own = this.writes.get(collection);
    if (own?.has(id)) return own.get(id) ?? undefined;
    this.recordRead(collection, id);
    return committed.get(id);
  }

  all(collection: string): readonly Document[] {
    const committed = this.db.collection(collection);
    if (!this.scanVersions.has(collection)) this.scanVersions.set(collection, committed.version);
    const own = this.writes.get(collection);
    if (!own) return committed.docs();
    const docs: Document[] = [];
    for (const doc of committed.docs()) {
      if (!own.has(doc._id)) docs.push(doc);
      else {
        const replacement = own.get(doc._id);
        if (replacement) docs.push(replacement);
      }
    }
    for (const [id, doc] of own) if (doc && !committed.get(id)) docs.push(doc);
    return docs;
  }

  /**
   * The committed candidates an index picks, seen through the transaction's own writes: a
   * document it wrote is a candidate whatever the index says (the filter decides), in the same
   * natural order `all` gives. Like a scan, it remembers the collection's change counter.
   */
  select(collection: string, criteria: Criteria, order: SortOrder, page?: PageNeeds): Selection {
    const committed = this.db.collection(collection);
    const plan = committed.plan(criteria, order);
    const own = this.writes.get(collection);
    // The walk judges committed documents; with writes of its own the transaction takes every candidate.
    const ids = committed.candidateIds(plan, own ? undefined : page);
    const selection = { served: plan.served, size: committed.size, declared: committed.declared };
    if (!ids) return { ...selection, docs: this.all(collection) };
    if (!this.scanVersions.has(collection)) this.scanVersions.set(collection, committed.version);
    if (!own) return { ...selection, docs: committed.inNaturalOrder(ids) };
    for (const id of own.keys()) if (committed.get(id)) ids.add(id);
    const docs: Document[] = [];
    for (const doc of committed.inNaturalOrder(ids)) {
      if (!own.has(doc._id)) docs.push(doc);
      else {
        const replacement = own.get(doc._id);
        if (replacement) docs.push(replacement);
      }
    }
    for (const [id, doc] of own) if (doc && !committed.get(id)) docs.push(doc);
    return { ...selection, docs };
  }

  apply(changes: readonly Change[]): void {
    for (const change of changes) {
      this.db.collection(change.collection);
      this.recordRead(change.collection, change.id);
      let own = this.writes.get(change.collection);
      if (!own) this.writes.set(change.collection, (own = new Map()));
      own.set(change.id, change.doc);
    }
  }

  /**
   * Commits if nothing the transaction read or wrote has changed since. Because written
   * documents are validated too, the buffered results equal the operators applied to the
   * state at commit time.
   */
  commit(): void {
    for (const [collection, versions] of this.readVersions) {
      const committed = this.db.collection(collection);
      for (const [id, version] of versions) {
        if (committed.versionOf(id) !== version) throw conflict(`document ${collection}/${id} changed`);
      }
    }
    for (const [collection, version] of this.scanVersions) {
      if (this.db.collection(collection).version !== version) throw conflict(`collection ${collection} changed`);
    }
    const changes: Change[] = [];
    for (const [collection, own] of this.writes) {
      for (const [id, doc] of own) changes.push({ collection, id, doc });
    }
    this.db.commit(changes);
  }

  /** Remembers the committed version of a document the first time the transaction touches it. */
  private recordRead(collection: string, id: string): void {
    let versions = this.readVersions.get(collection);
    if (!versions) this.readVersions.set(collection, (versions = new Map()));
    if (!versions.has(id)) versions.set(id, this.db.collection(collection).versionOf(id));
  }
}

function conflict(reason: string): CloudError {
  return new CloudError(ErrorCode.TransactionConflict, `transaction conflict: ${reason}`);
}

/** Open transactions; ones left idle for `idleMs` of real time (not the movable cloud clock) expire. */
export class TransactionRegistry {
  private readonly open = new Map<string, Transaction>();

  constructor(private readonly idleMs = 30_000) {}

  start(env: string, db: EnvDatabase): Transaction {
    this.expireIdle();
    const transaction = new Transaction(env, db);
    this.open.set(transaction.id, transaction);
    return transaction;
  }

  /** The open transaction `id` of `env`, or DATABASE_TRANSACTION_NOT_EXIST. */
  get(env: string, id: string): Transaction {
    this.expireIdle();
    const transaction = this.open.get(id);
    if (!transaction || transaction.env !== env) {
      throw new CloudError(ErrorCode.TransactionNotExist, `transaction ${id} does not exist or has expired`);
    }
    transaction.lastActive = performance.now();
    return transaction;
  }

  /** Commits, or throws DATABASE_TRANSACTION_CONFLICT; either way the transaction is over. */
  commit(env: string, id: string): void {
    const transaction = this.get(env, id);
    this.open.delete(id);
    transaction.commit();
  }

  abort(env: string, id: string): void {
    this.get(env, id);
    this.open.delete(id);
  }

  clear(): void {
    this.open.clear();
  }

  private expireIdle(): void {
    const cutoff = performance.now() - this.idleMs;
    for (const [id, transaction] of this.open) if (transaction.lastActive < cutoff) this.open.delete(id);
  }
}
