/// <reference lib="dom" />
import type { Disclosure, DisclosureContent } from '../../typings/disclosure';
import { apiAs, okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

const FEES: DisclosureContent = {
  kind: 'fee-standard',
  items: [
    { name: '物业服务费', category: 'property', priceFen: 250, unit: 'm2-month', basis: '物业服务合同第五条', note: '' },
    { name: '地面停车服务费', category: 'parking', priceFen: 15000, unit: 'space-month', basis: '车位服务协议', note: '' },
    { name: '下水道疏通', category: 'paid-service', priceFen: 8000, unit: 'time', basis: '有偿服务价目表', note: '材料费另计' },
  ],
};

/** Many entries, two of them 0.10 and 0.20 (which floating point would not add to 0.30). */
function ledger(repairFen: number): DisclosureContent {
  return {
    kind: 'common-income',
    entries: [
      { date: '2026-09-01', direction: 'expense', category: '公共设施维修', amountFen: repairFen, note: '2栋电梯更换钢丝绳' },
      { date: '2026-07-05', direction: 'income', category: '广告位租金', amountFen: 1200000, note: '电梯轿厢广告' },
      { date: '2026-08-10', direction: 'income', category: '场地租用', amountFen: 10, note: '' },
      { date: '2026-08-11', direction: 'income', category: '场地租用', amountFen: 20, note: '' },
    ],
  };
}

describe('the disclosure board (信息公示)', () => {
  let garden: SeededCommunity;
  let other: SeededCommunity;
  let wx: FakeWx;
  let boardId: string;
  let detailId: string;
  let fees: Disclosure;
  let statement: Disclosure;
  let corrected: Disclosure;

  const admin = () => okAs(garden.env, ADMIN_OPENID);

  async function publish(communityId: string, title: string, period: string, content: DisclosureContent, correcting?: string, correctionNote?: string) {
    const draft = await admin()('disclosure.saveDraft', { communityId, correcting, title, period, content });
    return admin()('disclosure.publish', { id: draft.id, revision: draft.revision, correctionNote });
  }

  beforeAll(async () => {
    const env = uniqueEnv('disclosure');
    garden = await seedCommunity(env, 'dsc');
    other = await seedCommunity(env, 'dso');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env, openid: garden.owner });
    boardId = loadPage('pages/disclosure/index');
    detailId = loadPage('pages/disclosure/detail');

    fees = await publish(garden.communityId, '2026年度收费标准', '2026年', FEES);
    await publish(garden.communityId, '物业服务标准', '2026年', { kind: 'service-standard', items: [{ item: '秩序维护', standard: '主出入口24小时值守' }] });
    statement = await publish(garden.communityId, '共有部分经营收益收支', '2026年第三季度', ledger(350050));
    corrected = await publish(garden.communityId, '共有部分经营收益收支', '2026年第三季度', ledger(350000), statement.id, '9月维修支出按发票更正为3500.00元');
  }, 120_000);

  afterEach(() => wx.useCloud({ env: garden.env, openid: garden.owner }));

  async function openBoard(query: Record<string, string> = {}): Promise<Rendered> {
    const page = mount(boardId);
    page.instance.onLoad(query);
    await until(() => page.data.status !== 'loading', 'the board to load');
    return page;
  }

  async function openDetail(seriesId: string, id?: string): Promise<Rendered> {
    const page = mount(detailId);
    page.instance.onLoad({ seriesId, id });
    await until(() => page.data.status !== 'loading', 'the notice to load');
    return page;
  }

  test('the owner reads the fee table with exact prices and the corrected statement with its totals; a tap opens the notice', async () => {
    const page = await openBoard();
    expect(page.data.status).toBe('ready');

    const feeTable = textOf(page, '#section-fee-standard');
    expect(feeTable).toContain('项目');
    expect(feeTable).toContain('标准');
    expect(feeTable).toContain('依据');
    expect(feeTable).toContain('物业服务费');
    expect(feeTable).toContain('¥2.50/㎡·月');
    expect(feeTable).toContain('物业服务合同第五条');
    expect(feeTable).toContain('¥150.00/个·月');
    expect(feeTable).toContain('¥80.00/次');
    expect(feeTable).toContain('材料费另计');
    expect(textOf(page, '#section-service-standard')).toContain('主出入口24小时值守');

    // Only the current version is on the board: 12000.00 + 0.10 + 0.20 in, 3500.00 out.
    const income = textOf(page, '#section-common-income');
    expect(page.querySelectorAll('#section-common-income .notice')).toHaveLength(1);
    expect(income).toContain('2026年第三季度');
    expect(income).toContain('¥12000.30');
    expect(income).toContain('¥3500.00');
    expect(income).toContain('¥8500.30');
    expect(income).not.toContain('3500.50');
    expect(income).toContain('2026-08-10');
    expect(income).toContain('+¥0.10');
    expect(textOf(page, `#correction-${corrected.id}`)).toContain('已更正');
    expect(textOf(page, `#correction-${corrected.id}`)).toContain('9月维修支出按发票更正为3500.00元');
    expect(page.querySelector(`#correction-${fees.id}`)).toBeFalsy();

    // Sections in the board's order.
    const text = textOf(page);
    expect(text.indexOf('服务标准')).toBeLessThan(text.indexOf('收费标准'));
    expect(text.indexOf('收费标准')).toBeLessThan(text.indexOf('共有部分经营收益收支'));

    fire(page, `#notice-${corrected.id}`, 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: `/pages/disclosure/detail?seriesId=${corrected.seriesId}&id=${corrected.id}` } });
  });

  test('the detail lists the versions, opens the first one, and shows what the correction changed', async () => {
    const page = await openDetail(corrected.seriesId, corrected.id);
    expect(page.data.status).toBe('ready');
    expect(textOf(page, '#correction')).toContain('9月维修支出按发票更正为3500.00元');
    expect(textOf(page, '#notice')).toContain('¥8500.30');
    expect(textOf(page, '#history')).toContain('第1版');
    expect(textOf(page, '#history')).toContain('第2版');
    expect(page.querySelector('#old-version')).toBeFalsy();

    fire(page, '#open-version-1', 'tap');
    await until(() => Boolean(page.querySelector('#old-version')), 'the first version to show');
    expect(textOf(page, '#old-version')).toContain('已被第2版更正');
    expect(textOf(page, '#notice')).toContain('¥3500.50');
    expect(textOf(page, '#notice')).toContain('¥8499.80');
    expect(page.querySelector('#correction')).toBeFalsy();

    fire(page, '#compare-1', 'tap');
    await until(() => Boolean(page.querySelector('#diff')), 'the differences');
    const diff = textOf(page, '#diff');
    expect(diff).toContain('第1版 → 第2版');
    expect(diff).toContain('修改');
    expect(diff).toContain('公共设施维修');
    expect(diff).toContain('¥3500.50');
    expect(diff).toContain('→');
    expect(diff).toContain('¥3500.00');
    expect(wx.calls.at(-1)).toMatchObject({ action: 'disclosure.diff', input: { seriesId: corrected.seriesId, from: 1, to: 2 } });

    fire(page, '#open-current', 'tap');
    await until(() => !page.querySelector('#old-version'), 'the current version');
    expect(textOf(page, '#notice')).toContain('¥8500.30');
  });

  test('an inquiry on the fee standard asks for 5 characters at least and creates a ticket the owner can open', async () => {
    const page = await openDetail(fees.seriesId);
    fire(page, '#action-inquire', 'tap');
    expect(page.data.inquireVisible).toBe(true);
    fire(page, '#question', 'change', { value: '太贵' });
    fire(page, '#inquire-dialog', 'confirm');
    expect(wx.ui.filter((record) => record.api === 'showToast').at(-1)?.options.title).toBe('请至少写 5 个字');
    expect(wx.calls.filter((call) => call.action === 'disclosure.inquire')).toHaveLength(0);

    fire(page, '#question', 'change', { value: '停车服务费为什么是每月150元？依据是什么？' });
    fire(page, '#inquire-dialog', 'confirm');
    await until(() => Boolean(page.querySelector('#inquiry-result')), 'the inquiry to be created');
    expect(page.data.inquireVisible).toBe(false);

    const { items } = await okAs(garden.env, garden.owner)('ticket.mine', {});
    const ticket = items.find((item) => item.kind === 'inquiry');
    expect(ticket).toBeDefined();
    expect(textOf(page, '#inquiry-result')).toContain(ticket!.number);
    expect(textOf(page, '#inquiry-number')).toBe(ticket!.number);
    const detail = await okAs(garden.env, garden.owner)('ticket.get', { id: ticket!.id });
    expect(detail.description).toContain('停车服务费为什么是每月150元');

    fire(page, '#open-ticket', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: `/pages/ticket/detail?id=${ticket!.id}` } });
  });

  test('an owner of another community sees none of it, and is refused when they follow a link to it', async () => {
    wx.actAs(other.owner);
    const page = await openBoard();
    expect(page.data.status).toBe('ready');
    expect(page.querySelector('#empty')).toBeTruthy();
    expect(textOf(page)).toContain(`${other.communityName}`);
    expect(textOf(page)).not.toContain('¥2.50/㎡·月');

    const refused = await openBoard({ communityId: garden.communityId });
    expect(refused.data.status).toBe('error');
    expect(textOf(refused, '#error')).toContain('请先完成该小区的房屋认证');

    const detail = await openDetail(fees.seriesId);
    expect(detail.data.status).toBe('error');
    expect(textOf(detail, '#error')).not.toContain('¥2.50');
    const answer = await apiAs(garden.env, other.owner)('disclosure.inquire', { disclosureId: fees.id, question: '我想问一下收费依据' });
    expect(answer.ok).toBe(false);
  });

  test('a WeChat user without a home is asked to bind one', async () => {
    wx.actAs(garden.stranger);
    const page = await openBoard();
    expect(page.querySelector('#no-home')).toBeTruthy();
    fire(page, '#bind-button', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: '/pages/bind/index' } });
  });

  test('an owner with homes in two communities switches between their boards', async () => {
    const env = uniqueEnv('disclosure-two');
    const first = await seedCommunity(env, 'dtw1');
    const second = await seedCommunity(env, 'dtw2');
    const both = 'o-dtw-both';
    for (const community of [first, second]) {
      const binding = await okAs(env, both)('binding.request', { unitId: community.units[2].id, relation: 'owner', name: '王芳', phone: '13800000003', proofFileIds: [] });
      await okAs(env, community.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    }
    const admin = okAs(env, ADMIN_OPENID);
    const draft = await admin('disclosure.saveDraft', { communityId: second.communityId, title: '停车收费标准', period: '2026年', content: FEES });
    await admin('disclosure.publish', { id: draft.id, revision: draft.revision });

    wx.useCloud({ env, openid: both });
    const page = await openBoard();
    expect(textOf(page)).toContain(first.communityName);
    expect(textOf(page)).toContain(second.communityName);

    fire(page, '#communities', 'change', { value: first.communityId });
    await until(() => page.data.communityId === first.communityId && !page.data.switching, 'the first board');
    expect(page.querySelector('#empty')).toBeTruthy();

    fire(page, '#communities', 'change', { value: second.communityId });
    await until(() => Boolean(page.querySelector('#section-fee-standard')), 'the second board');
    expect(textOf(page, '#section-fee-standard')).toContain('¥150.00/个·月');
  }, 60_000);
});
