/// <reference lib="dom" />
import { okAs } from '../support/api';
import { renovationForm } from '../support/renovation';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

function chinaDate(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe('following a renovation application (装修申请详情)', () => {
  let garden: SeededCommunity;
  let wx: FakeWx;
  let detailId: string;
  let applyId: string;
  let listId: string;

  beforeAll(async () => {
    garden = await seedCommunity(uniqueEnv('renovation-detail'), 'rdetail');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: garden.env, openid: garden.owner });
    detailId = loadPage('pages/renovation/detail');
    applyId = loadPage('pages/renovation/apply');
    listId = loadPage('pages/renovation/list');
  }, 90_000);

  async function open(id: string, query: Record<string, string> = {}): Promise<Rendered> {
    const page = mount(id);
    page.instance.onLoad(query);
    await until(() => page.data.status !== 'loading', 'the page to load');
    return page;
  }

  test('an owner without applications sees the empty list with 申请装修', async () => {
    const page = await open(listId);
    expect(page.data.status).toBe('ready');
    expect(page.data.items).toEqual([]);
    expect(page.querySelector('#empty')).toBeTruthy();
    fire(page, '#new-button', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: '/pages/renovation/apply' } });
  });

  test('需补充 shows the staff reason; the owner edits and resubmits, and both versions are kept', async () => {
    const owner = okAs(garden.env, garden.owner);
    const terms = await owner('renovation.terms', {});
    const form = renovationForm({ unitId: garden.units[0].id, startDate: chinaDate(7), endDate: chinaDate(45), agreementVersion: terms.agreementVersion, areaCenti: 8950 });
    const applied = await owner('renovation.apply', form);
    const reason = '请补充施工单位资质证书照片，并说明卫生间防水做法';
    await okAs(garden.env, garden.staff.cs)('renovation.review', { id: applied.id, version: applied.version, decision: 'more', reason });

    const list = await open(listId);
    expect(textOf(list)).toContain('需补充');

    const detail = await open(detailId, { id: applied.id });
    expect(detail.data.status).toBe('ready');
    const text = textOf(detail);
    expect(text).toContain('需补充');
    expect(text).toContain(reason);
    expect(text).toContain('2 个 2 公斤干粉灭火器');
    fire(detail, '#action-resubmit', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: `/pages/renovation/apply?id=${applied.id}` } });

    const page = await open(applyId, { id: applied.id });
    expect(page.data.status).toBe('ready');
    expect(textOf(page)).toContain(reason);
    expect(page.data).toMatchObject({ company: '成都安居装饰工程有限公司', area: '89.50', extinguishers: 2, checkedItems: ['floor-wall'] });

    fire(page, '#area', 'change', { value: '120' });
    expect(page.data.extinguishers).toBe(3);
    fire(page, '#open-terms', 'click');
    fire(page, '#terms-read', 'tap');
    fire(page, '#agree', 'change', { checked: true });
    fire(page, '#submit', 'tap');
    fire(page, '#submit', 'tap');
    await until(() => wx.ui.some((record) => record.api === 'redirectTo'), 'the resubmission to finish');

    const resubmissions = wx.calls.filter((call) => call.action === 'renovation.resubmit');
    expect(resubmissions).toHaveLength(1);
    expect(resubmissions[0].input).toMatchObject({ id: applied.id, version: expect.any(Number), areaCenti: 12000 });
    const after = await owner('renovation.get', { id: applied.id });
    expect(after).toMatchObject({ status: 'submitted', revisionCount: 2, extinguishersRequired: 3 });
    expect(wx.ui.filter((record) => record.api === 'redirectTo').at(-1)?.options.url).toBe(`/pages/renovation/detail?id=${applied.id}`);

    const again = await open(detailId, { id: applied.id });
    expect(textOf(again)).toContain('待审核');
    expect(again.querySelector('#action-resubmit')).toBeFalsy();
  });
});
