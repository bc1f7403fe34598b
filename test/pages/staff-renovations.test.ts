/// <reference lib="dom" />
import type { RenovationDetail, RenovationForm, RenovationTerms } from '../../typings/renovation';
import { okAs, uploadAs } from '../support/api';
import { renovationForm } from '../support/renovation';
import { cloudNow, localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(60_000);

/** A China date `days` after the local cloud's now, as `YYYY-MM-DD`. */
function chinaDate(nowIso: string, days: number): string {
  return new Date(Date.parse(nowIso) + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

interface RenovationData {
  status: string;
  permitNo: string;
  openViolations: number;
  inspections: { id: string; open: boolean }[];
}

const renovationOf = (page: Mounted): RenovationData => page.data.renovation as RenovationData;

describe('staff renovation review (装修管理)', () => {
  let seeded: SeededCommunity;
  let other: SeededCommunity;
  let wx: FakeWx;
  let queueId: string;
  let pageId: string;
  let terms: RenovationTerms;
  /** The seeded owner's application for units[0], taken through the whole flow. */
  let application: RenovationDetail;

  const as = (openid: string) => okAs(seeded.env, openid);

  function formFor(unitId: string, startDate: string, endDate: string): RenovationForm {
    const item = terms.workItems.find((work) => !work.structural);
    if (!item) throw new Error('the terms list no non-structural work item');
    return renovationForm({ unitId, startDate, endDate, agreementVersion: terms.agreementVersion, workItems: [item.code] });
  }

  beforeAll(async () => {
    const env = uniqueEnv('staff-renovations');
    seeded = await seedCommunity(env, 'sr');
    other = await seedCommunity(env, 'sr2');
    terms = await as(seeded.owner)('renovation.terms', {});
    const { now } = await cloudNow();
    application = await as(seeded.owner)('renovation.apply', formFor(seeded.units[0].id, chinaDate(now, 2), chinaDate(now, 60)));
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
    queueId = loadPage('packages/staff/pages/renovations/index');
    pageId = loadPage('packages/staff/pages/renovation/index');
  });

  async function openQueue(openid: string, communityId = seeded.communityId): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(queueId);
    page.instance.onLoad({ communityId });
    await until(() => page.data.status !== 'loading', 'the queue to load');
    return page;
  }

  async function open(openid: string, id = application.id): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({ id });
    await until(() => page.data.status !== 'loading', 'the application to load');
    return page;
  }

  async function tap(page: Mounted | Rendered, selector: string, settled: () => boolean, what: string): Promise<void> {
    fire(page, selector, 'tap');
    await until(settled, what);
  }

  /** The sheet open on the page (a component of its own, with its fields and buttons). */
  function sheetOf(page: Mounted, id: string): Rendered {
    const sheet = page.querySelector(`#${id}`);
    if (!sheet) throw new Error(`the ${id} is not open`);
    return sheet;
  }

  test('the application appears in the customer-service queue and opens the application page', async () => {
    const page = await openQueue(seeded.staff.cs);
    expect(page.data.status).toBe('ready');
    expect(page.querySelector(`#renovation-${application.id}`)).toBeTruthy();
    const text = textOf(page, `#renovation-${application.id}`);
    expect(text).toContain(application.unitLabel);
    expect(text).toContain(`${application.startDate} 至 ${application.endDate}`);
    expect(text).toContain('待审核');
    expect(text).not.toContain('已超期');

    const before = wx.ui.length;
    fire(page, `#renovation-${application.id}`, 'tap');
    await until(() => wx.ui.length > before, 'the navigation');
    expect(wx.ui[wx.ui.length - 1]).toEqual({ api: 'navigateTo', options: { url: `/packages/staff/pages/renovation/index?id=${application.id}` } });

    fire(page, '#filters', 'change', { value: 'completed' });
    await until(() => page.data.status === 'ready' && page.data.filter === 'completed', 'the completed filter');
    expect(page.querySelector('#empty')).toBeTruthy();
  });

  test('the application page shows the form, the extinguishers and the roster check', async () => {
    const page = await open(seeded.staff.cs);
    expect(page.data.errorMessage).toBe('');
    expect(textOf(page, '#summary')).toContain('房屋名册核对');
    expect(textOf(page, '#summary')).toContain('姓名一致');
    expect(textOf(page, '#summary')).toContain('第 1 次提交');
    expect(textOf(page, '#works')).toContain('101.00 m²');
    expect(textOf(page, '#works')).toContain('2 kg 干粉灭火器 3 具');
    expect(textOf(page, '#works')).toContain('无结构变动，无需提供');
    expect(textOf(page, '#contractor')).toContain('成都安居装饰工程有限公司');
    expect(page.querySelector('#approve')).toBeTruthy();
    expect(page.querySelector('#action-inspect')).toBeUndefined();
  });

  test('asking for more without a reason is refused before any call', async () => {
    const page = await open(seeded.staff.cs);
    await tap(page, '#ask-more', () => page.data.sheet === 'reason', 'the reason sheet');
    const reason = sheetOf(page, 'reason-sheet');
    const before = wx.ui.length;
    const callsBefore = wx.calls.length;
    fire(reason, '#submit-reason', 'tap');
    await until(() => wx.ui.length > before, 'the refusal');

    expect(wx.ui[wx.ui.length - 1]).toMatchObject({ api: 'showToast', options: { title: '请填写需要补充的内容' } });
    fire(reason, '#reason-input', 'change', { value: '补' });
    fire(reason, '#submit-reason', 'tap');
    await until(() => wx.ui.length > before + 1, 'the second refusal');
    expect(wx.ui[wx.ui.length - 1]).toMatchObject({ api: 'showToast', options: { title: '需要补充的内容至少 2 个字' } });
    expect(wx.calls.slice(callsBefore)).toEqual([]);
    expect(page.data.sheet).toBe('reason');
    expect((await as(seeded.owner)('renovation.get', { id: application.id })).status).toBe('submitted');
  });

  test('approving shows the permit number, and the owner sees the application approved', async () => {
    const page = await open(seeded.staff.cs);
    const before = wx.ui.length;
    await tap(page, '#approve', () => renovationOf(page).status === 'approved', 'the approval');

    const seen = await as(seeded.owner)('renovation.get', { id: application.id });
    expect(seen.status).toBe('approved');
    expect(seen.permitNo).toBeTruthy();
    const shown = wx.ui.slice(before);
    expect(shown.find((record) => record.api === 'showModal')?.options.title).toBe('批准装修申请');
    await until(() => wx.ui.slice(before).some((record) => record.options.title === '已批准'), 'the permit message');
    expect(String(wx.ui.slice(before).find((record) => record.options.title === '已批准')?.options.content)).toContain(seen.permitNo ?? '-');
    expect(textOf(page, '#permit')).toContain(seen.permitNo ?? '-');
    expect(page.querySelector('#approve')).toBeUndefined();
    expect(page.querySelector('#action-inspect')).toBeTruthy();
  });

  test('an inspection with one failed check is a violation the owner sees; recording the fix clears it', async () => {
    const page = await open(seeded.staff.cs);
    await tap(page, '#action-inspect', () => page.data.sheet === 'inspect', 'the inspection sheet');
    const [failing] = terms.inspectionChecks;
    expect(textOf(page, '#sheet')).toContain(failing.label);

    const inspect = sheetOf(page, 'inspect-sheet');
    const toasts = (): string[] => wx.ui.filter((record) => record.api === 'showToast').map((record) => String(record.options.title));
    const callsBefore = wx.calls.length;
    // Seed 002 §11 逐项: nothing is ticked in advance; every item must be recorded before sending.
    expect(textOf(inspect, '#open-count')).toContain(`还有 ${terms.inspectionChecks.length} 项未检查`);
    fire(inspect, '#submit-inspect', 'tap');
    expect(toasts().at(-1)).toBe(`还有 ${terms.inspectionChecks.length} 项未检查：${failing.label}`);
    for (const check of terms.inspectionChecks) fire(inspect, `#result-${check.code}`, 'change', { value: check === failing ? 'fail' : check.code === 'extinguishers' ? 'na' : 'pass' });
    await until(() => inspect.data.failedCount === 1 && inspect.data.openCount === 0, 'every check recorded');
    // A failed check needs a finding and a photo before anything is sent.
    fire(inspect, '#submit-inspect', 'tap');
    expect(toasts().at(-1)).toContain('的问题说明');
    fire(inspect, `#note-${failing.code}`, 'change', { value: '阳台堆放油漆和稀释剂' });
    fire(inspect, '#submit-inspect', 'tap');
    expect(toasts().at(-1)).toBe('有不合格项时请拍照留存现场情况');
    expect(wx.calls.slice(callsBefore)).toEqual([]);

    wx.pickMedia([{ name: 'balcony.jpg', bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]) }]);
    const photos = inspect.querySelector('#inspect-photos')!;
    (photos.querySelector('#upload')!.instance as unknown as { onAddTap(): void }).onAddTap();
    await until(() => (inspect.data.photos as string[]).length === 1 && inspect.data.photoState === 'done', 'the photo to upload');
    const before = wx.ui.length;
    await tap(inspect, '#submit-inspect', () => renovationOf(page).openViolations === 1, 'the violation');
    await until(() => wx.ui.slice(before).some((record) => record.options.title === '已记录违规'), 'the violation message');
    expect(String(wx.ui.slice(before).find((record) => record.options.title === '已记录违规')?.options.content)).toContain('已通知业主整改');
    expect(textOf(page, '#inspections')).toContain('阳台堆放油漆和稀释剂');

    const seen = await as(seeded.owner)('renovation.get', { id: application.id });
    expect(seen.openViolations).toBe(1);
    const inspection = seen.inspections[0];
    expect(inspection.violation).toBe(true);
    expect(inspection.checks.find((check) => check.code === failing.code)).toMatchObject({ result: 'fail' });
    expect(inspection.photoCount).toBe(1);

    await tap(page, `#action-fixViolation-${inspection.id}`, () => page.data.sheet === 'fix', 'the fix sheet');
    const fix = sheetOf(page, 'fix-sheet');
    fire(fix, '#fix-note', 'change', { value: '易燃物已清走，复查合格' });
    await tap(fix, '#submit-fix', () => renovationOf(page).openViolations === 0, 'the fix');
    const fixed = await as(seeded.owner)('renovation.get', { id: application.id });
    expect(fixed.openViolations).toBe(0);
    expect(fixed.inspections[0].fixNote).toBe('易燃物已清走，复查合格');
  });

  test('completion acceptance is confirmed and completes the application', async () => {
    const page = await open(seeded.staff.cs);
    await tap(page, '#action-acceptCompletion', () => page.data.sheet === 'accept', 'the acceptance sheet');
    const accept = sheetOf(page, 'accept-sheet');
    fire(accept, '#accept-note', 'change', { value: '与申请内容一致，装修垃圾已清运' });
    const before = wx.ui.length;
    await tap(accept, '#submit-accept', () => renovationOf(page).status === 'completed', 'the acceptance');
    expect(wx.ui.slice(before).find((record) => record.api === 'showModal')?.options.title).toBe('竣工验收');
    expect(page.querySelector('#actions')).toBeUndefined();
    expect((await as(seeded.owner)('renovation.get', { id: application.id })).status).toBe('completed');

    const queue = await openQueue(seeded.staff.manager);
    fire(queue, '#filters', 'change', { value: 'completed' });
    await until(() => queue.data.status === 'ready' && queue.data.filter === 'completed', 'the completed filter');
    expect(queue.querySelector(`#renovation-${application.id}`)).toBeTruthy();
  });

  test('when a colleague decided first, the reviewer is told and sees the application as it is now', async () => {
    // 李娜, owner of units[1], applies too; a manager approves while the page is open.
    const neighbour = 'o-sr-owner-2';
    const binding = await okAs(seeded.env, neighbour)('binding.request', { unitId: seeded.units[1].id, relation: 'owner', name: '李娜', phone: '13800000002', proofFileIds: [] });
    await as(seeded.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    const { now } = await cloudNow();
    const second = await okAs(seeded.env, neighbour)('renovation.apply', formFor(seeded.units[1].id, chinaDate(now, 3), chinaDate(now, 30)));
    const page = await open(seeded.staff.cs, second.id);
    await as(seeded.staff.manager)('renovation.review', { id: second.id, version: second.version, decision: 'approve' });

    await tap(page, '#ask-more', () => page.data.sheet === 'reason', 'the reason sheet');
    const reason = sheetOf(page, 'reason-sheet');
    fire(reason, '.sheet__choice', 'click');
    expect(reason.data.text).toBe('请补充装修施工图纸或方案说明');
    const before = wx.ui.length;
    await tap(reason, '#submit-reason', () => renovationOf(page).status === 'approved', 'the reload');
    const modal = wx.ui.slice(before).find((record) => record.api === 'showModal');
    expect(modal?.options.title).toBe('申请状态已变化');
    expect(String(modal?.options.content)).toContain('页面已刷新为最新内容');
    expect(page.data.sheet).toBe('');
    expect(page.querySelector('#approve')).toBeUndefined();
  });

  test('staff open the government approval document of a structural application', async () => {
    const owner = 'o-sr-owner-3';
    const binding = await okAs(seeded.env, owner)('binding.request', { unitId: seeded.units[2].id, relation: 'owner', name: '王芳', phone: '13800000003', proofFileIds: [] });
    await as(seeded.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    const approval = await uploadAs(seeded.env, owner, 'renovation/approval.pdf', new Uint8Array([0x25, 0x50, 0x44, 0x46]));
    const { now } = await cloudNow();
    const structural = await okAs(seeded.env, owner)('renovation.apply', {
      ...formFor(seeded.units[2].id, chinaDate(now, 3), chinaDate(now, 30)),
      workItems: ['structure'],
      approvalDocs: [approval],
    });
    const page = await open(seeded.staff.cs, structural.id);
    expect(textOf(page, '#documents')).toContain('批准文件 1');
    const before = wx.ui.length;
    fire(page, '#document-0', 'click');
    await until(() => wx.ui.slice(before).some((record) => record.api === 'openDocument'), 'the document to open');
    await as(seeded.staff.cs)('renovation.review', { id: structural.id, version: structural.version, decision: 'reject', reason: '测试结束' });
  });

  test('a technician or another community\'s staff is refused, and told so', async () => {
    const queue = await openQueue(seeded.staff.tech);
    expect(queue.data.status).toBe('error');
    expect(textOf(queue, '#error')).toContain('您没有可管理装修的小区');

    // A technician may read the application, but every decision is left to the desk.
    const asTech = await open(seeded.staff.tech);
    expect(asTech.data.status).toBe('ready');
    expect(asTech.querySelector('#actions')).toBeUndefined();
    expect(textOf(asTech, '#read-only')).toContain('由客服、客服经理或管理员办理');

    const outsider = await open(other.staff.cs);
    expect(outsider.data.status).toBe('error');
    expect(textOf(outsider, '#error-message')).toBe('您无权查看该装修申请');
    expect(outsider.querySelector('#summary')).toBeUndefined();
  });
});
