/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(60_000);

describe('户档案 (a home\'s file)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;
  let ticketNumber = '';
  let ticketId = '';

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('unit-file-page'), 'up');
    const ticket = await okAs(seeded.env, seeded.owner)('ticket.create', {
      kind: 'repair',
      category: 'faucet',
      description: '厨房水龙头一直滴水',
      photos: [],
      location: { kind: 'unit', unitId: seeded.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    });
    ticketNumber = ticket.number;
    ticketId = ticket.id;
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
    pageId = loadPage('packages/staff/pages/unit-file/index');
  });

  async function open(openid: string, query: Record<string, string>): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad(query);
    await until(() => page.data.status !== 'loading', 'the page');
    return page;
  }

  test('customer service picks a building and a home and sees its residents and requests; a request opens', async () => {
    const page = await open(seeded.staff.cs, { communityId: seeded.communityId });
    expect(page.data.status).toBe('ready');
    // The first building's rooms are listed; another building lists its own.
    const rooms = () => (page.data.units as { label: string }[]).map((unit) => unit.label);
    expect(page.data.buildings).toEqual(['1栋', '2栋']);
    expect(rooms()).toEqual(['1栋1单元101', '1栋1单元102', '1栋2单元201']);
    fire(page, '#building-1', 'change', { checked: true });
    await until(() => rooms().join() === '2栋301', 'the rooms of 2栋');
    fire(page, '#building-0', 'change', { checked: true });
    await until(() => rooms().length === 3, 'the rooms of 1栋 again');
    const home = seeded.units[0];
    fire(page, `#unit-${home.id}`, 'click');
    await until(() => page.data.file !== null, 'the file');
    expect(textOf(page, '#unit')).toContain(home.label);
    expect(textOf(page, '#residents')).toContain('张*（业主）');
    expect(textOf(page, '#tickets')).toContain(ticketNumber);
    expect(textOf(page, '#bills')).toContain('没有已发布的账单');
    expect(textOf(page, '#visits')).toContain('没有回访记录');

    page.querySelector(`#ticket-${ticketId}`)!.dispatchEvent('tap');
    await until(() => wx.ui.some((ui) => ui.api === 'navigateTo' && ui.options.url === `/packages/staff/pages/ticket/index?id=${ticketId}`), 'the request to open');
  });

  test('opened from a ticket it shows that home at once; a technician is told it is not for them', async () => {
    const page = await open(seeded.staff.manager, { communityId: seeded.communityId, unitId: seeded.units[0].id });
    expect(textOf(page, '#tickets')).toContain(ticketNumber);

    const tech = await open(seeded.staff.tech, { communityId: seeded.communityId });
    expect(tech.data.status).toBe('error');
    expect(textOf(tech, '#error')).toContain('户档案仅对客服、客服经理、管理员和信息专管员开放');
  });
});
