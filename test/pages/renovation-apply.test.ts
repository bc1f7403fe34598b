/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

/** The smallest JPEG header, enough for a picked image. */
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

interface FileData {
  status: string;
  fileID?: string;
}

/** `YYYY-MM-DD` in China, `days` from today. */
function chinaDate(days: number): string {
  return new Date(Date.now() + 8 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);
}

describe('the renovation application form (装修申请)', () => {
  let garden: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    garden = await seedCommunity(uniqueEnv('renovation-apply'), 'rapply');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: garden.env, openid: garden.owner });
    pageId = loadPage('pages/renovation/apply');
  }, 90_000);

  /** One open application per home: each test's application is closed (rejected by staff) afterwards. */
  afterEach(async () => {
    const owner = okAs(garden.env, garden.owner);
    for (const item of await owner('renovation.mine', {})) {
      if (item.status !== 'submitted' && item.status !== 'needs-more') continue;
      const detail = await owner('renovation.get', { id: item.id });
      await okAs(garden.env, garden.staff.cs)('renovation.review', { id: item.id, version: detail.version, decision: 'reject', reason: '测试结束' });
    }
  });

  async function open(query: Record<string, string> = {}): Promise<Rendered> {
    const page = mount(pageId);
    page.instance.onLoad(query);
    await until(() => page.data.status !== 'loading', 'the form to load');
    return page;
  }

  const toasts = () => wx.ui.filter((record) => record.api === 'showToast').map((record) => String(record.options.title));
  const applications = () => wx.calls.filter((call) => call.action === 'renovation.apply');

  /** Opens the date cell, turns TDesign's wheels to `value` and taps 确定 (which closes the picker first, then confirms). */
  async function pickDate(page: Rendered, cell: '#start-date' | '#end-date', value: string): Promise<void> {
    fire(page, cell, 'click');
    const picker = page.querySelector('#date-picker')!;
    (picker.instance as unknown as { setData(data: { value: string }): void }).setData({ value });
    picker.querySelector('.t-date-time-picker')!.querySelector('.t-picker__confirm')!.dispatchEvent('tap');
    const field = cell === '#start-date' ? 'startDate' : 'endDate';
    await until(() => page.data[field] === value, `${field} to be ${value}`);
  }

  /** A complete application for ordinary works, short of the submit tap. */
  async function fill(page: Rendered, area = '101'): Promise<void> {
    fire(page, '#company', 'change', { value: '成都安居装饰工程有限公司' });
    fire(page, '#licence', 'change', { value: '91510100MA6C123456' });
    fire(page, '#contact-name', 'change', { value: '赵工' });
    fire(page, '#contact-phone', 'change', { value: '13900000009' });
    fire(page, '#workers', 'change', { value: '4' });
    await pickDate(page, '#start-date', chinaDate(7));
    await pickDate(page, '#end-date', chinaDate(60));
    fire(page, '#area', 'change', { value: area });
    fire(page, '#work-items', 'change', { value: ['floor-wall', 'ceiling'] });
    fire(page, '#open-terms', 'click');
    fire(page, '#terms-read', 'tap');
    fire(page, '#agree', 'change', { checked: true });
  }

  async function submitted(page: Rendered, before: number): Promise<void> {
    await until(() => applications().length > before && !page.data.submitting, 'the submission to finish');
  }

  test('a stranger without a verified home is told why and sees no form', async () => {
    wx.actAs(garden.stranger);
    try {
      const page = await open();
      expect(page.data.status).toBe('unbound');
      expect(textOf(page)).toContain('装修申请只能由已认证的业主为自己的房屋办理');
      expect(page.querySelector('#submit')).toBeFalsy();
      expect(page.querySelector('#company')).toBeFalsy();
    } finally {
      wx.actAs(garden.owner);
    }
  });

  test('the extinguisher count follows the typed area: 50 → 1, 50.01 → 2, 101 → 3; empty, 0 and 12.345 show none', async () => {
    const page = await open();
    expect(page.data.status).toBe('ready');
    const count = () => textOf(page, '#extinguishers');

    for (const [area, expected] of [
      ['50', 1],
      ['50.01', 2],
      ['100', 2],
      ['101', 3],
      ['1', 1],
      ['89.5', 2],
    ] as const) {
      fire(page, '#area', 'change', { value: area });
      expect(page.data.extinguishers).toBe(expected);
      expect(count()).toContain(`施工现场须配备 ${expected} 个 2 公斤干粉灭火器`);
    }
    expect(page.data.areaCenti).toBe(8950);

    for (const area of ['', '0', '0.00', '12.345', 'abc']) {
      fire(page, '#area', 'change', { value: area });
      expect(page.data.extinguishers).toBe(0);
      expect(page.data.areaCenti).toBe(0);
      expect(count()).not.toContain('施工现场须配备');
    }
    fire(page, '#area', 'change', { value: '12.345' });
    expect(textOf(page)).toContain('面积最多保留两位小数');

    // Otherwise complete, the form cannot be sent with such an area.
    await fill(page, '0');
    const before = wx.calls.length;
    fire(page, '#submit', 'tap');
    expect(toasts().at(-1)).toBe('面积须大于 0');
    fire(page, '#area', 'change', { value: '' });
    fire(page, '#submit', 'tap');
    expect(toasts().at(-1)).toBe('请填写装修面积');
    expect(wx.calls.length).toBe(before);
  });

  test('the terms must be opened before 我已阅读并同意 can be ticked', async () => {
    const terms = await okAs(garden.env, garden.owner)('renovation.terms', {});
    const page = await open();
    fire(page, '#agree', 'change', { checked: true });
    expect(page.data.acknowledged).toBe(false);
    expect(toasts().at(-1)).toBe('请先阅读禁止行为和注意事项及管理服务协议');
    expect(page.data.termsVisible).toBe(true);
    const text = textOf(page);
    expect(text).toContain(terms.prohibitions[0]);
    expect(text).toContain(terms.notes[0]);
    fire(page, '#terms-read', 'tap');
    fire(page, '#agree', 'change', { checked: true });
    expect(page.data.acknowledged).toBe(true);
  });

  test('ticking 拆改房屋结构 blocks submission until a government approval document is uploaded', async () => {
    const page = await open();
    await fill(page);
    expect(textOf(page)).toContain('结构');
    const structural = (page.data.workItems as { code: string; structural: boolean; label: string }[]).find((item) => item.label.startsWith('拆改房屋结构'));
    expect(structural?.structural).toBe(true);
    fire(page, '#work-items', 'change', { value: ['floor-wall', structural!.code] });
    expect(textOf(page)).toContain('政府批准文件');

    const before = wx.calls.length;
    fire(page, '#submit', 'tap');
    expect(toasts().at(-1)).toContain('须先上传政府有关部门的批准文件才能提交');
    expect(textOf(page, '#block-reason')).toContain('批准文件');
    expect(wx.calls.length).toBe(before);

    wx.pickMedia([{ name: 'approval.jpg', bytes: PHOTO }]);
    const approvalDocs = page.querySelector('#approval-docs')!;
    (approvalDocs.querySelector('#upload')!.instance as unknown as { onAddTap(): void }).onAddTap();
    await until(() => (approvalDocs.data.files as FileData[])[0]?.status === 'done', 'the approval document to upload');
    expect(page.querySelector('#block-reason')).toBeFalsy();

    const applied = applications().length;
    fire(page, '#submit', 'tap');
    await submitted(page, applied);
    const sent = applications().at(-1)!.input as { workItems: string[]; approvalDocs: string[] };
    expect(sent.workItems).toContain(structural!.code);
    expect(sent.approvalDocs).toEqual([(approvalDocs.data.files as FileData[])[0].fileID]);
    expect(wx.ui.at(-1)).toMatchObject({ api: 'redirectTo' });
  });

  test('an existing building needs the construction-safety commitment', async () => {
    const page = await open();
    await fill(page);
    fire(page, '#existing-building', 'change', { value: true });
    expect(textOf(page, '#safety-commitment')).toContain('施工安全告知承诺');
    const before = wx.calls.length;
    fire(page, '#submit', 'tap');
    expect(toasts().at(-1)).toContain('我已阅读并承诺');
    expect(wx.calls.length).toBe(before);

    fire(page, '#commitment', 'change', { checked: true });
    const applied = applications().length;
    fire(page, '#submit', 'tap');
    await submitted(page, applied);
    const sent = applications().at(-1)!.input as { existingBuilding: boolean; safetyCommitmentSigned: boolean };
    expect(sent).toMatchObject({ existingBuilding: true, safetyCommitmentSigned: true });
  });

  test('a valid application tapped twice creates exactly one application, then opens its detail', async () => {
    const owner = okAs(garden.env, garden.owner);
    const terms = await owner('renovation.terms', {});
    const before = (await owner('renovation.mine', {})).length;
    const page = await open();
    await fill(page, '101');
    expect(page.data.extinguishers).toBe(3);

    const applied = applications().length;
    fire(page, '#submit', 'tap');
    fire(page, '#submit', 'tap');
    await submitted(page, applied);
    // Whatever happened to the first answer, a retry would reuse the same request id.
    const ids = new Set(applications().slice(applied).map((call) => call.requestId));
    expect(ids.size).toBe(1);

    const mine = await owner('renovation.mine', {});
    expect(mine.length - before).toBe(1);
    const detail = await owner('renovation.get', { id: mine[0].id });
    expect(detail).toMatchObject({ status: 'submitted', extinguishersRequired: 3, revisionCount: 1 });
    expect(detail.form).toMatchObject({
      unitId: garden.units[0].id,
      areaCenti: 10100,
      agreementVersion: terms.agreementVersion,
      acknowledgedTerms: true,
      contractor: { company: '成都安居装饰工程有限公司', workers: 4 },
    });
    expect(wx.ui.filter((record) => record.api === 'redirectTo').at(-1)?.options.url).toBe(`/pages/renovation/detail?id=${detail.id}`);
  });
});
