import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { okAs } from '../test/support/api';
import { startLocalCloud } from '../test/support/local-cloud';
import { seedCommunity } from '../test/support/seed';
import { computeBoard, periodOf } from '../cloudfunctions/api/src/quality/kpi';
import type { TicketDocument } from '../cloudfunctions/api/src/tickets/model';
import { boardFactsOf, fromBoardFacts } from '../cloudfunctions/api/src/tickets/boardFacts';
import { databaseRequests, pointSdkAt } from '../test/support/cloud';

type Print = (line: string) => void;

const DAY = 86_400_000;
const MINUTE = 60_000;

/** A plausible closed or open ticket received at `at` (random times around the promises). */
function ticketAt(i: number, at: Date, communityId: string, unitId: string, now: Date): TicketDocument {
  const ticket = ticketFieldsAt(i, at, communityId, unitId, now);
  // What the board reads of it, as the api keeps it with every write.
  return { ...ticket, boardFacts: boardFactsOf(ticket) };
}

function ticketFieldsAt(i: number, at: Date, communityId: string, unitId: string, now: Date): TicketDocument {
  const roll = (i * 7919) % 100;
  const kind = roll < 60 ? 'repair' : roll < 85 ? 'complaint' : 'consultation';
  const t = at.getTime();
  const accepted = new Date(t + (5 + (i % 55)) * MINUTE);
  const resolved = new Date(t + (1 + (i % 60)) * 3_600_000);
  const done = resolved < now;
  return {
    _id: `bench-${i}`,
    number: `BX${at.toISOString().slice(0, 10).replace(/-/g, '')}-${String(i % 10000).padStart(4, '0')}`,
    kind,
    category: kind === 'repair' ? ['更换水龙头（不含材料）', '水管漏水', '门锁维修'][i % 3] : kind === 'complaint' ? ['噪音扰民', '停车管理', '环境卫生'][i % 3] : '物业服务',
    urgency: kind === 'repair' ? (i % 4 === 0 ? 'urgent' : 'routine') : undefined,
    communityId,
    unitId,
    locationLabel: `${1 + (i % 12)}栋1单元${101 + (i % 30)}`,
    description: '基准测试工单',
    photos: [],
    preferredTime: '',
    contactName: '张伟',
    contactPhone: '13800000001',
    channel: i % 5 === 0 ? 'phone' : 'miniprogram',
    ownerOpenid: '',
    createdBy: 'bench',
    status: done ? 'closed' : 'assigned',
    flags: { group: i % 97 === 0, repeat: i % 89 === 0 },
    deadlines:
      kind === 'repair'
        ? { responseDue: new Date(t + (i % 4 === 0 ? 30 : 120) * MINUTE), completionDue: new Date(t + (i % 4 === 0 ? 4 : 48) * 3_600_000) }
        : kind === 'complaint'
          ? { feedbackDue: new Date(t + 2 * DAY), escalateAt: new Date(t + 2 * DAY), escalateHeadAt: new Date(t + 3 * DAY) }
          : {},
    acceptedAt: accepted,
    ...(kind === 'complaint' ? { feedbackAt: new Date(t + (i % 3) * DAY) } : {}),
    ...(done ? { resolvedAt: resolved, closedAt: new Date(resolved.getTime() + DAY) } : {}),
    escalationLevel: 0,
    confirmedByOwner: done,
    reworkCount: i % 150 === 0 ? 1 : 0,
    ...(done && i % 2 === 0 ? { returnVisit: { satisfaction: i % 40 === 0 ? 'unsatisfied' : 'satisfied', note: '', at: new Date(resolved.getTime() + DAY), by: 'bench' } } : {}),
    dueAt: new Date('9999-12-31T00:00:00.000Z'),
    createdAt: at,
    updatedAt: at,
    version: 3,
  } as TicketDocument;
}

const pct = (sorted: number[], q: number): string => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)].toFixed(0);

/**
 * 管理看板 for a community with `count` tickets over 3 years (default 100k, `BENCH_BOARD_TICKETS`):
 * the last month's board as the manager loads it through the api, beside the same figures
 * computed in-process from the same tickets (the floor).
 */
export async function benchBoard(print: Print): Promise<void> {
  const count = Number(process.env.BENCH_BOARD_TICKETS ?? 100_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-board-'));
  const cloud = await startLocalCloud({ dataDir });
  try {
    pointSdkAt(cloud.url, 'bench');
    const env = 'bench-board';
    const c = await seedCommunity(env, 'bb', cloud.url);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
    // The env named on the database itself: the SDK would otherwise follow SCF_NAMESPACE (pointSdkAt's namespace).
    const db = sdk.database({ env });
    // A new env has no tickets collection until the first ticket: create it as the first write would.
    await db.createCollection('tickets').catch(() => undefined);
    const tickets = db.collection('tickets');
    const now = new Date((await (await fetch(`${cloud.url}/_emulator/clock`)).json() as { now: string }).now);
    const span = 3 * 365 * DAY;
    const loadStarted = performance.now();
    for (let start = 0; start < count; start += 1000) {
      const batch = Array.from({ length: Math.min(1000, count - start) }, (_unused, k) => {
        const i = start + k;
        return ticketAt(i, new Date(now.getTime() - span + Math.floor((i * span) / count)), c.communityId, c.units[0].id, now);
      });
      await tickets.add({ data: batch as unknown as Record<string, unknown>[] });
    }
    print(`${count} tickets over 3 years loaded in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);

    const month = new Date(now.getTime() - 32 * DAY).toISOString().slice(0, 7);
    const last = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5, 7)), 0)).getUTCDate();
    const input = { communityId: c.communityId, from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
    const manager = okAs(env, c.staff.manager, cloud.url);
    const times: number[] = [];
    let bytes = 0;
    let received = 0;
    const opsBefore = await databaseRequests(cloud.url);
    for (let i = 0; i < 10; i += 1) {
      const started = performance.now();
      const board = await manager('board.get', input);
      times.push(performance.now() - started);
      bytes = JSON.stringify(board).length;
      received = board.received;
    }
    const opsPerLoad = ((await databaseRequests(cloud.url)) - opsBefore) / 10;
    times.sort((a, b) => a - b);

    // The floor: the same month's tickets, already in memory, through the same computation.
    const period = periodOf(input.from, input.to, now);
    const docs = Array.from({ length: count }, (_unused, i) => ticketAt(i, new Date(now.getTime() - span + Math.floor((i * span) / count)), c.communityId, c.units[0].id, now)).filter(
      (doc) => doc.createdAt >= period.start && doc.createdAt < period.end,
    );
    const floor: number[] = [];
    for (let i = 0; i < 10; i += 1) {
      const started = performance.now();
      computeBoard(c.communityId, input.from, input.to, docs.map((doc) => fromBoardFacts(doc, c.communityId)!), 0, period);
      floor.push(performance.now() - started);
    }
    floor.sort((a, b) => a - b);
    print(
      `board.get for ${month} (${received} tickets of ${count}): p50 ${pct(times, 0.5)} ms, p99 ${pct(times, 0.99)} ms, ${opsPerLoad.toFixed(0)} database operations, ${(bytes / 1024).toFixed(1)} KiB answer (10 loads); in-process floor for the same figures ${pct(floor, 0.5)} ms`,
    );
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
