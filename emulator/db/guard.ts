import { CloudError, ErrorCode } from '../errors';
import { filterFields } from './planner';
import type { Criteria, SortOrder } from './query';
import type { Selection } from './view';

/**
 * Unindexed queries on collections past this size are reported: where production would read
 * every document (slow, and refused by the cloud once large), the local cloud says so first.
 */
export const UNINDEXED_LIMIT = 1000;

export interface IndexGuardOptions {
  /** Fail such queries instead of warning, for collections the index manifest names. */
  strict: boolean;
  warn(message: string): void;
}

/**
 * Says, once per query shape, that no declared index serves a query on a large collection; in
 * strict mode refuses it. Strict mode covers only collections the manifest declares: other
 * collections (a test's scratch collections) are not the product's data model, and get the
 * warning only.
 */
export class IndexGuard {
  private readonly warned = new Set<string>();

  constructor(private readonly options: IndexGuardOptions) {}

  check(env: string, collection: string, criteria: Criteria, order: SortOrder, selection: Selection): void {
    if (selection.served || selection.size <= UNINDEXED_LIMIT) return;
    const fields = filterFields(criteria);
    const sort = Object.entries(order).map(([field, direction]) => `${field} ${direction === 1 ? 'asc' : 'desc'}`);
    const shape = `collection "${collection}", filter on ${fields.length ? fields.join(', ') : 'no field'}, sort ${sort.length ? sort.join(', ') : 'none'}`;
    if (this.options.strict && selection.declared) {
      throw new CloudError(
        ErrorCode.DatabaseRequestFailed,
        `no declared index serves this query (${shape}; ${selection.size} documents): add one to the index manifest (strict indexes)`,
      );
    }
    const key = `${env}\n${shape}`;
    if (this.warned.has(key)) return;
    this.warned.add(key);
    this.options.warn(`unindexed query in env ${env}: ${shape}; ${selection.size} documents scanned`);
  }
}
