import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sdkFor, uniqueEnv } from '../support/cloud';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';

/**
 * Acknowledged writes survive the local cloud being killed. This file runs a local cloud of
 * its own (the shared one must not be killed) and points the SDK at it: the SDK reads
 * TCB_CONTEXT_CNFG on every request, so a restarted cloud on a new port is picked up.
 */

type Doc = Record<string, unknown> & { _id: string };

const env = uniqueEnv('durable');
const dataDir = mkdtempSync(join(tmpdir(), 'local-cloud-durability-'));
const sharedCloudConfig = process.env.TCB_CONTEXT_CNFG;
// A request cut off by the kill leaves the SDK's ">3 s" warning timer running; SILENCE turns it off.
process.env.SILENCE = 'true';
const cloud = sdkFor(env);
const db = cloud.database();
const _ = db.command;
let running: RunningCloud;

async function startCloud(): Promise<void> {
  running = await startLocalCloud({ dataDir });
  process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${running.url}/admin` });
}

async function everything(collection: string): Promise<Map<string, Doc>> {
  const docs = new Map<string, Doc>();
  for (let offset = 0; ; offset += 1000) {
    const query = db.collection(collection).orderBy('_id', 'asc').limit(1000);
    const page = ((await (offset > 0 ? query.skip(offset) : query).get()) as { data: Doc[] }).data;
    for (const doc of page) docs.set(doc._id, doc);
    if (page.length < 1000) return docs;
  }
}

beforeAll(startCloud, 30_000);

afterAll(async () => {
  await running.stop('SIGKILL');
  process.env.TCB_CONTEXT_CNFG = sharedCloudConfig;
  delete process.env.SILENCE;
  rmSync(dataDir, { recursive: true, force: true });
});

it('keeps every acknowledged write when the cloud is killed with SIGKILL', async () => {
  await db.createCollection('journal');
  const journal = db.collection('journal');
  const batch = Array.from({ length: 1000 }, (_unused, i) => ({ _id: `b${String(i).padStart(4, '0')}`, i, at: new Date(i) }));
  await journal.add({ data: batch });
  for (let i = 0; i < 50; i++) await journal.doc(batch[i]._id).update({ data: { i: _.inc(1000), touched: true } });
  for (let i = 50; i < 80; i++) await journal.doc(batch[i]._id).remove();
  await db.runTransaction(async (t: { collection(name: string): typeof journal }) => {
    await t.collection('journal').doc('b0999').update({ data: { closedBy: 'transaction' } });
    await t.collection('journal').add({ data: { _id: 'from-transaction' } });
  });

  // A burst of writes, some still in flight when the process is killed.
  const acknowledged: string[] = [];
  let reachedHundred!: () => void;
  const hundredAcknowledged = new Promise<void>((resolve) => (reachedHundred = resolve));
  const burst = Array.from({ length: 400 }, async (_unused, i) => {
    const id = `burst-${i}`;
    await journal.add({ data: { _id: id, i } });
    acknowledged.push(id);
    if (acknowledged.length === 100) reachedHundred();
  });
  await hundredAcknowledged;
  await running.stop('SIGKILL');
  const settled = await Promise.allSettled(burst);
  const acknowledgedBeforeRestart = new Set(acknowledged);
  expect(settled.filter((result) => result.status === 'fulfilled')).toHaveLength(acknowledgedBeforeRestart.size);

  await startCloud();
  const stored = await everything('journal');
  for (let i = 0; i < 1000; i++) {
    const id = batch[i]._id;
    if (i >= 50 && i < 80) expect(stored.has(id)).toBe(false);
    else expect(stored.get(id)).toMatchObject(i < 50 ? { i: i + 1000, touched: true, at: new Date(i) } : { i, at: new Date(i) });
  }
  expect(stored.get('b0999')?.closedBy).toBe('transaction');
  expect(stored.has('from-transaction')).toBe(true);
  for (const id of acknowledgedBeforeRestart) expect(stored.get(id)).toEqual({ _id: id, i: Number(id.slice('burst-'.length)) });
  const burstStored = [...stored.keys()].filter((id) => id.startsWith('burst-'));
  expect(burstStored.length).toBeGreaterThanOrEqual(acknowledgedBeforeRestart.size);
  const again = await db.createCollection('journal').then(
    () => 'created',
    (error: { code?: string }) => error.code,
  );
  expect(again).toBe('DATABASE_COLLECTION_ALREADY_EXIST');
}, 60_000);

it('stops cleanly on SIGTERM and keeps its data', async () => {
  await db.createCollection('notes');
  await db.collection('notes').add({ data: Array.from({ length: 300 }, (_unused, i) => ({ _id: `n${i}`, text: `note ${i}` })) });
  await db.collection('notes').doc('n7').set({ data: { text: 'rewritten' } });
  await running.stop('SIGTERM');
  expect(running.process.exitCode).toBe(0);

  await startCloud();
  const notes = await everything('notes');
  expect(notes.size).toBe(300);
  expect(notes.get('n7')).toEqual({ _id: 'n7', text: 'rewritten' });
  expect(notes.get('n299')).toEqual({ _id: 'n299', text: 'note 299' });
}, 60_000);

describe('the moved clock survives a restart', () => {
  test('time never runs backwards for data written at a moved time', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'clock-'));
    const first = await startLocalCloud({ dataDir });
    const moved = await fetch(`${first.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 3 * 86_400_000 }),
    });
    const { now: movedNow } = (await moved.json()) as { now: string };
    await first.stop('SIGKILL');
    const second = await startLocalCloud({ dataDir });
    try {
      const { now } = (await (await fetch(`${second.url}/_emulator/clock`)).json()) as { now: string };
      expect(Date.parse(now)).toBeGreaterThanOrEqual(Date.parse(movedNow));
    } finally {
      await second.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
