/**
 * Reads a backup as `backup` function writes it: the downloaded `backup.tar.gz`, or the folder it
 * was unpacked into (`manifest.json`, `collections/<name>.jsonl`).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';
import type { BackupManifest } from '../../typings/backup';

export interface BackupSource {
  manifest: BackupManifest;
  /** Calls `read` with each collection's lines, in the manifest's order. */
  eachCollection(read: (name: string, lines: AsyncIterable<string>) => Promise<void>): Promise<void>;
}

const COLLECTION_ENTRY = /^collections\/([A-Za-z0-9_-]+)\.jsonl$/;

/** Lines of an entry, read only once iterated: a line reader made earlier would drop lines while the caller awaits. */
function linesOf(stream: Readable): AsyncIterable<string> {
  return { [Symbol.asyncIterator]: () => createInterface({ input: stream, crlfDelay: Infinity })[Symbol.asyncIterator]() };
}

/** Runs `handle` on each entry of a .tar.gz in turn; an entry not read is skipped. */
function eachEntry(path: string, handle: (name: string, stream: Readable) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    const entries = extract();
    entries.on('entry', (header, stream, next) => {
      handle(header.name, stream).then(
        () => {
          stream.resume();
          next();
        },
        (error: unknown) => entries.destroy(error instanceof Error ? error : new Error(String(error))),
      );
    });
    pipeline(createReadStream(path), createGunzip(), entries).then(resolve, reject);
  });
}

async function readText(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function checkManifest(raw: unknown, from: string): BackupManifest {
  const manifest = raw as Partial<BackupManifest>;
  if (manifest?.format !== 1 || !Array.isArray(manifest.collections)) throw new Error(`${from}: not a backup manifest (format 1)`);
  return manifest as BackupManifest;
}

export async function openBackup(from: string): Promise<BackupSource> {
  if (!existsSync(from)) throw new Error(`${from} does not exist`);
  if (statSync(from).isDirectory()) {
    const manifest = checkManifest(JSON.parse(readFileSync(join(from, 'manifest.json'), 'utf8')), from);
    return {
      manifest,
      async eachCollection(read) {
        for (const { name } of manifest.collections) await read(name, linesOf(createReadStream(join(from, 'collections', `${name}.jsonl`))));
      },
    };
  }
  let manifestText = '';
  await eachEntry(from, async (name, stream) => {
    if (name === 'manifest.json') manifestText = await readText(stream);
  });
  if (!manifestText) throw new Error(`${from}: no manifest.json in the archive`);
  const manifest = checkManifest(JSON.parse(manifestText), from);
  return {
    manifest,
    eachCollection(read) {
      return eachEntry(from, async (name, stream) => {
        const match = COLLECTION_ENTRY.exec(name);
        if (match) await read(match[1], linesOf(stream));
      });
    },
  };
}
