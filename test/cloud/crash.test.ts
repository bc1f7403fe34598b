import type { ApiResult } from '../../typings/api';
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { apiAs, okAs } from '../support/api';
import { sdkFor, uniqueEnv } from '../support/cloud';
import { killableCloud } from '../support/local-cloud';
import { seedCommunity, type SeededCommunity } from '../support/seed';

/**
 * The local cloud killed (SIGKILL) while tickets are being created and worked, then started again
 * on the same data; the mini-program retries every call it has no answer for, with the same
 * request id, as it does after a timeout. Every acknowledged write must be there exactly once,
 * with its events, and every retry must get the one stored result. (The 400-ticket run with
 * figures is in `npm run bench`.)
 */

jest.setTimeout(180_000);

const cloud = killableCloud('crash');
const env = uniqueEnv('crash');
const url = (): string => cloud.current().url;
let a: SeededCommunity;
let owners: string[];

const OWNERS = 12;
const PER_OWNER = 8;

beforeAll(async () => {
  a = await seedCommunity(env, 'cr', url());
  owners = Array.from({ length: OWNERS }, (_unused, i) => `o-cr-${i}`);
  for (const owner of owners) {
    const request = await okAs(env, owner, url())('binding.request', { unitId: a.units[0].id, relation: 'family', name: '张家人', phone: '13900000000', proofFileIds: [] });
    await okAs(env, a.staff.cs, url())('binding.review', { id: request.id, version: request.version, decision: 'approve' });
  }
}, 120_000);

const repair: NewTicketInput = {
  kind: 'repair',
  category: 'drain-block',
  description: '厨房下水道堵塞，水排不下去',
  photos: [],
  location: { kind: 'unit', unitId: '' },
  contactName: '张家人',
  contactPhone: '13900000000',
};

interface Call<T> {
  caller: string;
  requestId: string;
  run(baseUrl: string): Promise<ApiResult<T>>;
}

/**
 * Starts every call at once and kills the cloud once `killAfter` have been answered; answers
 * that came back before the kill are the acknowledged ones.
 */
async function killDuring<T>(calls: Call<T>[], killAfter: number): Promise<Map<string, ApiResult<T>>> {
  const acknowledged = new Map<string, ApiResult<T>>();
  let reached!: () => void;
  const enough = new Promise<void>((resolve) => (reached = resolve));
  const baseUrl = url();
  // A call cut off by the kill fails; the retries answer it.
  const running = calls.map((call) =>
    call.run(baseUrl).then((answer) => {
      acknowledged.set(call.requestId, answer);
      if (acknowledged.size === killAfter) reached();
    }, () => undefined),
  );
  await enough;
  await cloud.killAndRestart();
  await Promise.all(running);
  return acknowledged;
}

/** After the restart: every call again with its own request id, until it is answered. */
async function retryAll<T>(calls: Call<T>[]): Promise<Map<string, ApiResult<T>>> {
  const answers = new Map<string, ApiResult<T>>();
  await Promise.all(
    calls.map(async (call) => {
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const answer = await call.run(url()).catch((error: Error) => ({ ok: false as const, code: 'INTERNAL' as const, message: error.message }));
        answers.set(call.requestId, answer);
        if (answer.ok || !['INTERNAL', 'CONFLICT'].includes(answer.code)) return;
      }
    }),
  );
  return answers;
}

async function all<T>(collection: string, where: Record<string, unknown>): Promise<T[]> {
  const db = sdkFor(env).database();
  const found: T[] = [];
  for (let offset = 0; ; offset += 1000) {
    const query = db.collection(collection).where(where).orderBy('_id', 'asc').limit(1000);
    const page = ((await (offset ? query.skip(offset) : query).get()) as unknown as { data: T[] }).data;
    found.push(...page);
    if (page.length < 1000) return found;
  }
}

interface StoredTicket {
  _id: string;
  number: string;
  ownerOpenid: string;
  version: number;
}

