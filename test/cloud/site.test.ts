/**
 * The site's registers (seed 001 五; 002 §7¶3, §12, §13): patrol routes walked by scanning each
 * point's printed code with every item answered, what a patrol finds becoming a ticket or a work
 * order, missed rounds on the manager's list; the key list and its loans; what the desk receives
 * for residents and how it is given back. Own local cloud: the clock moves to set times.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import type { CustodyAction, KeyAction } from '../../typings/actions';
import type { CustodyItem, KeyRecord, PatrolRoute } from '../../typings/site';
import { apiAs, okAs, uploadAs } from '../support/api';
import { clockToChina, uniqueEnv } from '../support/cloud';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { renderPdf } from '../support/pdf';
import { probePolicy } from '../support/policy-probe';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(180_000);

const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const env = uniqueEnv('site');
let cloud: RunningCloud;
let dataDir: string;
let a: SeededCommunity;
let b: SeededCommunity;
let route: PatrolRoute;
let other: PatrolRoute;

const as = (openid: string) => apiAs(env, openid, cloud.url);
const ok = (openid: string) => okAs(env, openid, cloud.url);
const clockTo = (wall: string) => clockToChina(cloud.url, wall);

const allOk = (count: number) => Array.from({ length: count }, () => ({ ok: true, note: '' }));

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'site-'));
  cloud = await startLocalCloud({ dataDir });
  await clockTo('2027-03-01T09:00:00');
  a = await seedCommunity(env, 'sta', cloud.url);
  b = await seedCommunity(env, 'stb', cloud.url);
  route = await ok(a.staff.manager)('patrol.saveRoute', {
    communityId: a.communityId,
    name: '园区巡视 A 线',
    kind: 'site',
    checkpoints: [
      { name: '东门岗', items: ['消防设施配件齐全、标识完好', '照明灯、装饰灯齐全'] },
      { name: '儿童游乐区', items: ['儿童游乐设施完好、无安全隐患'] },
    ],
  });
  other = await ok(a.staff.manager)('patrol.saveRoute', { communityId: a.communityId, name: '清洁巡查', kind: 'cleaning', checkpoints: [{ name: '1栋大堂', items: ['地面干净无垃圾'] }] });
});

afterAll(async () => {
  await cloud?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('patrols', () => {
  test('the manager sets up a route; its printed sheet carries a QR code per point that scans to that point', async () => {
    expect(route.allowed).toEqual(['edit', 'check']);
    expect(route.checkpoints.map((point) => point.name)).toEqual(['东门岗', '儿童游乐区']);
    const sheet = await ok(a.staff.manager)('patrol.codes', { routeId: route.id });
    const pdf = renderPdf(Buffer.from(await (await fetch(sheet.url)).arrayBuffer()), join(ARTIFACTS, 'patrol-codes'), 'route-a', 150);
    expect(pdf.text).toMatch(/东门岗/);
    expect(pdf.text).toMatch(/儿童游乐区/);
    // Each cut-out cell of the printed page scans to its own point, as a phone held over it would.
    const page = PNG.sync.read(readFileSync(pdf.images[0]));
    const half = Math.floor(page.width / 2);
    const cell = (left: number) => {
      const out = new PNG({ width: half, height: Math.floor(page.height / 3) });
      PNG.bitblt(page, out, left, 0, out.width, out.height, 0, 0);
      return jsQR(new Uint8ClampedArray(out.data), out.width, out.height)?.data;
    };
    expect([cell(0), cell(half)]).toEqual(route.checkpoints.map((point) => point.code));

    expect(await as(a.staff.cs)('patrol.saveRoute', { communityId: a.communityId, name: '客服自建路线', kind: 'site', checkpoints: [{ name: '南门', items: ['门禁完好'] }] })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await as(a.staff.tech)('patrol.codes', { routeId: route.id })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await as(b.staff.manager)('patrol.routes', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('every item must be answered, at a point of the route being walked; a problem needs a note and a ticket or work order', async () => {
    const [gate] = route.checkpoints;
    const check = as(a.staff.tech);
    expect(await check('patrol.check', { routeId: route.id, code: other.checkpoints[0].code, answers: allOk(1), photos: [] })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      message: '该巡视点不属于当前路线，请扫描本路线的巡视点',
    });
    expect(await check('patrol.check', { routeId: route.id, code: 'https://example.com/x', answers: allOk(2), photos: [] })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await check('patrol.check', { routeId: route.id, code: gate.code, answers: allOk(1), photos: [] })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      message: '请逐项检查：本巡视点共 2 项，须全部填写',
    });
    const broken = [{ ok: true, note: '' }, { ok: false, note: '东门两盏路灯不亮' }];
    expect(await check('patrol.check', { routeId: route.id, code: gate.code, answers: [{ ok: true, note: '' }, { ok: false, note: '' }], photos: [] })).toMatchObject({
      ok: false,
      message: '请写明「照明灯、装饰灯齐全」发现的问题',
    });
    expect(await check('patrol.check', { routeId: route.id, code: gate.code, answers: broken, photos: [] })).toMatchObject({ ok: false, message: '发现问题须当场报修或发出内部工作联系单' });
    expect(await as(a.owner)('patrol.check', { routeId: route.id, code: gate.code, answers: allOk(2), photos: [] })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect((await ok(a.staff.manager)('patrol.routes', { communityId: a.communityId }))[0].done).toBe(0);
  });

  test('damage found on a round becomes a patrol repair ticket in the desk’s inbox, the same moment', async () => {
    await clockTo('2027-03-01T14:00:00');
    const [gate, playground] = route.checkpoints;
    const photo = await uploadAs(env, a.staff.tech, 'patrol/lamp.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2]), cloud.url);
    const visit = await ok(a.staff.tech)('patrol.check', {
      routeId: route.id,
      code: gate.code,
      answers: [{ ok: true, note: '' }, { ok: false, note: '东门两盏路灯不亮' }],
      photos: [photo],
      finding: { kind: 'ticket', category: 'common-facility', description: '东门两盏路灯不亮，夜间通行不便' },
    });
    expect(visit).toMatchObject({ checkpointName: '东门岗', byName: '维修老李', window: '2027-03-01-pm', raised: { kind: 'ticket', number: expect.stringMatching(/^BX20270301-\d{4}$/) } });
    const inbox = await ok(a.staff.cs)('ticket.inbox', { communityId: a.communityId, status: 'submitted' });
    expect(inbox.items.find((ticket) => ticket.number === visit.raised?.number)).toMatchObject({ kind: 'repair', locationLabel: '园区巡视 A 线·东门岗' });
    const ticket = await ok(a.staff.cs)('ticket.get', { id: visit.raised!.id });
    expect(ticket).toMatchObject({ channel: 'patrol', description: '东门两盏路灯不亮，夜间通行不便' });

    // The other point's problem is the cleaners' work: an internal work order.
    const second = await ok(a.staff.tech)('patrol.check', {
      routeId: route.id,
      code: playground.code,
      answers: [{ ok: false, note: '滑梯下有碎玻璃' }],
      photos: [],
      finding: { kind: 'workOrder', department: 'cleaning', description: '儿童游乐区滑梯下有碎玻璃，请立即清理' },
    });
    expect(second.raised).toMatchObject({ kind: 'workOrder', number: expect.stringMatching(/^LX20270301-\d{4}$/) });
    const orders = await ok(a.staff.cs)('workOrder.list', { communityId: a.communityId, status: 'open' });
    const order = orders.items.find((item) => item.id === second.raised?.id)!;
    expect(order).toMatchObject({ department: 'cleaning', source: '巡视 园区巡视 A 线·儿童游乐区', allowed: ['complete'] });
    const done = await ok(a.staff.tech)('workOrder.complete', { id: order.id, version: order.version, note: '已清理并检查周边' });
    expect(done).toMatchObject({ status: 'done', doneByName: '维修老李', allowed: [] });
    expect(await as(a.staff.tech)('workOrder.complete', { id: order.id, version: done.version, note: '再次完成' })).toMatchObject({ ok: false, code: 'CONFLICT' });

    const [round] = (await ok(a.staff.manager)('patrol.routes', { communityId: a.communityId })).filter((item) => item.route.id === route.id);
    expect(round).toMatchObject({ done: 2, total: 2, window: { key: '2027-03-01-pm', label: '3月1日下午' } });
  });

  test('a round not completed in its window shows on the manager’s list and workbench once the window ends', async () => {
    // Next morning only the gate is signed in at; the cleaning route is not walked at all.
    await clockTo('2027-03-02T08:30:00');
    await ok(a.staff.cs)('patrol.check', { routeId: route.id, code: route.checkpoints[0].code, answers: allOk(2), photos: [] });
    expect((await ok(a.staff.manager)('patrol.missed', { communityId: a.communityId })).filter((item) => item.routeId === route.id)).toEqual([]);
    await clockTo('2027-03-02T12:30:00');
    const missed = await ok(a.staff.manager)('patrol.missed', { communityId: a.communityId });
    expect(missed.filter((item) => item.routeId === route.id)).toEqual([expect.objectContaining({ routeName: '园区巡视 A 线', done: 1, total: 2, window: expect.objectContaining({ label: '3月2日上午' }) })]);
    // The cleaning route, set up on the 1st at 9:00, missed the afternoon of the 1st and the morning of the 2nd (not the morning it was set up in).
    expect(missed.filter((item) => item.routeId === other.id).map((item) => item.window.key)).toEqual(['2027-03-02-am', '2027-03-01-pm']);
    const workload = await ok(a.staff.manager)('staff.workload', {});
    const counts = workload.communities.find((item) => item.communityId === a.communityId)!.counts;
    expect(counts.find((item) => item.key === 'missedRounds')?.count).toBe(3);
    expect(await as(a.staff.tech)('patrol.missed', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });

  test('a point kept through an edit keeps its printed code; a removed point no longer signs in', async () => {
    const [gate, playground] = route.checkpoints;
    const edited = await ok(a.staff.manager)('patrol.saveRoute', {
      communityId: a.communityId,
      id: route.id,
      version: route.version,
      name: '园区巡视 A 线',
      kind: 'site',
      checkpoints: [{ id: gate.id, name: '东门岗', items: gate.items }, { name: '地下车库入口', items: ['防盗设施完好'] }],
    });
    expect(edited.checkpoints[0].code).toBe(gate.code);
    expect(await as(a.staff.tech)('patrol.check', { routeId: route.id, code: playground.code, answers: allOk(1), photos: [] })).toMatchObject({
      ok: false,
      message: '该巡视点已从路线中移除，请联系客服经理',
    });
    expect(await as(a.staff.manager)('patrol.saveRoute', { communityId: a.communityId, id: route.id, version: route.version, name: '旧版本', kind: 'site', checkpoints: [{ name: 'x点', items: ['检查'] }] })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
    });
    route = edited;
  });
});

describe('keys', () => {
  test('a common key is lent against a record, overdue when not back in time, listed for the desk, and returned', async () => {
    await clockTo('2027-03-03T09:00:00');
    const key = await ok(a.staff.cs)('key.save', { communityId: a.communityId, kind: 'common', name: '1栋配电房', opens: '1栋负一层配电房门', keptAt: '服务中心钥匙柜 A3', copies: 1 });
    expect(key).toMatchObject({ available: 1, loans: [], allowed: ['edit', 'lend'] });
    const lent = await ok(a.staff.cs)('key.lend', { id: key.id, version: key.version, borrowerName: '维修老李', reason: '检修配电柜', dueAt: '2027-03-03T11:00:00+08:00' });
    expect(lent).toMatchObject({ available: 0, loans: [{ borrowerName: '维修老李', overdue: false }], allowed: ['edit', 'return'] });
    expect(await as(a.staff.cs)('key.lend', { id: key.id, version: lent.version, borrowerName: '保安小赵', reason: '巡查', dueAt: '2027-03-03T12:00:00+08:00' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: '该钥匙已全部借出',
    });
    await clockTo('2027-03-03T11:30:00');
    const loans = await ok(a.staff.manager)('key.loans', { communityId: a.communityId });
    expect(loans.items).toEqual([expect.objectContaining({ keyName: '1栋配电房', borrowerName: '维修老李', overdue: true })]);
    const counts = (await ok(a.staff.cs)('staff.workload', {})).communities.find((item) => item.communityId === a.communityId)!.counts;
    expect(counts.find((item) => item.key === 'overdueKeys')?.count).toBe(1);
    const back = await ok(a.staff.cs)('key.return', { id: key.id, version: lent.version, loanId: lent.loans[0].id });
    expect(back).toMatchObject({ available: 1, loans: [] });
    expect((await ok(a.staff.manager)('key.loans', { communityId: a.communityId })).items).toEqual([]);
  });

  test('an owner’s key is lent only after the owner authorises it in the mini-program; they see who borrowed it', async () => {
    const key = await ok(a.staff.cs)('key.save', { communityId: a.communityId, kind: 'owner', unitId: a.units[0].id, name: '业主入户门钥匙', opens: '1栋1单元101 入户门', keptAt: '服务中心保险柜', copies: 1 });
    expect(key).toMatchObject({ authorisation: { status: 'awaiting' }, allowed: ['edit'] });
    expect(await as(a.staff.cs)('key.lend', { id: key.id, version: key.version, borrowerName: '维修老李', reason: '入户检修', dueAt: '2027-03-03T15:00:00+08:00' })).toMatchObject({
      ok: false,
      code: 'CONFLICT',
      message: '业主尚未授权，不能借出其钥匙',
    });
    const mine = await ok(a.owner)('key.mine', {});
    expect(mine).toEqual([expect.objectContaining({ id: key.id, allowed: ['authorise'] })]);
    expect(await as(b.owner)('key.authorise', { id: key.id, version: key.version, accept: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await as(a.staff.cs)('key.authorise', { id: key.id, version: key.version, accept: true })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const authorised = await ok(a.owner)('key.authorise', { id: key.id, version: key.version, accept: true });
    expect(authorised).toMatchObject({ authorisation: { status: 'confirmed', byName: '张伟' }, allowed: [] });
    const lent = await ok(a.staff.cs)('key.lend', { id: key.id, version: authorised.version, borrowerName: '维修老李', reason: '入户检修漏水', dueAt: '2027-03-03T15:00:00+08:00' });
    expect((await ok(a.owner)('key.mine', {}))[0].loans).toEqual([expect.objectContaining({ id: lent.loans[0].id, borrowerName: '维修老李', reason: '入户检修漏水' })]);
  });

  test('bad input and other roles are refused, and nothing changes', async () => {
    const before = (await ok(a.staff.cs)('key.list', { communityId: a.communityId })).items.length;
    const base = { communityId: a.communityId, kind: 'common' as const, name: '2栋水泵房', opens: '2栋水泵房门', keptAt: '钥匙柜 B1', copies: 2 };
    expect(await as(a.staff.cs)('key.save', { ...base, copies: 0 })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await as(a.staff.cs)('key.save', { ...base, unitId: a.units[1].id })).toMatchObject({ ok: false, code: 'VALIDATION', message: '公用钥匙不指定房屋' });
    expect(await as(a.staff.cs)('key.save', { ...base, kind: 'owner' })).toMatchObject({ ok: false, code: 'VALIDATION' });
    expect(await as(a.staff.tech)('key.save', base)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await as(b.staff.cs)('key.save', base)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await as(b.staff.cs)('key.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await as(a.owner)('key.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const [first] = (await ok(a.staff.cs)('key.list', { communityId: a.communityId })).items;
    expect(await as(a.staff.cs)('key.lend', { id: first.id, version: first.version, borrowerName: '维修老李', reason: '检修', dueAt: '2027-02-01T09:00:00+08:00' })).toMatchObject({
      ok: false,
      message: '归还时间须在现在之后、31 天以内',
    });
    expect((await ok(a.staff.cs)('key.list', { communityId: a.communityId })).items).toHaveLength(before);
  });
});

describe('items received for residents', () => {
  test('the desk records a parcel; the resident sees it and confirms collection in the mini-program, once', async () => {
    const parcel = await ok(a.staff.cs)('custody.record', { communityId: a.communityId, kind: 'parcel', description: '顺丰快递一件（中号纸箱）', fromName: '顺丰快递员', unitId: a.units[0].id, forName: '张伟' });
    expect(parcel).toMatchObject({ number: expect.stringMatching(/^DS\d{8}-\d{4}$/), status: 'held', receivedByName: '客服小王', allowed: ['handOver'] });
    const mine = await ok(a.owner)('custody.mine', {});
    expect(mine.find((item) => item.id === parcel.id)).toMatchObject({ status: 'held', allowed: ['confirm'] });
    expect(await ok(b.owner)('custody.mine', {})).toEqual([]);
    expect(await as(b.owner)('custody.confirm', { id: parcel.id, version: parcel.version })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    const collected = await ok(a.owner)('custody.confirm', { id: parcel.id, version: parcel.version });
    expect(collected).toMatchObject({ status: 'collected', collected: { toName: '张伟', how: 'owner' }, allowed: [] });
    expect(await as(a.owner)('custody.confirm', { id: parcel.id, version: collected.version })).toMatchObject({ ok: false, code: 'CONFLICT', message: '该物品已领取' });
    expect(await as(a.staff.cs)('custody.handOver', { id: parcel.id, version: collected.version, toName: '李四' })).toMatchObject({ ok: false, code: 'CONFLICT' });
  });

  test('cash is recorded with its amount and handed over at the desk against a name', async () => {
    expect(await as(a.staff.cs)('custody.record', { communityId: a.communityId, kind: 'cash', description: '代收装修押金', fromName: '装修公司', unitId: a.units[1].id, forName: '李娜' })).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      message: '现金须填写金额',
    });
    const cash = await ok(a.staff.cs)('custody.record', { communityId: a.communityId, kind: 'cash', amountFen: 50000, description: '代收装修押金', fromName: '装修公司', unitId: a.units[1].id, forName: '李娜' });
    const handed = await ok(a.staff.manager)('custody.handOver', { id: cash.id, version: cash.version, toName: '李娜' });
    expect(handed).toMatchObject({ amountFen: 50000, status: 'collected', collected: { toName: '李娜', how: 'desk', byName: '经理陈' } });
    const held = await ok(a.staff.cs)('custody.list', { communityId: a.communityId, status: 'held' });
    expect(held.items.map((item) => item.id)).not.toContain(cash.id);
    expect(await as(a.staff.tech)('custody.list', { communityId: a.communityId })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
    expect(await as(b.staff.cs)('custody.record', { communityId: a.communityId, kind: 'item', description: '雨伞一把', fromName: '访客', unitId: a.units[1].id, forName: '李娜' })).toMatchObject({
      ok: false,
      code: 'FORBIDDEN',
    });
    expect(await as(a.staff.cs)('custody.record', { communityId: a.communityId, kind: 'item', description: '雨伞一把', fromName: '访客', unitId: b.units[0].id, forName: '张伟' })).toMatchObject({
      ok: false,
      code: 'NOT_FOUND',
    });
    // The deployment's admins read every community's register.
    expect((await ok(ADMIN_OPENID)('custody.list', { communityId: a.communityId })).items.map((item) => item.id)).toContain(cash.id);
  });
});

describe('what each caller is shown is exactly what the server accepts', () => {
  const viewers = () => ({ cs: a.staff.cs, manager: a.staff.manager, tech: a.staff.tech, infokeeper: a.staff.infokeeper, admin: ADMIN_OPENID, owner: a.owner, otherCs: b.staff.cs, otherOwner: b.owner });

  test('keys: every state × caller', async () => {
    const { keyPolicy } = await import('../../cloudfunctions/api/src/site/policy');
    const { now } = (await (await fetch(`${cloud.url}/_emulator/clock`)).json()) as { now: string };
    const dueAt = new Date(Date.parse(now) + 2 * 3_600_000).toISOString();
    const common = () => ok(a.staff.cs)('key.save', { communityId: a.communityId, kind: 'common', name: '3栋电梯机房', opens: '3栋顶层电梯机房门', keptAt: '钥匙柜 C1', copies: 1 });
    const ownerKey = () => ok(a.staff.cs)('key.save', { communityId: a.communityId, kind: 'owner', unitId: a.units[0].id, name: '车库门钥匙', opens: '101 车库门', keptAt: '保险柜', copies: 1 });
    /** The key as `openid` reads it in the register, page by page; undefined when the register is refused them. */
    const listed = async (openid: string, id: string): Promise<KeyRecord | undefined> => {
      for (let cursor: string | undefined; ; ) {
        const page = await as(openid)('key.list', { communityId: a.communityId, ...(cursor ? { cursor } : {}) });
        if (!page.ok) return undefined;
        const found = page.data.items.find((key) => key.id === id);
        if (found || !page.data.cursor) return found;
        cursor = page.data.cursor;
      }
    };
    const find = async (id: string): Promise<KeyRecord> => (await listed(a.staff.manager, id))!;
    const { mismatches, checked } = await probePolicy<KeyAction>({
      actions: Object.keys(keyPolicy.rules) as KeyAction[],
      viewers: viewers(),
      fixtures: {
        'common, in': async () => (await common()).id,
        'common, lent': async () => {
          const key = await common();
          return (await ok(a.staff.cs)('key.lend', { id: key.id, version: key.version, borrowerName: '维修老李', reason: '检修', dueAt })).id;
        },
        'owner, awaiting': async () => (await ownerKey()).id,
        'owner, authorised': async () => {
          const key = await ownerKey();
          return (await ok(a.owner)('key.authorise', { id: key.id, version: key.version, accept: true })).id;
        },
      },
      async shown(openid, id) {
        const mine = await as(openid)('key.mine', {});
        const own = mine.ok ? mine.data.find((key) => key.id === id) : undefined;
        return own ? own.allowed : (await listed(openid, id))?.allowed;
      },
      async attempt(openid, action, id) {
        const key = await find(id);
        const call = as(openid);
        if (action === 'edit') return call('key.save', { communityId: a.communityId, id, version: key.version, kind: key.kind, name: key.name, opens: key.opens, keptAt: key.keptAt, copies: key.copies, ...(key.unitId ? { unitId: key.unitId } : {}) });
        if (action === 'lend') return call('key.lend', { id, version: key.version, borrowerName: '保安小赵', reason: '巡查', dueAt });
        if (action === 'return') return call('key.return', { id, version: key.version, loanId: key.loans[0]?.id ?? 'l-none' });
        return call('key.authorise', { id, version: key.version, accept: true });
      },
      async fingerprint(id) {
        const key = await find(id);
        return { version: key.version, available: key.available, authorisation: key.authorisation?.status };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(4 * Object.keys(viewers()).length * 4);
  });

  test('items received: every state × caller', async () => {
    const { custodyPolicy } = await import('../../cloudfunctions/api/src/site/policy');
    const record = () => ok(a.staff.cs)('custody.record', { communityId: a.communityId, kind: 'document', description: '业委会通知函一份', fromName: '业委会', unitId: a.units[0].id, forName: '张伟' });
    const find = async (id: string): Promise<CustodyItem> => {
      for (const status of ['held', 'collected'] as const) {
        const found = (await ok(a.staff.manager)('custody.list', { communityId: a.communityId, status })).items.find((item) => item.id === id);
        if (found) return found;
      }
      throw new Error(`no item ${id}`);
    };
    const { mismatches, checked } = await probePolicy<CustodyAction>({
      actions: Object.keys(custodyPolicy.rules) as CustodyAction[],
      viewers: viewers(),
      fixtures: {
        held: async () => (await record()).id,
        collected: async () => {
          const item = await record();
          return (await ok(a.staff.cs)('custody.handOver', { id: item.id, version: item.version, toName: '张伟' })).id;
        },
      },
      async shown(openid, id) {
        const mine = await as(openid)('custody.mine', {});
        const own = mine.ok ? mine.data.find((item) => item.id === id) : undefined;
        if (own) return own.allowed;
        for (const status of ['held', 'collected'] as const) {
          const listed = await as(openid)('custody.list', { communityId: a.communityId, status });
          if (!listed.ok) return undefined;
          const found = listed.data.items.find((item) => item.id === id);
          if (found) return found.allowed;
        }
        return undefined;
      },
      async attempt(openid, action, id) {
        const item = await find(id);
        if (action === 'confirm') return as(openid)('custody.confirm', { id, version: item.version });
        return as(openid)('custody.handOver', { id, version: item.version, toName: '李四' });
      },
      async fingerprint(id) {
        const item = await find(id);
        return { version: item.version, status: item.status };
      },
    });
    expect(mismatches).toEqual([]);
    expect(checked).toBe(2 * Object.keys(viewers()).length * 2);
  });

  test('staff of another community reach nothing of this one’s registers', async () => {
    const [round] = await ok(a.staff.manager)('patrol.routes', { communityId: a.communityId });
    const orders = await ok(a.staff.manager)('workOrder.list', { communityId: a.communityId });
    const refused = [
      await as(b.staff.manager)('patrol.round', { routeId: round.route.id }),
      await as(b.staff.manager)('patrol.codes', { routeId: round.route.id }),
      await as(b.staff.cs)('patrol.check', { routeId: round.route.id, code: round.route.checkpoints[0].code, answers: allOk(round.route.checkpoints[0].items.length), photos: [] }),
      await as(b.staff.manager)('patrol.missed', { communityId: a.communityId }),
      await as(b.staff.cs)('workOrder.list', { communityId: a.communityId }),
      await as(b.staff.cs)('key.loans', { communityId: a.communityId }),
      await as(b.staff.cs)('custody.list', { communityId: a.communityId }),
      ...(orders.items[0] ? [await as(b.staff.tech)('workOrder.complete', { id: orders.items[0].id, version: orders.items[0].version, note: '已处理完毕' })] : []),
    ];
    for (const result of refused) expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  });
});
