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

/**
 * A committed document as stored (its relaxed-EJSON text), the version of the commit that wrote it,
 * and its place in natural order. Documents are kept as text and parsed when read (see
 * `ParsedDocuments`): a text is one object for the garbage collector to mark, where the parsed
 * document is one per field, date and nested value, and at a company's size those are millions.
 */
interface Entry {
  text: string;
  version: number;
  seq: number;
}

/** The `_id` index every collection has. */
const idIndex: IndexSpec = { name: '_id_', keys: [{ field: '_id', direction: 1 }], unique: true };

/** Version of documents loaded from disk; absent documents are version 0, commits count from 2. */
const loadedVersion = 1;

/** Collections up to this size keep the array of all their documents between scans. */
const KEPT_SCAN_LIMIT = 2000;

/**
 * The documents an env read or wrote last, parsed: between `capacity / 2` and `capacity` of
 * them, in two generations (a read moves a document into the newer one; when it is full, the
 * older one is dropped). Keyed by the stored entry, so a new version is never served an old parse.
 */
class ParsedDocuments {
  private newer = new Map<Entry, Document>();
  private older = new Map<Entry, Document>();

  constructor(private readonly capacity: number) {}

  get(entry: Entry): Document | undefined {
    const doc = this.newer.get(entry);
    if (doc) return doc;
    const old = this.older.get(entry);
    if (old) this.put(entry, old);
    return old;
  }

  put(entry: Entry, doc: Document): void {
    if (this.newer.size >= this.capacity / 2) {
      this.older = this.newer;
      this.newer = new Map();
    }
    this.newer.set(entry, doc);
  }
}

/** Documents an env keeps parsed (see `ParsedDocuments`); a company's working set, not its records. */
const PARSED_DOCUMENTS = 100_000;

export class CollectionState {
  private entries: Map<string, Entry> | undefined;
  private keptDocs: Document[] | undefined;
  private nextSeq = 0;
  private readonly indexes: FieldIndex[];
  /** Version of the last commit that changed this collection (a change counter for phantom detection). */
  version = loadedVersion;

  constructor(
    readonly name: string,
    private readonly store: EnvStore,
    specs: readonly IndexSpec[],
    /** Whether the index manifest names this collection (strict mode applies only then). */
    readonly declared: boolean,
    private readonly parsed: ParsedDocuments,
  ) {
    this.indexes = [idIndex, ...specs].map((spec) => new FieldIndex(spec));
  }

  /** The documents' texts, loaded from SQLite on first use and kept in memory as the read source. */
  private map(): Map<string, Entry> {
    if (!this.entries) {
      this.entries = new Map();
      for (const row of this.store.documents(this.name)) {
        this.entries.set(row.id, { text: row.body, version: loadedVersion, seq: this.nextSeq++ });
      }
    }
    return this.entries;
  }

  /** An entry's document, parsed once while it is in use; `keep: false` for a scan, which would push out what is. */
  private docOf(entry: Entry, keep = true): Document {
    let doc = this.parsed.get(entry);
    if (!doc) {
      doc = parseStoredDocument(entry.text) as Document;
      if (keep) this.parsed.put(entry, doc);
    }
    return doc;
  }

  get size(): number {
    return this.map().size;
  }

  /** How a query would find its documents here. */
  plan(criteria: Criteria, order: SortOrder): Plan {
    this.buildIndexes();
    return planQuery(this.indexes, criteria, order);
  }

  /** The plan's candidate ids, or undefined when it scans; `page` narrows a sorted page's (see `PageHint`). */
  candidateIds(plan: Plan, page?: { need: number; test(doc: Document): boolean }): Set<string> | undefined {
    const map = this.map();
    const hint = page && { need: page.need, accept: (id: string) => page.test(this.docOf(map.get(id)!)) };
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
    return found.sort((a, b) => a.seq - b.seq).map((entry) => this.docOf(entry));
  }

  get(id: string): Document | undefined {
    const entry = this.map().get(id);
    return entry && this.docOf(entry);
  }

