/// <reference lib="dom" />
import type { Bill, Disclosure } from '../../typings/disclosure';
import { grantSubscription, okAs, outbox } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

const PERIOD = '2026-07';
/** The status-message template of the local cloud (config/local-cloud.json). */
const TEMPLATE = 'tmpl-ticket-status';

/** Floor areas of the seeded roster, in hundredths of m² (test/support/seed.ts). */
const AREAS: Record<string, number> = { '101': 8950, '102': 12000, '201': 10125, '301': 5600 };

describe('property bills (物业账单)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;
  let fees: Disclosure;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('bills-page'), 'bp');
    const admin = okAs(seeded.env, ADMIN_OPENID);
    const draft = await admin('disclosure.saveDraft', {
      communityId: seeded.communityId,
      title: '2026年物业服务收费标准',
      period: '2026年',
      content: {
        kind: 'fee-standard',
        items: [
          { name: '物业服务费', category: 'property', priceFen: 250, unit: 'm2-month', basis: '物业服务合同第五条', note: '' },
          { name: '车位管理费', category: 'parking', priceFen: 8000, unit: 'space-month', basis: '成都市车位收费指导价', note: '' },
        ],
      },
    });
    fees = await admin('disclosure.publish', { id: draft.id, revision: draft.revision });
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: ADMIN_OPENID });
    pageId = loadPage('packages/staff/pages/bills/index');
  }, 60_000);

  async function open(openid: string): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status !== 'loading', 'the page to load');
    if (page.data.status === 'ready') {
      fire(page, '#period-picker', 'confirm', { value: PERIOD });
      await until(() => page.data.period === PERIOD && page.data.listStatus !== 'loading', 'the bills of the period');
    }
    return page;
  }

  const idAt = (page: Mounted, row: number): string => (page.data.items as { id: string }[])[row].id;
  /** A bill's card: its steps and forms live inside it. */
  const cardAt = (page: Mounted, row: number) => page.querySelector(`#card-${row}`)!;
  const rowOf = (page: Mounted, unitId: string): number => (page.data.items as { id: string }[]).findIndex((bill) => bill.id.endsWith(unitId));

  test('an admin generates bills from the published fee standard: area × price, exactly', async () => {
    const page = await open(ADMIN_OPENID);
    expect(page.data.standardId).toBe(fees.id);
    expect(page.data.itemNames).toEqual(['物业服务费']);
    expect(page.querySelector('#empty')).toBeTruthy();

    fire(page, '#generate-button', 'tap');
    await until(() => !page.data.generating && page.data.listStatus === 'ready' && (page.data.items as unknown[]).length > 0, 'the bills');

    expect(textOf(page, '#generated')).toContain('已生成 4 份新账单');
    const bills = await okAs(seeded.env, ADMIN_OPENID)('bill.list', { communityId: seeded.communityId, period: PERIOD });
    expect(bills.items).toHaveLength(4);
    for (const unit of seeded.units) {
      const bill = bills.items.find((item) => item.unitId === unit.id) as Bill;
      const area = AREAS[unit.room];
      // Half up to the fen, in integers: price × hundredths of m², + 50, ÷ 100.
      const expected = Math.floor((250 * area + 50) / 100);
      expect(bill.items).toEqual([{ name: '物业服务费', priceFen: 250, unit: 'm2-month', quantityCenti: area, amountFen: expected }]);
      const text = textOf(page, `#card-${rowOf(page, unit.id)}`);
      expect(text).toContain(`合计 ¥${Math.floor(expected / 100)}.${String(expected % 100).padStart(2, '0')}`);
      expect(text).toContain('草稿');
    }
    // 89.50 m² × 2.50 元/㎡·月 = 223.75 元, shown as the owner can check it.
    const first = textOf(page, `#card-${rowOf(page, seeded.units[0].id)}`);
    expect(first).toContain('2.50元/㎡·月 × 89.5㎡');
    expect(first).toContain('¥223.75');
  });

  test('the desk records a payment with a receipt number; the owner sees it paid', async () => {
    let page = await open(ADMIN_OPENID);
    fire(page, '#publish', 'tap');
    await until(() => !page.data.publishing && (page.data.items as { status: string }[]).every((bill) => bill.status === 'issued'), 'the issue');
    expect(wx.ui.some((record) => record.api === 'showModal' && String(record.options.content).includes('不能撤回'))).toBe(true);

    page = await open(seeded.staff.cs);
    expect(page.querySelector('#generate')).toBeUndefined();
    const row = rowOf(page, seeded.units[0].id);

    // The owner allowed one message in WeChat's subscription prompt.
    await grantSubscription(seeded.env, seeded.owner, TEMPLATE, 1);
    fire(cardAt(page, row), `#action-remind-${idAt(page, row)}`, 'tap');
    // By message, with 15 days to pay unless the clerk picks another date.
    expect(textOf(cardAt(page, row), '#remind-form')).toContain('前');
    fire(cardAt(page, row), '#confirm-remind', 'tap');
    await until(() => textOf(page, `#card-${row}`).includes('送达 1 位住户'), 'the reminder on the card');
    expect(textOf(page, `#card-${row}`)).toMatch(/客服小王小程序消息提醒，给予期限至\d+月\d+日/);
    const reminder = (await outbox(seeded.env)).filter((message) => message.touser === seeded.owner).at(-1);
    expect(JSON.stringify(reminder?.data)).toContain('223.75');
    expect(JSON.stringify(reminder?.data)).not.toMatch(/停|断|限/);

    fire(cardAt(page, row), `#action-markPaid-${idAt(page, row)}`, 'tap');
    // The whole amount unless the clerk types less.
    expect(cardAt(page, row).instance.data.amount).toBe('223.75');
    fire(cardAt(page, row), '#receipt', 'change', { value: 'SJ-2026-0701' });
    fire(cardAt(page, row), '#confirm-paid', 'tap');
    await until(() => (page.data.items as { status: string }[])[row].status === 'paid', 'the payment');

    const text = textOf(page, `#card-${row}`);
    expect(text).toContain('已缴');
    expect(text).toContain('收据号 SJ-2026-0701');
    // 本期对账 counts it at once.
    await until(() => textOf(page, '#reconciliation-card').replace(/\s+/g, '').includes('服务中心实收¥223.75'), 'the reconciliation to count the payment');
    expect(textOf(page, '#reconciliation-card').replace(/\s+/g, '')).toContain('应收（4份账单）');
    const mine = await okAs(seeded.env, seeded.owner)('bill.mine', {});
    expect(mine.find((bill) => bill.period === PERIOD)).toMatchObject({ status: 'paid', receiptNo: 'SJ-2026-0701', totalFen: 22375 });
  });

  test('a receipt number, and no more than is left, are required before anything is sent; part of a bill can be paid', async () => {
    const page = await open(seeded.staff.manager);
    const row = (page.data.items as { status: string }[]).findIndex((bill) => bill.status === 'issued');
    const card = cardAt(page, row);
    fire(card, `#action-markPaid-${idAt(page, row)}`, 'tap');
    const sent = wx.calls.length;
    fire(card, '#confirm-paid', 'tap');
    await until(() => card.instance.data.error !== '', 'the refusal');
    expect(wx.calls.length).toBe(sent);
    expect(textOf(card, '#form-error')).toContain('请填写收据号');
    fire(card, '#receipt', 'change', { value: 'SJ-2026-0702' });
    fire(card, '#amount', 'change', { value: '99999' });
    fire(card, '#confirm-paid', 'tap');
    await until(() => String(card.instance.data.error).includes('超过待缴金额'), 'the refusal of too much');
    expect(wx.calls.length).toBe(sent);
    fire(card, '#amount', 'change', { value: '100' });
    fire(card, '#confirm-paid', 'tap');
    await until(() => (page.data.items as { status: string }[])[row].status === 'partial', 'the part payment');
    expect(textOf(page, `#card-${row}`)).toMatch(/已缴 ¥100\.00.*待缴 ¥/);
  });

  test('a technician is told who may use the bills page', async () => {
    const page = await open(seeded.staff.tech);
    expect(page.data.status).toBe('error');
    expect(textOf(page, '#error')).toContain('物业账单仅对客服、客服经理和管理员开放');
  });
});
