/**
 * Alerts that reach people: staff consent through WeChat's dialog and the product's record of it,
 * subscribe messages per template, the community's group robot, and a record of every alert with
 * whom it reached. The robot is the local cloud's webhook sink (ROBOT_WEBHOOK_ORIGIN).
 */
import { randomBytes } from 'node:crypto';
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { advanceClock, localCloudUrl, uniqueEnv } from '../support/cloud';
import { apiAs, grantSubscription, okAs, outbox } from '../support/api';
import { seedCommunity, type SeededCommunity } from '../support/seed';
import { startLocalCloud } from '../support/local-cloud';

jest.setTimeout(120_000);

const PROGRESS = 'tmpl-ticket-status';
const DISPATCH = 'tmpl-staff-dispatch';
const MAJOR = 'tmpl-staff-major';
const BINDING = 'tmpl-staff-binding';

interface WebhookPost {
  url: string;
  robot: string;
  body: { msgtype: string; markdown: { content?: string; text?: string; title?: string } };
  answer: { status: number; errcode?: number };
}

const robotKey = (): string => `k${randomBytes(12).toString('hex')}`;
const wecomUrl = (key: string): string => `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=${key}`;

async function groupPosts(key: string, baseUrl = localCloudUrl()): Promise<WebhookPost[]> {
  const response = await fetch(`${baseUrl}/_emulator/webhook-posts?robot=${key}`);
  return ((await response.json()) as { posts: WebhookPost[] }).posts;
}

async function robotFails(key: string, mode: 'refuse' | 'error' | 'ok'): Promise<void> {
  const response = await fetch(`${localCloudUrl()}/_emulator/webhook-failures`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ robot: key, mode }),
  });
  expect(response.ok).toBe(true);
}

const repair = (unitId: string): NewTicketInput => ({
  kind: 'repair',
  category: 'faucet',
  // An owner may write their number into the description too: the group never sees it.
  description: '卫生间水龙头一直滴水，关不紧，师傅来前请打 13800000001',
  photos: [],
  location: { kind: 'unit', unitId },
  contactName: '张伟',
  contactPhone: '13800000001',
});

const complaint = (unitId: string): NewTicketInput => ({
  kind: 'complaint',
  category: '噪音扰民',
  description: '楼下商铺每晚十二点后还在施工，整栋楼无法休息',
  photos: [],
  location: { kind: 'unit', unitId },
  contactName: '张伟',
  contactPhone: '13800000001',
});

/** A fresh community per test: its consents, robots and alerts are its own. */
async function community(prefix: string): Promise<SeededCommunity> {
  return seedCommunity(uniqueEnv('alerts'), `${prefix}${randomBytes(3).toString('hex')}`);
}

async function dispatched(c: SeededCommunity, baseUrl?: string): Promise<TicketDetail> {
  const cs = okAs(c.env, c.staff.cs, baseUrl);
  let ticket = await okAs(c.env, c.owner, baseUrl)('ticket.create', repair(c.units[0].id));
  ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
  return cs('ticket.assign', { id: ticket.id, version: ticket.version, technician: c.staff.tech });
}

