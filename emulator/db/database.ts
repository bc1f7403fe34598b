import type { IndexManifest, IndexSpec } from '../../typings/indexes';
import { CloudError, ErrorCode } from '../errors';
import type { Document } from './documents';
import { parseStoredDocument, serializeDocument } from './ejson';
import { FieldIndex, Rank } from './indexes';
import { planQuery, type Plan } from './planner';
import type { Criteria, SortOrder } from './query';
import { openEnvStore, type EnvStore, type StoredWrite } from './store';

/**
 * One document change: the new document, or null to delete the document with that id.
 * Documents in changes have passed `checkDocument` (see `operations.ts`).
 */
export interface Change {
  collection: string;
  id: string;
  doc: Document | null;
}

/** A committed document, the version of the commit that wrote it, and its place in natural order. */
interface Entry {
  doc: Document;
  version: number;
  seq: number;
}

/** The `_id` index every collection has. */
const idIndex: IndexSpec = { name: '_id_', keys: [{ field: '_id', direction: 1 }], unique: true };

/** An env's writes paused this long after a bulk commit: the indexes it dropped are built again. */
const REBUILD_AFTER_MS = 200;

/** Version of documents loaded from disk; absent documents are version 0, commits count from 2. */
const loadedVersion = 1;

export class CollectionState {
  private entries: Map<string, Entry> | undefined;
  private cachedDocs: Document[] | undefined;
  private nextSeq = 0;
  private readonly indexes: FieldIndex[];
  private readonly droppedIndexes = new Set<FieldIndex>();
  /** Version of the last commit that changed this collection (a change counter for phantom detection). */
  version = loadedVersion;

  constructor(
    readonly name: string,
    private readonly store: EnvStore,
    specs: readonly IndexSpec[],
    /** Whether the index manifest names this collection (strict mode applies only then). */
    readonly declared: boolean,
  ) {
    this.indexes = [idIndex, ...specs].map((spec) => new FieldIndex(spec));
  }

  /** The documents, loaded from SQLite on first use and kept in memory as the read source. */
  private map(): Map<string, Entry> {
    if (!this.entries) {
      this.entries = new Map();
      for (const row of this.store.documents(this.name)) {
        const doc = parseStoredDocument(row.body) as Document;
        this.entries.set(row.id, { doc, version: loadedVersion, seq: this.nextSeq++ });
      }
    }
    return this.entries;
  }

  get size(): number {
    return this.map().size;
  }

  /** How a query would find its documents here. */
  plan(criteria: Criteria, order: SortOrder): Plan {
    return planQuery(this.indexes, criteria, order);
  }

  /** The plan's candidate ids, or undefined when it scans; `page` narrows a sorted page's (see `PageHint`). */
  candidateIds(plan: Plan, page?: { need: number; test(doc: Document): boolean }): Set<string> | undefined {
    const map = this.map();
    const hint = page && { need: page.need, accept: (id: string) => page.test(map.get(id)!.doc) };
    return plan.candidates(() => this.docs(), hint);
  }

  /** The documents with these ids, in natural order (as a scan would meet them). */
  inNaturalOrder(ids: Iterable<string>): Document[] {
    const map = this.map();
    const found: Entry[] = [];
    for (const id of ids) {
      const entry = map.get(id);
      if (entry) found.push(entry);
    }
    return found.sort((a, b) => a.seq - b.seq).map((entry) => entry.doc);
  }

  get(id: string): Document | undefined {
    return this.map().get(id)?.doc;
  }

  versionOf(id: string): number {
    return this.map().get(id)?.version ?? 0;
  }

  /** All documents in natural order. The array is shared: callers must not modify it. */
  docs(): readonly Document[] {
    this.cachedDocs ??= Array.from(this.map().values(), (entry) => entry.doc);
    return this.cachedDocs;
  }

  /** Refuses changes that would give two documents the same key of a unique index, as MongoDB does. */
  checkUnique(changes: readonly { id: string; doc: Document | null }[]): void {
    for (const index of this.indexes) {
      if (index.spec.name === idIndex.name) continue;
      const key = index.duplicateIn(() => this.docs(), changes);
      if (!key) continue;
      const shown = index.fields.map((field, i) => `${field}: ${JSON.stringify(key[i].rank === Rank.null ? null : key[i].value)}`).join(', ');
      throw new CloudError(ErrorCode.DatabaseRequestFailed, `E11000 duplicate key error collection: ${this.name} index: ${index.spec.name} dup key: { ${shown} }`);
    }
  }

