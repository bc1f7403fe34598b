import type { Change, EnvDatabase } from './database';
import type { Document } from './documents';

/**
 * What an operation reads from and writes to: the committed database, or a transaction
 * (committed state plus the transaction's own buffered writes).
 */
export interface DatabaseView {
  hasCollection(collection: string): boolean;
  /** Throws DATABASE_COLLECTION_NOT_EXIST when the collection is missing, as `get` and `all` do. */
  requireCollection(collection: string): void;
  get(collection: string, id: string): Document | undefined;
  /** All documents in natural order; the array is shared and must not be modified. */
  all(collection: string): readonly Document[];
  apply(changes: readonly Change[]): void;
}

/** Reads and writes committed state directly; each `apply` is one durable commit. */
export class CommittedView implements DatabaseView {
  constructor(private readonly db: EnvDatabase) {}

  hasCollection(collection: string): boolean {
    return this.db.hasCollection(collection);
  }

  requireCollection(collection: string): void {
    this.db.collection(collection);
  }

  get(collection: string, id: string): Document | undefined {
    return this.db.collection(collection).get(id);
  }

  all(collection: string): readonly Document[] {
    return this.db.collection(collection).docs();
  }

  apply(changes: readonly Change[]): void {
    this.db.commit(changes);
  }
}