describe('alerts to staff', () => {
  test('a technician asked for consent taps 允许 and then receives the dispatch; the ticket records it as sent', async () => {
    const c = await community('al');
    const before = await okAs(c.env, c.staff.tech)('me.subscriptions', {});
    expect(before.templates.map((template) => [template.label, template.remaining])).toEqual([['派单与工单提醒', 0]]);
    expect(before.ask).toEqual([DISPATCH]);

    await grantSubscription(c.env, c.staff.tech, DISPATCH, 3);
    const after = await okAs(c.env, c.staff.tech)('me.subscriptions', {});
    expect(after.templates[0].remaining).toBe(3);
    expect(after.ask).toEqual([]);

    const ticket = await dispatched(c);
    const toTech = (await outbox(c.env)).filter((message) => message.touser === c.staff.tech && message.errcode === 0);
    expect(toTech.map((message) => [message.templateId, message.data.character_string1.value, message.data.phrase3.value])).toEqual([[DISPATCH, ticket.number, '新派单']]);
    const seen = await okAs(c.env, c.staff.cs)('ticket.get', { id: ticket.id });
    const dispatch = seen.alerts?.find((alert) => alert.kind === 'dispatch');
    expect(dispatch).toMatchObject({ reached: true, unreached: false, deliveries: [{ channel: 'subscribe', to: '维修老李', outcome: 'sent' }] });
    // One message of the three is spent: the technician is asked again.
    expect((await okAs(c.env, c.staff.tech)('me.subscriptions', {})).ask).toEqual([DISPATCH]);
  });

  test('assigning tells the owner (已派单) and alerts the technician (新派单) at once: each spends one consent of their own, and one with none left gets nothing', async () => {
    const c = await community('bo');
    const remaining = async (openid: string, templateId: string) =>
      (await okAs(c.env, openid)('me.subscriptions', {})).templates.find((template) => template.templateId === templateId)?.remaining;
    const sent = async () =>
      (await outbox(c.env))
        .filter((message) => message.errcode === 0)
        .map((message) => `${message.touser === c.owner ? '业主' : message.touser === c.staff.tech ? '维修' : message.touser} ${message.data.phrase3.value}`)
        .sort();
    await grantSubscription(c.env, c.owner, PROGRESS, 4);
    await grantSubscription(c.env, c.staff.tech, DISPATCH, 1);

    const first = await dispatched(c);
    expect(await sent()).toEqual(['业主 已受理', '业主 已派单', '维修 新派单']);
    expect(await remaining(c.owner, PROGRESS)).toBe(2);
    expect(await remaining(c.staff.tech, DISPATCH)).toBe(0);
    expect((await okAs(c.env, c.owner)('ticket.get', { id: first.id })).notifyPaused).toBe(false);

    // The technician has none left now: the owner is still told, the dispatch is recorded as not consented.
    const second = await dispatched(c);
    expect(await sent()).toEqual(['业主 已受理', '业主 已受理', '业主 已派单', '业主 已派单', '维修 新派单']);
    expect(await remaining(c.owner, PROGRESS)).toBe(0);
    const seen = await okAs(c.env, c.staff.cs)('ticket.get', { id: second.id });
    expect(seen.alerts?.find((alert) => alert.kind === 'dispatch')).toMatchObject({ reached: false, deliveries: [{ channel: 'subscribe', outcome: 'no-consent' }] });
    expect((await okAs(c.env, c.owner)('ticket.get', { id: second.id })).notifyPaused).toBe(false);
  });

  test('a dispatch to a technician without consent and no group shows 未送达 on the ticket and on the manager’s list until followed up', async () => {
    const c = await community('un');
    const ticket = await dispatched(c);
    const seen = await okAs(c.env, c.staff.cs)('ticket.get', { id: ticket.id });
    expect(seen.alerts?.find((alert) => alert.kind === 'dispatch')).toMatchObject({
      reached: false,
      unreached: true,
      deliveries: [{ channel: 'subscribe', to: '维修老李', outcome: 'no-consent' }],
    });
    // The owner's own view carries no staff alerts.
    expect((await okAs(c.env, c.owner)('ticket.get', { id: ticket.id })).alerts).toBeUndefined();

    const manager = okAs(c.env, c.staff.manager);
    const listed = await manager('alert.unreached', { communityId: c.communityId });
    expect(listed.items.map((alert) => [alert.kind, alert.subject.number])).toEqual([['dispatch', ticket.number]]);
    const workload = await manager('staff.workload', {});
    expect(workload.communities[0].counts.find((count) => count.key === 'unreached')?.count).toBe(1);

    // Customer service may not close the matter for the manager; a blank note is refused.
    expect(await apiAs(c.env, c.staff.cs)('alert.acknowledge', { id: listed.items[0].id, note: '已电话通知' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(c.env, c.staff.manager)('alert.acknowledge', { id: listed.items[0].id, note: ' ' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    const followed = await manager('alert.acknowledge', { id: listed.items[0].id, note: '已电话通知维修老李' });
    expect(followed.acknowledged).toMatchObject({ name: '经理陈', note: '已电话通知维修老李' });
    expect((await manager('alert.unreached', { communityId: c.communityId })).items).toEqual([]);
    expect(await apiAs(c.env, c.staff.manager)('alert.acknowledge', { id: listed.items[0].id, note: '再次跟进' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test('with consent used up the alert is recorded as no-consent and the group robot gets the post, without the owner’s phone', async () => {
    const c = await community('rb');
    const key = robotKey();
    const manager = okAs(c.env, c.staff.manager);
    const saved = await manager('robots.save', { communityId: c.communityId, channel: 'wecom', url: wecomUrl(key) });
    expect(saved.wecom).toEqual({ configured: true, hint: `…${key.slice(-4)}` });
    // Saving posted a test message the robot accepted.
    expect((await groupPosts(key)).map((post) => post.body.markdown.content)).toEqual([expect.stringContaining('物业客服提醒已接入')]);

    const ticket = await dispatched(c);
    const seen = await okAs(c.env, c.staff.cs)('ticket.get', { id: ticket.id });
    expect(seen.alerts?.find((alert) => alert.kind === 'dispatch')).toMatchObject({
      reached: true,
      unreached: false,
      deliveries: [
        { channel: 'subscribe', outcome: 'no-consent' },
        { channel: 'wecom', to: '企业微信群', outcome: 'posted' },
      ],
    });
    const post = (await groupPosts(key)).at(-1)!;
    expect(post.body.msgtype).toBe('markdown');
    expect(post.body.markdown.content).toContain(`【新派单】${ticket.number}`);
    expect(post.body.markdown.content).toContain('卫生间水龙头一直滴水');
    expect(post.body.markdown.content).not.toContain('13800000001');
    expect(post.body.markdown.content).toContain('138****0001');
    expect(post.body.markdown.content).not.toContain('张伟');
  });

  test('a robot stopped gets no more posts (instances keep the robots a minute: the clock is moved past it)', async () => {
    // A cloud of its own: moving the run's clock a minute would move it under every other file too.
    const cloud = await startLocalCloud();
    try {
      const c = await seedCommunity(uniqueEnv('alerts'), `rs${randomBytes(3).toString('hex')}`, cloud.url);
      const key = robotKey();
      const manager = okAs(c.env, c.staff.manager, cloud.url);
      await manager('robots.save', { communityId: c.communityId, channel: 'wecom', url: wecomUrl(key) });
      await dispatched(c, cloud.url);
      // The test post at saving and the dispatch.
      expect(await groupPosts(key, cloud.url)).toHaveLength(2);

      await manager('robots.save', { communityId: c.communityId, channel: 'wecom', url: '' });
      // The instance that saved knows at once; another may have kept the robots for up to a minute.
      await advanceClock(61_000, cloud.url);
      const ticket = await dispatched(c, cloud.url);
      expect(await groupPosts(key, cloud.url)).toHaveLength(2);
      const seen = await okAs(c.env, c.staff.cs, cloud.url)('ticket.get', { id: ticket.id });
      expect(seen.alerts?.find((alert) => alert.kind === 'dispatch')?.deliveries.map((delivery) => delivery.channel)).toEqual(['subscribe']);
    } finally {
      await cloud.stop();
    }
  });

  test('a failing robot never blocks the step: the alert is recorded as failed, once, and the ticket goes on', async () => {
    const c = await community('rf');
    const key = robotKey();
    await okAs(c.env, c.staff.manager)('robots.save', { communityId: c.communityId, channel: 'wecom', url: wecomUrl(key) });
    await robotFails(key, 'error');
    const ticket = await dispatched(c);
    expect(ticket.status).toBe('assigned');
    const seen = await okAs(c.env, c.staff.cs)('ticket.get', { id: ticket.id });
    const dispatch = seen.alerts?.find((alert) => alert.kind === 'dispatch');
    expect(dispatch).toMatchObject({ reached: false, unreached: true });
    expect(dispatch?.deliveries.find((delivery) => delivery.channel === 'wecom')).toEqual({ channel: 'wecom', to: '企业微信群', outcome: 'failed', detail: 'HTTP 500' });
    // Tried once: the one test post at saving plus this alert.
    expect(await groupPosts(key)).toHaveLength(2);

    // A robot that refuses (removed from the group) is not saved as a new address either.
    await robotFails(key, 'refuse');
    const refused = await apiAs(c.env, c.staff.manager)('robots.save', { communityId: c.communityId, channel: 'wecom', url: wecomUrl(key) });
    expect(refused).toMatchObject({ ok: false, code: 'VALIDATION', message: expect.stringContaining('93000') });
  });

  test('a major complaint reaches the manager who consented and the group; grading it twice does not alert twice', async () => {
    const c = await community('mj');
    const key = robotKey();
    await okAs(c.env, c.staff.manager)('robots.save', { communityId: c.communityId, channel: 'wecom', url: wecomUrl(key) });
    await grantSubscription(c.env, c.staff.manager, MAJOR, 1);
    const cs = okAs(c.env, c.staff.cs);
    let ticket = await okAs(c.env, c.owner)('ticket.create', complaint(c.units[0].id));
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    ticket = await cs('ticket.grade', { id: ticket.id, version: ticket.version, grade: 'major', group: true, repeat: false });
    ticket = await cs('ticket.grade', { id: ticket.id, version: ticket.version, grade: 'major', group: true, repeat: true });
    const toManager = (await outbox(c.env)).filter((message) => message.touser === c.staff.manager && message.errcode === 0);
    expect(toManager.map((message) => [message.templateId, message.data.phrase3.value])).toEqual([[MAJOR, '重大投诉']]);
    const posts = (await groupPosts(key)).filter((post) => post.body.markdown.content?.includes('【重大投诉】'));
    expect(posts).toHaveLength(1);
    expect(posts[0].body.markdown.content).toContain(ticket.number);
  });

  test('a binding request alerts the desk that consented to binding reviews', async () => {
    const c = await community('bd');
    await grantSubscription(c.env, c.staff.cs, BINDING, 1);
    expect((await okAs(c.env, c.staff.cs)('me.subscriptions', {})).templates.map((template) => template.label)).toEqual([
      '派单与工单提醒',
      '装修待审核提醒',
      '住户认证待审核提醒',
    ]);
    await okAs(c.env, 'o-alerts-new-owner')('binding.request', { unitId: c.units[1].id, relation: 'owner', name: '李娜', phone: '13800000002', proofFileIds: [] });
    const toDesk = (await outbox(c.env)).filter((message) => message.touser === c.staff.cs && message.errcode === 0);
    expect(toDesk.map((message) => [message.templateId, message.data.thing2.value, message.data.phrase3.value])).toEqual([[BINDING, expect.stringContaining('住户认证'), '待审核']]);
  });

  test('robots: only the robots’ own addresses are accepted, only by managers, and clearing removes one', async () => {
    const c = await community('rs');
    const manager = apiAs(c.env, c.staff.manager);
    expect(await manager('robots.save', { communityId: c.communityId, channel: 'wecom', url: 'https://example.com/hook?key=abcdefgh' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await manager('robots.save', { communityId: c.communityId, channel: 'dingtalk', url: wecomUrl(robotKey()) })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await apiAs(c.env, c.staff.cs)('robots.save', { communityId: c.communityId, channel: 'wecom', url: wecomUrl(robotKey()) })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await apiAs(c.env, c.staff.cs)('robots.get', { communityId: c.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const token = `t${randomBytes(16).toString('hex')}`;
    const saved = await okAs(c.env, c.staff.manager)('robots.save', { communityId: c.communityId, channel: 'dingtalk', url: `https://oapi.dingtalk.com/robot/send?access_token=${token}` });
    expect(saved.dingtalk.configured).toBe(true);
    expect((await groupPosts(token))[0].body).toMatchObject({ msgtype: 'markdown', markdown: { title: '物业客服提醒已接入' } });
    const cleared = await okAs(c.env, c.staff.manager)('robots.save', { communityId: c.communityId, channel: 'dingtalk', url: '' });
    expect(cleared.dingtalk).toEqual({ configured: false, hint: '' });
  });
});

describe('the workbench badge', () => {
  test('counts what waits for each user: the desk’s tickets to accept, the technician’s own, reviews', async () => {
    const c = await community('wl');
    const owner = okAs(c.env, c.owner);
    await owner('ticket.create', repair(c.units[0].id));
    const second = await owner('ticket.create', complaint(c.units[0].id));
    await okAs(c.env, 'o-alerts-wl-owner2')('binding.request', { unitId: c.units[1].id, relation: 'owner', name: '李娜', phone: '13800000002', proofFileIds: [] });

    const deskLoad = await okAs(c.env, c.staff.cs)('staff.workload', {});
    const counts = Object.fromEntries(deskLoad.communities[0].counts.map((count) => [count.key, count.count]));
    expect(counts).toMatchObject({ toAccept: 2, overdue: 0, reviews: 1, renovations: 0 });
    expect(deskLoad.total).toBe(3);
    expect((await okAs(c.env, c.staff.tech)('staff.workload', {})).total).toBe(0);

    const cs = okAs(c.env, c.staff.cs);
    const accepted = await cs('ticket.accept', { id: second.id, version: second.version });
    expect((await okAs(c.env, c.staff.cs)('staff.workload', {})).total).toBe(2);
    const first = (await cs('ticket.inbox', { communityId: c.communityId, status: 'submitted' })).items[0];
    const taken = await cs('ticket.accept', { id: first.id, version: (await cs('ticket.get', { id: first.id })).version });
    await cs('ticket.assign', { id: taken.id, version: taken.version, technician: c.staff.tech });
    const techLoad = await okAs(c.env, c.staff.tech)('staff.workload', {});
    expect(techLoad.communities[0].counts).toEqual([{ key: 'mine', label: '派给我的', count: 1 }]);
    expect(techLoad.total).toBe(1);
    expect(accepted.status).toBe('accepted');
    // Owners have no workbench.
    expect(await apiAs(c.env, c.owner)('staff.workload', {})).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});

describe('owners keep getting progress', () => {
  test('when the owner’s messages run out the ticket says so, and consenting again resumes them', async () => {
    const c = await community('ow');
    const owner = okAs(c.env, c.owner);
    await grantSubscription(c.env, c.owner, PROGRESS, 1);
    let ticket = await owner('ticket.create', repair(c.units[0].id));
    const cs = okAs(c.env, c.staff.cs);
    ticket = await cs('ticket.accept', { id: ticket.id, version: ticket.version });
    expect((await owner('ticket.get', { id: ticket.id })).notifyPaused).toBe(false);
    ticket = await cs('ticket.assign', { id: ticket.id, version: ticket.version, technician: c.staff.tech });
    // 已受理 used the one message; 已派单 found none left.
    expect((await owner('ticket.get', { id: ticket.id })).notifyPaused).toBe(true);
    expect((await owner('me.subscriptions', {})).ask).toEqual([PROGRESS]);

    await grantSubscription(c.env, c.owner, PROGRESS, 1);
    expect((await owner('ticket.get', { id: ticket.id })).notifyPaused).toBe(false);
    ticket = await okAs(c.env, c.staff.tech)('ticket.resolve', { id: ticket.id, version: ticket.version, note: '已更换阀芯' });
    const told = (await outbox(c.env)).filter((message) => message.touser === c.owner && message.errcode === 0);
    expect(told.map((message) => message.data.phrase3.value)).toEqual(['已受理', '已完成']);
  });
});
