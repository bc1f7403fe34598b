/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

describe('service settings (服务设置)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('settings'), 'set');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.manager });
    pageId = loadPage('packages/staff/pages/service-settings/index');
  }, 60_000);

  async function open(openid: string): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({});
    await until(() => page.data.status !== 'loading', 'the settings to load');
    return page;
  }

  test('a manager adds a standard phrase; staff replies then start from it', async () => {
    const page = await open(seeded.staff.manager);
    expect(page.data.status).toBe('ready');
    expect(textOf(page, '#phrases')).toContain('您好！感谢您的反馈');

    fire(page, '#new-phrase', 'change', { value: '您好，维修师傅已出发，请保持电话畅通。' });
    page.instance.onAddPhrase();
    fire(page, '#save-phrases', 'tap');
    await until(() => !page.data.savingPhrases && wx.ui.some((record) => record.options.title === '常用语已保存'), 'the save');

    const catalog = await okAs(seeded.env, seeded.staff.cs)('ticket.catalog', { communityId: seeded.communityId });
    expect(catalog.phrases.at(-1)).toBe('您好，维修师傅已出发，请保持电话畅通。');
  });

  test('a phrase of one character is refused before anything is sent', async () => {
    const page = await open(seeded.staff.manager);
    const count = (page.data.phrases as string[]).length;
    fire(page, '#new-phrase', 'change', { value: '好' });
    page.instance.onAddPhrase();
    expect((page.data.phrases as string[]).length).toBe(count);
    expect(wx.ui.at(-1)).toMatchObject({ api: 'showToast', options: { title: '常用语至少 2 个字' } });
  });

  test('a manager shortens the urgent response time; new urgent repairs get the new deadline', async () => {
    const page = await open(seeded.staff.manager);
    fire(page, '#urgent-response', 'change', { value: 15 });
    fire(page, '#save-promises', 'tap');
    await until(() => wx.ui.some((record) => record.options.title === '服务时限已保存'), 'the save');
    const promises = await okAs(seeded.env, seeded.staff.cs)('repairPromises.get', { communityId: seeded.communityId });
    expect(promises.urgent.responseMinutes).toBe(15);
    const ticket = await okAs(seeded.env, seeded.owner)('ticket.create', {
      kind: 'repair',
      category: 'water-leak',
      description: '卫生间水管漏水了',
      photos: [],
      location: { kind: 'unit', unitId: seeded.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    });
    expect(Date.parse(ticket.dueAt ?? '') - Date.parse(ticket.createdAt)).toBe(15 * 60_000);
  });

  test('customer service cannot change settings and is told why', async () => {
    const page = await open(seeded.staff.cs);
    expect(page.data.status).toBe('error');
    expect(textOf(page, '#error')).toContain('只有客服经理和管理员');
  });
});
