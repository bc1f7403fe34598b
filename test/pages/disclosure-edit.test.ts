/// <reference lib="dom" />
import type { Disclosure } from '../../typings/disclosure';
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { ADMIN_OPENID, publishRepairPrices, seedCommunity, type SeededCommunity } from '../support/seed';

describe('disclosure board editing (信息公示管理)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('disclosure-edit'), 'de');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: ADMIN_OPENID });
    pageId = loadPage('packages/staff/pages/disclosure-edit/index');
  }, 60_000);

  async function open(openid: string): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status !== 'loading', 'the notices to load');
    return page;
  }

  const settled = (page: Mounted) => () => page.data.status === 'ready' && page.data.mode === 'list' && !page.data.publishing;

  function startFeeStandard(page: Mounted, price: string): void {
    fire(page, '#new', 'tap');
    fire(page, '#kind', 'change', { value: 'fee-standard' });
    fire(page, '#title', 'change', { value: '2026年物业服务收费标准' });
    fire(page, '#period', 'change', { value: '2026年' });
    fire(page, '#fee-0-name', 'change', { value: '物业服务费' });
    fire(page, '#fee-0-price', 'change', { value: price });
    fire(page, '#fee-0-basis', 'change', { value: '物业服务合同第五条' });
  }

  test('an admin publishes a fee standard typed as 2.5 yuan; owners read exactly 250 fen', async () => {
    const page = await open(ADMIN_OPENID);
    expect(page.data.status).toBe('ready');
    expect(page.querySelector('#no-board')).toBeTruthy();

    startFeeStandard(page, '2.5');
    fire(page, '#action-publish', 'tap');
    await until(() => settled(page)() && (page.data.board as unknown[]).length === 1, 'the publication');

    const modal = wx.ui.find((record) => record.api === 'showModal' && record.options.title === '发布公示');
    expect(String(modal?.options.content)).toContain('永远不能修改');
    expect(textOf(page, '#published-0')).toContain('物业服务费 ¥2.50/㎡·月');

    const board = await okAs(seeded.env, seeded.owner)('disclosure.board', { communityId: seeded.communityId });
    const fees = board.find((item) => item.content.kind === 'fee-standard');
    expect(fees?.content).toMatchObject({ kind: 'fee-standard', items: [{ name: '物业服务费', priceFen: 250, unit: 'm2-month', category: 'property' }] });
  });

  test('a price with three decimals is refused before anything is sent', async () => {
    const page = await open(ADMIN_OPENID);
    startFeeStandard(page, '2.555');
    const sent = wx.calls.length;

    fire(page, '#save-draft', 'tap');
    fire(page, '#action-publish', 'tap');
    await until(() => !page.data.saving && !page.data.publishing, 'the refusal');

    expect(wx.calls.length).toBe(sent);
    expect(textOf(page, '#form-error')).toContain('最多两位小数');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'showToast' });
  });

  test('a correction is refused without a note, then published as version 2 with it', async () => {
    const page = await open(ADMIN_OPENID);
    const published = (page.data.rawBoard as Disclosure[]).find((item) => item.content.kind === 'fee-standard');
    expect(published).toBeDefined();

    fire(page, `#action-correct-${published?.id}`, 'tap');
    expect(page.data.editor).toMatchObject({ version: 2, seriesId: published?.seriesId, draftId: '' });
    fire(page, '#fee-0-price', 'change', { value: '2.60' });
    const sent = wx.calls.length;
    const shown = wx.ui.length;

    fire(page, '#action-publish', 'tap');
    await until(() => !page.data.publishing, 'the refusal');
    expect(wx.calls.length).toBe(sent);
    expect(wx.ui.slice(shown).some((record) => record.api === 'showModal')).toBe(false);
    expect(textOf(page, '#form-error')).toContain('更正说明');

    fire(page, '#correction-note', 'change', { value: '物业服务费按业主大会决议调整为 2.60 元/㎡·月' });
    fire(page, '#action-publish', 'tap');
    await until(() => settled(page)() && (page.data.rawBoard as Disclosure[]).some((item) => item.seriesId === published?.seriesId && item.version === 2), 'the correction');

    expect(wx.ui.some((record) => record.api === 'showModal' && record.options.title === '发布第 2 版更正')).toBe(true);
    const history = await okAs(seeded.env, seeded.owner)('disclosure.history', { seriesId: published?.seriesId ?? '' });
    expect(history.map((item) => item.version).sort()).toEqual([1, 2]);
    const latest = history.find((item) => item.version === 2);
    expect(latest?.correctionNote).toBe('物业服务费按业主大会决议调整为 2.60 元/㎡·月');
    expect(latest?.content).toMatchObject({ items: [{ priceFen: 260 }] });
  });

  test('the repair price list is corrected on the page: every repair code is kept, and the catalogue charges the new price', async () => {
    const priceListId = await publishRepairPrices(seeded.env, seeded.communityId);
    const page = await open(ADMIN_OPENID);
    fire(page, `#action-correct-${priceListId}`, 'tap');
    const rows = (page.data.editor as { fees: { name: string; code: string }[] }).fees;
    const drain = rows.findIndex((row) => row.code === 'drain-block');
    expect(rows.map((row) => row.code)).toEqual(['drain-block', 'door-lock', 'faucet', 'light']);
    fire(page, `#fee-${drain}-price`, 'change', { value: '95' });
    fire(page, '#correction-note', 'change', { value: '下水道疏通费调整为 95 元/次' });
    fire(page, '#action-publish', 'tap');
    await until(() => settled(page)() && (page.data.rawBoard as Disclosure[]).some((item) => item.title === '有偿维修服务价目表' && item.version === 2), 'the correction');
    const catalog = await okAs(seeded.env, seeded.owner)('ticket.catalog', { communityId: seeded.communityId });
    expect(catalog.priceList?.version).toBe(2);
    expect(catalog.categories.filter((category) => category.charged && category.published).map((category) => [category.code, category.priceFen, category.urgency])).toEqual([
      ['drain-block', 9500, 'urgent'],
      ['door-lock', 5000, 'routine'],
      ['faucet', 3000, 'routine'],
      ['light', 2000, 'routine'],
    ]);
  });

  test('a statement shows live totals that match what the server computes, 0.1 + 0.2 included', async () => {
    const page = await open(ADMIN_OPENID);
    fire(page, '#new', 'tap');
    fire(page, '#kind', 'change', { value: 'common-income' });
    fire(page, '#title', 'change', { value: '共有部分经营收益收支情况' });
    fire(page, '#period', 'change', { value: '2026年第三季度' });
    const rows = [
      { date: '2026-07-01', direction: 'income', category: '电梯广告', amount: '0.1' },
      { date: '2026-07-15', direction: 'income', category: '场地租赁', amount: '0.2' },
      { date: '2026-08-03', direction: 'expense', category: '公共设施维修', amount: '1200.35' },
      { date: '2026-09-30', direction: 'income', category: '停车场地', amount: '5000' },
    ];
    rows.forEach((row, index) => {
      if (index > 0) fire(page, '#add-entry', 'tap');
      fire(page, `#entry-${index}-date`, 'change', { value: row.date });
      fire(page, `#entry-${index}-direction`, 'change', { value: row.direction });
      fire(page, `#entry-${index}-category`, 'change', { value: row.category });
      fire(page, `#entry-${index}-amount`, 'change', { value: row.amount });
    });
    expect(textOf(page, '#total-income')).toBe('¥5000.30');
    expect(textOf(page, '#total-expense')).toBe('¥1200.35');
    expect(textOf(page, '#total-balance')).toBe('¥3799.95');

    fire(page, '#save-draft', 'tap');
    await until(() => !page.data.saving && wx.ui.some((record) => record.options.title === '草稿已保存'), 'the draft');
    const drafts = await okAs(seeded.env, ADMIN_OPENID)('disclosure.drafts', { communityId: seeded.communityId });
    const totals = drafts.find((item) => item.content.kind === 'common-income')?.totals;
    expect(totals).toEqual({ incomeFen: 500030, expenseFen: 120035, balanceFen: 379995 });

    fire(page, '#action-publish', 'tap');
    await until(() => settled(page)() && (page.data.rawBoard as Disclosure[]).some((item) => item.content.kind === 'common-income'), 'the publication');
    const index = (page.data.rawBoard as Disclosure[]).findIndex((item) => item.content.kind === 'common-income');
    expect(textOf(page, `#published-totals-${index}`)).toBe('收入 ¥5000.30　支出 ¥1200.35　结余 ¥3799.95');
  });

  test('customer service is told that only admins edit the board', async () => {
    const page = await open(seeded.staff.cs);
    expect(page.data.status).toBe('error');
    expect(textOf(page, '#error')).toContain('只有管理员可以编辑和发布信息公示');
  });
});
