/// <reference lib="dom" />
import type { Bill } from '../../typings/disclosure';
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity, daysFromToday } from '../support/seed';

describe('my bills (我的账单)', () => {
  let garden: SeededCommunity;
  let other: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  const admin = () => okAs(garden.env, ADMIN_OPENID);

  beforeAll(async () => {
    const env = uniqueEnv('bill');
    garden = await seedCommunity(env, 'bil');
    other = await seedCommunity(env, 'bio');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env, openid: garden.owner });
    pageId = loadPage('pages/bill/index');
  }, 120_000);

  afterEach(() => wx.actAs(garden.owner));

  /** A bill's place on the page (buttons are numbered by it). */
  const rowOf = (page: Rendered, billId: string): number => (page.data.bills as { id: string }[]).findIndex((bill) => bill.id === billId);

  async function open(): Promise<Rendered> {
    const page = mount(pageId);
    page.instance.onLoad();
    await until(() => page.data.status !== 'loading', 'the bills to load');
    expect(page.data.status).toBe('ready');
    return page;
  }

  /** The owner's unit (1栋1单元101, 89.50 m²) billed for October from the published fee standard. */
  async function issueOctober(): Promise<Bill> {
    const draft = await admin()('disclosure.saveDraft', {
      communityId: garden.communityId,
      title: '2026年度收费标准',
      period: '2026年',
      content: {
        kind: 'fee-standard',
        items: [
          { name: '物业服务费', category: 'property', priceFen: 185, unit: 'm2-month', basis: '物业服务合同第五条', note: '' },
          { name: '地面停车服务费', category: 'parking', priceFen: 15000, unit: 'space-month', basis: '车位服务协议', note: '' },
        ],
      },
    });
    const fees = await admin()('disclosure.publish', { id: draft.id, revision: draft.revision });
    await admin()('bill.generate', { communityId: garden.communityId, period: '2026-10', feeDisclosureId: fees.id, itemNames: ['物业服务费', '地面停车服务费'] });
    return (await admin()('bill.list', { communityId: garden.communityId, period: '2026-10' })).items.find((bill) => bill.unitId === garden.units[0].id)!;
  }

  test('before bills are issued the owner sees an empty state; issued bills show standard × quantity = amount and the total, unpaid', async () => {
    const draft = await issueOctober();
    expect(draft.status).toBe('draft');
    const before = await open();
    expect(before.querySelector('#empty')).toBeTruthy();

    await admin()('bill.publish', { communityId: garden.communityId, period: '2026-10', dueDate: daysFromToday(30) });
    const page = await open();
    const card = textOf(page, `#bill-${draft.id}`);
    expect(card).toContain('2026年10月');
    expect(card).toContain(garden.units[0].label);
    expect(card).toContain('待缴');
    // 89.50 m² × ¥1.85 = ¥165.575, rounded half up to the fen.
    expect(card).toContain('物业服务费');
    expect(card).toContain('¥1.85/㎡·月 × 89.50㎡ = ¥165.58');
    expect(card).toContain('¥150.00/个·月 × 1个 = ¥150.00');
    expect(textOf(page, `#total-${draft.id}`)).toContain('合计 ¥315.58');
    // The owner pays the home's bills, and this deployment takes WeChat Pay: the button says what is left.
    expect(textOf(page, `#bill-${draft.id}`)).toContain('微信支付 ¥315.58');
    expect(page.querySelector(`#wxpay-${rowOf(page, draft.id)}`)).toBeTruthy();
    expect(page.querySelector(`#pay-${draft.id}`)).toBeFalsy();
    expect(page.querySelector(`#receipt-${draft.id}`)).toBeFalsy();
    expect(textOf(page)).not.toMatch(/停水|停电|停暖|停气/);

    fire(page, '#standards', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: '/pages/disclosure/index' } });
  });

  test('微信支付: cancelling the pay sheet changes nothing; paying shows the bill paid with its electronic receipt number', async () => {
    const fees = (await okAs(garden.env, garden.owner)('disclosure.board', { communityId: garden.communityId })).find((notice) => notice.content.kind === 'fee-standard')!;
    await admin()('bill.generate', { communityId: garden.communityId, period: '2026-11', feeDisclosureId: fees.id, itemNames: ['物业服务费'] });
    await admin()('bill.publish', { communityId: garden.communityId, period: '2026-11', dueDate: daysFromToday(30) });
    const november = (await okAs(garden.env, garden.owner)('bill.mine', {})).find((bill) => bill.period === '2026-11')!;
    const page = await open();

    wx.answerPayments('cancel');
    fire(page, `#wxpay-${rowOf(page, november.id)}`, 'tap');
    await until(() => page.data.payingId === '' && wx.ui.some((record) => record.api === 'requestPayment'), 'the cancelled sheet');
    expect(textOf(page, `#bill-${november.id}`)).toContain('待缴');
    expect(wx.ui.some((record) => record.api === 'showModal' || (record.api === 'showToast' && record.options.icon === 'none'))).toBe(false);

    wx.answerPayments('pay');
    fire(page, `#wxpay-${rowOf(page, november.id)}`, 'tap');
    // Until the page has finished paying (it tells the owner, then reloads the bills) and shows the
    // bill paid: the page may also reload when it shows again after WeChat's sheet, and that reload
    // can show the bill paid while the page is still asking about the payment. The page asks for
    // about 10 s, a cloud call each time, and a busy machine makes those calls slow. The test's own
    // limit is well above this wait, so on a slow machine the wait, which says what it waited for, decides.
    await until(() => page.data.payingId === '' && textOf(page, `#bill-${november.id}`).includes('已缴'), 'the bill paid once the notice arrived', 60_000);
    // Told it is paid; or, when WeChat's notice took longer than the page's 10 s of asking (a busy
    // machine starting the notice function), told it is being confirmed, and then shown paid.
    const shown = wx.ui.filter((record) => record.api === 'showToast' || record.api === 'showModal').map((record) => `${record.api} ${String(record.options.title)}`);
    // What the owner was shown, in the failure message when it is neither.
    expect(shown.some((line) => line === 'showToast 已缴费 ¥165.58' || line === 'showModal 支付结果确认中') ? 'told' : shown).toBe('told');
    expect(textOf(page, `#receipt-${november.id}`)).toMatch(/微信支付缴费 ¥165\.58，收据号 SJ\d{8}-\d{4}/);
    expect(page.querySelector(`#wxpay-${rowOf(page, november.id)}`)).toBeFalsy();

    // 电子收据 opens the payment's receipt as a PDF in WeChat.
    const paid = (await okAs(garden.env, garden.owner)('bill.mine', {})).find((bill) => bill.id === november.id)!;
    const before = wx.ui.length;
    await page.instance.onReceipt({ currentTarget: { dataset: { bill: november.id, payment: paid.payments[0].id } } } as never);
    const opened = wx.ui.slice(before).find((record) => record.api === 'openDocument');
    expect(opened?.options).toMatchObject({ fileType: 'pdf' });
    expect(Buffer.from(wx.tempFile(String(opened!.options.filePath))!).subarray(0, 5).toString()).toBe('%PDF-');
  }, 150_000);

  test('once the desk marks it paid, the bill shows 已缴 with the receipt number and the time', async () => {
    const issued = (await admin()('bill.list', { communityId: garden.communityId, period: '2026-10' })).items.find((bill) => bill.unitId === garden.units[0].id)!;
    await okAs(garden.env, garden.staff.cs)('bill.markPaid', { id: issued.id, version: issued.version, receiptNo: 'SJ-20261015-001' });

    const page = await open();
    expect(textOf(page, `#bill-${issued.id}`)).toContain('已缴');
    expect(textOf(page, `#receipt-${issued.id}`)).toContain('收据号 SJ-20261015-001');
    expect(textOf(page, `#receipt-${issued.id}`)).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} 服务中心缴费 ¥315\.58/);
    expect(page.querySelector(`#pay-${issued.id}`)).toBeFalsy();
    expect(textOf(page, `#total-${issued.id}`)).toContain('合计 ¥315.58');
  });

  test("an owner of another community sees none of this community's bills", async () => {
    wx.actAs(other.owner);
    const page = await open();
    expect(page.querySelector('#empty')).toBeTruthy();
    expect(textOf(page)).not.toContain('315.58');
  });
});
