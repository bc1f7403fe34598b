/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { loadPage, simulate, textOf, until, untilData } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

type Rendered = ReturnType<typeof simulate.render>;


const entryKeys = (page: Rendered): string[] => (page.data.entries as { key: string }[]).map((entry) => entry.key);

describe('staff workbench (工作台)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('staff-home'), 'sh');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
    pageId = loadPage('pages/staff/index');
  }, 60_000);

  /** Opens the tab as `openid`, as switching to it the first time does. */
  async function show(openid: string): Promise<Rendered> {
    wx.actAs(openid);
    const page = simulate.render(pageId);
    page.attach(document.createElement('parent-wrapper'));
    page.instance.onLoad();
    (page as unknown as { triggerPageLifeTime(name: string): void }).triggerPageLifeTime('show');
    await untilData(page, (data) => data.status !== 'loading');
    expect(page.data.status).toBe('ready');
    return page;
  }

  test('customer service sees tickets, call registration, handover and the binding review', async () => {
    const page = await show(seeded.staff.cs);
    const text = page.dom?.textContent ?? '';

    expect(entryKeys(page)).toEqual(['inbox', 'register', 'desk-log', 'unit-file', 'handover', 'incidents', 'patrol', 'work-orders', 'keys', 'custody', 'notices', 'file-loans', 'shops', 'care', 'visits', 'movein', 'activities', 'meetings', 'surveys', 'bindings', 'bills', 'arrears', 'renovations']);
    expect(text).toContain('客服小王');
    expect(text).toContain('住户认证审核');
    for (const hidden of ['小区信息', '导入房屋名册', '员工与邀请', '个人信息访问记录']) expect(text).not.toContain(hidden);
    // One community: no switcher, just its name.
    expect(page.querySelector('#switcher')).toBeUndefined();
    expect(text).toContain(seeded.communityName);
  });

  test('the entry opens the review queue of the chosen community', async () => {
    const page = await show(seeded.staff.cs);
    const before = wx.ui.length;

    page.querySelector('#entry-bindings')?.instance.triggerEvent('click', {});
    await untilData(page, () => wx.ui.length > before);

    expect(wx.ui[wx.ui.length - 1]).toEqual({
      api: 'navigateTo',
      options: { url: `/packages/staff/pages/bindings/index?communityId=${seeded.communityId}` },
    });
  });

  test('a manager sees the desk entries, review, staff, the access log and service settings, but not the admin tools', async () => {
    const page = await show(seeded.staff.manager);
    expect(entryKeys(page)).toEqual(['inbox', 'register', 'desk-log', 'unit-file', 'handover', 'incidents', 'patrol', 'work-orders', 'keys', 'custody', 'notices', 'file-loans', 'contracts', 'shops', 'care', 'visits', 'movein', 'activities', 'meetings', 'surveys', 'bindings', 'team', 'access-log', 'board', 'alerts', 'settings', 'bills', 'arrears', 'calendar', 'renovations']);
    expect(page.dom?.textContent).toContain('查看本小区的员工及其角色');
  });

  test("a manager is warned on the workbench while next year's holiday schedule is missing; customer service is not", async () => {
    const { today, warning } = await okAs(seeded.env, seeded.staff.manager)('calendar.overview', {});
    // chinese-days 1.5.7 has no 2027 data: from 1 November 2026 on, the warning must be there.
    if (today >= '2026-11-01') expect(warning).toMatch(/^\d{4} 年的法定节假日安排尚未录入/);
    const page = await show(seeded.staff.manager);
    if (warning) expect(textOf(page, '#calendar-warning')).toContain(warning);
    else expect(page.querySelector('#calendar-warning')).toBeUndefined();
    if (warning) {
      page.querySelector('#calendar-warning')!.dispatchEvent('tap');
      await until(() => wx.ui.length > 0 && wx.ui[wx.ui.length - 1].api === 'navigateTo' && wx.ui[wx.ui.length - 1].options.url === '/packages/staff/pages/calendar/index', 'the calendar page to open');
    }

    const desk = await show(seeded.staff.cs);
    expect(desk.querySelector('#calendar-warning')).toBeUndefined();
  });

  test('the deployment admin sees every entry, and a switcher once there are several communities', async () => {
    let page = await show(ADMIN_OPENID);
    expect(entryKeys(page)).toEqual(['inbox', 'unit-file', 'incidents', 'patrol', 'work-orders', 'keys', 'custody', 'notices', 'file-loans', 'contracts', 'shops', 'movein', 'activities', 'meetings', 'surveys', 'bindings', 'communities', 'roster', 'team', 'access-log', 'board', 'alerts', 'settings', 'disclosure', 'bills', 'arrears', 'calendar', 'backups', 'renovations']);
    expect(page.querySelector('#switcher')).toBeUndefined();

    const second = await okAs(seeded.env, ADMIN_OPENID)('community.create', {
      name: 'sh第二花园',
      address: '成都市武侯区人民南路1号',
      phones: { emergency: '028-85551110', service24h: '028-85551000', complaint: '028-85551123' },
    });
    page = await show(ADMIN_OPENID);
    expect(page.querySelector('#switcher')).toBeTruthy();

    page.querySelector('t-picker')?.instance.triggerEvent('confirm', { value: [second.id], label: [second.name] });
    await untilData(page, (data) => data.communityId === second.id);
    expect(page.dom?.textContent).toContain('sh第二花园');
    expect((page.data.entries as { url: string }[]).find((entry) => entry.url.includes('roster'))?.url).toContain(`communityId=${second.id}`);
  });

  test.each([
    ['a WeChat user with no account', 'stranger'],
    ['an approved owner', 'owner'],
  ] as const)('%s sees a friendly empty state with a way to use an invite', async (_who, key) => {
    const page = await show(seeded[key]);

    expect(page.querySelector('#not-staff')).toBeTruthy();
    expect(page.dom?.textContent).toContain('工作台仅对物业员工开放');
    expect(page.querySelector('#entries')).toBeUndefined();

    const before = wx.ui.length;
    page.querySelector('#redeem-invite')?.instance.triggerEvent('tap', {});
    await untilData(page, () => wx.ui.length > before);
    expect(wx.ui[wx.ui.length - 1]).toEqual({ api: 'navigateTo', options: { url: '/pages/invite/index' } });
  });
});