  versionOf(id: string): number {
    return this.map().get(id)?.version ?? 0;
  }

  /**
   * All documents in natural order. The array is shared: callers must not modify it. A large
   * collection's is parsed again for each scan (strict mode refuses those scans, and the
   * unindexed-query warning names them), so as not to hold all of its documents parsed.
   */
  docs(): readonly Document[] {
    if (this.keptDocs) return this.keptDocs;
    const map = this.map();
    const docs = Array.from(map.values(), (entry) => this.docOf(entry, map.size <= KEPT_SCAN_LIMIT));
    if (map.size <= KEPT_SCAN_LIMIT) this.keptDocs = docs;
    return docs;
  }

  /**
   * Builds the indexes not built yet in one reading of the documents: all of them for a query, the
   * unique ones for a write's check (a bulk load then keeps only those in step until something reads).
   */
  private buildIndexes(uniqueOnly = false): void {
    const unbuilt = this.indexes.filter((index) => !index.isBuilt && (!uniqueOnly || index.spec.unique));
    if (unbuilt.length === 0) return;
    const docs = this.docs();
    for (const index of unbuilt) index.prepare(() => docs);
  }

  /** Refuses changes that would give two documents the same key of a unique index, as MongoDB does. */
  checkUnique(changes: readonly { id: string; doc: Document | null }[]): void {
    this.buildIndexes(true);
    for (const index of this.indexes) {
      if (index.spec.name === idIndex.name) continue;
      const key = index.duplicateIn(() => this.docs(), changes);
      if (!key) continue;
      const shown = index.fields.map((field, i) => `${field}: ${JSON.stringify(key[i].rank === Rank.null ? null : key[i].value)}`).join(', ');
      throw new CloudError(ErrorCode.DatabaseRequestFailed, `E11000 duplicate key error collection: ${this.name} index: ${index.spec.name} dup key: { ${shown} }`);
    }
  }

  /**
   * Applies one commit's changes (with each new document's stored text) to this collection, keeping
   * the built indexes in step.
   */
  apply(changes: readonly { id: string; doc: Document | null; text: string | null }[], version: number): void {
    const entries = this.map();
    // The documents these replace, for the indexes built (none until a query or a unique check needs them).
    const indexed = this.indexes.some((index) => index.isBuilt);
    const indexChanges = changes.map(({ id, doc }) => {
      const current = indexed ? entries.get(id) : undefined;
      return { before: current && this.docOf(current, false), after: doc };
    });
    for (const { id, doc, text } of changes) {
      const current = entries.get(id);
      if (doc && text !== null) {
        const entry = { text, version, seq: current?.seq ?? this.nextSeq++ };
        entries.set(id, entry);
        this.parsed.put(entry, doc);
      } else entries.delete(id);
    }
    for (const index of this.indexes) index.update(indexChanges);
    this.keptDocs = undefined;
    this.version = version;
  }
}

/**
 * One env's database: committed state in memory, written through to SQLite synchronously.
 * Node runs one request at a time, so a synchronous read-modify-write is atomic.
 */
export class EnvDatabase {
  private readonly collections = new Map<string, CollectionState>();
  private readonly parsed = new ParsedDocuments(PARSED_DOCUMENTS);
  private lastVersion = loadedVersion;

  constructor(
    private readonly store: EnvStore,
    private readonly manifest: IndexManifest,
  ) {
    for (const name of store.collectionNames()) this.collections.set(name, this.newCollection(name));
  }

  private newCollection(name: string): CollectionState {
    const declared = Object.hasOwn(this.manifest.collections, name);
    return new CollectionState(name, this.store, declared ? this.manifest.collections[name].indexes : [], declared, this.parsed);
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
    const stored = changes.map((change, i) => ({ ...change, text: writes[i].body }));
    for (const [name, list] of groupByCollection(stored)) {
      const collection = this.collection(name);
      collection.apply(list, version);
    }
  }

  close(): void {
    this.store.close();
  }
}

function groupByCollection<T extends Change>(changes: readonly T[]): Map<string, T[]> {
  const byCollection = new Map<string, T[]>();
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
