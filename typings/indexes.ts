/**
 * The database's indexes as `config/indexes.json` declares them: the one list the deploy script
 * creates in the cloud console's 索引管理, the local cloud serves queries from and
 * docs/data-model.md shows.
 */

/** 1 ascending, -1 descending, as the cloud database takes them. */
export type IndexDirection = 1 | -1;

export interface IndexKey {
  /** A field path, dotted for nested fields (`deadlines.escalateAt`, `grants.communityId`). */
  field: string;
  direction: IndexDirection;
}

export interface IndexSpec {
  /** Letters, digits and underscores (CloudBase's rule for index names); unique within a collection. */
  name: string;
  /** In order: equality fields first, then the range or sort fields. */
  keys: IndexKey[];
  unique: boolean;
}

export interface CollectionIndexes {
  /** Empty when the collection is read by `_id` only (`_id` is always indexed). */
  indexes: IndexSpec[];
}

export interface IndexManifest {
  collections: Record<string, CollectionIndexes>;
}
