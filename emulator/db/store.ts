import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Sqlite from 'libsql';

/** One document write: `body` is the relaxed-EJSON text, or null to delete. */
export interface StoredWrite {
  collection: string;
  id: string;
  body: string | null;
}

/**
 * The durable copy of one env's database: a SQLite file in WAL mode. Documents keep their
 * insertion sequence, so loading a collection returns them in natural (insertion) order.
 */
export class EnvStore {
  private readonly db: Sqlite.Database;
  private readonly statements: {
    listCollections: Sqlite.Statement<[]>;
    addCollection: Sqlite.Statement<[string]>;
    loadDocuments: Sqlite.Statement<[string]>;
    putDocument: Sqlite.Statement<[string, string, string]>;
    deleteDocument: Sqlite.Statement<[string, string]>;
  };
  private readonly writeBatch: (writes: readonly StoredWrite[]) => void;

  constructor(file: string) {
    // A second connection to the file (a test reading what was stored) waits up to 5 s for a lock
    // instead of failing at once (libsql's default).
    this.db = new Sqlite(file, { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL makes each commit a write() to the WAL before the reply goes out, so
    // an acknowledged write survives the process being killed; only power loss could lose the
    // last commits, which FULL (an fsync per commit) would also cover at a large cost in speed.
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(`
      CREATE TABLE IF NOT EXISTS collections (name TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TABLE IF NOT EXISTS documents (
        seq INTEGER PRIMARY KEY,
        collection TEXT NOT NULL,
        id TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (collection, id)
      );
    `);
    this.statements = {
      listCollections: this.db.prepare('SELECT name FROM collections ORDER BY name'),
      addCollection: this.db.prepare('INSERT INTO collections (name) VALUES (?)'),
      loadDocuments: this.db.prepare('SELECT id, body FROM documents WHERE collection = ? ORDER BY seq'),
      // An update keeps the row (and so the document's place in natural order).
      putDocument: this.db.prepare(
        'INSERT INTO documents (collection, id, body) VALUES (?, ?, ?) ON CONFLICT (collection, id) DO UPDATE SET body = excluded.body',
      ),
      deleteDocument: this.db.prepare('DELETE FROM documents WHERE collection = ? AND id = ?'),
    };
    this.writeBatch = this.db.transaction((writes: readonly StoredWrite[]) => {
      for (const write of writes) {
        if (write.body === null) this.statements.deleteDocument.run(write.collection, write.id);
        else this.statements.putDocument.run(write.collection, write.id, write.body);
      }
    });
  }

  collectionNames(): string[] {
    return (this.statements.listCollections.all() as { name: string }[]).map((row) => row.name);
  }

  addCollection(name: string): void {
    this.statements.addCollection.run(name);
  }

  documents(collection: string): { id: string; body: string }[] {
    return this.statements.loadDocuments.all(collection) as { id: string; body: string }[];
  }

  /** Applies all writes in one SQLite transaction: all of them are durable, or none. */
  write(writes: readonly StoredWrite[]): void {
    this.writeBatch(writes);
  }

  close(): void {
    this.db.close();
  }
}

/** The file that holds the database of `env` under `dataDir`. */
export function envStoreFile(dataDir: string, env: string): string {
  return join(dataDir, 'database', `${fileNameFor(env)}.sqlite`);
}

/** Opens the store of `env` under `dataDir`, one file per env. */
export function openEnvStore(dataDir: string, env: string): EnvStore {
  mkdirSync(join(dataDir, 'database'), { recursive: true });
  return new EnvStore(envStoreFile(dataDir, env));
}

/**
 * A file name for an env id that is safe on any file system and distinct per env:
 * percent-encoding is one-to-one, and over-long ids are shortened with a hash of the whole id.
 */
function fileNameFor(env: string): string {
  const encoded = encodeURIComponent(env).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  if (encoded.length <= 120) return encoded;
  return `${encoded.slice(0, 80)}~${createHash('sha256').update(env).digest('hex').slice(0, 32)}`;
}
