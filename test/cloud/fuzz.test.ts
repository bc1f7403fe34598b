import { createHash } from 'node:crypto';
import Sqlite from 'libsql';
import fc from 'fast-check';
import type { z } from 'zod';
import type { ActionName } from '../../typings/api';
import { envStoreFile } from '../../emulator/db/store';
import { routes } from '../../cloudfunctions/api/src/routes';
import { apiAs, okAs, uploadAs } from '../support/api';
import { uniqueEnv } from '../support/cloud';
import { applyMutation, mutation, schemaOf, wellFormed, type World } from '../support/fuzz';
import { renovationForm } from '../support/renovation';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity, daysFromToday } from '../support/seed';

/**
 * Every action, called by every kind of caller with inputs generated from its own schema and then
 * broken: never INTERNAL, nothing stored changes when the call is refused, and nobody is shown
 * another person's phone or name. `FUZZ_RUNS` sets the cases per action (default 20); a failure
 * prints the seed and the shrunk case, and `FUZZ_SEED=<seed>` runs that sequence again; `FUZZ_LOG=1`
 * prints every call and its answer.
 */

jest.setTimeout(600_000);

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2_147_483_647);
const env = uniqueEnv('fuzz');
let a: SeededCommunity;
let b: SeededCommunity;
const neighbour = 'o-fz-neighbour';
const farOwner = 'o-fz-far-owner';
/** Personal data that only its owner (and staff through a logged reveal) may ever see in full. */
const SECRETS = ['13912340001', '13912340002', '13912340003', '欧阳娜娜'];
const world: World = { ids: [], fileIds: [] };

beforeAll(async () => {
  process.stdout.write(`fuzz: seed ${SEED}, ${RUNS} cases per action (FUZZ_SEED=${SEED} repeats them)\n`);
  a = await seedCommunity(env, 'fza');
  b = await seedCommunity(env, 'fzb');
  const proof = await uploadAs(env, neighbour, 'proofs/fz-neighbour.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
  const binding = await okAs(env, neighbour)('binding.request', { unitId: a.units[1].id, relation: 'owner', name: '欧阳娜娜', phone: '13912340001', proofFileIds: [proof] });
  await okAs(env, a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
  const photo = await uploadAs(env, neighbour, 'tickets/fz-neighbour.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
  const ticket = await okAs(env, neighbour)('ticket.create', {
    kind: 'repair',
    category: 'water-leak',
    description: '卫生间地漏返水，已经漫到客厅',
    photos: [photo],
    location: { kind: 'unit', unitId: a.units[1].id },
    contactName: '欧阳娜娜',
    contactPhone: '13912340002',
  });
  const far = await okAs(env, farOwner)('binding.request', { unitId: b.units[1].id, relation: 'owner', name: '司马光明', phone: '13912340003', proofFileIds: [] });
  await okAs(env, b.staff.cs)('binding.review', { id: far.id, version: far.version, decision: 'approve' });
  const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
  const renovation = await okAs(env, a.owner)('renovation.apply', renovationForm({ unitId: a.units[0].id, startDate: inDays(3), endDate: inDays(40), agreementVersion: '2026-01' }));
  const draft = await okAs(env, ADMIN_OPENID)('disclosure.saveDraft', {
    communityId: a.communityId,
    title: '收费标准公示',
    period: '2026年',
    content: { kind: 'fee-standard', items: [{ name: '物业服务费', category: 'property', priceFen: 250, unit: 'm2-month', basis: '物业服务合同', note: '' }] },
  });
  const notice = await okAs(env, ADMIN_OPENID)('disclosure.publish', { id: draft.id, revision: draft.revision });
  await okAs(env, ADMIN_OPENID)('bill.generate', { communityId: a.communityId, period: '2026-11', feeDisclosureId: notice.id, itemNames: ['物业服务费'] });
  await okAs(env, ADMIN_OPENID)('bill.publish', { communityId: a.communityId, period: '2026-11', dueDate: daysFromToday(30) });
  world.ids.push(
    a.communityId,
    b.communityId,
    ...a.units.map((unit) => unit.id),
    ...b.units.map((unit) => unit.id),
    ticket.id,
    binding.id,
    far.id,
    renovation.id,
    notice.id,
    notice.seriesId,
    `${a.communityId}:2026-11:${a.units[1].id}`,
    neighbour,
    a.staff.cs,
  );
  world.fileIds.push(proof, photo);
});

/** Everything stored in the env but the rate-limit counters, which count refused attempts too. */
function fingerprint(): string {
  const db = new Sqlite(envStoreFile(process.env.LOCAL_CLOUD_DATA ?? '', env), { timeout: 5000 });
  try {
    const rows = db.prepare("SELECT collection, id, body FROM documents WHERE collection <> 'rateLimits' ORDER BY collection, id").all() as {
      collection: string;
      id: string;
      body: string;
    }[];
    const hash = createHash('sha256');
    for (const row of rows) hash.update(`${row.collection}\u0000${row.id}\u0000${row.body}\u0000`);
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

const callers = (): string[] => [a.owner, neighbour, a.stranger, a.staff.cs, a.staff.tech, a.staff.manager, a.staff.infokeeper, ADMIN_OPENID, b.staff.cs];

/** Who may see a secret: its owner, and staff through the two reveals that are logged. */
const mayReveal = (caller: string, action: ActionName): boolean =>
  caller === neighbour || caller === farOwner || action === 'binding.reveal' || action === 'ticket.contact';

const actions = Object.keys(routes).sort() as ActionName[];

test.each(actions)('%s: broken input from any caller is refused cleanly and changes nothing', async (action) => {
  const schema = schemaOf(routes[action].input as z.ZodType);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...callers()), wellFormed(schema, world), mutation(world), async (caller, base, change) => {
      const input = applyMutation(structuredClone(base), change);
      const before = fingerprint();
      const result = await apiAs(env, caller)(action, input as never);
      if (process.env.FUZZ_LOG) process.stdout.write(`${action} ${caller} ${JSON.stringify(input).slice(0, 160)} → ${JSON.stringify(result).slice(0, 160)}\n`);
      if (!result.ok) {
        expect({ code: result.code, message: result.message }).not.toMatchObject({ code: 'INTERNAL' });
        expect(fingerprint()).toBe(before);
      }
      if (!mayReveal(caller, action)) {
        const answer = JSON.stringify(result);
        expect(SECRETS.filter((secret) => answer.includes(secret))).toEqual([]);
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
});
