import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { BackupManifest } from '../../../../typings/backup';
import { cloud } from '../cloud';
import { now } from '../clock';
import { COLLECTIONS, command, database, type CollectionName } from '../db';
import { backupFolder, backupIdOf, completeRun, noteFile, openRun, pruneBackups } from './records';
import { fileIdsIn, toExtendedJsonLine } from './ejson';
import { tarStream } from '../lazy';

/** The server SDK's largest page. */
const PAGE = 1000;
const COLLECTION_MISSING = -502005;

/** The backup records themselves are not backed up: a restored env starts its own series. */
const BACKED_UP: readonly CollectionName[] = COLLECTIONS.filter((name) => name !== 'backups');

export interface BackupOutcome {
  id: string;
  /** False when this scheduled time's backup was already complete (a retried firing). */
  written: boolean;
  manifest?: BackupManifest;
  removed: string[];
}

interface CollectionQuery {
  where(where: Record<string, unknown>): CollectionQuery;
  orderBy(field: string, direction: 'asc'): CollectionQuery;
  limit(n: number): CollectionQuery;
  get(): Promise<{ data: Record<string, unknown>[] }>;
}

/** Appends text to a temporary file, waiting whenever the disk falls behind (memory stays one page). */
async function append(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

async function close(stream: WriteStream): Promise<void> {
  stream.end();
  await once(stream, 'finish');
}

/** Pages of a collection in `_id` order, each read with the cursor of the last one (no deep skips). */
async function* pagesOf(name: CollectionName): AsyncGenerator<Record<string, unknown>[]> {
  const _ = command();
  let after: string | undefined;
  for (;;) {
    const query = (database().collection(name) as unknown as CollectionQuery).where(after === undefined ? {} : { _id: _.gt(after) });
    let page: Record<string, unknown>[];
    try {
      page = (await query.orderBy('_id', 'asc').limit(PAGE).get()).data;
    } catch (error) {
      // A collection no write has created yet has nothing to back up.
      if (typeof error === 'object' && error !== null && Number((error as { errCode?: unknown }).errCode) === COLLECTION_MISSING) return;
      throw error;
    }
    if (page.length) yield page;
    if (page.length < PAGE) return;
    after = String(page[page.length - 1]._id);
  }
}

/** Writes every collection as JSON lines, and every file id a document refers to, into `dir`. */
async function exportCollections(dir: string): Promise<{ collections: BackupManifest['collections']; fileReferences: number }> {
  const files = createWriteStream(join(dir, 'files.jsonl'));
  const collections: BackupManifest['collections'] = [];
  let fileReferences = 0;
  try {
    for (const name of BACKED_UP) {
      const out = createWriteStream(join(dir, `${name}.jsonl`));
      let documents = 0;
      try {
        for await (const page of pagesOf(name)) {
          await append(out, page.map((document) => `${toExtendedJsonLine(document)}\n`).join(''));
          documents += page.length;
          for (const document of page) {
            for (const fileID of fileIdsIn(document)) {
              fileReferences += 1;
              await append(files, `${JSON.stringify({ collection: name, _id: document._id, fileID })}\n`);
            }
          }
        }
      } finally {
        await close(out);
      }
      collections.push({ name, documents });
    }
  } finally {
    await close(files);
  }
  return { collections, fileReferences };
}

/** manifest.json first, then `collections/<name>.jsonl`, then files.jsonl, gzipped: one file to download and restore. */
async function writeArchive(dir: string, manifest: BackupManifest, target: string): Promise<void> {
  const archive = tarStream().pack();
  const packed = pipeline(archive, createGzip(), createWriteStream(target));
  const manifestText = Buffer.from(JSON.stringify(manifest, null, 2));
  archive.entry({ name: 'manifest.json', size: manifestText.length }, manifestText);
  const entries = [...manifest.collections.map(({ name }) => ({ file: `${name}.jsonl`, name: `collections/${name}.jsonl` })), { file: 'files.jsonl', name: 'files.jsonl' }];
  for (const entry of entries) {
    const path = join(dir, entry.file);
    const stream = archive.entry({ name: entry.name, size: statSync(path).size });
    await pipeline(createReadStream(path), stream);
  }
  archive.finalize();
  await packed;
}

/**
 * The backup for the timer's scheduled `time`: every collection exported page by page to temporary
 * files, packed into `backups/<id>/backup.tar.gz` with `manifest.json` beside it, then recorded as
 * complete and the oldest beyond the last 8 removed. Running it again for the same time finishes
 * or redoes an unfinished run over the same files, and leaves a complete one alone.
 */
export async function runBackup(time: Date, env: string): Promise<BackupOutcome> {
  const id = backupIdOf(time);
  const startedAt = now();
  const run = await openRun(id, startedAt);
  if (!run) return { id, written: false, removed: await pruneBackups() };
  const dir = mkdtempSync(join(tmpdir(), `backup-${id}-`));
  try {
    const { collections, fileReferences } = await exportCollections(dir);
    const finishedAt = now();
    const manifest: BackupManifest = {
      format: 1,
      id,
      env,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      collections,
      documents: collections.reduce((sum, collection) => sum + collection.documents, 0),
      fileReferences,
    };
    const archivePath = join(dir, 'backup.tar.gz');
    await writeArchive(dir, manifest, archivePath);
    const bytes = statSync(archivePath).size;
    const folder = backupFolder(id);
    const archive = await cloud.uploadFile({ cloudPath: `${folder}/backup.tar.gz`, fileContent: createReadStream(archivePath) });
    await noteFile(id, 'archiveFileId', archive.fileID);
    const stored = await cloud.uploadFile({ cloudPath: `${folder}/manifest.json`, fileContent: Buffer.from(JSON.stringify(manifest, null, 2)) });
    await noteFile(id, 'manifestFileId', stored.fileID);
    await completeRun(id, { finishedAt, collections, documents: manifest.documents, fileReferences, bytes });
    return { id, written: true, manifest, removed: await pruneBackups() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
