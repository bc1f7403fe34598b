import { apiAs, okAs } from '../support/api';
import { uniqueEnv } from '../support/cloud';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

/** Every change of staff roles is logged, who, what, by whom and when, and admins read it (issue: role changes logged). */
jest.setTimeout(60_000);

const env = uniqueEnv('role-changes');
let a: SeededCommunity;
let b: SeededCommunity;

beforeAll(async () => {
  a = await seedCommunity(env, 'rca');
  b = await seedCommunity(env, 'rcb');
});

test('an invitation redeemed and roles set by an admin are both logged for the community; owners and other communities are not', async () => {
  const admin = okAs(env, ADMIN_OPENID);
  const newcomer = 'o-rc-newcomer';
  const invite = await admin('invite.create', { roles: ['cs'], communityIds: [a.communityId] });
  await okAs(env, newcomer)('invite.redeem', { code: invite.code, name: '客服小刘' });
  await admin('staff.setRoles', { openid: newcomer, communityId: a.communityId, roles: ['tech', 'manager'] });
  // An owner's binding grants the owner role, which is not a staff role change.
  const binding = await okAs(env, 'o-rc-owner')('binding.request', { unitId: a.units[2].id, relation: 'owner', name: '王芳', phone: '13800000003', proofFileIds: [] });
  await okAs(env, a.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });

  const log = await admin('staff.roleChanges', { communityId: a.communityId });
  const mine = log.items.filter((item) => item.openid === newcomer);
  expect(mine.map(({ added, removed, how, name }) => ({ added, removed, how, name }))).toEqual([
    { added: ['tech', 'manager'], removed: ['cs'], how: 'roles', name: '客服小刘' },
    { added: ['cs'], removed: [], how: 'invite', name: '客服小刘' },
  ]);
  expect(mine[1].byName).toBe('客服小刘');
  expect(log.items.some((item) => item.openid === 'o-rc-owner')).toBe(false);
  // The seeded staff of this community were invited too; none of the other community's.
  expect(log.items.map((item) => item.openid)).toEqual(expect.arrayContaining([a.staff.cs, a.staff.manager]));
  expect(log.items.some((item) => item.openid === b.staff.cs)).toBe(false);

  // Admins only, of that community.
  expect(await apiAs(env, a.staff.manager)('staff.roleChanges', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await apiAs(env, newcomer)('staff.roleChanges', { communityId: b.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
});