  /** Applies one commit's changes to this collection, keeping the indexes in step; true when it dropped some (`rebuildDropped`). */
  apply(changes: readonly { id: string; doc: Document | null }[], version: number): boolean {
    const entries = this.map();
    const indexChanges = changes.map(({ id, doc }) => ({ before: entries.get(id)?.doc, after: doc }));
    for (const { id, doc } of changes) {
      const current = entries.get(id);
      if (doc) entries.set(id, { doc, version, seq: current?.seq ?? this.nextSeq++ });
      else entries.delete(id);
    }
    for (const index of this.indexes) if (index.update(indexChanges)) this.droppedIndexes.add(index);
    this.cachedDocs = undefined;
    this.version = version;
    return this.droppedIndexes.size > 0;
  }

  rebuildDropped(): void {
    for (const index of this.droppedIndexes) index.prepare(() => this.docs());
    this.droppedIndexes.clear();
  }
}

/**
 * One env's database: committed state in memory, written through to SQLite synchronously.
 * Node runs one request at a time, so a synchronous read-modify-write is atomic.
 */
export class EnvDatabase {
  private readonly collections = new Map<string, CollectionState>();
  private lastVersion = loadedVersion;
  private rebuild: NodeJS.Timeout | undefined;
  /** Collections whose indexes a bulk commit dropped, built again once the writes pause. */
  private readonly toRebuild = new Set<CollectionState>();

  constructor(
    private readonly store: EnvStore,
    private readonly manifest: IndexManifest,
  ) {
    for (const name of store.collectionNames()) this.collections.set(name, this.newCollection(name));
  }

  private newCollection(name: string): CollectionState {
    const declared = Object.hasOwn(this.manifest.collections, name);
    return new CollectionState(name, this.store, declared ? this.manifest.collections[name].indexes : [], declared);
  }

  hasCollection(name: string): boolean {
    return this.collections.has(name);
  }

  /** The collection, or DATABASE_COLLECTION_NOT_EXIST. */
  collection(name: string): CollectionState {
    const collection = this.collections.get(name);
    if (!collection) throw new CloudError(ErrorCode.CollectionNotExist, `Db or Table not exist: ${name}`);
    return collection;
  }

  createCollection(name: string): void {
    if (this.collections.has(name)) {
      throw new CloudError(ErrorCode.CollectionAlreadyExist, `collection ${name} already exists`);
    }
    this.store.addCollection(name);
    this.collections.set(name, this.newCollection(name));
  }

  /**
   * Commits changes atomically: first to SQLite in one transaction (so nothing is acknowledged
   * before it is durable), then to memory.
   */
  commit(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    for (const [name, list] of groupByCollection(changes)) this.collection(name).checkUnique(list);
    const writes: StoredWrite[] = changes.map((change) => ({
      collection: this.collection(change.collection).name,
      id: change.id,
      body: change.doc ? serializeDocument(change.doc) : null,
    }));
    this.store.write(writes);
    const version = ++this.lastVersion;
    for (const [name, list] of groupByCollection(changes)) {
      const collection = this.collection(name);
      if (collection.apply(list, version)) this.toRebuild.add(collection);
    }
    this.rebuildWhenQuiet();
  }

  /**
   * Indexes a bulk commit dropped (cheaper to build again than to update) are built again once
   * this env's writes pause, as a database keeps its indexes whole: otherwise the next user's
   * insert (the unique check) or query after a bulk load or a restore would wait for the build.
   */
  private rebuildWhenQuiet(): void {
    if (this.toRebuild.size === 0) return;
    clearTimeout(this.rebuild);
    this.rebuild = setTimeout(() => {
      for (const collection of this.toRebuild) collection.rebuildDropped();
      this.toRebuild.clear();
    }, REBUILD_AFTER_MS);
    this.rebuild.unref();
  }

  close(): void {
    clearTimeout(this.rebuild);
    this.store.close();
  }
}

function groupByCollection(changes: readonly Change[]): Map<string, Change[]> {
  const byCollection = new Map<string, Change[]>();
  for (const change of changes) {
    const list = byCollection.get(change.collection);
    if (list) list.push(change);
    else byCollection.set(change.collection, [change]);
  }
  return byCollection;
}

/** The databases of all envs, opened on first use. */
export class Databases {
  private readonly envs = new Map<string, EnvDatabase>();

  constructor(
    private readonly dataDir: string,
    private readonly manifest: IndexManifest,
  ) {}

  forEnv(env: string): EnvDatabase {
    let database = this.envs.get(env);
    if (!database) {
      database = new EnvDatabase(openEnvStore(this.dataDir, env), this.manifest);
      this.envs.set(env, database);
    }
    return database;
  }

  close(): void {
    for (const database of this.envs.values()) database.close();
    this.envs.clear();
  }
}
