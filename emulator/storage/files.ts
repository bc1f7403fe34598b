import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { open, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'libsql';
import { contentTypeFor } from './contentTypes';

export interface StoredFile {
  path: string;
  size: number;
  contentType: string;
  /** The mini-program user who uploaded it; null for uploads from the server SDK. */
  uploaderOpenid: string | null;
  uploadedAt: string;
  /** Absolute path of the bytes on disk. */
  blobFile: string;
}

export type WriteResult = { ok: true; file: StoredFile } | { ok: false; tooLarge: true; size: number };

interface FileRow {
  path: string;
  blob: string;
  size: number;
  content_type: string;
  uploader_openid: string | null;
  uploaded_at: string;
}

/**
 * One env's files: bytes under `blobs/` (named by upload, not by path, so no path can reach
 * outside the directory and an overwrite never exposes half a file), metadata in SQLite.
 */
export class EnvFiles {
  private readonly db: Database.Database;
  private readonly blobDir: string;

  constructor(dir: string) {
    this.blobDir = join(dir, 'blobs');
    mkdirSync(this.blobDir, { recursive: true });
    this.db = new Database(join(dir, 'files.db'), { timeout: 5000 });
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(`CREATE TABLE IF NOT EXISTS files (
      path TEXT PRIMARY KEY,
      blob TEXT NOT NULL,
      size INTEGER NOT NULL,
      content_type TEXT NOT NULL,
      uploader_openid TEXT,
      uploaded_at TEXT NOT NULL
    )`);
    this.removeOrphanBlobs();
  }

  find(path: string): StoredFile | undefined {
    const row = this.db.prepare('SELECT * FROM files WHERE path = ?').get(path) as FileRow | undefined;
    return row && this.toFile(row);
  }

  /**
   * Streams `body` to disk and records it, replacing any file at `path`. The bytes are fsynced and
   * the row committed before this resolves. A body over `limit` is read to its end (so the client
   * gets the answer rather than a reset connection) but not kept.
   */
  async write(
    path: string,
    body: AsyncIterable<Buffer>,
    limit: number,
    meta: { uploaderOpenid: string | null; uploadedAt: string },
  ): Promise<WriteResult> {
    const blob = randomUUID();
    const blobFile = join(this.blobDir, blob);
    const handle = await open(blobFile, 'wx');
    let size = 0;
    try {
      for await (const chunk of body) {
        size += chunk.length;
        if (size <= limit) await handle.write(chunk);
      }
      if (size <= limit) await handle.sync();
    } catch (error) {
      await handle.close();
      await unlink(blobFile);
      throw error;
    }
    await handle.close();
    if (size > limit) {
      await unlink(blobFile);
      return { ok: false, tooLarge: true, size };
    }
    await this.syncBlobDir();
    const row: FileRow = {
      path,
      blob,
      size,
      content_type: contentTypeFor(path),
      uploader_openid: meta.uploaderOpenid,
      uploaded_at: meta.uploadedAt,
    };
    const previous = this.db.transaction(() => {
      const old = this.db.prepare('SELECT blob FROM files WHERE path = ?').get(path) as { blob: string } | undefined;
      this.db
        .prepare(
          `INSERT INTO files (path, blob, size, content_type, uploader_openid, uploaded_at)
           VALUES (@path, @blob, @size, @content_type, @uploader_openid, @uploaded_at)
           ON CONFLICT (path) DO UPDATE SET blob = excluded.blob, size = excluded.size,
             content_type = excluded.content_type, uploader_openid = excluded.uploader_openid,
             uploaded_at = excluded.uploaded_at`,
        )
        .run(row);
      return old?.blob;
    })();
    if (previous) await unlink(join(this.blobDir, previous)).catch(() => undefined);
    return { ok: true, file: this.toFile(row) };
  }

  /** Removes the file at `path`; false when there was none. */
  async remove(path: string): Promise<boolean> {
    const row = this.db.prepare('DELETE FROM files WHERE path = ? RETURNING blob').get(path) as { blob: string } | undefined;
    if (!row) return false;
    await unlink(join(this.blobDir, row.blob)).catch(() => undefined);
    return true;
  }

  close(): void {
    this.db.close();
  }

  private toFile(row: FileRow): StoredFile {
    return {
      path: row.path,
      size: row.size,
      contentType: row.content_type,
      uploaderOpenid: row.uploader_openid,
      uploadedAt: row.uploaded_at,
      blobFile: join(this.blobDir, row.blob),
    };
  }

  /** Makes the new blob's directory entry durable, not only its bytes. */
  private async syncBlobDir(): Promise<void> {
    const dir = await open(this.blobDir, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }

  /** Bytes written by an upload that crashed before its row was committed. */
  private removeOrphanBlobs(): void {
    const known = new Set((this.db.prepare('SELECT blob FROM files').all() as { blob: string }[]).map((r) => r.blob));
    for (const name of readdirSync(this.blobDir)) {
      if (!known.has(name)) rmSync(join(this.blobDir, name), { force: true });
    }
  }
}

/** All envs' files under `<dataDir>/storage/<env>/`, opened on first use. */
export class FileStore {
  private readonly envs = new Map<string, EnvFiles>();

  constructor(private readonly root: string) {}

  forEnv(env: string): EnvFiles {
    let files = this.envs.get(env);
    if (!files) {
      files = new EnvFiles(join(this.root, env));
      this.envs.set(env, files);
    }
    return files;
  }

  close(): void {
    for (const files of this.envs.values()) files.close();
    this.envs.clear();
  }
}
