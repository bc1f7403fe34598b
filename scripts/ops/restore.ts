/**
 * Loads a backup the weekly `backup` function made into an EMPTY env, through wx-server-sdk as any
 * server would. Against the cloud it reads TENCENTCLOUD_SECRETID / TENCENTCLOUD_SECRETKEY (the
 * environment or deploy.env); `--local` points it at a local cloud instead.
 */
import { EJSON } from 'bson';
import { COLLECTIONS } from '../../cloudfunctions/api/src/collections';
import { openBackup } from './archive-reader';
import { requireSettings } from './settings';

const BATCH = 100;
const COLLECTION_MISSING = -502005;

interface Collection {
  count(): Promise<{ total: number }>;
  add(options: { data: Record<string, unknown>[] }): Promise<unknown>;
}
interface Database {
  collection(name: string): Collection;
  createCollection(name: string): Promise<unknown>;
}

const errCodeOf = (error: unknown): number | undefined =>
  typeof error === 'object' && error !== null && 'errCode' in error ? Number((error as { errCode: unknown }).errCode) : undefined;

function connect(env: string, local: string | undefined): Database {
  if (local) {
    // As README → "Using the local cloud from any Node process".
    Object.assign(process.env, {
      TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${local.replace(/\/$/, '')}/admin` }),
      TENCENTCLOUD_SECRETID: 'local',
      TENCENTCLOUD_SECRETKEY: 'local',
      TENCENTCLOUD_RUNENV: 'SCF',
      SCF_NAMESPACE: env,
      TENCENTCLOUD_REGION: 'ap-shanghai',
    });
  }
  const settings = local ? { TENCENTCLOUD_SECRETID: 'local', TENCENTCLOUD_SECRETKEY: 'local' } : requireSettings(['TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY']);
  if (settings instanceof Error) throw settings;
  // Required after the variables above are set: the SDK reads them when it starts.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as { init(options: Record<string, string>): void; database(): unknown };
  cloud.init({ env, secretId: settings.TENCENTCLOUD_SECRETID, secretKey: settings.TENCENTCLOUD_SECRETKEY });
  return cloud.database() as Database;
}

async function countOf(db: Database, name: string): Promise<number> {
  try {
    return (await db.collection(name).count()).total;
  } catch (error) {
    if (errCodeOf(error) === COLLECTION_MISSING) return 0;
    throw error;
  }
}

export interface RestoreResult {
  collections: { name: string; documents: number }[];
  fileReferences: number;
}

/** Refuses an env that holds any document; otherwise loads every collection and checks the counts. */
export async function restore(options: { from: string; env: string; local?: string; log?: (line: string) => void }): Promise<RestoreResult> {
  const log = options.log ?? (() => undefined);
  const source = await openBackup(options.from);
  const db = connect(options.env, options.local);
  const names = [...new Set([...source.manifest.collections.map((collection) => collection.name), ...COLLECTIONS])];
  const occupied: string[] = [];
  for (const name of names) {
    const total = await countOf(db, name);
    if (total > 0) occupied.push(`${name} (${total})`);
  }
  if (occupied.length) {
    throw new Error(`env ${options.env} is not empty — ${occupied.join(', ')}. A backup is restored only into an empty env; create a new env or empty this one first.`);
  }
  log(`restoring backup ${source.manifest.id} of env ${source.manifest.env} (${source.manifest.documents} documents) into ${options.env}`);
  const restored: RestoreResult['collections'] = [];
  await source.eachCollection(async (name, lines) => {
    try {
      await db.createCollection(name);
    } catch {
      // Already there (empty, as checked above).
    }
    let batch: Record<string, unknown>[] = [];
    let documents = 0;
    const flush = async (): Promise<void> => {
      if (!batch.length) return;
      await db.collection(name).add({ data: batch });
      documents += batch.length;
      batch = [];
    };
    for await (const line of lines) {
      if (!line.trim()) continue;
      batch.push(EJSON.parse(line, { relaxed: true }) as Record<string, unknown>);
      if (batch.length === BATCH) await flush();
    }
    await flush();
    restored.push({ name, documents });
    log(`  ${name}: ${documents}`);
  });
  for (const { name, documents } of source.manifest.collections) {
    const found = restored.find((collection) => collection.name === name)?.documents;
    if (found !== documents) throw new Error(`${name}: the backup lists ${documents} documents, ${found ?? 0} were restored`);
  }
  return { collections: restored, fileReferences: source.manifest.fileReferences };
}
