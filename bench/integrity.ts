import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ApiResult } from '../typings/api';
import type { NewTicketInput, TicketDetail } from '../typings/tickets';
import { apiAs, okAs } from '../test/support/api';
import { pointSdkAt } from '../test/support/cloud';
import { startLocalCloud } from '../test/support/local-cloud';
import { seedCommunity, type SeededCommunity } from '../test/support/seed';

/**
 * The acceptance runs, with figures: 500 tickets created at once by 50 owners; the local
 * cloud killed during 400 creates that are then retried with the same request ids.
 */

type Print = (line: string) => void;

const repair = (unitId: string): NewTicketInput => ({
  kind: 'repair',
  category: 'drain-block',
  description: '厨房下水道堵塞，水排不下去',
  photos: [],
  location: { kind: 'unit', unitId },
  contactName: '张家人',
  contactPhone: '13900000000',
});

interface Stored {
  _id: string;
  number: string;
  ticketId?: string;
}

function database(env: string): ReturnType<typeof import('wx-server-sdk')['database']> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
  // The env named on the database itself: the SDK would otherwise follow SCF_NAMESPACE (pointSdkAt's namespace).
  return sdk.database({ env });
}

async function everything(env: string, collection: string, where: Record<string, unknown>): Promise<Stored[]> {
  const db = database(env);
  const found: Stored[] = [];
  for (let offset = 0; ; offset += 1000) {
    const query = db.collection(collection).where(where).orderBy('_id', 'asc').limit(1000);
    const page = ((await (offset ? query.skip(offset) : query).get()) as unknown as { data: Stored[] }).data;
    found.push(...page);
    if (page.length < 1000) return found;
  }
}

async function owners(env: string, community: SeededCommunity, count: number, prefix: string, url: string): Promise<string[]> {
  const openids = Array.from({ length: count }, (_unused, i) => `o-${prefix}-${i}`);
  for (const openid of openids) {
    const request = await okAs(env, openid, url)('binding.request', { unitId: community.units[0].id, relation: 'family', name: '张家人', phone: '13900000000', proofFileIds: [] });
    await okAs(env, community.staff.cs, url)('binding.review', { id: request.id, version: request.version, decision: 'approve' });
  }
  return openids;
}

function tally(results: ApiResult<unknown>[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.ok ? 'ok' : result.code, (counts.get(result.ok ? 'ok' : result.code) ?? 0) + 1);
  return [...counts].map(([code, count]) => `${code} ${count}`).join(', ');
}

/** Sequences per day and prefix must be exactly 1…n. */
function gapFree(numbers: string[]): boolean {
  const groups = new Map<string, number[]>();
  for (const number of numbers) groups.set(number.slice(0, -5), [...(groups.get(number.slice(0, -5)) ?? []), Number(number.slice(-4))]);
  return [...groups.values()].every((sequences) => sequences.sort((x, y) => x - y).every((value, index) => value === index + 1));
}

async function concurrentCreates(print: Print): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-integrity-'));
  const cloud = await startLocalCloud({ dataDir });
  try {
    pointSdkAt(cloud.url, 'bench');
    const env = 'bench-creates';
    const community = await seedCommunity(env, 'bc', cloud.url);
    const people = await owners(env, community, 50, 'bc', cloud.url);
    const started = performance.now();
    const latencies: number[] = [];
    const results = await Promise.all(
      people.flatMap((owner) =>
        Array.from({ length: 10 }, async () => {
          const before = performance.now();
          const result = await apiAs(env, owner, cloud.url)('ticket.create', repair(community.units[0].id));
          latencies.push(performance.now() - before);
          return result;
        }),
      ),
    );
    const elapsed = performance.now() - started;
    latencies.sort((x, y) => x - y);
    const numbers = results.filter((result) => result.ok).map((result) => (result as { data: TicketDetail }).data.number);
    print(`500 ticket.create at once from 50 owners: ${tally(results)} in ${(elapsed / 1000).toFixed(1)} s (ten instances at a time; a call waits for one)`);
    print(`  time per call from the caller: median ${(latencies[249] / 1000).toFixed(1)} s, slowest ${(latencies[499] / 1000).toFixed(1)} s`);
    print(`  numbers: ${new Set(numbers).size} unique of ${numbers.length}, gap-free per day: ${gapFree(numbers) ? 'yes' : 'NO'}`);
  } finally {
    await cloud.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function killDuringCreates(print: Print): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-crash-'));
  let cloud = await startLocalCloud({ dataDir });
  try {
    pointSdkAt(cloud.url, 'bench');
    const env = 'bench-crash';
    const community = await seedCommunity(env, 'bk', cloud.url);
    const people = await owners(env, community, 40, 'bk', cloud.url);
    const calls = people.flatMap((owner) => Array.from({ length: 10 }, (_unused, i) => ({ owner, requestId: `bench-crash-${owner}-${i}` })));
    const create = (call: { owner: string; requestId: string }, url: string) => apiAs(env, call.owner, url)('ticket.create', repair(community.units[0].id), call.requestId);

    const first = new Map<string, ApiResult<TicketDetail>>();
    let reached!: () => void;
    const enough = new Promise<void>((resolve) => (reached = resolve));
    const url = cloud.url;
    // A call cut off by the kill fails; the retries below answer it.
    const running = calls.map((call) =>
      create(call, url).then((answer) => {
        first.set(call.requestId, answer);
        if (first.size === 150) reached();
      }, () => undefined),
    );
    await enough;
    await cloud.stop('SIGKILL');
    await Promise.all(running);
    const acknowledged = first.size;
    cloud = await startLocalCloud({ dataDir });
    pointSdkAt(cloud.url, 'bench');

    const retried = await Promise.all(
      calls.map(async (call) => {
        let answer: ApiResult<TicketDetail> = { ok: false, code: 'INTERNAL', message: 'not tried' };
        for (let attempt = 0; attempt < 5 && !answer.ok; attempt += 1) answer = await create(call, cloud.url);
        return { call, answer };
      }),
    );
    const changed = retried.filter(({ call, answer }) => {
      const before = first.get(call.requestId);
      return before?.ok && answer.ok && before.data.id !== answer.data.id;
    }).length;
    const tickets = await everything(env, 'tickets', { ownerOpenid: database(env).command.in(people) });
    const ids = new Set(tickets.map((ticket) => ticket._id));
    print(`400 ticket.create, the local cloud killed (SIGKILL) after ${acknowledged} answers, then all retried with their request ids:`);
    print(`  retries: ${tally(retried.map((item) => item.answer))}; a retry answered with another ticket than the first answer: ${changed}`);
    print(
      `  stored tickets ${tickets.length} for 400 requests: duplicates ${tickets.length - 400}, distinct ids ${ids.size}, numbers gap-free: ${gapFree(tickets.map((ticket) => ticket.number)) ? 'yes' : 'NO'}`,
    );
  } finally {
    await cloud.stop('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export async function benchIntegrity(print: Print): Promise<void> {
  print('\n== integrity under concurrency and crashes (api function through the client endpoint)');
  await concurrentCreates(print);
  await killDuringCreates(print);
}
