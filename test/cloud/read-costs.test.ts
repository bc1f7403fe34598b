import type { ActionInput, ActionName } from '../../typings/api';
import { ACCEPTANCE_TEMPLATE } from '../../miniprogram/shared/movein';
import { chinaMonth, DAY_MS } from '../../miniprogram/shared/time';
import { okAs } from '../support/api';
import { cloudNow, databaseRequests, uniqueEnv } from '../support/cloud';
import { publishRepairPrices, seedCommunity, type SeededCommunity } from '../support/seed';

/**
 * What an owner's everyday reads cost the database: every owner page starts with me.profile, so it
 * must stay at two requests (the caller's roles and their homes) however many homes and communities
 * they have. Counted by the local cloud per env; the fewest of three calls (a timer of the env could
 * add its own requests to one of them).
 */

let c: SeededCommunity;

beforeAll(async () => {
  c = await seedCommunity(uniqueEnv('costs'), 'costs');
}, 60_000);

async function costOf<A extends ActionName>(openid: string, action: A, input: ActionInput<A>): Promise<number> {
  const call = okAs(c.env, openid);
  await call(action, input);
  const costs: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const before = await databaseRequests(undefined, c.env);
    await call(action, input);
    costs.push((await databaseRequests(undefined, c.env)) - before);
  }
  return Math.min(...costs);
}

it('an owner’s profile costs two database requests, names of their communities included', async () => {
  const profile = await okAs(c.env, c.owner)('me.profile', {});
  expect(profile.bindings.map((binding) => binding.communityName)).toEqual([c.communityName]);
  expect(await costOf(c.owner, 'me.profile', {})).toBeLessThanOrEqual(2);
});

it('an owner’s ticket list and renovation list cost at most two database requests each', async () => {
  expect(await costOf(c.owner, 'ticket.mine', {})).toBeLessThanOrEqual(2);
  expect(await costOf(c.owner, 'renovation.mine', {})).toBeLessThanOrEqual(2);
});

it('a renamed community shows under its new name in the owner’s profile', async () => {
  const admin = okAs(c.env, 'o-demo-admin');
  const community = await admin('community.get', { id: c.communityId });
  await admin('community.update', { id: c.communityId, version: community.version, name: `${c.communityName}（二期）`, address: community.address, phones: community.phones });
  const profile = await okAs(c.env, c.owner)('me.profile', {});
  expect(profile.bindings[0].communityName).toBe(`${c.communityName}（二期）`);
});

it('an owner’s ticket, bills, notice board and parcels cost at most two database requests each', async () => {
  const owner = okAs(c.env, c.owner);
  const ticket = await owner('ticket.create', {
    kind: 'repair',
    category: 'drain-block',
    description: '厨房下水道堵塞',
    photos: [],
    location: { kind: 'unit', unitId: c.units[0].id },
    contactName: '张伟',
    contactPhone: '13800000001',
  });
  expect(await costOf(c.owner, 'ticket.get', { id: ticket.id })).toBeLessThanOrEqual(2);
  expect(await costOf(c.owner, 'bill.mine', {})).toBeLessThanOrEqual(2);
  expect(await costOf(c.owner, 'notice.board', { communityId: c.communityId })).toBeLessThanOrEqual(2);
  expect(await costOf(c.owner, 'custody.mine', {})).toBeLessThanOrEqual(2);
});

/** What the owner's other pages read, each with the most database requests it may cost. */
const ownerReads = (): { [A in ActionName]?: number } => ({
  'key.mine': 2,
  'movein.mine': 2,
  'survey.mine': 2,
  'visit.mine': 2,
  'me.subscriptions': 2,
  'ticket.catalog': 2,
  // Its homes, each with its community's published activities and meetings to come: one request.
  'activity.board': 1,
});

/** Each of `bounds` the owner's call costs more than, with what it cost (all measured, so a failure names every one). */
async function over(bounds: { [A in ActionName]?: number }): Promise<[string, number][]> {
  const found: [string, number][] = [];
  for (const [action, most] of Object.entries(bounds) as [ActionName, number][]) {
    const input = (action === 'ticket.catalog' ? { communityId: c.communityId } : {}) as ActionInput<typeof action>;
    const cost = await costOf(c.owner, action, input);
    if (cost > most) found.push([action, cost]);
  }
  return found;
}

it('an owner’s key list, move-ins, surveys, visits, subscriptions and the repair catalog cost at most two database requests each, the activity board one', async () => {
  expect(await over(ownerReads())).toEqual([]);
});

