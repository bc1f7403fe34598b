import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'libsql';

/** A durable SQLite file with its tables: an acknowledged write survives a crash (WAL, full sync). */
export function openDurable(file: string, schema: string): Database.Database {
  const db = new Database(file, { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(schema);
  return db;
}

/**
 * One SQLite database per env under a folder of the data dir (envs never see each other's data),
 * opened on first use and closed together.
 */
export class EnvDatabases<T extends { close(): void }> {
  private readonly envs = new Map<string, T>();

  constructor(
    private readonly root: string,
    private readonly extension: string,
    private readonly open: (file: string) => T,
  ) {}

  forEnv(env: string): T {
    let database = this.envs.get(env);
    if (!database) {
      mkdirSync(this.root, { recursive: true });
      database = this.open(join(this.root, `${env}.${this.extension}`));
      this.envs.set(env, database);
    }
    return database;
  }

  close(): void {
    for (const database of this.envs.values()) database.close();
    this.envs.clear();
  }
}
