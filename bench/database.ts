import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';

/**
 * Database figures of the local cloud, measured through the real wx-server-sdk: insert rates,
 * a typical list query over 10,000 and 100,000 documents, and single-document updates.
 */

type Cloud = typeof import('wx-server-sdk');
type Collection = ReturnType<ReturnType<Cloud['database']>['collection']>;

const statuses = ['open', 'assigned', 'done', 'closed'];

function ticket(i: number): Record<string, unknown> {
  return {
    _id: `t${i}`,
    status: statuses[i % statuses.length],
    score: (i * 7919) % 1000,
    title: `ticket ${i}: water leaking in the kitchen`,
    block: i % 12,
    createdAt: new Date(1_700_000_000_000 + i * 60_000),
    tags: ['repair', i % 2 === 0 ? 'urgent' : 'normal'],
  };
}

async function fill(collection: Collection, from: number, count: number): Promise<void> {
  for (let start = from; start < from + count; start += 1000) {
    const size = Math.min(1000, from + count - start);
    await collection.add({ data: Array.from({ length: size }, (_unused, k) => ticket(start + k)) });
  }
}

function percentile(sortedMs: number[], p: number): number {
  return sortedMs[Math.min(sortedMs.length - 1, Math.floor((p / 100) * sortedMs.length))];
}

async function timed(runs: number, call: (run: number) => unknown): Promise<{ p50: number; p99: number; totalMs: number }> {
  const times: number[] = [];
  const started = performance.now();
  for (let run = 0; run < runs; run++) {
    const t0 = performance.now();
    await call(run);
    times.push(performance.now() - t0);
  }
  const totalMs = performance.now() - started;
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p99: percentile(times, 99), totalMs };
}

const ms = (value: number): string => `${value.toFixed(1)} ms`;
const perSecond = (count: number, totalMs: number): string => `${Math.round((count * 1000) / totalMs)}/s`;

export async function benchDatabase(sdk: Cloud, print: (line: string) => void): Promise<void> {
  const env = `bench-db-${randomBytes(4).toString('hex')}`;
  // The env named on the database itself: the SDK would otherwise follow SCF_NAMESPACE.
  const db = sdk.database({ env });
  const _ = db.command;

  await db.createCollection('single');
  const single = db.collection('single');
  const singleAdds = await timed(2000, (i) => single.add({ data: ticket(i) }));
  print(`database: add one document per call     ${perSecond(2000, singleAdds.totalMs)} (p50 ${ms(singleAdds.p50)}, p99 ${ms(singleAdds.p99)})`);

  await db.createCollection('small');
  await db.createCollection('large');
  const small = db.collection('small');
  const large = db.collection('large');
  await fill(small, 0, 10_000);
  const started = performance.now();
  await fill(large, 0, 100_000);
  print(`database: add 1000 documents per call   ${perSecond(100_000, performance.now() - started)} documents`);

  for (const [label, collection] of [
    ['10,000', small],
    ['100,000', large],
  ] as const) {
    const query = await timed(50, (run) =>
      collection
        .where({ status: 'open', score: _.gte((run * 17) % 900) })
        .orderBy('score', 'desc')
        .orderBy('createdAt', 'asc')
        .limit(20)
        .get(),
    );
    print(`database: where + orderBy + limit(20) over ${label} documents   p50 ${ms(query.p50)}, p99 ${ms(query.p99)}`);
  }

  const updates = await timed(2000, (i) => small.doc(`t${(i * 37) % 10_000}`).update({ data: { score: _.inc(1), touchedAt: db.serverDate() } }));
  print(`database: doc().update() in a 10,000-document collection   ${perSecond(2000, updates.totalMs)} (p50 ${ms(updates.p50)}, p99 ${ms(updates.p99)})`);
}
