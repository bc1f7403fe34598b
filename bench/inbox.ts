/**
 * `npm run bench -- inbox`: the staff inbox as the desk meets it on a busy community. The demo env
 * with 100k tickets added to its community (`BENCH_INBOX_TICKETS`), each cloned from one of the
 * demo's own tickets, so the open share is the demo's. 客服 opens `ticket.inbox` through the api (a
 * real `callFunction` round trip: the function's invocation, the caller's account, the query, the
 * summaries); beside it, in the same run, the same filter, sort and limit done in-process by a
 * plain full scan of the same tickets in memory. The api's page is checked against the scan's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ActionInput } from '../typings/api';
import { apiAs } from '../test/support/api';
import { startLocalCloud } from '../test/support/local-cloud';
import { pointSdkAt } from '../test/support/cloud';
import { DEMO_ENV, DEMO_USERS, seedDemo } from '../scripts/demo';
import { OPEN_STATUSES, type TicketDocument } from '../cloudfunctions/api/src/tickets/model';
import { pct, time } from './stats';

type Print = (line: string) => void;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CALLS = 30;
const PAGE = 20;


/** Ticket `i` of `count`, cloned from `model`: its own id, number, received time and deadline. */
function cloneTicket(model: TicketDocument, i: number, count: number, now: number): TicketDocument {
  const span = 3 * 365 * DAY;
  const createdAt = new Date(now - span + Math.floor((i * span) / count));
  const day = new Date(createdAt.getTime() + 8 * HOUR).toISOString().slice(0, 10).replace(/-/g, '');
  const due = time(model.dueAt);
  // An open ticket's deadline moves by up to five days either way, so the desk's deadlines spread.
  const dueAt = due > now + 365 * DAY ? model.dueAt : new Date(due + ((((i * 7919) % 241) - 120) * HOUR));
  return {
    ...model,
    _id: `inbox-${String(i).padStart(6, '0')}`,
    number: `${model.number.slice(0, 2)}${day}-${String(i % 10000).padStart(4, '0')}`,
    createdAt,
    updatedAt: createdAt,
    dueAt,
  };
}

/** The inbox's filter, sort and limit done the plain way: every ticket looked at, then sorted. */
function scanInbox(docs: readonly TicketDocument[], communityId: string, keep: (doc: TicketDocument) => boolean): string[] {
  const open = new Set<string>(OPEN_STATUSES);
  return docs
    .filter((doc) => doc.communityId === communityId && open.has(doc.status) && keep(doc))
    .sort((a, b) => time(a.dueAt) - time(b.dueAt) || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0))
    .slice(0, PAGE)
    .map((doc) => doc._id);
}

export async function benchInbox(print: Print): Promise<void> {
  const count = Number(process.env.BENCH_INBOX_TICKETS ?? 100_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-inbox-'));
  const cloud = await startLocalCloud({ dataDir });
  try {
    pointSdkAt(cloud.url, 'bench');
    await seedDemo(cloud.url);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const db = (require('wx-server-sdk') as typeof import('wx-server-sdk')).database({ env: DEMO_ENV });
    const demo = ((await db.collection('tickets').limit(1000).get()) as unknown as { data: TicketDocument[] }).data;
    const communityId = demo[0].communityId;
    const now = time(((await (await fetch(`${cloud.url}/_emulator/clock`)).json()) as { now: string }).now);
    const models = demo.filter((doc) => doc.communityId === communityId);
    const docs = Array.from({ length: count }, (_unused, i) => cloneTicket(models[i % models.length], i, count, now));
    const loadStarted = performance.now();
    for (let from = 0; from < docs.length; from += 1000) {
      await db.collection('tickets').add({ data: docs.slice(from, from + 1000) as unknown as Record<string, unknown>[] });
    }
    const all = [...models, ...docs];
    const openShare = all.filter((doc) => (OPEN_STATUSES as readonly string[]).includes(doc.status)).length;
    print(`${count} tickets cloned from the demo's ${models.length} into its community, loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s; ${openShare} open`);

    const cs = apiAs(DEMO_ENV, DEMO_USERS.cs, cloud.url);
    const tech = apiAs(DEMO_ENV, DEMO_USERS.tech, cloud.url);
    const grades = new Set(all.map((doc) => doc.grade).filter(Boolean));
    const grade = grades.has('serious') ? 'serious' : 'general';
    type Row = { label: string; caller: typeof cs; who: string; input: ActionInput<'ticket.inbox'>; keep: (doc: TicketDocument) => boolean };
    const rows: Row[] = [
      { label: 'open', caller: cs, who: '客服', input: { communityId }, keep: () => true },
      { label: 'complaints', caller: cs, who: '客服', input: { communityId, kind: 'complaint' }, keep: (doc) => doc.kind === 'complaint' },
      { label: 'assigned repairs', caller: cs, who: '客服', input: { communityId, kind: 'repair', status: 'assigned' }, keep: (doc) => doc.kind === 'repair' && doc.status === 'assigned' },
      { label: `${grade} complaints`, caller: cs, who: '客服', input: { communityId, grade }, keep: (doc) => doc.grade === grade },
      { label: 'overdue', caller: cs, who: '客服', input: { communityId, overdue: true }, keep: (doc) => time(doc.dueAt) < now },
      { label: 'mine', caller: tech, who: '维修', input: { communityId }, keep: (doc) => doc.assignee?.openid === DEMO_USERS.tech },
    ];
    for (const row of rows) {
      const call = async (): Promise<string[]> => {
        const result = await row.caller('ticket.inbox', row.input);
        if (!result.ok) throw new Error(`ticket.inbox: ${result.code} ${result.message}`);
        return result.data.items.map((item) => item.id);
      };
      // Warm, as a desk that has served a while: the instance up, the index built, the code compiled.
      for (let k = 0; k < 5; k += 1) await call();
      const api: number[] = [];
      const scan: number[] = [];
      for (let k = 0; k < CALLS; k += 1) {
        let started = performance.now();
        const ids = await call();
        api.push(performance.now() - started);
        started = performance.now();
        const expected = scanInbox(all, communityId, row.keep);
        scan.push(performance.now() - started);
        if (ids.join() !== expected.join()) throw new Error(`the api's inbox (${row.label}) differs from the scan`);
      }
      api.sort((a, b) => a - b);
      scan.sort((a, b) => a - b);
      const faster = pct(api, 0.5) < pct(scan, 0.5) ? 'faster' : 'SLOWER';
      print(
        `ticket.inbox (${row.label}) as ${row.who} through the api: p50 ${pct(api, 0.5).toFixed(2)} ms, p99 ${pct(api, 0.99).toFixed(2)} ms; in-process full scan of the same ${all.length} tickets: p50 ${pct(scan, 0.5).toFixed(2)} ms, p99 ${pct(scan, 0.99).toFixed(2)} ms — the api is ${faster} (${CALLS} calls each)`,
      );
    }
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
