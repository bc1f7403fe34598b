import type { Change, EnvDatabase } from './database';
import type { Document } from './documents';
import type { Criteria, SortOrder } from './query';

/** What a sorted page needs: its first `need` matches in order, and the filter's test. */
export interface PageNeeds {
  need: number;
  test(doc: Document): boolean;
}

/** The documents a query has to look at, and whether an index picked them. */
export interface Selection {
  /** Candidates in natural order; the filter still decides which match. */
  docs: readonly Document[];
  /** Whether a declared index (or `_id`) serves the query (see `planner.ts`). */
  served: boolean;
  /** Committed documents in the collection (what the unindexed-query threshold counts). */
  size: number;
  /** Whether the index manifest names the collection. */
  declared: boolean;
}

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
  /**
   * The documents a query with `criteria` and `order` must consider, picked by an index when one
   * serves it; with `page` (a sorted page: how many it needs, and the filter), only those that
   * can be on it when the index gives the sort's order.
   */
  select(collection: string, criteria: Criteria, order: SortOrder, page?: PageNeeds): Selection;
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

  select(collection: string, criteria: Criteria, order: SortOrder, page?: PageNeeds): Selection {
    const state = this.db.collection(collection);
    const plan = state.plan(criteria, order);
    const ids = state.candidateIds(plan, page);
    return { docs: ids ? state.inNaturalOrder(ids) : state.docs(), served: plan.served, size: state.size, declared: state.declared };
  }

  apply(changes: readonly Change[]): void {
    this.db.commit(changes);
  }
}
