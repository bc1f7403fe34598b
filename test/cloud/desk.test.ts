import { apiAs, okAs } from '../support/api';
import { uniqueEnv } from '../support/cloud';
import { seedCommunity, type SeededCommunity } from '../support/seed';

/** The front desk's call and duty records (seed 001 一11, 四): who may write them, what is refused, retries. */
jest.setTimeout(60_000);

const env = uniqueEnv('desk');
let a: SeededCommunity;
let b: SeededCommunity;

beforeAll(async () => {
  a = await seedCommunity(env, 'dka');
  b = await seedCommunity(env, 'dkb');
});

const call = { callerName: '李先生', unitLabel: '2栋301', topic: '咨询明天停水时间', outcome: '已告知明早 8 点恢复供水' };

test('the desk notes calls and duty events; a retried note is stored once; the next handover carries them', async () => {
  const desk = apiAs(env, a.staff.cs);
  const first = await desk('desk.logCall', { communityId: a.communityId, ...call }, 'call-retry-0001');
  const again = await desk('desk.logCall', { communityId: a.communityId, ...call }, 'call-retry-0001');
  expect(first).toMatchObject({ ok: true, data: { kind: 'call', topic: '咨询明天停水时间', byName: '客服小王' } });
  expect(again).toEqual(first);
  await okAs(env, a.staff.manager)('desk.logDuty', { communityId: a.communityId, event: '消防巡查发现 3 栋楼道堆放杂物', reportedTo: '' });

  const calls = await okAs(env, a.staff.manager)('desk.list', { communityId: a.communityId, kind: 'call' });
  expect(calls.items).toHaveLength(1);
  const shift = await okAs(env, a.staff.cs)('desk.shift', { communityId: a.communityId });
  expect(shift.calls.map((entry) => entry.topic)).toEqual(['咨询明天停水时间']);
  expect(shift.duty.map((entry) => entry.event)).toEqual(['消防巡查发现 3 栋楼道堆放杂物']);

  const handover = await okAs(env, a.staff.cs)('handover.create', { communityId: a.communityId, summary: '交班', notes: [] });
  expect(handover.calls).toHaveLength(1);
  expect(handover.duty).toHaveLength(1);
  expect(await okAs(env, a.staff.cs)('desk.shift', { communityId: a.communityId })).toMatchObject({ calls: [], duty: [] });
});

test('bad input is refused with a clear message and stores nothing; only this community\'s desk writes', async () => {
  const before = (await okAs(env, a.staff.cs)('desk.list', { communityId: a.communityId, kind: 'call' })).items.length;
  const desk = apiAs(env, a.staff.cs);
  expect(await desk('desk.logCall', { communityId: a.communityId, ...call, topic: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await desk('desk.logCall', { communityId: a.communityId, ...call, ticketNumber: 'BX20000101-0001' })).toMatchObject({
    ok: false,
    code: 'VALIDATION',
    message: '本小区没有编号为 BX20000101-0001 的工单',
  });
  expect(await desk('desk.logDuty', { communityId: a.communityId, event: '', reportedTo: '' })).toMatchObject({ ok: false, code: 'VALIDATION' });
  expect(await apiAs(env, a.staff.tech)('desk.logCall', { communityId: a.communityId, ...call })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await apiAs(env, b.staff.cs)('desk.logCall', { communityId: a.communityId, ...call })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(await apiAs(env, b.staff.cs)('desk.list', { communityId: a.communityId, kind: 'call' })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect((await okAs(env, a.staff.cs)('desk.list', { communityId: a.communityId, kind: 'call' })).items).toHaveLength(before);
});
