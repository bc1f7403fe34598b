/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(60_000);

describe('质量事故登记 (quality incidents)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let listId: string;
  let detailId: string;
  let ticketNumber = '';
  let incidentId = '';

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('incidents-page'), 'qp');
    ticketNumber = (
      await okAs(seeded.env, seeded.owner)('ticket.create', {
        kind: 'complaint',
        category: '噪音扰民',
        description: '今天上午停电没有提前通知',
        photos: [],
        location: { kind: 'unit', unitId: seeded.units[0].id },
        contactName: '张伟',
        contactPhone: '13800000001',
      })
    ).number;
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
    listId = loadPage('packages/staff/pages/incidents/index');
    detailId = loadPage('packages/staff/pages/incident/index');
  });

  async function open(id: string, openid: string, query: Record<string, string>): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(id);
    page.instance.onLoad(query);
    await until(() => page.data.status !== 'loading', 'the page');
    expect(page.data.errorMessage).toBe('');
    return page;
  }

  test('customer service records an incident with its ticket and writes the analysis; only the manager signs it off', async () => {
    const list = await open(listId, seeded.staff.cs, { communityId: seeded.communityId });
    fire(list, '#new-incident', 'tap');
    await until(() => list.data.formOpen === true, 'the form');
    fire(list, '#record-incident', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请填写事故名称');
    fire(list, '#incident-title', 'change', { value: '计划停电未提前通知业主' });
    fire(list, '#incident-date', 'click');
    await until(() => list.data.datePickerVisible === true, 'the date picker');
    fire(list, '#date-picker', 'confirm', { value: '2026-11-30' });
    fire(list, '#incident-description', 'change', { value: '11月30日上午计划停电，未在公告栏和小程序提前通知' });
    fire(list, '#incident-tickets', 'change', { value: ticketNumber.toLowerCase() });
    fire(list, '#record-incident', 'tap');
    await until(() => wx.ui.some((ui) => ui.api === 'navigateTo' && String(ui.options.url).startsWith('/packages/staff/pages/incident/index?id=')), 'the incident to open');
    incidentId = String(wx.ui.filter((ui) => ui.api === 'navigateTo').at(-1)?.options.url).split('id=')[1];
    await until(() => (list.data.items as unknown[]).length === 1, 'the register to list it');

    const page = await open(detailId, seeded.staff.cs, { id: incidentId });
    expect(textOf(page, '#description')).toContain(ticketNumber);
    expect(textOf(page, '#summary')).toContain('发生于 2026-11-30');
    expect(page.querySelector('#action-signOff')).toBeUndefined();
    fire(page, '#part-cause', 'change', { value: '停电通知流程未落实到人' });
    fire(page, '#part-responsibility', 'change', { value: '客服主管未安排发布通知' });
    fire(page, '#part-corrective', 'change', { value: '已向受影响业主致歉并说明情况' });
    fire(page, '#action-analyse', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请填写预防措施');
    fire(page, '#part-preventive', 'change', { value: '计划停电须提前 24 小时在小程序和公告栏通知' });
    fire(page, '#action-analyse', 'tap');
    await until(() => wx.ui.some((ui) => ui.api === 'showToast' && ui.options.title === '已保存'), 'the analysis to be saved');
  });

  test('the manager signs it off; signed, it shows who signed and can no longer be edited', async () => {
    const page = await open(detailId, seeded.staff.manager, { id: incidentId });
    expect((page.data.draft as Record<string, string>).cause).toBe('停电通知流程未落实到人');
    fire(page, '#sign-off-note', 'change', { value: '同意，纳入月度培训' });
    fire(page, '#action-signOff', 'tap');
    await until(() => (page.data.incident as { status: string }).status === 'signed', 'the sign-off');
    expect(wx.ui.filter((ui) => ui.api === 'showModal').at(-1)?.options.content).toContain('不能再修改');
    expect(textOf(page, '#signed')).toContain('经理陈');
    expect(textOf(page, '#signed')).toContain('同意，纳入月度培训');
    expect(page.querySelector('#action-signOff')).toBeUndefined();
    expect(page.querySelector('#action-analyse')).toBeUndefined();
    expect(textOf(page, '#analysis')).toContain('预防措施计划停电须提前 24 小时在小程序和公告栏通知');
  });

  test('a page opened again records a new incident, not the first one again', async () => {
    const numbers: string[] = [];
    for (const title of ['电梯困人未及时处置', '停水通知张贴过晚']) {
      const list = await open(listId, seeded.staff.cs, { communityId: seeded.communityId });
      fire(list, '#new-incident', 'tap');
      await until(() => list.data.formOpen === true, 'the form');
      fire(list, '#incident-title', 'change', { value: title });
      fire(list, '#incident-description', 'change', { value: `${title}，业主投诉后才处理` });
      const before = wx.ui.filter((ui) => ui.api === 'showToast').length;
      fire(list, '#record-incident', 'tap');
      await until(() => wx.ui.filter((ui) => ui.api === 'showToast').length > before, 'the incident to be recorded');
      const toast = String(wx.ui.filter((ui) => ui.api === 'showToast').at(-1)?.options.title);
      numbers.push(toast);
      // The register reloads after recording; let it finish before the page goes.
      await until(() => (list.data.items as { number: string }[]).some((item) => toast.endsWith(item.number)) && list.data.status === 'ready', 'the register to list it');
      list.detach();
    }
    expect(numbers[0]).toMatch(/^已登记 SG\d{8}-\d{4}$/);
    expect(numbers[1]).toMatch(/^已登记 SG\d{8}-\d{4}$/);
    expect(numbers[1]).not.toBe(numbers[0]);
  });
});
