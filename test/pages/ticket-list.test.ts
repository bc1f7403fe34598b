/// <reference lib="dom" />
import { rmSync } from 'node:fs';
import type { NewTicketInput } from '../../typings/tickets';
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';


jest.setTimeout(60_000);

let pageId: string | undefined;
/** The simulator registers a page once per file; both groups below use the same registration. */
const listPage = (): string => (pageId ??= loadPage('pages/ticket/list'));

interface Item {
  id: string;
  overdue: boolean;
}

function request(garden: SeededCommunity, extra: Partial<NewTicketInput> = {}): NewTicketInput {
  return {
    kind: 'repair',
    category: 'drain-block',
    description: '厨房下水道堵塞，水排不下去',
    photos: [],
    location: { kind: 'unit', unitId: garden.units[0].id },
    contactName: '张伟',
    contactPhone: '13800000001',
    ...extra,
  };
}

describe('my requests (我的报事)', () => {
  let garden: SeededCommunity;
  let wx: FakeWx;

  beforeAll(async () => {
    garden = await seedCommunity(uniqueEnv('ticket-list'), 'tlist');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: garden.env, openid: garden.owner });
  }, 90_000);

  async function open(): Promise<Rendered> {
    const page = mount(listPage());
    page.instance.onLoad();
    await until(() => page.data.status !== 'loading', 'the list to load');
    expect(page.data.status).toBe('ready');
    return page;
  }

  const items = (page: Rendered) => page.data.items as Item[];

  test('someone with no requests yet sees an empty state that leads to 新建', async () => {
    wx.actAs(garden.stranger);
    try {
      const page = await open();
      expect(textOf(page)).toContain('您还没有提交过报事报修');
      fire(page, '#new-button', 'tap');
      expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: '/pages/ticket/new' } });
    } finally {
      wx.actAs(garden.owner);
    }
  });

  test('each request shows kind, category, status in words, what happens next and by when; a tap opens it', async () => {
    const owner = okAs(garden.env, garden.owner);
    const repair = await owner('ticket.create', request(garden));
    let complaint = await owner('ticket.create', request(garden, { kind: 'complaint', category: '噪音扰民', description: '楼上每晚装修噪音很大' }));
    complaint = await okAs(garden.env, garden.staff.cs)('ticket.accept', { id: complaint.id, version: complaint.version });

    const page = await open();
    const rowRepair = textOf(page, `#ticket-${repair.id}`);
    expect(rowRepair).toContain('报修 · 下水道堵塞疏通');
    expect(rowRepair).toContain('待受理');
    expect(rowRepair).toContain('等待物业客服受理');
    expect(rowRepair).toContain(repair.number);
    expect(rowRepair).toMatch(/预计 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前处理/);
    const rowComplaint = textOf(page, `#ticket-${complaint.id}`);
    expect(rowComplaint).toContain('投诉 · 噪音扰民');
    expect(rowComplaint).toContain('已受理');
    expect(rowComplaint).toContain('客服正在处理，会尽快答复您');
    // Newest first.
    expect(items(page).map((item) => item.id).slice(0, 2)).toEqual([complaint.id, repair.id]);

    fire(page, `#ticket-${repair.id}`, 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: `/pages/ticket/detail?id=${repair.id}` } });
  });

  test('more requests load at the bottom; pulling down shows changes', async () => {
    const owner = okAs(garden.env, garden.owner);
    const existing = (await owner('ticket.mine', {})).items.length;
    for (let i = existing; i < 22; i += 1) await owner('ticket.create', request(garden, { category: 'light', description: `楼道灯不亮了，第 ${i + 1} 盏` }));

    const page = await open();
    expect(items(page)).toHaveLength(20);
    expect(page.data.cursor).not.toBe('');
    page.instance.onReachBottom();
    await until(() => items(page).length === 22, 'the next page');
    expect(textOf(page)).toContain('没有更多了');

    const [newest] = items(page);
    const ticket = await owner('ticket.get', { id: newest.id });
    await okAs(garden.env, garden.staff.cs)('ticket.accept', { id: ticket.id, version: ticket.version });
    page.instance.onPullDownRefresh();
    await until(() => textOf(page, `#ticket-${newest.id}`).includes('已受理'), 'the refreshed status');
  });
});

describe('overdue requests, on a local cloud whose clock the test moves', () => {
  let cloud: RunningCloud;
  let garden: SeededCommunity;

  beforeAll(async () => {
    cloud = await startLocalCloud();
    garden = await seedCommunity(uniqueEnv('ticket-overdue'), 'tlate', cloud.url);
  }, 90_000);
  afterAll(async () => {
    await cloud.stop();
    rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  test('an urgent repair nobody answered within its promise is marked overdue', async () => {
    const ticket = await okAs(garden.env, garden.owner, cloud.url)('ticket.create', request(garden, { category: 'water-leak', description: '水管爆裂，正在漏水' }));
    const moved = await fetch(`${cloud.url}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceMs: 60 * 60_000 }),
    });
    expect(moved.ok).toBe(true);

    installFakeWx({ baseUrl: cloud.url, env: garden.env, openid: garden.owner });
    const page = mount(listPage());
    page.instance.onLoad();
    await until(() => page.data.status !== 'loading', 'the list to load');
    const row = textOf(page, `#ticket-${ticket.id}`);
    expect(row).toContain('已超时');
    expect(row).toMatch(/应于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 前处理/);
  });
});
