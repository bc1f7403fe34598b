/// <reference lib="dom" />
import { okAs } from '../support/api';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { fire, loadPage, mount, simulate, textOf, until, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

/** Resolves once the page leaves its loading state (it calls the cloud on load). */
async function settled(page: Rendered): Promise<void> {
  await until(() => page.data.status !== 'loading', 'the home page to load');
}

describe('home page', () => {
  let pageId: string;
  let wx: FakeWx;
  let seeded: SeededCommunity;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('home-seeded'), 'home');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: uniqueEnv('home'), openid: 'o-home-owner-1' });
    pageId = loadPage('pages/home/index');
  }, 60_000);

  test('shows the OPENID the api function got back through the local cloud', async () => {
    const page = simulate.render(pageId);
    page.attach(document.createElement('parent-wrapper'));

    expect(page.querySelector('#loading')).toBeTruthy();
    page.instance.onLoad();
    await settled(page);

    expect(page.data.status).toBe('ready');
    const text = page.dom!.textContent ?? '';
    expect(text).toContain('已连接');
    expect(text).toContain('o-home-owner-1');
    expect(page.data.serverTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  test('without an approved home the page asks to bind one', async () => {
    const page = mount(pageId);
    page.instance.onLoad();
    await settled(page);

    expect(page.querySelector('#bindings')).toBeUndefined();
    expect(page.querySelector('#phones')).toBeUndefined();
    expect(textOf(page, '#bind-call')).toContain('绑定房屋');
    const start = wx.ui.length;
    fire(page, '#bind-button', 'tap');
    expect(wx.ui.slice(start)).toEqual([{ api: 'navigateTo', options: { url: '/pages/bind/index' } }]);
  });

  test('an owner sees their homes with their state and can call the community', async () => {
    // A second request, still waiting for review, next to the approved home.
    await okAs(seeded.env, seeded.owner)('binding.request', {
      unitId: seeded.units[3].id,
      relation: 'tenant',
      name: '张伟',
      phone: '13800000001',
      proofFileIds: [],
    });
    wx.useCloud({ env: seeded.env, openid: seeded.owner });
    const page = mount(pageId);
    page.instance.onLoad();
    await settled(page);

    const homes = textOf(page, '#bindings');
    expect(homes).toContain(`${seeded.communityName} 1栋1单元101`);
    expect(homes).toContain('已通过');
    expect(homes).toContain('2栋301');
    expect(homes).toContain('待审核');
    expect(page.querySelector('#bind-call')).toBeUndefined();

    const phones = textOf(page, '#phones');
    expect(phones).toContain(`${seeded.communityName} · 服务电话`);
    for (const expected of ['紧急求助电话', '028-85550110', '24 小时服务电话', '028-85550000', '投诉电话', '028-85550123']) {
      expect(phones).toContain(expected);
    }
    const start = wx.ui.length;
    fire(page, `#phone-${seeded.communityId}-complaint`, 'click');
    expect(wx.ui.slice(start)).toEqual([{ api: 'makePhoneCall', options: { phoneNumber: '028-85550123' } }]);
  });

  test('tells the user when the cloud cannot be reached and offers to retry', async () => {
    wx.useCloud({ baseUrl: 'http://127.0.0.1:9' });
    const page = simulate.render(pageId);
    page.attach(document.createElement('parent-wrapper'));
    page.instance.onLoad();
    await settled(page);

    expect(page.data.status).toBe('error');
    const error = page.querySelector('#error');
    expect(error?.dom?.textContent).toContain('网络连接失败');
    expect(error?.dom?.textContent).toContain('重新连接');
  });
});
