/// <reference lib="dom" />
import { Buffer } from 'node:buffer';
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { loadPage, simulate, untilData } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

type Rendered = ReturnType<typeof simulate.render>;


const csv = (lines: string[]): Uint8Array => new Uint8Array(Buffer.from(lines.join('\n'), 'utf8'));

describe('roster import (导入房屋名册)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('roster-page'), 'rp');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: ADMIN_OPENID });
    pageId = loadPage('packages/staff/pages/roster/index');
  }, 60_000);

  async function open(): Promise<Rendered> {
    const page = simulate.render(pageId);
    page.attach(document.createElement('parent-wrapper'));
    page.instance.onLoad({ communityId: seeded.communityId });
    await untilData(page, (data) => data.status !== 'loading');
    expect(page.data.status).toBe('ready');
    return page;
  }

  /** The user taps the button and picks `name` from a chat; the page uploads and imports it. */
  async function importAs(page: Rendered, name: string, bytes: Uint8Array): Promise<void> {
    wx.pickFiles([{ name, bytes }]);
    page.querySelector('#choose')?.instance.triggerEvent('tap', {});
    await untilData(page, (data) => data.importing === false && (data.summary !== null || data.importError !== ''));
  }

  test('shows the expected columns and an example before anything is chosen', async () => {
    const page = await open();
    const text = page.dom?.textContent ?? '';
    for (const column of ['楼栋', '单元', '房号', '建筑面积', '业主姓名', '联系电话']) expect(text).toContain(column);
    expect(page.querySelector('#example')?.dom?.textContent).toContain('13800000001');
    expect(text).toContain(seeded.communityName);
  });

  test('an import with bad rows shows what was added and updated, and each bad row with its number and reason', async () => {
    const page = await open();
    const before = wx.ui.length;

    await importAs(
      page,
      '三期名册.csv',
      csv([
        '楼栋,单元,房号,建筑面积,业主姓名,联系电话',
        '3栋,,501,70.00,赵六,13800000009',
        '3栋,,502,,钱七,13800000010',
        '1栋,1单元,101,90.00,张伟,13800000001',
        '3栋,,503,80.00,孙八,12345',
      ]),
    );

    expect(wx.ui.slice(before).find((record) => record.api === 'showModal')?.options.title).toBe('导入房屋名册');
    const summary = page.querySelector('#summary');
    expect(summary).toBeTruthy();
    const text = page.dom?.textContent ?? '';
    expect(text).toContain('新增 1 户 / 更新 1 户');
    expect(text).toContain('第 3 行');
    expect(text).toContain('缺少建筑面积');
    expect(text).toContain('第 5 行');
    expect(text).toContain('联系电话');
    expect(page.data.summary).toMatchObject({ created: 1, updated: 1, rejected: [{ row: 3 }, { row: 5 }] });

    const { units } = await okAs(seeded.env, ADMIN_OPENID)('directory.units', { communityId: seeded.communityId, building: '3栋' });
    expect(units.map((unit) => unit.room)).toEqual(['501']);
  });

  test('a file without the required columns is refused with the reason shown on the page', async () => {
    const page = await open();

    await importAs(page, 'wrong.csv', csv(['姓名,电话', '张伟,13800000001']));

    expect(page.data.summary).toBeNull();
    expect(page.querySelector('#import-error')).toBeTruthy();
    expect(page.dom?.textContent).toContain('缺少列');
  });

  test('cancelling the file picker changes nothing and shows no error', async () => {
    const page = await open();
    const before = wx.ui.length;
    const callsBefore = wx.calls.length;

    // Awaiting the handler itself: there is no state change to wait for.
    await page.instance.onChooseFile();

    expect(wx.ui.slice(before)).toEqual([]);
    expect(wx.calls.slice(callsBefore)).toEqual([]);
    expect(page.data).toMatchObject({ importing: false, summary: null, importError: '' });
  });
});
