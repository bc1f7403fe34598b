/// <reference lib="dom" />
/**
 * 欠费催缴 as the desk uses it, in a cloud of this test's own with its clock moved past the due
 * date: the homes overdue, the longest first; a call recorded as a reminder with the time it
 * gives, which the owner then reads on their bill; a manager's write-off with its reason, after
 * which the home leaves the list.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { okAs } from '../support/api';
import { clockToChina, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { ADMIN_OPENID, publishPropertyFee, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(120_000);

describe('欠费催缴', () => {
  let cloud: RunningCloud;
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let arrearsId: string;
  let billId: string;
  const env = uniqueEnv('arrears-page');

  const clockTo = (wall: string): Promise<void> => clockToChina(cloud.url, wall);

  beforeAll(async () => {
    cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'arrears-page-')) });
    seeded = await seedCommunity(env, 'ar', cloud.url);
    await clockTo('2027-03-01T09:00:00');
    const admin = okAs(env, ADMIN_OPENID, cloud.url);
    const feeDisclosureId = await publishPropertyFee(env, seeded.communityId, cloud.url);
    await admin('bill.generate', { communityId: seeded.communityId, period: '2027-03', feeDisclosureId, itemNames: ['物业服务费'] });
    await admin('bill.publish', { communityId: seeded.communityId, period: '2027-03', dueDate: '2027-03-15' });
    billId = `${seeded.communityId}:2027-03:${seeded.units[0].id}`;
    // Every home but the first pays on time.
    const cs = okAs(env, seeded.staff.cs, cloud.url);
    for (const bill of (await cs('bill.list', { communityId: seeded.communityId, period: '2027-03' })).items) {
      if (bill.id !== billId) await cs('bill.markPaid', { id: bill.id, version: bill.version, receiptNo: `SJ-${bill.unitLabel.replace(/\D/g, '')}` });
    }
    await clockTo('2027-03-25T09:00:00');
    wx = installFakeWx({ baseUrl: cloud.url, env, openid: seeded.staff.cs });
    arrearsId = loadPage('packages/staff/pages/arrears/index');
  }, 120_000);

  afterAll(async () => {
    await cloud?.stop();
    if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  async function openAs(openid: string): Promise<Rendered> {
    wx.actAs(openid);
    const page = mount(arrearsId);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status !== 'loading', 'the arrears to load');
    expect(page.data.status).toBe('ready');
    return page;
  }

  test('the overdue home, with its days overdue; a call is recorded as a reminder, and the owner reads it on their bill', async () => {
    const page = await openAs(seeded.staff.cs);
    expect(textOf(page, '#total')).toContain('1 户逾期未缴，合计 ¥223.75');
    const home = textOf(page, `#home-${seeded.units[0].id}`);
    expect(home).toContain(seeded.units[0].label);
    expect(home).toContain('1 期未缴清，共 ¥223.75，最长逾期 10 天');
    expect(home).toContain('尚未提醒');
    expect(home).toContain('已逾期 10 天（应于3月15日前缴清）');
    // Customer service cannot write a bill off: no such button.
    const card = page.querySelector(`#card-${billId}`)!;
    expect(card.querySelector(`#action-waive-${billId}`)).toBeUndefined();

    fire(card, `#action-remind-${billId}`, 'tap');
    fire(card, '#channel', 'change', { value: 'phone' });
    fire(card, '#deadline', 'click');
    expect(card.instance.data.pickerVisible).toBe(true);
    // (The picker's bounds follow the phone's clock, which this test does not move with the cloud's.)
    card.instance.onDeadline({ detail: { value: '2027-04-08' } } as never);
    fire(card, '#confirm-remind', 'tap');
    await until(() => textOf(page, `#home-${seeded.units[0].id}`).includes('已提醒 1 次'), 'the reminder in the list');
    expect(textOf(page, `#home-${seeded.units[0].id}`)).toMatch(/最近 2027-03-25 09:00 电话，期限至 2027-04-08/);
    expect(wx.ui.some((record) => record.api === 'showModal' && String(record.options.content).includes('不涉及停水停电'))).toBe(true);

    wx.actAs(seeded.owner);
    const ownerPage = mount(loadPage('pages/bill/index'));
    ownerPage.instance.onLoad({});
    await until(() => ownerPage.data.status === 'ready', 'the owner’s bills');
    expect(textOf(ownerPage, `#due-${billId}`)).toBe('已逾期 10 天，请尽快缴纳');
    expect(textOf(ownerPage, `#reminder-${billId}`)).toBe('物业服务中心已于2027-03-25 09:00提醒缴费，请于4月8日前缴纳');
  });

  test('a manager writes the bill off with a reason; the home leaves the list', async () => {
    const page = await openAs(seeded.staff.manager);
    const card = page.querySelector(`#card-${billId}`)!;
    fire(card, `#action-waive-${billId}`, 'tap');
    const sent = wx.calls.length;
    fire(card, '#confirm-waive', 'tap');
    await until(() => card.instance.data.error !== '', 'the missing reason');
    expect(textOf(card, '#form-error')).toBe('请填写减免原因');
    expect(wx.calls.length).toBe(sent);
    fire(card, '#reason', 'change', { value: '业主家中变故，经理批准减免本期' });
    fire(card, '#confirm-waive', 'tap');
    await until(() => (page.data.items as unknown[]).length === 0, 'the home to leave the list');
    expect(page.querySelector('#empty')).toBeTruthy();
    const [bill] = await okAs(env, seeded.owner, cloud.url)('bill.mine', {});
    expect(bill).toMatchObject({ status: 'waived', waiver: { reason: '业主家中变故，经理批准减免本期', byName: '经理陈' } });
  });
});