it('with records of their home the owner’s lists still read no other owner, no role and no record one by one', async () => {
  const cs = okAs(c.env, c.staff.cs);
  const manager = okAs(c.env, c.staff.manager);
  const now = Date.parse((await cloudNow()).now);
  const later = (days: number): string => new Date(now + days * DAY_MS).toISOString();
  await publishRepairPrices(c.env, c.communityId);
  const key = await cs('key.save', { communityId: c.communityId, kind: 'owner', unitId: c.units[0].id, name: '业主入户门钥匙', opens: '1栋1单元101 入户门', keptAt: '服务中心保险柜', copies: 2 });
  let visit = await manager('visit.create', { communityId: c.communityId, month: chinaMonth(now), unitId: c.units[0].id, visitorOpenid: c.staff.cs });
  visit = await cs('visit.propose', { id: visit.id, version: visit.version, at: later(3) });
  const rooms = ACCEPTANCE_TEMPLATE.map((room) => ({ room: room.room, items: room.items.map((name) => ({ name, ok: true })) }));
  await cs('movein.save', { communityId: c.communityId, unitId: c.units[0].id, documents: ['notice'], keys: { sets: 2, note: '入户门钥匙 2 把' }, meters: { water: '0.50', electricity: '12', gas: '0' }, rooms, defects: [] });
  const survey = await manager('survey.save', { communityId: c.communityId, title: '年度顾客意见调查', intro: '', questions: [{ id: 'q1', kind: 'rating', title: '您对物业服务的总体满意度', options: [], required: true }] });
  await manager('survey.send', { id: survey.id, version: survey.version });
  const activity = await cs('activity.save', { communityId: c.communityId, title: '消防安全知识讲座', theme: 'fire', startsAt: later(10), place: '小区会所二楼', budgetFen: 0, capacity: 20, description: '邀请消防中队讲解家庭防火。' });
  await cs('activity.publish', { id: activity.id, version: activity.version });
  await okAs(c.env, c.owner)('activity.signUp', { id: activity.id });
  await cs('meeting.save', { communityId: c.communityId, title: '业主恳谈会', startsAt: later(12), place: '小区会所', agenda: '物业服务情况通报。' });
  const drafted = await cs('notice.saveDraft', { communityId: c.communityId, category: 'outage', title: '关于计划停水的通知', addressee: '各位业主、住户', body: '因二次供水设备检修，小区将于周六 9:00 至 15:00 停水，请提前储水。', issuer: '物业服务中心', buildings: [] });
  const notice = await manager('notice.publish', { id: drafted.id, version: drafted.version });

  const owner = okAs(c.env, c.owner);
  expect((await owner('key.mine', {})).map((mine) => [mine.id, mine.allowed])).toEqual([[key.id, ['authorise']]]);
  expect((await owner('visit.mine', {})).map((mine) => [mine.id, mine.allowed])).toEqual([[visit.id, ['answer']]]);
  expect((await owner('movein.mine', {})).map((mine) => [mine.ownerName, mine.allowed])).toEqual([['张伟', ['view', 'sign', 'print']]]);
  expect((await owner('survey.mine', {})).map((mine) => [mine.id, mine.answered, mine.allowed])).toEqual([[survey.id, false, ['answer']]]);
  const board = await owner('activity.board', {});
  expect(board.activities.map((mine) => [mine.id, mine.mine?.status, mine.allowed])).toEqual([[activity.id, 'confirmed', ['cancel']]]);
  expect(board.meetings).toHaveLength(1);
  // The home's 管理规约 page: the owner's binding, then the current text with the home's signatures.
  expect(await owner('agreement.forUnit', { unitId: c.units[0].id })).toMatchObject({ unitId: c.units[0].id, signatures: [] });
  expect(await costOf(c.owner, 'agreement.forUnit', { unitId: c.units[0].id })).toBeLessThanOrEqual(2);
  // A notice: the notice and the reader's homes; counting it as read is a write of its own.
  expect(await owner('notice.get', { id: notice.id })).toMatchObject({ id: notice.id, countsAsRead: true });
  expect(await costOf(c.owner, 'notice.get', { id: notice.id })).toBeLessThanOrEqual(2);
  expect(await costOf(c.owner, 'notice.read', { id: notice.id })).toBeLessThanOrEqual(3);

  expect(
    await over({
      ...ownerReads(),
      // Beside its homes and the record: the home's signed agreements.
      'movein.mine': 3,
      // Beside its homes with their activities and meetings: the owner's sign-ups, all in one read.
      'activity.board': 2,
    }),
  ).toEqual([]);
  // A key lent out shows its loan: one read more.
  const authorised = await owner('key.authorise', { id: key.id, version: key.version, accept: true });
  await cs('key.lend', { id: key.id, version: authorised.version, borrowerName: '维修老李', reason: '入户检修', dueAt: later(7) });
  expect((await owner('key.mine', {}))[0].loans).toEqual([expect.objectContaining({ borrowerName: '维修老李' })]);
  expect(await over({ 'key.mine': 3 })).toEqual([]);
});
