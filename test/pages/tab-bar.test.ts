/// <reference lib="dom" />
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { builtModule, loadPage, mount, textOf } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

interface Session {
  getProfile(): Promise<{ isStaff: boolean }>;
  refreshProfile(): Promise<{ isStaff: boolean }>;
}

describe('custom tab bar', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let tabBarId: string;
  let session: Session;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('tab-bar'), 'tb');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.owner });
    tabBarId = loadPage('custom-tab-bar/index');
    session = builtModule<Session>('services/session');
  }, 60_000);

  test('an owner sees 首页 and 我的, without the staff tab', async () => {
    const tabBar = mount(tabBarId);
    // The same first load the tab bar waits for; its own handler runs first.
    expect((await session.getProfile()).isStaff).toBe(false);

    const text = textOf(tabBar);
    expect(text).toContain('首页');
    expect(text).toContain('我的');
    expect(text).not.toContain('工作台');
    expect(tabBar.querySelector('#tab-staff')).toBeUndefined();
    expect(tabBar.querySelector('#tab-home')).toBeDefined();
  });

  test('customer service staff see 工作台 between 首页 and 我的, and it opens the staff page', async () => {
    wx.actAs(seeded.staff.cs);
    // A tab page reloads the profile when it shows.
    expect((await session.refreshProfile()).isStaff).toBe(true);
    const tabBar = mount(tabBarId);
    await session.getProfile();

    expect(textOf(tabBar).replace(/\s+/g, '')).toBe('首页工作台我的');
    const staffTab = tabBar.querySelector('#tab-staff');
    expect(staffTab).toBeDefined();

    const before = wx.ui.length;
    (staffTab!.instance as unknown as { toggle(): void }).toggle();
    expect(wx.ui.slice(before)).toContainEqual({ api: 'switchTab', options: { url: '/pages/staff/index' } });
  });

  test('a stranger (no account) sees no staff tab', async () => {
    wx.actAs(seeded.stranger);
    expect((await session.refreshProfile()).isStaff).toBe(false);
    const tabBar = mount(tabBarId);
    await session.getProfile();
    expect(textOf(tabBar)).not.toContain('工作台');
  });
});
