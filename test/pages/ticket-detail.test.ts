/// <reference lib="dom" />
import type { NewTicketInput, TicketDetail } from '../../typings/tickets';
import { okAs, uploadAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { builtModule, fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity, publishRepairPrices } from '../support/seed';


describe('a request in detail (工单详情)', () => {
  let garden: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    garden = await seedCommunity(uniqueEnv('ticket-detail'), 'tdet');
    await publishRepairPrices(garden.env, garden.communityId);
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: garden.env, openid: garden.owner });
    pageId = loadPage('pages/ticket/detail');
  }, 90_000);

  const owner = () => okAs(garden.env, garden.owner);
  const cs = () => okAs(garden.env, garden.staff.cs);
  const tech = () => okAs(garden.env, garden.staff.tech);

  function repair(extra: Partial<NewTicketInput> = {}): Promise<TicketDetail> {
    return owner()('ticket.create', {
      kind: 'repair',
      category: 'drain-block',
      description: '卫生间地漏堵塞，积水严重',
      photos: [],
      location: { kind: 'unit', unitId: garden.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
      ...extra,
    });
  }

  /** Accepted, assigned to the technician, who proposes 2 × 下水道堵塞疏通. */
  async function withProposedCharge(): Promise<TicketDetail> {
    let ticket = await repair();
    ticket = await cs()('ticket.accept', { id: ticket.id, version: ticket.version });
    ticket = await cs()('ticket.assign', { id: ticket.id, version: ticket.version, technician: garden.staff.tech });
    return tech()('ticket.proposeCharge', { id: ticket.id, version: ticket.version, items: [{ code: 'drain-block', quantity: 2 }] });
  }

  async function open(id: string): Promise<Rendered> {
    const page = mount(pageId);
    page.instance.onLoad({ id });
    await until(() => page.data.status !== 'loading', 'the ticket to load');
    expect(page.data.status).toBe('ready');
    return page;
  }

  /** Whether the page shows the element (the simulator answers `undefined` for none). */
  const shows = (page: Rendered, selector: string) => Boolean(page.querySelector(selector));
  /** The status words the header's tag shows. */
  const statusOf = (page: Rendered) => (page.querySelector('#status')?.data as { label: string } | undefined)?.label;
  const lastModal = () => wx.ui.filter((record) => record.api === 'showModal').at(-1)?.options;

  test('the owner sees the proposed charge item by item, accepts it after confirming, and the page shows what happens next', async () => {
    const ticket = await withProposedCharge();
    const page = await open(ticket.id);

    const text = textOf(page);
    expect(text).toContain(ticket.number);
    expect(text).toContain('处理中');
    expect(text).toContain('请确认维修费用后再开始有偿维修');
    expect(textOf(page, '#charge')).toContain('下水道堵塞疏通');
    expect(textOf(page, '#charge')).toContain('¥80.00 × 2 = ¥160.00');
    expect(textOf(page, '#charge-total')).toContain('合计 ¥160.00');
    expect(textOf(page, '#charge')).toContain('待您确认');

    wx.answerModals(false);
    fire(page, '#accept-charge', 'tap');
    await until(() => lastModal()?.title === '同意费用', 'the confirmation');
    expect(String(lastModal()?.content)).toContain('¥160.00');
    expect(wx.calls.filter((call) => call.action === 'ticket.respondCharge')).toHaveLength(0);

    fire(page, '#accept-charge', 'tap');
    await until(() => textOf(page, '#charge').includes('您已同意'), 'the charge to be accepted');
    expect(textOf(page, '#next-step')).toBe('维修人员维修老李将上门处理');
    expect(shows(page, '#accept-charge')).toBe(false);
    expect((await owner()('ticket.get', { id: ticket.id })).charge?.status).toBe('accepted');

    fire(page, '#copy-number', 'tap');
    expect(wx.clipboard.at(-1)).toBe(ticket.number);
  });

  test('after the repair, 仍未解决 with a reason reopens it as rework; a change made meanwhile reloads instead of overwriting', async () => {
    let ticket = await repair({ category: 'water-leak', description: '阳台水管接口漏水' });
    ticket = await cs()('ticket.accept', { id: ticket.id, version: ticket.version });
    ticket = await cs()('ticket.assign', { id: ticket.id, version: ticket.version, technician: garden.staff.tech });
    ticket = await tech()('ticket.resolve', { id: ticket.id, version: ticket.version, note: '已更换密封圈' });
    const page = await open(ticket.id);
    expect(statusOf(page)).toBe('待确认');
    expect(textOf(page, '#confirm')).toContain('请确认问题是否解决');

    fire(page, '#action-reopen', 'tap');
    expect(page.data.reopenVisible).toBe(true);
    fire(page, '#reopen-dialog', 'confirm');
    expect(wx.ui.filter((record) => record.api === 'showToast').at(-1)?.options.title).toBe('请说明哪里还没有解决');
    fire(page, '#reopen-reason', 'change', { value: '接口还在渗水' });
    fire(page, '#reopen-dialog', 'confirm');
    await until(() => shows(page, '#rework'), 'the rework to show');

    expect(textOf(page, '#rework')).toContain('返修 1 次');
    expect(statusOf(page)).toBe('处理中');
    expect(page.data.reopenVisible).toBe(false);
    expect(textOf(page, '#timeline')).toContain('业主反馈问题未解决：接口还在渗水（返修）');
    expect(await owner()('ticket.get', { id: ticket.id })).toMatchObject({ status: 'assigned', reworkCount: 1 });

    // Resolved again; while the page still shows it, the desk replies (a newer version).
    ticket = await owner()('ticket.get', { id: ticket.id });
    ticket = await tech()('ticket.resolve', { id: ticket.id, version: ticket.version, note: '已重新更换接口' });
    page.instance.onPullDownRefresh();
    await until(() => statusOf(page) === '待确认', 'the resolution to show');
    await cs()('ticket.reply', { id: ticket.id, version: ticket.version, text: '师傅已重新处理，请您查看。', ownerVisible: true });

    fire(page, '#action-confirm', 'tap');
    await until(() => lastModal()?.title === '工单已更新', 'the conflict to be explained');
    expect(String(lastModal()?.content)).toContain('已为您刷新');
    expect(textOf(page, '#replies')).toContain('师傅已重新处理，请您查看。');
    expect((await owner()('ticket.get', { id: ticket.id })).confirmedByOwner).toBe(false);

    fire(page, '#action-confirm', 'tap');
    await until(() => statusOf(page) === '已确认解决', 'the confirmation');
    expect(shows(page, '#action-confirm')).toBe(false);

    fire(page, '#action-rate', 'tap');
    expect(wx.ui.filter((record) => record.api === 'showToast').at(-1)?.options.title).toBe('请先点亮星星打分');
    fire(page, '#score', 'change', { value: 4 });
    fire(page, '#comment', 'change', { value: '第二次修好了' });
    fire(page, '#action-rate', 'tap');
    await until(() => shows(page, '#rating'), 'the rating to show');
    expect(shows(page, '#rate')).toBe(false);
    expect(textOf(page, '#rating')).toContain('第二次修好了');
    expect((await owner()('ticket.get', { id: ticket.id })).rating).toEqual({ score: 4, comment: '第二次修好了' });
  });

  test('photos open in the viewer; a request outside the remit shows the explanation and where to turn', async () => {
    const photo = await uploadAs(garden.env, garden.owner, 'tickets/stop.jpg', new Uint8Array([0xff, 0xd8, 0xff, 0xd9]));
    const ticket = await owner()('ticket.create', {
      kind: 'consultation',
      category: '其他',
      description: '小区门口的公交车站能否迁移？',
      photos: [photo],
      location: { kind: 'common', communityId: garden.communityId, area: '小区大门' },
      contactName: '张伟',
      contactPhone: '13800000001',
    });
    await cs()('ticket.closeOutOfScope', {
      id: ticket.id,
      version: ticket.version,
      explanation: '公交站点设置由公交公司和交通管理部门负责，不属于物业服务范围',
      channel: '拨打 12345 市民服务热线反映',
    });
    const page = await open(ticket.id);

    expect(statusOf(page)).toBe('已办结');
    const notice = textOf(page, '#out-of-scope');
    expect(notice).toContain('此事项不属于物业服务范围');
    expect(notice).toContain('公交站点设置由公交公司和交通管理部门负责');
    expect(notice).toContain('建议您：拨打 12345 市民服务热线反映');
    expect(shows(page, '#rate')).toBe(false);
    expect(shows(page, '#workbench')).toBe(false);

    const urls = (page.data.ticket as { photoUrls: string[] }).photoUrls;
    expect(urls).toHaveLength(1);
    fire(page, '#photo-0', 'tap');
    expect(wx.ui.at(-1)).toMatchObject({ api: 'previewImage', options: { urls, current: urls[0] } });
  });

  test('staff viewing a ticket get a link to the workbench and none of the owner’s buttons', async () => {
    const ticket = await withProposedCharge();
    wx.actAs(garden.staff.cs);
    const session = builtModule<{ refreshProfile(): Promise<unknown> }>('services/session');
    await session.refreshProfile();
    try {
      const page = await open(ticket.id);
      await until(() => shows(page, '#workbench'), 'the workbench link');
      expect(textOf(page, '#charge')).toContain('合计 ¥160.00');
      expect(shows(page, '#accept-charge')).toBe(false);
      fire(page, '#workbench', 'tap');
      expect(wx.ui.at(-1)).toMatchObject({ api: 'navigateTo', options: { url: `/packages/staff/pages/ticket/index?id=${ticket.id}` } });
    } finally {
      wx.actAs(garden.owner);
      await session.refreshProfile();
    }
  });
});
