/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { builtModule, fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

interface Session {
  getProfile(): Promise<{ isStaff: boolean }>;
}

describe('redeeming a staff invite (员工邀请码)', () => {
  const newStaff = 'o-invite-new-staff';
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let invitePageId: string;
  let tabBarId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('invite'), 'inv');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: newStaff });
    invitePageId = loadPage('pages/invite/index');
    tabBarId = loadPage('custom-tab-bar/index');
  }, 60_000);

  function open(): Rendered {
    const page = mount(invitePageId);
    page.instance.onLoad({});
    return page;
  }

  function fill(page: Rendered, code: string, name: string): void {
    fire(page, '#code', 'change', { value: code });
    fire(page, '#name', 'change', { value: name });
  }

  const lastToast = () => wx.ui.filter((record) => record.api === 'showToast').at(-1)?.options.title;
  const redemptions = () => wx.calls.filter((call) => call.action === 'invite.redeem');

  test('an incomplete form is refused before anything is sent', () => {
    const page = open();
    fill(page, '', '小张');
    fire(page, '#redeem', 'tap');
    expect(lastToast()).toBe('请填写邀请码');

    fill(page, 'abc', '小张');
    fire(page, '#redeem', 'tap');
    expect(lastToast()).toBe('邀请码是 8 位字母和数字');
    expect(textOf(page)).toContain('邀请码是 8 位字母和数字');

    fill(page, 'ABCD2345', '张');
    fire(page, '#redeem', 'tap');
    expect(lastToast()).toBe('姓名或称呼应为 2–20 个字');
    expect(redemptions()).toHaveLength(0);
  });

  test('a wrong code: the cloud refuses, the user reads why, and no staff tab appears', async () => {
    const page = open();
    fill(page, 'ABCD2345', '维修小张');
    fire(page, '#redeem', 'tap');
    await until(() => redemptions().length === 1 && !page.data.submitting, 'the redemption to be answered');

    expect(lastToast()).toBe('邀请码不正确，请核对后重试');
    expect(wx.ui.some((record) => record.api === 'switchTab')).toBe(false);
  });

  test('a valid code (typed in lower case) makes the staff tab appear and opens it', async () => {
    const tabBar = mount(tabBarId);
    await builtModule<Session>('services/session').getProfile();
    expect(textOf(tabBar)).not.toContain('工作台');

    const invite = await okAs(seeded.env, ADMIN_OPENID)('invite.create', { roles: ['tech'], communityIds: [seeded.communityId] });
    const page = open();
    fill(page, invite.code.toLowerCase(), '维修小张');
    fire(page, '#redeem', 'tap');
    await until(() => wx.ui.some((record) => record.api === 'switchTab'), 'the switch to the staff tab');

    expect(wx.ui.filter((record) => record.api === 'switchTab').at(-1)?.options).toEqual({ url: '/pages/staff/index' });
    expect(textOf(tabBar).replace(/\s+/g, '')).toBe('首页工作台我的');
    const profile = await okAs(seeded.env, newStaff)('me.profile', {});
    expect(profile).toMatchObject({ isStaff: true, staffName: '维修小张' });
    expect(profile.grants).toContainEqual(expect.objectContaining({ role: 'tech', communityId: seeded.communityId }));
  });
});
