import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { OPEN_STATUSES } from '../cloudfunctions/api/src/tickets/model';
import { startLocalCloud } from '../test/support/local-cloud';
import { pointSdkAt } from '../test/support/cloud';

type Print = (line: string) => void;

const HOUR = 3_600_000;
const COMMUNITIES = 10;

interface BenchTicket {
  _id: string;
  communityId: string;
  /** Unique in its community, as a ticket's number is. */
  number: string;
  status: string;
  kind: string;
  dueAt: Date;
  createdAt: Date;
  description: string;
}

/** A ticket of one of ten communities; about one in ten is still open, as in a desk's history. */
function ticketAt(i: number, start: number): BenchTicket {
  const open = (Math.floor(i / COMMUNITIES) * 7919) % 10 === 0;
  return {
    _id: `t${String(i).padStart(6, '0')}`,
    communityId: `c${i % COMMUNITIES}`,
    number: `N${String(i).padStart(6, '0')}`,
    status: open ? OPEN_STATUSES[i % OPEN_STATUSES.length] : 'closed',
    kind: i % 3 === 0 ? 'complaint' : 'repair',
    dueAt: open ? new Date(start + ((i * 31) % 2000) * HOUR) : new Date('9999-12-31T00:00:00.000Z'),
    createdAt: new Date(start + i * 60_000),
    description: '基准测试工单',
  };
}

/** The inbox's filter, sort and limit done the plain way: every ticket looked at, then sorted. */
function scanInbox(docs: readonly BenchTicket[], communityId: string, limit: number): BenchTicket[] {
  const open = new Set<string>(OPEN_STATUSES);
  return docs
    .filter((doc) => doc.communityId === communityId && open.has(doc.status))
    .sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
    .slice(0, limit);
}

const median = (times: number[]): string => [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)].toFixed(2);

/** The inbox's query through the SDK, against whichever local cloud `TCB_CONTEXT_CNFG` names. */
async function inbox(communityId: string, limit: number): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const db = (require('wx-server-sdk') as typeof import('wx-server-sdk')).database();
  const answer = (await db
    .collection('tickets')
    .where({ communityId, status: db.command.in(OPEN_STATUSES) })
    .orderBy('dueAt', 'asc')
    .orderBy('_id', 'asc')
    .limit(limit)
    .get()) as { data: { _id: string }[] };
  return answer.data.map((doc) => doc._id);
}

/** A fresh local cloud (with the project's indexes, or the manifest given) holding `docs`. */
async function loadedCloud(dataDir: string, docs: readonly BenchTicket[], indexes?: string): Promise<{ stop(): Promise<void>; loadSeconds: number }> {
  const cloud = await startLocalCloud({ dataDir, indexes });
  pointSdkAt(cloud.url, 'bench');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const db = (require('wx-server-sdk') as typeof import('wx-server-sdk')).database();
  await db.createCollection('tickets');
  const started = performance.now();
  for (let from = 0; from < docs.length; from += 1000) {
    await db.collection('tickets').add({ data: docs.slice(from, from + 1000) as unknown as Record<string, unknown>[] });
  }
  return { stop: () => cloud.stop(), loadSeconds: (performance.now() - started) / 1000 };
}

/** Median times of the inbox's query (20 runs over the communities), checked against the scan. */
async function timeInbox(docs: readonly BenchTicket[], limit: number): Promise<{ cloud: number[]; scan: number[] }> {
  const cloud: number[] = [];
  const scan: number[] = [];
  for (let run = 0; run < 20; run += 1) {
    const communityId = `c${run % COMMUNITIES}`;
    let started = performance.now();
    const ids = await inbox(communityId, limit);
    cloud.push(performance.now() - started);
    started = performance.now();
    const expected = scanInbox(docs, communityId, limit).map((doc) => doc._id);
    scan.push(performance.now() - started);
    if (ids.join() !== expected.join()) throw new Error(`the inbox of ${communityId} differs from the scan`);
  }
  return { cloud, scan };
}

/**
 * `ticket.inbox`'s query (a community's open tickets by deadline, 20 or 100) over 100k tickets
 * (`BENCH_INDEX_TICKETS`) in a fresh local cloud, served by the declared index through the real
 * SDK; beside it the same filter, sort and limit done in-process by a full scan of the same
 * tickets, and the same query on a local cloud without indexes (mingo over every ticket).
 */
export async function benchIndexes(print: Print): Promise<void> {
  const count = Number(process.env.BENCH_INDEX_TICKETS ?? 100_000);
  const root = mkdtempSync(join(tmpdir(), 'bench-indexes-'));
  const docs = Array.from({ length: count }, (_unused, i) => ticketAt(i, Date.UTC(2026, 0, 1)));
  const noIndexes = join(root, 'no-indexes.json');
  writeFileSync(noIndexes, JSON.stringify({ collections: {} }));
  try {
    const indexed = await loadedCloud(join(root, 'indexed'), docs);
    const results = new Map<number, { cloud: number[]; scan: number[] }>();
    try {
      print(`${count} tickets in ${COMMUNITIES} communities loaded in ${indexed.loadSeconds.toFixed(1)} s`);
      const started = performance.now();
      await inbox('c0', 20);
      print(`first inbox query (builds the index from the loaded tickets): ${(performance.now() - started).toFixed(0)} ms`);
      // As a cloud that has served a while: the query's code compiled (the scale bench warms each row likewise).
      for (let run = 0; run < 40; run += 1) await inbox(`c${run % COMMUNITIES}`, run % 2 ? 100 : 20);
      for (const limit of [20, 100]) results.set(limit, await timeInbox(docs, limit));
      // The floor of any query through the SDK: one ticket read by its _id.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const db = (require('wx-server-sdk') as typeof import('wx-server-sdk')).database();
      const reads: number[] = [];
      for (let run = 0; run < 20; run += 1) {
        const readStarted = performance.now();
        await db.collection('tickets').doc(docs[run * 97]._id).get();
        reads.push(performance.now() - readStarted);
      }
      print(`one ticket read by _id through the SDK (the round trip alone): p50 ${median(reads)} ms`);
    } finally {
      await indexed.stop();
    }
    const plain = await loadedCloud(join(root, 'plain'), docs, noIndexes);
    try {
      for (let run = 0; run < 10; run += 1) await inbox(`c${run % COMMUNITIES}`, 20);
      for (const limit of [20, 100]) {
        const unindexed = await timeInbox(docs, limit);
        const { cloud, scan } = results.get(limit)!;
        print(
          `ticket.inbox's query, limit ${limit}: local cloud with the index p50 ${median(cloud)} ms; without indexes p50 ${median(unindexed.cloud)} ms (both a round trip through the SDK); in-process full scan p50 ${median(scan)} ms (20 runs each)`,
        );
      }
    } finally {
      await plain.stop();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
