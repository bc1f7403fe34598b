/**
 * 002 §2¶7 (重要电脑文件有备份): the weekly `backup` function exports every collection to cloud
 * storage, admins list and download it, and `npm run restore` loads it into an empty env that then
 * holds the same documents. Runs on a local cloud of its own: the demo data lives in env `demo`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BackupOutcome } from '../../cloudfunctions/api/src/backup/archive';
import { COLLECTIONS } from '../../cloudfunctions/api/src/collections';
import { DEMO_ENV, DEMO_USERS, seedDemo } from '../../scripts/demo';
import { apiAs, okAs } from '../support/api';
import { projectRoot, startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { uniqueEnv } from '../support/cloud';

const ADMIN = 'o-demo-admin';
const BACKED_UP = COLLECTIONS.filter((name) => name !== 'backups');
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;

let cloud: RunningCloud;
let work: string;
const sharedCloudConfig = process.env.TCB_CONTEXT_CNFG;

type Sdk = typeof import('wx-server-sdk');
let sdk: Sdk;

async function clock(body: Record<string, unknown>): Promise<{ now: string }> {
  const response = await fetch(`${cloud.url}/_emulator/clock`, { method: body.to || body.advanceMs ? 'POST' : 'GET', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!response.ok) throw new Error(`clock: ${await response.text()}`);
  return (await response.json()) as { now: string };
}

/** The next Sunday's backup time (03:17 China time) after the cloud's `now`, as an instant. */
function nextBackupTime(now: Date): Date {
  const china = new Date(now.getTime() + 8 * 3600_000);
  const sunday = new Date(Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate() + ((7 - china.getUTCDay()) % 7), 3, 17) - 8 * 3600_000);
  return sunday.getTime() > now.getTime() ? sunday : new Date(sunday.getTime() + WEEK_MS);
}

/** Moves the clock to just before the next weekly backup (other timers settle), then past it (the backup runs). */
async function runWeeklyBackup(): Promise<void> {
  const due = nextBackupTime(new Date((await clock({ advanceMs: 1 })).now));
  await clock({ to: new Date(due.getTime() - 60_000).toISOString() });
  await clock({ to: new Date(due.getTime() + 30_000).toISOString() });
}

/** Every document of a collection in `_id` order, read in pages of 1000 like the backup. */
async function everyDocument(env: string, name: string): Promise<unknown[]> {
  const db = sdk.database({ env });
  const all: Record<string, unknown>[] = [];
  for (;;) {
    const where = all.length ? { _id: db.command.gt(String(all[all.length - 1]._id)) } : {};
    let page: Record<string, unknown>[];
    try {
      page = ((await db.collection(name).where(where).orderBy('_id', 'asc').limit(1000).get()) as { data: Record<string, unknown>[] }).data;
    } catch (error) {
      if ((error as { errCode?: number }).errCode === -502005) return all;
      throw error;
    }
    all.push(...page);
    if (page.length < 1000) return all;
  }
}

