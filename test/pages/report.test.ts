/// <reference lib="dom" />
/**
 * 月报 on 管理看板 as a manager uses it: December's report, made by the timer on the first working
 * day of January (the local cloud's clock moved, in a cloud of this test's own), is listed; the
 * manager writes the month's 评语 in the dialog, and opens the report as a table and as a PDF that
 * carries the comment.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NewTicketInput } from '../../typings/tickets';
import { okAs } from '../support/api';
import { clockToChina, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { fire, loadPage, mount, textOf, until, untilData, type Rendered } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(120_000);

describe('月报 on 管理看板', () => {
  let cloud: RunningCloud;
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let boardId: string;

  beforeAll(async () => {
    cloud = await startLocalCloud({ dataDir: mkdtempSync(join(tmpdir(), 'report-page-')) });
    const env = uniqueEnv('report-page');
    seeded = await seedCommunity(env, 'rp', cloud.url);
    // New Year's Day 2027 off, as an admin enters the year (the holiday package has no 2027 data).
    await okAs(env, ADMIN_OPENID, cloud.url)('calendar.saveYear', { year: 2027, holidays: ['2027-01-01'], workdays: [], note: '元旦', version: 0 });
    const complaint: NewTicketInput = {
      kind: 'complaint',
      category: '噪音扰民',
      description: '楼上夜间装修噪音',
      photos: [],
      location: { kind: 'unit', unitId: seeded.units[0].id },
      contactName: '张伟',
      contactPhone: '13800000001',
    };
    await okAs(env, seeded.owner, cloud.url)('ticket.create', complaint);
    // Monday 4 January 2027, January's first working day: the timer reports on December.
    await clockToChina(cloud.url, '2027-01-04T09:00:00');
    wx = installFakeWx({ baseUrl: cloud.url, env, openid: seeded.staff.manager });
    boardId = loadPage('packages/staff/pages/board/index');
  }, 120_000);

  afterAll(async () => {
    await cloud?.stop();
    if (cloud) rmSync(cloud.dataDir, { recursive: true, force: true });
  });

  async function openBoard(): Promise<Rendered> {
    const page = mount(boardId);
    page.instance.onLoad({ communityId: seeded.communityId });
    await until(() => page.data.status !== 'loading', 'the board to load');
    expect(page.data.status).toBe('ready');
    return page;
  }

  test('the manager writes December’s 评语 in the dialog; the list shows it, and cancelling changes nothing', async () => {
    const page = await openBoard();
    expect(textOf(page, '#reports')).toContain('2026年12月');
    expect(textOf(page, '#reports')).toContain('1 件');

    page.querySelector('#comment-2026-12')!.instance.triggerEvent('tap', {});
    await untilData(page, (data) => data.commentDraft !== null, 'the comment dialog');
    fire(page, '#comment-text', 'change', { value: '  夜间施工噪音投诉 1 件，已与装修户约定施工时间。  ' });
    const before = wx.calls.length;
    await page.instance.onCommentSave();
    expect(wx.calls.slice(before).map((call) => call.action)).toEqual(['report.comment']);
    await untilData(page, (data) => data.commentDraft === null, 'the dialog to close');
    expect(wx.ui.some((record) => record.api === 'showToast' && record.options.title === '评语已保存')).toBe(true);
    expect(textOf(page, '#report-2026-12')).toContain('评语：夜间施工噪音投诉 1 件，已与装修户约定施工时间。');
    expect(textOf(page, '#report-2026-12')).toContain('改评语');

    // Opening it again starts from the saved text; 取消 sends nothing and keeps it.
    page.querySelector('#comment-2026-12')!.instance.triggerEvent('tap', {});
    await untilData(page, (data) => data.commentDraft !== null, 'the comment dialog');
    expect((page.data.commentDraft as { text: string }).text).toBe('夜间施工噪音投诉 1 件，已与装修户约定施工时间。');
    fire(page, '#comment-text', 'change', { value: '不保存的草稿' });
    const cancelled = wx.calls.length;
    page.instance.onCommentCancel();
    expect(wx.calls.length).toBe(cancelled);
    expect(textOf(page, '#report-2026-12')).not.toContain('不保存的草稿');

    // Another board loads it as saved.
    const again = await openBoard();
    expect(textOf(again, '#report-2026-12')).toContain('已与装修户约定施工时间');
  });

  test('表格 opens the workbook and PDF the printed report, which carries the comment', async () => {
    const page = await openBoard();
    const before = wx.ui.length;
    await page.instance.onOpenReport({ currentTarget: { dataset: { month: '2026-12', format: 'pdf' } } } as never);
    const opened = wx.ui.slice(before).find((record) => record.api === 'openDocument');
    expect(opened?.options).toMatchObject({ fileType: 'pdf' });
    const bytes = Buffer.from(wx.tempFile(String(opened!.options.filePath))!);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const work = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    try {
      writeFileSync(join(work, 'report.pdf'), bytes);
      const text = execFileSync('pdftotext', [join(work, 'report.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, '');
      expect(text).toContain('物业服务月报2026年12月');
      expect(text).toContain('已与装修户约定施工时间');
    } finally {
      rmSync(work, { recursive: true, force: true });
    }

    const table = wx.ui.length;
    await page.instance.onOpenReport({ currentTarget: { dataset: { month: '2026-12', format: 'xlsx' } } } as never);
    const workbook = wx.ui.slice(table).find((record) => record.api === 'openDocument');
    expect(workbook?.options).toMatchObject({ fileType: 'xlsx' });
    expect(Buffer.from(wx.tempFile(String(workbook!.options.filePath))!).subarray(0, 2).toString()).toBe('PK');
  });
});
