import { CloudError, ErrorCode } from '../errors';
import type { Document } from './documents';
import { parseStoredDocument, serializeDocument } from './ejson';
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

/** A committed document and the version of the commit that wrote it. */
interface Entry {
  doc: Document;
  version: number;
}

/** Version of documents loaded from disk; absent documents are version 0, commits count from 2. */
const loadedVersion = 1;

export class CollectionState {
  private entries: Map<string, Entry> | undefined;
  private cachedDocs: Document[] | undefined;
  /** Version of the last commit that changed this collection (a change counter for phantom detection). */
  version = loadedVersion;

  constructor(
    readonly name: string,
    private readonly store: EnvStore,
  ) {}

  /** The documents, loaded from SQLite on first use and kept in memory as the read source. */
  private map(): Map<string, Entry> {
    if (!this.entries) {
      this.entries = new Map();
      for (const row of this.store.documents(this.name)) {
        const doc = parseStoredDocument(row.body) as Document;
        this.entries.set(row.id, { doc, version: loadedVersion });
      }
    }
    return this.entries;
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

  apply(id: string, doc: Document | null, version: number): void {
    const entries = this.map();
    if (doc) entries.set(id, { doc, version });
    else entries.delete(id);
    this.cachedDocs = undefined;
    this.version = version;
  }
}

/**
 * One env's database: committed state in memory, written through to SQLite synchronously.
 * Node runs one request at a time, so a synchronous read-modify-write is atomic.
 */
export class EnvDatabase {
  private readonly collections = new Map<string, CollectionState>();
  private lastVersion = loadedVersion;

  constructor(private readonly store: EnvStore) {
    for (const name of store.collectionNames()) this.collections.set(name, new CollectionState(name, store));
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
    this.collections.set(name, new CollectionState(name, this.store));
  }

  /**
   * Commits changes atomically: first to SQLite in one transaction (so nothing is acknowledged
   * before it is durable), then to memory.
   */
  commit(changes: readonly Change[]): void {
    if (changes.length === 0) return;
    const writes: StoredWrite[] = changes.map((change) => ({
      collection: this.collection(change.collection).name,
      id: change.id,
      body: change.doc ? serializeDocument(change.doc) : null,
    }));
    this.store.write(writes);
    const version = ++this.lastVersion;
    for (const change of changes) this.collection(change.collection).apply(change.id, change.doc, version);
  }

  close(): void {
    this.store.close();
  }
}

/** The databases of all envs, opened on first use. */
export class Databases {
  private readonly envs = new Map<string, EnvDatabase>();

  constructor(private readonly dataDir: string) {}

  forEnv(env: string): EnvDatabase {
    let database = this.envs.get(env);
    if (!database) {
      database = new EnvDatabase(openEnvStore(this.dataDir, env));
      this.envs.set(env, database);
    }
    return database;
  }

  close(): void {
    for (const database of this.envs.values()) database.close();
    this.envs.clear();
  }
}
