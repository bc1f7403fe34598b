/// <reference lib="dom" />
/**
 * Alerts as staff and owners meet them: the workbench asks for the work templates running low and
 * shows what waits; 我的 shows the messages left per template; the owner's ticket says when
 * progress stopped for lack of consent and asks again; a dispatch nobody got shows 未送达; the
 * manager follows it up and connects the group robot.
 */
import { randomBytes } from 'node:crypto';
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { grantSubscription, okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { builtModule, fire, loadPage, mount, textOf, until, untilData, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

const PROGRESS = 'tmpl-ticket-status';
const DISPATCH = 'tmpl-staff-dispatch';

interface WorkloadService {
  lastWorkload(): { total: number } | undefined;
}

describe('alerts in the mini-program', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('alert-pages'), `ap${randomBytes(2).toString('hex')}`);
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.tech });
    for (const path of ['pages/staff/index', 'pages/mine/index', 'pages/ticket/detail', 'packages/staff/pages/ticket/index', 'packages/staff/pages/alerts/index', 'custom-tab-bar/index']) {
      pages[path] = loadPage(path);
    }
  }, 90_000);

  const repair = (): NewTicketInput => ({
    kind: 'repair',
    category: 'faucet',
    description: '厨房水龙头漏水，关不紧',
    photos: [],
    location: { kind: 'unit', unitId: seeded.units[0].id },
    contactName: '张伟',
    contactPhone: '13800000001',
  });

  async function dispatched(): Promise<TicketDetail> {
    const cs = okAs(seeded.env, seeded.staff.cs);
    let ticket = await okAs(seeded.env, seeded.owner)('ticket.create', repair());
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    return cs('ticket.assign', { id: ticket.id, version: ticket.version, technician: seeded.staff.tech });
  }

  /** Opens a page as `openid` and shows it, as WeChat does. */
  async function open(path: string, openid: string, query: Record<string, string> = {}): Promise<Rendered> {
    wx.actAs(openid);
    const page = mount(pages[path]);
    page.instance.onLoad(query);
    (page as unknown as { triggerPageLifeTime(name: string): void }).triggerPageLifeTime('show');
    await untilData(page, (data) => data.status !== 'loading', `${path} to load`);
    expect(page.data.status).toBe('ready');
    return page;
  }

  /** What a TDesign cell of a list shows (title and description): the row the page gives it. */
  const cellText = (page: Rendered, list: string, key: string, value: string): string => {
    const row = (page.data[list] as Record<string, unknown>[]).find((candidate) => candidate[key] === value);
    return row ? `${String(row.label)} ${String(row.text ?? row.status)}` : '';
  };

  const tap = (page: Rendered, selector: string): void => {
    const node = page.querySelector(selector);
    if (!node) throw new Error(`nothing matches ${selector}`);
    node.instance.triggerEvent('tap', {});
  };

  test('the workbench asks a technician to allow work alerts while they run low; 允许 grants them', async () => {
    const page = await open('pages/staff/index', seeded.staff.tech);
    await untilData(page, (data) => data.consentText !== '', 'the consent notice');
    expect(textOf(page, '#consent-notice')).toContain('派单与工单提醒还剩 0 次');

    wx.answerSubscriptions('accept');
    const asked = wx.subscriptionRequests.length;
    tap(page, '#allow-alerts');
    await until(() => wx.subscriptionRequests.length > asked, 'WeChat’s dialog');
    expect(wx.subscriptionRequests.at(-1)).toEqual([DISPATCH]);
    await untilData(page, (data) => String(data.consentText).includes('还剩 1 次'), 'the notice to count the grant');
    // A refusal grants nothing and the notice stays.
    wx.answerSubscriptions('reject');
    tap(page, '#allow-alerts');
    await until(() => wx.subscriptionRequests.length > asked + 1, 'the second dialog');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(textOf(page, '#consent-notice')).toContain('还剩 1 次');
    wx.answerSubscriptions('accept');
  });

  test('我的 shows the messages left per template, and 增加次数 adds one through WeChat’s dialog', async () => {
    const page = await open('pages/mine/index', seeded.staff.tech);
    await untilData(page, (data) => (data.consentTemplates as unknown[]).length > 0, 'the templates');
    expect(cellText(page, 'noticeRows', 'purpose', 'dispatch')).toContain('派单与工单提醒');
    const before = (page.data.consentTemplates as { remaining: number }[])[0].remaining;
    expect(cellText(page, 'noticeRows', 'purpose', 'dispatch')).toContain(`还可接收 ${before} 次`);
    tap(page, '#top-up-dispatch');
    await untilData(page, (data) => (data.consentTemplates as { remaining: number }[])[0].remaining === before + 1, 'one more message');
    await until(() => cellText(page, 'noticeRows', 'purpose', 'dispatch').includes(`还可接收 ${before + 1} 次`), 'the new count to show');
    expect(wx.subscriptionRequests.at(-1)).toEqual([DISPATCH]);
  });

  test('the workbench shows what waits, each count opens its list, and the 工作台 tab carries the badge', async () => {
    await okAs(seeded.env, seeded.owner)('ticket.create', repair());
    const page = await open('pages/staff/index', seeded.staff.cs);
    await untilData(page, (data) => (data.counts as unknown[]).length > 0, 'the counts');
    const toAccept = (page.data.counts as { key: string; count: number }[]).find((count) => count.key === 'toAccept');
    expect(toAccept?.count).toBeGreaterThanOrEqual(1);
    expect(textOf(page, '#count-toAccept')).toContain('待受理');

    const before = wx.ui.length;
    tap(page, '#count-toAccept');
    await until(() => wx.ui.length > before, 'the inbox to open');
    expect(wx.ui.at(-1)).toEqual({ api: 'navigateTo', options: { url: `/packages/staff/pages/inbox/index?communityId=${seeded.communityId}&status=submitted` } });

    const tabBar = mount(pages['custom-tab-bar/index']);
    const waiting = builtModule<WorkloadService>('services/workload').lastWorkload()?.total ?? 0;
    expect(waiting).toBeGreaterThanOrEqual(1);
    await untilData(tabBar, (data) => (data.staffBadge as { count?: number }).count === waiting, 'the badge');
    const staffTab = tabBar.querySelector('#tab-staff')!;
    expect((staffTab.instance.data as { badgeProps: { count: number } }).badgeProps.count).toBe(waiting);
    // Owners' and the other tabs carry none.
    expect((tabBar.querySelector('#tab-mine')!.instance.data as { badgeProps: { count?: number } }).badgeProps.count).toBeUndefined();
  });

  test('a dispatch nobody received shows 未送达 on the staff ticket; the manager records the follow-up on 提醒与群机器人', async () => {
    const ticket = await dispatched();
    wx.actAs(seeded.staff.cs);
    const staffTicket = await open('packages/staff/pages/ticket/index', seeded.staff.cs, { id: ticket.id });
    // The technician granted messages on the workbench and on 我的 above: this dispatch used one.
    const record = staffTicket.data.ticket as { alerts: { kind: string; unreached: boolean }[] };
    expect(record.alerts.find((alert) => alert.kind === 'dispatch')).toMatchObject({ unreached: false });
    expect(textOf(staffTicket, '#alerts')).toContain('新派单');
    expect(textOf(staffTicket, '#alerts')).toContain('维修老李：已送达');
    expect(staffTicket.querySelector('#unreached')).toBeUndefined();

    // Once the technician's messages are used up, the next dispatch reaches nobody.
    const left = (await okAs(seeded.env, seeded.staff.tech)('me.subscriptions', {})).templates[0].remaining;
    for (let i = 0; i < left; i += 1) await dispatched();
    const spent = await dispatched();
    const unreachedTicket = await open('packages/staff/pages/ticket/index', seeded.staff.cs, { id: spent.id });
    expect(textOf(unreachedTicket, '#alerts')).toContain('未送达');
    expect(textOf(unreachedTicket, '#alerts')).toContain('维修老李：未授权订阅');
    expect(unreachedTicket.querySelector('#unreached')).toBeDefined();

    const alerts = await open('packages/staff/pages/alerts/index', seeded.staff.manager, { communityId: seeded.communityId });
    expect(textOf(alerts, '#unreached')).toContain(spent.number);
    const first = (alerts.data.items as { id: string; subject: { number: string } }[]).find((item) => item.subject.number === spent.number)!;
    fire(alerts, '#unreached-list', 'followup', { id: first.id });
    await untilData(alerts, (data) => data.followUp !== null, 'the follow-up dialog');
    alerts.instance.onFollowUpInput({ detail: { value: '已电话通知维修老李' } } as never);
    await alerts.instance.onFollowUpConfirm();
    await untilData(alerts, (data) => !(data.items as { id: string }[]).some((item) => item.id === first.id), 'the alert to leave the list');
    const seen = await okAs(seeded.env, seeded.staff.cs)('ticket.get', { id: spent.id });
    expect(seen.alerts?.find((alert) => alert.id === first.id)?.acknowledged).toMatchObject({ name: '经理陈', note: '已电话通知维修老李' });
  });

  test('the manager connects a 企业微信 robot: a wrong address is explained, a right one is saved after the test post', async () => {
    const page = await open('packages/staff/pages/alerts/index', seeded.staff.manager, { communityId: seeded.communityId });
    await until(() => cellText(page, 'channels', 'value', 'wecom') === '企业微信群 未接入', 'the robots to show');
    page.instance.onRobotInput({ detail: { value: 'https://example.com/hook' }, currentTarget: { dataset: { channel: 'wecom' } } } as never);
    await page.instance.saveRobot('wecom', 'https://example.com/hook', '');
    expect(wx.ui.filter((record) => record.api === 'showToast').at(-1)?.options).toMatchObject({ title: expect.stringContaining('Webhook 地址') });

    const key = `k${randomBytes(10).toString('hex')}`;
    page.instance.onRobotInput({ detail: { value: `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}` }, currentTarget: { dataset: { channel: 'wecom' } } } as never);
    tap(page, '#save-wecom');
    await untilData(page, (data) => (data.robots as { wecom: { configured: boolean } }).wecom.configured, 'the robot to be saved');
    await until(() => cellText(page, 'channels', 'value', 'wecom').includes(`已接入（地址结尾 …${key.slice(-4)}）`), 'the saved robot to show');
  });

  test('the owner’s ticket says when progress messages ran out, and 点此继续接收 asks WeChat again', async () => {
    await grantSubscription(seeded.env, seeded.owner, PROGRESS, 1);
    let ticket = await okAs(seeded.env, seeded.owner)('ticket.create', repair());
    const cs = okAs(seeded.env, seeded.staff.cs);
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    ticket = await cs('ticket.assign', { id: ticket.id, version: ticket.version, technician: seeded.staff.tech });

    const page = await open('pages/ticket/detail', seeded.owner, { id: ticket.id });
    expect(textOf(page, '#notify-paused')).toContain('通知次数已用完，点此继续接收');
    await untilData(page, (data) => (data.consentAsk as string[]).includes(PROGRESS), 'the consent to ask for');
    const asked = wx.subscriptionRequests.length;
    page.querySelector('#notify-paused')!.dispatchEvent('tap');
    await until(() => wx.subscriptionRequests.length > asked, 'WeChat’s dialog');
    expect(wx.subscriptionRequests.at(-1)).toEqual([PROGRESS]);
    await untilData(page, (data) => data.notifyPaused === false, 'the notice to go');
    expect(page.querySelector('#notify-paused')).toBeUndefined();

    // Acting on the ticket asks again while messages are low: the confirmation tap opens the dialog first.
    ticket = await okAs(seeded.env, seeded.staff.tech)('ticket.resolve', { id: ticket.id, version: (await okAs(seeded.env, seeded.owner)('ticket.get', { id: ticket.id })).version, note: '已更换阀芯' });
    const resolved = await open('pages/ticket/detail', seeded.owner, { id: ticket.id });
    await untilData(resolved, (data) => (data.consentAsk as string[]).includes(PROGRESS), 'the consent to ask for');
    const before = wx.subscriptionRequests.length;
    const modals = wx.ui.filter((record) => record.api === 'showModal').length;
    const confirming = resolved.instance.onConfirmResolved();
    // Asked in the tap itself, before the confirmation modal (WeChat refuses the dialog later).
    expect(wx.subscriptionRequests.length).toBe(before + 1);
    expect(wx.subscriptionRequests.at(-1)).toEqual([PROGRESS]);
    await confirming;
    expect(wx.ui.filter((record) => record.api === 'showModal').length).toBe(modals + 1);
    expect((await okAs(seeded.env, seeded.owner)('ticket.get', { id: ticket.id })).confirmation).toBeDefined();
  });
});