interface StoredEvent {
  ticketId: string;
  type: string;
}

const ok = <T>(answer: ApiResult<T> | undefined): T => {
  if (!answer?.ok) throw new Error(`expected an answer, got ${JSON.stringify(answer)}`);
  return answer.data;
};

describe('killed while creating tickets', () => {
  test('every acknowledged ticket is there exactly once with its submitted step; every retry gets the one stored ticket', async () => {
    const calls: Call<TicketDetail>[] = owners.flatMap((owner) =>
      Array.from({ length: PER_OWNER }, (_unused, i) => ({
        caller: owner,
        requestId: `crash-create-${owner}-${i}`,
        run: (baseUrl: string) => apiAs(env, owner, baseUrl)('ticket.create', { ...repair, location: { kind: 'unit', unitId: a.units[0].id } }, `crash-create-${owner}-${i}`),
      })),
    );
    const before = await killDuring(calls, 30);
    // The kill came in the middle: some calls had no answer and are answered only now.
    expect(before.size).toBeLessThan(calls.length);
    const after = await retryAll(calls);

    for (const call of calls) expect({ id: call.requestId, answer: after.get(call.requestId) }).toMatchObject({ id: call.requestId, answer: { ok: true } });
    for (const [requestId, answer] of before) {
      if (answer.ok) expect({ requestId, ticket: ok(after.get(requestId)).id, number: ok(after.get(requestId)).number }).toEqual({ requestId, ticket: answer.data.id, number: answer.data.number });
    }
    const tickets = await all<StoredTicket>('tickets', { ownerOpenid: sdkFor(env).database().command.in(owners) });
    expect(tickets).toHaveLength(OWNERS * PER_OWNER);
    expect(new Set(calls.map((call) => ok(after.get(call.requestId)).id))).toEqual(new Set(tickets.map((ticket) => ticket._id)));
    // Each shows its first step, with the number it was given (the ticket is its own first step).
    for (const ticket of tickets.slice(0, 8)) {
      const [first] = (await okAs(env, ticket.ownerOpenid, url())('ticket.get', { id: ticket._id })).events;
      expect({ ticket: ticket._id, type: first.type, text: first.text }).toEqual({ ticket: ticket._id, type: 'submitted', text: `报修已提交，编号 ${ticket.number}` });
    }
    const sequences = tickets.map((ticket) => Number(ticket.number.slice(-4))).sort((x, y) => x - y);
    expect(sequences).toEqual(Array.from({ length: tickets.length }, (_unused, i) => i + 1));
  });
});

describe('killed while tickets are being worked', () => {
  test('every acknowledged step is stored with its event, and no step or event without the other', async () => {
    const tickets = await all<StoredTicket>('tickets', { ownerOpenid: owners[0] });
    const calls: Call<TicketDetail>[] = tickets.flatMap((ticket) => [
      {
        caller: a.staff.cs,
        requestId: `crash-accept-${ticket._id}`,
        run: (baseUrl: string) => apiAs(env, a.staff.cs, baseUrl)('ticket.accept', { id: ticket._id, version: ticket.version }, `crash-accept-${ticket._id}`),
      },
    ]);
    await killDuring(calls, 3);
    await retryAll(calls);

    const stored = await all<StoredTicket & { status: string }>('tickets', { ownerOpenid: owners[0] });
    const events = await all<StoredEvent>('ticketEvents', { ticketId: sdkFor(env).database().command.in(stored.map((ticket) => ticket._id)) });
    for (const ticket of stored) {
      const own = events.filter((event) => event.ticketId === ticket._id).map((event) => event.type).sort();
      // Each step raises the version by one and records one event (the first step is the ticket
      // itself): a step without its event (or an event without its step) would break the count.
      expect({ ticket: ticket._id, status: ticket.status, events: own }).toEqual({ ticket: ticket._id, status: 'accepted', events: ['accepted'] });
      expect(ticket.version).toBe(2);
    }
  });
});
