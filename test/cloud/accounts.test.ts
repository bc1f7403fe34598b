import { uniqueEnv } from '../support/cloud';
import { apiAs, okAs } from '../support/api';
import { seedCommunity, ADMIN_OPENID, type SeededCommunity } from '../support/seed';

jest.setTimeout(60_000);

describe('seeded community', () => {
  let seeded: SeededCommunity;
  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('acct'), 'acct');
  });

  test('the owner sees their approved home and the staff tab stays hidden', async () => {
    const profile = await okAs(seeded.env, seeded.owner)('me.profile', {});
    expect(profile.isStaff).toBe(false);
    expect(profile.bindings).toHaveLength(1);
    expect(profile.bindings[0]).toMatchObject({ status: 'approved', name: '张伟', phone: '13800000001' });
  });

  test('staff see the staff tab for their community', async () => {
    const profile = await okAs(seeded.env, seeded.staff.cs)('me.profile', {});
    expect(profile.isStaff).toBe(true);
    expect(profile.staffName).toBe('客服小王');
    expect(profile.grants).toEqual([{ role: 'cs', communityId: seeded.communityId, communityName: seeded.communityName }]);
    const admin = await apiAs(seeded.env, ADMIN_OPENID)('me.profile', {});
    expect(admin.ok).toBe(true);
  });
});
