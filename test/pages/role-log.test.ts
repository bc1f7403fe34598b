/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(60_000);

describe('role changes (角色变更记录)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('role-log'), 'rl');
    await okAs(seeded.env, ADMIN_OPENID)('staff.setRoles', { openid: seeded.staff.tech, communityId: seeded.communityId, roles: ['tech', 'cs'] });
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: ADMIN_OPENID });
    pageId = loadPage('packages/staff/pages/role-log/index');
  });

  async function open(openid: string): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status !== 'loading', 'the log');
    return page;
  }

  test('an admin reads who changed whose roles, newest first, and how', async () => {
    const page = await open(ADMIN_OPENID);
    expect(page.data.status).toBe('ready');
    const first = (page.data.items as { id: string }[])[0];
    const text = textOf(page, `#change-${first.id}`);
    expect(text).toContain('维修老李');
    expect(text).toContain('增加 客服');
    expect(text).toContain('调整角色');
    // The invitations that made the seeded staff are there too.
    expect(textOf(page)).toContain('使用邀请码加入');
  });

  test('a manager is told the log is for admins', async () => {
    const page = await open(seeded.staff.manager);
    expect(page.data.status).toBe('error');
    expect(textOf(page, '#error')).toContain('角色变更记录仅对管理员开放');
  });
});
