/// <reference lib="dom" />
import { localCloudUrl, sdkFor, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { ADMIN_OPENID, seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(180_000);

describe('data backups (数据备份)', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('backups-page'), 'bk');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: ADMIN_OPENID });
    pageId = loadPage('packages/staff/pages/backups/index');
  });

  async function open(openid: string): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad({});
    await until(() => page.data.status !== 'loading', 'the backups');
    return page;
  }

  const downloads = (): number => wx.calls.filter((call) => call.action === 'backup.download').length;

  test('before the first weekly backup the admin is told when it will come', async () => {
    const page = await open(ADMIN_OPENID);
    expect(textOf(page, '#empty')).toContain('还没有数据备份');
    expect(textOf(page, '#empty')).toContain('每周日');
  });

  test('the admin sees a complete backup with its figures and copies its download link after confirming; an unfinished one offers no download', async () => {
    const sdk = sdkFor(seeded.env);
    // A whole backup can outlast the SDK's default 15 s on a busy machine.
    await sdk.callFunction({ name: 'backup', data: { Type: 'Timer', Time: '2026-11-29T19:17:00Z' }, timeout: 120_000 } as Parameters<typeof sdk.callFunction>[0]);
    // A run that stopped half-way, a week later.
    await sdk.database().collection('backups').add({
      data: { _id: '20261206T191700Z', status: 'writing', startedAt: new Date('2026-12-06T19:17:00Z'), collections: [], documents: 0, fileReferences: 0, bytes: 0 },
    });

    const page = await open(ADMIN_OPENID);
    const complete = '20261129T191700Z';
    const unfinished = '20261206T191700Z';
    expect(textOf(page, `#state-${complete}`)).toBe('已完成');
    expect(textOf(page, `#figures-${complete}`)).toMatch(/^\d+ 个数据集合 · \d+ 条记录 · 引用文件 \d+ 个 · \d/);
    expect(textOf(page, `#state-${unfinished}`)).toBe('未完成');
    expect(textOf(page, `#backup-${unfinished}`)).toContain('不能下载');
    expect(page.querySelector(`#action-download-${unfinished}`)).toBeUndefined();

    wx.answerModals(false);
    fire(page, `#action-download-${complete}`, 'tap');
    await until(() => wx.ui.some((ui) => ui.api === 'showModal' && ui.options.title === '下载数据备份'), 'the confirmation');
    expect(downloads()).toBe(0);

    fire(page, `#action-download-${complete}`, 'tap');
    await until(() => wx.clipboard.length === 1, 'the link to be copied');
    expect(downloads()).toBe(1);
    expect(wx.clipboard[0]).toMatch(/^http/);
    expect(wx.ui.some((ui) => ui.api === 'showModal' && ui.options.title === '下载链接已复制')).toBe(true);
  });

  test('a community manager gets the refusal, not the list', async () => {
    const page = await open(seeded.staff.manager);
    expect(page.querySelector('#error')).toBeTruthy();
    expect(page.querySelector('#empty')).toBeUndefined();
    expect(textOf(page, '#error')).toContain('没有权限');
  });
});