function runRestore(from: string, env: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'scripts', 'restore.ts'), '--from', from, '--env', env, '--local', cloud.url], {
      cwd: projectRoot,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'backup-test-'));
  cloud = await startLocalCloud();
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${cloud.url}/admin` });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdk = require('wx-server-sdk') as Sdk;
  sdk.init({ env: DEMO_ENV });
  await seedDemo(cloud.url);
}, 180_000);

afterAll(async () => {
  await cloud?.stop();
  process.env.TCB_CONTEXT_CNFG = sharedCloudConfig;
  rmSync(work, { recursive: true, force: true });
});

describe('weekly backup and restore', () => {
  let firstId = '';
  let firstArchive = '';
  /** Backups the weekly timer wrote by itself before the tests moved the clock (see below). */
  let earlier = 0;

  test('the timer writes a complete backup that the admin lists and downloads, and a restore into an empty env holds every document', async () => {
    const admin = okAs(DEMO_ENV, ADMIN, cloud.url);
    // The demo's clock runs two days ahead of real time: when real time reaches the hour before the
    // weekly backup's, the timer may run by itself while the demo is written. What it wrote stays.
    const before = await admin('backup.list', {});
    earlier = before.length;
    await runWeeklyBackup();

    const [backup, ...others] = await admin('backup.list', {});
    expect(others).toEqual(before);
    expect(backup).toMatchObject({ complete: true, collections: BACKED_UP.length, allowed: ['download'] });
    expect(backup.documents).toBeGreaterThan(50);
    expect(backup.bytes).toBeGreaterThan(0);
    firstId = backup.id;

    // The archive as stored, read before anything else is written (a download itself is logged).
    const record = ((await everyDocument(DEMO_ENV, 'backups')) as { _id: string; archiveFileId: string }[]).find((doc) => doc._id === backup.id)!;
    const stored = (await sdk.downloadFile({ fileID: record.archiveFileId })).fileContent as Buffer;
    const archive = join(work, 'backup.tar.gz');
    writeFileSync(archive, stored);
    firstArchive = record.archiveFileId;

    const target = uniqueEnv('restored');
    const restored = await runRestore(archive, target);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    expect(restored.stdout).toContain(`restored ${backup.documents} documents in ${BACKED_UP.length} collections into ${target}`);

    for (const name of BACKED_UP) {
      const [original, copy] = await Promise.all([everyDocument(DEMO_ENV, name), everyDocument(target, name)]);
      expect({ name, documents: copy }).toEqual({ name, documents: original });
    }
    // Dates come back as dates, not strings.
    const [ticket] = (await everyDocument(target, 'tickets')) as { createdAt: unknown }[];
    expect(ticket.createdAt).toBeInstanceOf(Date);

    const link = await admin('backup.download', { id: backup.id });
    const response = await fetch(link.url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(stored)).toBe(true);
    const log = (await everyDocument(DEMO_ENV, 'accessLog')) as { actorOpenid: string; subject: string }[];
    expect(log).toContainEqual(expect.objectContaining({ actorOpenid: ADMIN, subject: `全部数据备份 ${backup.id}` }));

    const again = await runRestore(archive, target);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(new RegExp(`env ${target} is not empty — .*tickets \\(\\d+\\)`));
  }, 180_000);

  test('staff other than the deployment admins can neither list nor download backups, and no user can start one', async () => {
    for (const openid of [DEMO_USERS.manager, DEMO_USERS.owner, DEMO_USERS.infokeeper]) {
      const call = apiAs(DEMO_ENV, openid, cloud.url);
      expect(await call('backup.list', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(await call('backup.download', { id: firstId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    }
    const response = await fetch(`${cloud.url}/client/callFunction?env=${DEMO_ENV}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: DEMO_USERS.owner, name: 'backup', data: { Type: 'Timer', Time: '2030-01-01T00:00:00Z' } }),
    });
    expect(((await response.json()) as { result: unknown }).result).toEqual({ refused: 'only the weekly timer runs backups' });
    expect(await okAs(DEMO_ENV, ADMIN, cloud.url)('backup.list', {})).toHaveLength(earlier + 1);
  });

  test('a collection of several pages (2,500 documents) comes back whole, and the same scheduled time run again writes nothing new', async () => {
    const big = uniqueEnv('big');
    const db = sdk.database({ env: big });
    await db.createCollection('counters');
    for (let start = 0; start < 2500; start += 100) {
      const data = Array.from({ length: 100 }, (_, offset) => ({ _id: `c${String(start + offset).padStart(5, '0')}`, value: start + offset, at: new Date(Date.UTC(2026, 0, 1, 0, 0, start + offset)) }));
      await db.collection('counters').add({ data });
    }
    const timer = { Type: 'Timer', Time: '2026-11-29T19:17:00Z' };
    const runTimer = async (): Promise<BackupOutcome> =>
      ((await sdk.callFunction({ name: 'backup', data: timer, config: { env: big }, timeout: 120_000 } as Parameters<Sdk['callFunction']>[0])) as unknown as { result: BackupOutcome }).result;
    const first = { result: await runTimer() };
    expect(first.result.written).toBe(true);
    expect(first.result.manifest?.collections).toContainEqual({ name: 'counters', documents: 2500 });
    const again = { result: await runTimer() };
    expect(again.result.written).toBe(false);

    const [record, ...more] = (await everyDocument(big, 'backups')) as { archiveFileId: string; status: string }[];
    expect(more).toEqual([]);
    expect(record.status).toBe('complete');
    const archive = join(work, 'big.tar.gz');
    writeFileSync(archive, (await sdk.downloadFile({ fileID: record.archiveFileId, config: { env: big } } as Parameters<Sdk['downloadFile']>[0])).fileContent as Buffer);
    const target = uniqueEnv('big-restored');
    const restored = await runRestore(archive, target);
    expect(restored.code).toBe(0);
    expect(await everyDocument(target, 'counters')).toEqual(await everyDocument(big, 'counters'));
  }, 120_000);

  test('the ninth weekly backup removes the oldest: eight are kept and the oldest archive is deleted from storage', async () => {
    for (let week = 2; week <= 9; week += 1) await runWeeklyBackup();
    const admin = apiAs(DEMO_ENV, ADMIN, cloud.url);
    const listed = await admin('backup.list', {});
    if (!listed.ok) throw new Error(listed.message);
    expect(listed.data).toHaveLength(8);
    expect(listed.data.every((backup) => backup.complete)).toBe(true);
    expect(listed.data.map((backup) => backup.id)).not.toContain(firstId);
    expect(await admin('backup.download', { id: firstId })).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    await expect(sdk.downloadFile({ fileID: firstArchive })).rejects.toBeDefined();
  }, 300_000);
});
