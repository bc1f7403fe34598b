/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

describe('我的', () => {
  let seeded: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    seeded = await seedCommunity(uniqueEnv('mine'), 'mine');
    const owner = okAs(seeded.env, seeded.owner);
    const cs = okAs(seeded.env, seeded.staff.cs);
    // Besides the approved home: one refused with a reason, one waiting.
    const refused = await owner('binding.request', { unitId: seeded.units[1].id, relation: 'family', name: '张伟', phone: '13800000001', proofFileIds: [] });
    await cs('binding.review', { id: refused.id, version: refused.version, decision: 'reject', reason: '房号与登记不符' });
    await owner('binding.request', { unitId: seeded.units[2].id, relation: 'tenant', name: '张伟', phone: '13800000001', proofFileIds: [] });

    wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.owner });
    pageId = loadPage('pages/mine/index');
  }, 60_000);

  async function open(openid: string): Promise<Rendered> {
    wx.actAs(openid);
    const page = mount(pageId);
    page.instance.onLoad();
    await until(() => page.data.status !== 'loading', 'the profile to load');
    expect(page.data.status).toBe('ready');
    return page;
  }

  const uiSince = (start: number, api: string) => wx.ui.slice(start).filter((record) => record.api === api);

  test('an owner sees each home with its state, and why one was refused', async () => {
    const page = await open(seeded.owner);
    const text = textOf(page, '#bindings');

    expect(text).toContain('1栋1单元101');
    expect(text).toContain('已通过');
    expect(text).toContain('1栋1单元102');
    expect(text).toContain('未通过');
    expect(text).toContain('房号与登记不符');
    expect(text).toContain('1栋2单元201');
    expect(text).toContain('待审核');
    expect(page.querySelector('#staff')).toBeUndefined();
  });

  test('staff see their name and roles with the community', async () => {
    const page = await open(seeded.staff.cs);
    const text = textOf(page, '#staff');
    expect(text).toContain('客服小王');
    expect(text).toContain(`客服 · ${seeded.communityName}`);
    expect(textOf(page, '#bindings')).toContain('还没有绑定房屋');
  });

  test('the links open 绑定房屋, 员工邀请码 and 隐私说明', async () => {
    const page = await open(seeded.owner);
    const start = wx.ui.length;
    for (const link of ['#link-bind', '#link-invite', '#link-privacy']) {
      // What a tap on the cell runs: its click event, then its own navigation to `url`.
      (page.querySelector(link)!.instance as unknown as { onClick(event: { detail: object }): void }).onClick({ detail: {} });
    }
    expect(uiSince(start, 'navigateTo').map((record) => record.options.url)).toEqual([
      '/pages/bind/index',
      '/pages/invite/index',
      '/pages/privacy/index',
    ]);
  });

  test('export downloads a spreadsheet and opens it', async () => {
    const page = await open(seeded.owner);
    const start = wx.ui.length;
    fire(page, '#export', 'click');
    await until(() => uiSince(start, 'openDocument').length === 1, 'the export to open');

    const { filePath, fileType } = uiSince(start, 'openDocument')[0].options as { filePath: string; fileType: string };
    expect(fileType).toBe('xlsx');
    const bytes = wx.tempFile(filePath);
    // An xlsx file is a zip archive.
    expect(Buffer.from(bytes!.slice(0, 2)).toString('latin1')).toBe('PK');
    await until(() => !page.data.exporting, 'the export to finish');
  });

  test('deleting asks first; cancelling keeps everything, confirming removes the homes', async () => {
    const page = await open(seeded.owner);
    const deletions = () => wx.calls.filter((call) => call.action === 'me.delete');

    wx.answerModals(false);
    let start = wx.ui.length;
    fire(page, '#delete', 'click');
    await until(() => uiSince(start, 'showModal').length === 1, 'the confirmation');
    const content = String(uiSince(start, 'showModal')[0].options.content);
    expect(content).toContain('将删除');
    expect(content).toContain('姓名、手机号');
    expect(content).toContain('将保留');
    expect(content).toContain('工单');
    expect(deletions()).toHaveLength(0);
    expect((await okAs(seeded.env, seeded.owner)('me.profile', {})).bindings).toHaveLength(3);

    wx.answerModals(true);
    start = wx.ui.length;
    fire(page, '#delete', 'click');
    await until(() => deletions().length === 1 && !page.data.deleting, 'the deletion');

    expect(deletions()[0].input).toEqual({ confirm: '删除我的个人信息' });
    expect(uiSince(start, 'showToast').at(-1)?.options.title).toBe('已删除 3 处房屋绑定');
    expect(textOf(page, '#bindings')).toContain('还没有绑定房屋');
    expect((await okAs(seeded.env, seeded.owner)('me.profile', {})).bindings).toHaveLength(0);
  });
});
