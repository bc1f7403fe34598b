/// <reference lib="dom" />
import type { NoticeAction } from '../../typings/actions';
import type { Notice, NoticeText } from '../../typings/notice';
import { apiAs, okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(90_000);

/** Every action button a notice page can show, and the policy action each one takes. */
const BUTTONS: Record<string, NoticeAction> = { '#action-publish': 'publish', '#action-withdraw': 'withdraw', '#action-correct': 'correct', '#action-print': 'print' };

const shownActions = (page: Mounted): NoticeAction[] =>
  Object.entries(BUTTONS)
    .filter(([selector]) => page.querySelector(selector))
    .map(([, action]) => action)
    .sort();

describe('通知公告 (notices): the desk’s register and notice page, the owners’ board and detail', () => {
  let garden: SeededCommunity;
  let empty: SeededCommunity;
  let wx: FakeWx;
  let registerId: string;
  let noticeId: string;
  let boardId: string;
  let detailId: string;
  let historyId: string;
  let draftedId = '';
  /** An owner of 2栋 in the garden (the seeded owner lives in 1栋). */
  const building2Owner = 'o-ntp-owner2';

  const water: NoticeText = {
    category: 'outage',
    title: '关于1栋计划停水的通知',
    addressee: '1栋各位业主、住户',
    body: '因二次供水设备年度检修，1栋将于12月12日9:00至15:00停水。\n请提前做好储水准备。',
    issuer: 'ntp花园物业服务中心',
    buildings: ['1栋'],
  };

  beforeAll(async () => {
    const env = uniqueEnv('notices-page');
    garden = await seedCommunity(env, 'ntp');
    empty = await seedCommunity(env, 'nte');
    const binding = await okAs(env, building2Owner)('binding.request', { unitId: garden.units[3].id, relation: 'owner', name: '刘洋', phone: '13800000004', proofFileIds: [] });
    await okAs(env, garden.staff.cs)('binding.review', { id: binding.id, version: binding.version, decision: 'approve' });
    wx = installFakeWx({ baseUrl: localCloudUrl(), env, openid: garden.staff.cs });
    registerId = loadPage('packages/site/pages/notices/index');
    noticeId = loadPage('packages/site/pages/notices/notice');
    boardId = loadPage('pages/disclosure/index');
    detailId = loadPage('pages/notice/detail');
    historyId = loadPage('pages/notice/history');
  }, 120_000);

  async function open(id: string, openid: string, query: Record<string, string>): Promise<Mounted> {
    wx.actAs(openid);
    const page = mount(id);
    page.instance.onLoad(query);
    await until(() => page.data.status !== 'loading', 'the page');
    return page;
  }

  const navigations = (): string[] => wx.ui.filter((ui) => ui.api === 'navigateTo').map((ui) => String(ui.options.url));

  test('a community without notices: the register says how to start, the owner’s board and history say there are none', async () => {
    wx.actAs(empty.staff.cs);
    const loading = mount(registerId);
    loading.instance.onLoad({ communityId: empty.communityId });
    expect(textOf(loading, '#loading')).toContain('正在加载通知');
    await until(() => loading.data.status !== 'loading', 'the register');
    const register = await open(registerId, empty.staff.cs, { communityId: empty.communityId });
    expect(register.querySelector('#empty')).toBeTruthy();
    expect(register.querySelector('#new-notice')).toBeTruthy();
    const board = await open(boardId, empty.owner, { communityId: empty.communityId });
    expect(textOf(board, '#notices')).toContain('目前没有正在发布的通知');
    const history = await open(historyId, empty.owner, { communityId: empty.communityId });
    expect(history.querySelector('#empty')).toBeTruthy();
  });

  test('customer service drafts a notice for 1栋; it may print it but not publish it', async () => {
    const before = navigations().length;
    const register = await open(registerId, garden.staff.cs, { communityId: garden.communityId });
    fire(register, '#new-notice', 'tap');
    expect(navigations().slice(before)).toEqual([`/packages/site/pages/notices/notice?communityId=${garden.communityId}`]);

    const page = await open(noticeId, garden.staff.cs, { communityId: garden.communityId });
    expect(page.data.errorMessage).toBe('');
    await until(() => (page.data.buildings as unknown[]).length === 2, 'the buildings to choose from');
    // The 落款 starts as the community's service centre.
    expect((page.data.form as NoticeText).issuer).toBe('ntp花园物业服务中心');
    fire(page, '#save-draft', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请填写标题');
    fire(page, '#category-outage', 'click');
    fire(page, '#field-title', 'change', { value: water.title });
    fire(page, '#field-addressee', 'change', { value: water.addressee });
    fire(page, '#field-body', 'change', { value: water.body });
    fire(page, '#building-0', 'click');
    expect(shownActions(page)).toEqual([]);
    fire(page, '#save-draft', 'tap');
    await until(() => wx.ui.some((ui) => ui.api === 'showToast' && ui.options.title === '草稿已保存'), 'the draft to be saved');
    const saved = page.data.notice as Notice;
    draftedId = saved.id;
    expect(saved).toMatchObject({ status: 'draft', category: 'outage', buildings: ['1栋'], title: water.title });
    expect(shownActions(page)).toEqual([...saved.allowed].filter((action) => action !== 'editDraft').sort());
    expect(shownActions(page)).toEqual(['print']);
    expect(textOf(page, '#summary')).toContain('草稿');

    const pdf = wx.ui.length;
    fire(page, '#action-print', 'tap');
    await until(() => wx.ui.slice(pdf).some((ui) => ui.api === 'openDocument'), 'the PDF to open');
    expect(wx.ui.slice(pdf).find((ui) => ui.api === 'openDocument')?.options.fileType).toBe('pdf');
  });

  test('the manager publishes it after confirming; the register shows it with its read count', async () => {
    const page = await open(noticeId, garden.staff.manager, { id: draftedId });
    expect(shownActions(page)).toEqual(['print', 'publish']);
    wx.answerModals(false);
    fire(page, '#action-publish', 'tap');
    await until(() => wx.ui.filter((ui) => ui.api === 'showModal').length > 0, 'the confirmation');
    expect(wx.ui.filter((ui) => ui.api === 'showModal').at(-1)?.options.content).toContain('不能再修改');
    expect((page.data.notice as Notice).status).toBe('draft');
    fire(page, '#action-publish', 'tap');
    await until(() => (page.data.notice as Notice).status === 'published', 'the notice to be published');
    const published = page.data.notice as Notice;
    expect(published.number).toMatch(/^ntp花园物业〔\d{4}〕1号$/);
    expect(textOf(page, '#reads')).toBe('已读 0 / 应读 1');
    expect(textOf(page, '#sheet')).toContain(published.number!);
    expect(shownActions(page)).toEqual([...published.allowed].sort());
    expect(shownActions(page)).toEqual(['print', 'withdraw']);

    const register = await open(registerId, garden.staff.manager, { communityId: garden.communityId });
    expect(textOf(register, `#notice-${draftedId}`)).toContain('已发布');
    expect(textOf(register, `#reads-${draftedId}`)).toBe('已读 0 / 应读 1');
  });

  test('the owner of 1栋 finds it first on the board and opens it, which counts once; the owner of 2栋 does not see it', async () => {
    const board = await open(boardId, garden.owner, { communityId: garden.communityId });
    expect(textOf(board, `#board-notice-${draftedId}`)).toContain(water.title);
    expect(textOf(board, `#board-notice-${draftedId}`)).toContain('停水停电');
    const before = navigations().length;
    fire(board, `#board-notice-${draftedId}`, 'tap');
    expect(navigations().slice(before)).toEqual([`/pages/notice/detail?id=${draftedId}`]);

    const detail = await open(detailId, garden.owner, { id: draftedId });
    expect(textOf(detail, '#sheet')).toContain('因二次供水设备年度检修');
    expect(detail.querySelector('#sheet')?.querySelector('#withdrawn')).toBeFalsy();
    // The opening is counted, and the phone remembers it: opening it again sends no second receipt.
    await until(() => JSON.stringify(wx.stored(garden.owner, 'noticesCounted')).includes(draftedId), 'the receipt to be counted');
    const sent = wx.calls.length;
    await open(detailId, garden.owner, { id: draftedId });
    expect(wx.calls.slice(sent).map((call) => call.action)).toEqual(['notice.get']);
    const register = await open(registerId, garden.staff.manager, { communityId: garden.communityId });
    expect(textOf(register, `#reads-${draftedId}`)).toBe('已读 1 / 应读 1');

    const other = await open(boardId, building2Owner, { communityId: garden.communityId });
    expect(other.querySelector(`#board-notice-${draftedId}`)).toBeFalsy();
    const refused = await open(detailId, building2Owner, { id: draftedId });
    expect(refused.data.status).toBe('error');
    expect(textOf(refused, '#error')).toContain('没有找到这条通知');
  });

  test('the manager withdraws it with a reason; the owner finds it in the history marked 已作废 with the reason', async () => {
    const page = await open(noticeId, garden.staff.manager, { id: draftedId });
    fire(page, '#action-withdraw', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请填写作废原因');
    fire(page, '#withdraw-reason', 'change', { value: '停水时间有变，另行通知' });
    fire(page, '#action-withdraw', 'tap');
    await until(() => (page.data.notice as Notice).status === 'withdrawn', 'the notice to be withdrawn');
    expect(wx.ui.filter((ui) => ui.api === 'showModal').at(-1)?.options.content).toContain('不能撤销');
    expect(shownActions(page)).toEqual(['correct', 'print']);

    const board = await open(boardId, garden.owner, { communityId: garden.communityId });
    expect(board.querySelector(`#board-notice-${draftedId}`)).toBeFalsy();
    const history = await open(historyId, garden.owner, { communityId: garden.communityId });
    expect(textOf(history, `#notice-${draftedId}`)).toContain('已作废');
    const detail = await open(detailId, garden.owner, { id: draftedId });
    const sheet = detail.querySelector('#sheet');
    expect(sheet?.querySelector('#withdrawn')).toBeTruthy();
    expect(textOf(detail, '#sheet')).toContain('作废原因：停水时间有变，另行通知');
  });

  test('on a draft, a published and a withdrawn notice, each member of staff sees a button for exactly what the server allows', async () => {
    const desk = okAs(garden.env, garden.staff.cs);
    const manager = okAs(garden.env, garden.staff.manager);
    const draft = await desk('notice.saveDraft', { communityId: garden.communityId, ...water, buildings: [] });
    const second = await desk('notice.saveDraft', { communityId: garden.communityId, ...water, buildings: [] });
    const live = await manager('notice.publish', { id: second.id, version: second.version });
    const third = await desk('notice.saveDraft', { communityId: garden.communityId, ...water, buildings: [] });
    const published = await manager('notice.publish', { id: third.id, version: third.version });
    const withdrawn = await manager('notice.withdraw', { id: published.id, version: published.version, reason: '测试作废原因' });
    for (const notice of [draft, live, withdrawn]) {
      for (const openid of [garden.staff.cs, garden.staff.manager, garden.staff.tech]) {
        const answer = await apiAs(garden.env, openid)('notice.get', { id: notice.id });
        const page = await open(noticeId, openid, { id: notice.id });
        const buttons = [...shownActions(page), ...(page.querySelector('#save-draft') ? ['editDraft' as const] : [])].sort();
        // A notice the caller may not see (a draft, for a technician) is an error page without buttons.
        const expected = answer.ok ? [...answer.data.allowed].sort() : 'error';
        expect({ status: notice.status, openid, buttons: page.data.status === 'error' ? 'error' : buttons }).toEqual({ status: notice.status, openid, buttons: expected });
      }
    }
  });

  test('a page that cannot load says so and offers to retry', async () => {
    const detail = await open(detailId, garden.owner, { id: 'n-missing' });
    expect(detail.data.status).toBe('error');
    expect(detail.querySelector('#error')).toBeTruthy();
    const register = await open(registerId, garden.owner, { communityId: garden.communityId });
    expect(textOf(register, '#error')).toContain('通知公告仅对客服、客服经理和管理员开放');
  });
});
