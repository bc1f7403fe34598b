/// <reference lib="dom" />
/**
 * The site's registers as staff and residents use them: a patrol scans a point and answers every
 * item, a problem becomes a ticket on the spot; the manager sets up a route; keys are lent and
 * returned; a parcel is recorded, and the resident confirms collecting it and authorises their key.
 */
import type { PatrolRoute } from '../../typings/site';
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(90_000);

describe('巡视、钥匙、代收 (the site registers)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let route: PatrolRoute;
  let other: PatrolRoute;
  const pages: Record<string, string> = {};

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('site-pages'), 'sp');
    const manager = okAs(seeded.env, seeded.staff.manager);
    route = await manager('patrol.saveRoute', {
      communityId: seeded.communityId,
      name: '园区巡视 A 线',
      kind: 'site',
      checkpoints: [
        { name: '东门岗', items: ['消防设施完好', '照明灯齐全'] },
        { name: '儿童游乐区', items: ['游乐设施完好'] },
      ],
    });
    other = await manager('patrol.saveRoute', { communityId: seeded.communityId, name: '清洁巡查', kind: 'cleaning', checkpoints: [{ name: '1栋大堂', items: ['地面干净'] }] });
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.tech });
    for (const page of ['patrol', 'patrol-check', 'patrol-route', 'work-orders', 'keys', 'custody']) pages[page] = loadPage(`packages/site/pages/${page}/index`);
    pages.items = loadPage('pages/items/index');
  });

  async function open(page: string, openid: string, query: Record<string, string> = {}): Promise<Mounted> {
    wx.actAs(openid);
    const mounted = mount(pages[page]);
    mounted.instance.onLoad(query);
    await until(() => mounted.data.status !== 'loading', `the ${page} page`);
    expect(mounted.data.errorMessage).toBe('');
    return mounted;
  }

  const lastToast = (): string => String(wx.ui.filter((ui) => ui.api === 'showToast').at(-1)?.options.title ?? '');

  test('a technician scans a point, must answer every item, and reports a broken lamp as a repair ticket', async () => {
    const page = await open('patrol-check', seeded.staff.tech, { routeId: route.id });
    expect(textOf(page, '#round')).toContain('本轮还没有签到');
    wx.scanNext(other.checkpoints[0].code);
    fire(page, '#scan', 'tap');
    expect(wx.ui.filter((ui) => ui.api === 'showModal').at(-1)?.options.title).toBe('不是本路线的巡视点');
    expect(page.querySelector('#checklist')).toBeUndefined();

    wx.scanNext(route.checkpoints[0].code);
    fire(page, '#scan', 'tap');
    await until(() => page.querySelector('#checklist') !== undefined, 'the checklist');
    expect(textOf(page, '#checklist')).toContain('东门岗：逐项检查（共 2 项）');
    // Nothing is answered beforehand: the patrol answers each item.
    expect(page.data.verdicts).toEqual(['', '']);
    fire(page, '#verdict-0', 'change', { value: 'ok' });
    fire(page, '#submit', 'tap');
    await until(() => lastToast().includes('请逐项检查'), 'the refusal');
    expect(lastToast()).toBe('请逐项检查：本巡视点共 2 项，须全部填写');

    fire(page, '#verdict-1', 'change', { value: 'bad' });
    fire(page, '#note-1', 'change', { value: '东门两盏路灯不亮' });
    await until(() => page.querySelector('#finding-kind') !== undefined, 'the finding section');
    fire(page, '#finding-category', 'change', { value: 'common-facility' });
    fire(page, '#finding-description', 'change', { value: '东门两盏路灯不亮，夜间通行不便' });
    fire(page, '#submit', 'tap');
    await until(() => lastToast().startsWith('已签到，已生成 BX'), 'the ticket to be raised');
    await until(() => textOf(page, '#round').includes('东门岗'), 'the round to show the visit');
    expect(page.querySelector('#checklist')).toBeUndefined();

    const inbox = await okAs(seeded.env, seeded.staff.cs)('ticket.inbox', { communityId: seeded.communityId, status: 'submitted' });
    expect(inbox.items.map((ticket) => ticket.locationLabel)).toContain('园区巡视 A 线·东门岗');
  });

  test('the routes page shows each round’s progress; the manager sees missed rounds and the set-up buttons, a technician neither', async () => {
    const manager = await open('patrol', seeded.staff.manager, { communityId: seeded.communityId });
    expect(textOf(manager, `#route-${route.id}`)).toMatch(/已巡 1 \/ 2 个点/);
    expect(textOf(manager, `#route-${route.id}`)).toContain('设置');
    expect(manager.querySelector('#new-route')).toBeDefined();
    expect(manager.querySelector('#no-missed')).toBeDefined();
    const tech = await open('patrol', seeded.staff.tech, { communityId: seeded.communityId });
    expect(textOf(tech, `#route-${route.id}`)).not.toContain('设置');
    expect(tech.querySelector('#new-route')).toBeUndefined();
    expect(tech.querySelector('#no-missed')).toBeUndefined();
    expect(tech.querySelector(`#walk-${route.id}`)).toBeDefined();
  });

  test('the manager sets up a new route with default checks per point, and prints its codes', async () => {
    const page = await open('patrol-route', seeded.staff.manager, { communityId: seeded.communityId });
    expect((page.data.points as { items: string }[])[0].items).toContain('消防设施完好、通道畅通');
    fire(page, '#route-name', 'change', { value: '园区巡视 B 线' });
    fire(page, '#point-name-0', 'change', { value: '南门岗' });
    fire(page, '#add-point', 'tap');
    fire(page, '#point-name-1', 'change', { value: '地下车库入口' });
    fire(page, '#point-items-1', 'change', { value: '防盗设施完好\n井盖完好' });
    fire(page, '#save-route', 'tap');
    await until(() => page.data.routeId !== '', 'the route to be saved');
    expect(lastToast()).toBe('路线已保存');
    const saved = await okAs(seeded.env, seeded.staff.manager)('patrol.round', { routeId: String(page.data.routeId) });
    expect(saved.route.checkpoints.map((point) => [point.name, point.items.length])).toEqual([
      ['南门岗', 5],
      ['地下车库入口', 2],
    ]);
    fire(page, '#print', 'tap');
    await until(() => wx.ui.some((ui) => ui.api === 'openDocument'), 'the printed codes to open');
  });

  test('keys: the desk records a key, lends it with a due time, and records its return after confirming', async () => {
    const page = await open('keys', seeded.staff.cs, { communityId: seeded.communityId });
    expect(page.querySelector('#empty')).toBeDefined();
    fire(page, '#new-key', 'tap');
    fire(page, '#key-name', 'change', { value: '1栋配电房' });
    fire(page, '#key-opens', 'change', { value: '1栋负一层配电房门' });
    fire(page, '#key-kept', 'change', { value: '钥匙柜 A3' });
    fire(page, '#save-key', 'tap');
    await until(() => (page.data.items as unknown[]).length === 1, 'the key to be listed');
    const key = (page.data.items as { id: string }[])[0];
    fire(page, `#lend-${key.id}`, 'tap');
    fire(page, '#lend-borrower', 'change', { value: '维修老李' });
    fire(page, '#lend-reason', 'change', { value: '检修配电柜' });
    fire(page, '#confirm-lend', 'tap');
    await until(() => page.querySelector(`#key-${key.id}`) !== undefined && textOf(page, `#key-${key.id}`).includes('维修老李 · 检修配电柜'), 'the loan to show');
    expect(textOf(page, `#key-${key.id}`)).toContain('在库 0 把');

    const loans = await open('keys', seeded.staff.cs, { communityId: seeded.communityId, tab: 'loans' });
    expect(textOf(loans)).toContain('1栋配电房');
    const [loan] = loans.data.items as { id: string }[];
    wx.answerModals(true);
    fire(loans, `#return-${loan.id}`, 'tap');
    await until(() => lastToast() === '已登记归还', 'the return');
    await until(() => loans.querySelector('#empty') !== undefined, 'the list of keys out to empty');
  });

  test('a parcel recorded at the desk is confirmed collected by the resident; their key waits for their authorisation', async () => {
    const desk = await open('custody', seeded.staff.cs, { communityId: seeded.communityId });
    fire(desk, '#new-item', 'tap');
    desk.instance.onUnit({ detail: { unitId: seeded.units[0].id } });
    fire(desk, '#item-for', 'change', { value: '张伟' });
    fire(desk, '#item-description', 'change', { value: '顺丰快递一件' });
    fire(desk, '#item-from', 'change', { value: '顺丰快递员' });
    fire(desk, '#record-item', 'tap');
    await until(() => (desk.data.items as unknown[]).length === 1, 'the parcel to be listed');
    expect(lastToast()).toMatch(/^已登记 DS\d{8}-\d{4}$/);
    await okAs(seeded.env, seeded.staff.cs)('key.save', { communityId: seeded.communityId, kind: 'owner', unitId: seeded.units[0].id, name: '入户门钥匙', opens: '1栋1单元101 入户门', keptAt: '保险柜', copies: 1 });

    const mine = await open('items', seeded.owner);
    const [item] = mine.data.items as { id: string }[];
    expect(textOf(mine, `#item-${item.id}`)).toContain('待领取');
    wx.answerModals(true);
    fire(mine, `#collect-${item.id}`, 'tap');
    await until(() => textOf(mine, `#item-${item.id}`).includes('已领取'), 'the parcel to show collected');
    expect(textOf(mine, `#item-${item.id}`)).toContain('张伟 在小程序中确认领取');
    expect(mine.querySelector(`#collect-${item.id}`)).toBeUndefined();

    const [key] = mine.data.keys as { id: string }[];
    expect(textOf(mine, `#key-${key.id}`)).toContain('待业主授权');
    wx.answerModals(true);
    fire(mine, `#authorise-${key.id}`, 'tap');
    await until(() => textOf(mine, `#key-${key.id}`).includes('业主已授权'), 'the authorisation');
    expect(mine.querySelector(`#authorise-${key.id}`)).toBeUndefined();

    const handed = await open('custody', seeded.staff.cs, { communityId: seeded.communityId });
    expect(handed.querySelector('#empty')).toBeDefined();
  });

  test('a work order raised on a patrol is completed with what was done', async () => {
    await okAs(seeded.env, seeded.staff.tech)('patrol.check', {
      routeId: route.id,
      code: route.checkpoints[1].code,
      answers: [{ ok: false, note: '滑梯下有碎玻璃' }],
      photos: [],
      finding: { kind: 'workOrder', department: 'cleaning', description: '滑梯下有碎玻璃，请立即清理' },
    });
    const page = await open('work-orders', seeded.staff.tech, { communityId: seeded.communityId });
    const [order] = page.data.items as { id: string }[];
    expect(textOf(page, `#order-${order.id}`)).toContain('保洁');
    wx.typeInModals('已清理');
    fire(page, `#complete-${order.id}`, 'tap');
    await until(() => lastToast() === '已完成', 'the work order to be done');
    await until(() => page.querySelector('#empty') !== undefined, 'the open list to empty');
  });
});
