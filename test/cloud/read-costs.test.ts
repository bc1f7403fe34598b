import type { ActionInput, ActionName } from '../../typings/api';
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { seedCommunity, type SeededCommunity } from '../support/seed';

/**
 * What an owner's everyday reads cost the database: every owner page starts with me.profile, so it
 * must stay at two requests (the caller's roles and their homes) however many homes and communities
 * they have. Counted by the local cloud per env; the fewest of three calls (a timer of the env could
 * add its own requests to one of them).
 */

let c: SeededCommunity;

beforeAll(async () => {
  c = await seedCommunity(uniqueEnv('costs'), 'costs');
}, 60_000);

async function databaseRequests(env: string): Promise<number> {
  const response = await fetch(`${localCloudUrl()}/_emulator/metrics?env=${encodeURIComponent(env)}`);
  const { actions } = (await response.json()) as { actions: Record<string, number> };
  return Object.entries(actions)
    .filter(([action]) => action.startsWith('database.'))
    .reduce((sum, [, count]) => sum + count, 0);
}

async function costOf<A extends ActionName>(openid: string, action: A, input: ActionInput<A>): Promise<number> {
  const call = okAs(c.env, openid);
  await call(action, input);
  const costs: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const before = await databaseRequests(c.env);
    await call(action, input);
    costs.push((await databaseRequests(c.env)) - before);
  }
  return Math.min(...costs);
}

it('an owner’s profile costs two database requests, names of their communities included', async () => {
  const profile = await okAs(c.env, c.owner)('me.profile', {});
  expect(profile.bindings.map((binding) => binding.communityName)).toEqual([c.communityName]);
  expect(await costOf(c.owner, 'me.profile', {})).toBeLessThanOrEqual(2);
});

it('an owner’s ticket list and renovation list cost at most two database requests each', async () => {
  expect(await costOf(c.owner, 'ticket.mine', {})).toBeLessThanOrEqual(2);
  expect(await costOf(c.owner, 'renovation.mine', {})).toBeLessThanOrEqual(2);
});

it('a renamed community shows under its new name in the owner’s profile', async () => {
  const admin = okAs(c.env, 'o-demo-admin');
  const community = await admin('community.get', { id: c.communityId });
  await admin('community.update', { id: c.communityId, version: community.version, name: `${c.communityName}（二期）`, address: community.address, phones: community.phones });
  const profile = await okAs(c.env, c.owner)('me.profile', {});
  expect(profile.bindings[0].communityName).toBe(`${c.communityName}（二期）`);
});

it('an owner’s ticket, bills, notice board and parcels cost at most two database requests each', async () => {
  const owner = okAs(c.env, c.owner);
  const ticket = await owner('ticket.create', {
    kind: 'repair',
    category: 'drain-block',
    description: '厨房下水道堵塞',
    photos: [],
    location: { kind: 'unit', unitId: c.units[0].id },
    contactName: '张伟',
    contactPhone: '13800000001',
  });
  expect(await costOf(c.owner, 'ticket.get', { id: ticket.id })).toBeLessThanOrEqual(2);
  expect(await costOf(c.owner, 'bill.mine', {})).toBeLessThanOrEqual(2);
  expect(await costOf(c.owner, 'notice.board', { communityId: c.communityId })).toBeLessThanOrEqual(2);
  expect(await costOf(c.owner, 'custody.mine', {})).toBeLessThanOrEqual(2);
});
