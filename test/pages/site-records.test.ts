/// <reference lib="dom" />
import type { ContractAction, FileLoanAction, ShopAction } from '../../typings/actions';
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { ADMIN_OPENID, daysFromToday, seedCommunity, type SeededCommunity } from '../support/seed';

/** The site's registers as staff use them: file lending, contracts, shops and their fire checks. */
jest.setTimeout(120_000);

let seeded: SeededCommunity;
let wx: FakeWx;
const pages: Record<string, string> = {};

beforeAll(async () => {
  seeded = await seedCommunity(uniqueEnv('site-pages'), 'sp');
  wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
  for (const page of ['file-loans', 'file-loan', 'keeper-handovers', 'contracts', 'contract', 'shops', 'shop']) pages[page] = loadPage(`packages/site/pages/${page}/index`);
});

async function open(page: string, openid: string, query: Record<string, string>): Promise<Mounted> {
  wx.actAs(openid);
  const mounted = mount(pages[page]);
  expect(mounted.querySelector('#loading')).toBeTruthy();
  mounted.instance.onLoad(query);
  await until(() => mounted.data.status !== 'loading', `${page} to load`);
  expect(mounted.data.errorMessage).toBe('');
  return mounted;
}

/** The actions whose buttons (`#action-<name>`) the page shows. */
const buttons = <A extends string>(page: Mounted, actions: readonly A[]): A[] => actions.filter((action) => page.querySelector(`#action-${action}`));

const LOAN_ACTIONS: FileLoanAction[] = ['approve', 'consent', 'refuse', 'lend', 'return', 'read'];
const lastNavigation = (): string => String(wx.ui.filter((ui) => ui.api === 'navigateTo').at(-1)?.options.url ?? '');

describe('文件借阅 (file lending)', () => {
  let loanId = '';

  test('customer service asks to borrow a home’s file; the register starts empty and the form says what is missing', async () => {
    const list = await open('file-loans', seeded.staff.cs, { communityId: seeded.communityId });
    expect(list.querySelector('#empty')).toBeTruthy();
    expect(list.querySelector('#open-handovers')).toBeUndefined();
    fire(list, '#new-loan', 'tap');
    await until(() => list.data.formOpen === true, 'the form');
    fire(list, '#request-loan', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请选择房屋');
    // The home is chosen by building, then room: the directory sends one building's rooms at a time.
    const home = list.querySelector('#loan-home')!;
    await until(() => (home.data.buildings as unknown[]).length > 0, 'the buildings');
    expect(home.data.units).toEqual([]);
    fire(home, '#loan-unit', 'click');
    expect(wx.ui.at(-1)?.options.title).toBe('请先选择楼栋');
    fire(home, '#loan-building', 'click');
    fire(home, '#loan-building-picker', 'confirm', { value: ['1栋'] });
    await until(() => (home.data.units as unknown[]).length > 0, 'the rooms of 1栋');
    expect((home.data.units as { full: string }[]).every((unit) => unit.full.startsWith('1栋'))).toBe(true);
    fire(home, '#loan-unit', 'click');
    fire(home, '#loan-unit-picker', 'confirm', { value: [seeded.units[0].id] });
    expect(textOf(list, '#loan-form')).toContain('1栋1单元101');
    fire(list, '#loan-purpose', 'change', { value: '核对业主历年报修记录' });
    fire(list, '#request-loan', 'tap');
    await until(() => lastNavigation().startsWith('/packages/site/pages/file-loan/index?id='), 'the loan to open');
    loanId = lastNavigation().split('id=')[1];
    await until(() => (list.data.items as unknown[]).length === 1, 'the register to list it');
    expect(textOf(list, `#loan-${loanId}`)).toContain('户档案 1栋1单元101');
    expect(textOf(list, `#loan-${loanId}`)).toContain('待审批');
  });

  test('each party sees exactly the buttons the server allows: the manager approves, the keeper lends, the borrower reads the file', async () => {
    const allowedTo = async (openid: string): Promise<FileLoanAction[]> => (await okAs(seeded.env, openid)('fileLoan.get', { id: loanId })).allowed;

    let page = await open('file-loan', seeded.staff.cs, { id: loanId });
    expect(buttons(page, LOAN_ACTIONS)).toEqual(await allowedTo(seeded.staff.cs));
    expect(buttons(page, LOAN_ACTIONS)).toEqual([]);

    page = await open('file-loan', seeded.staff.manager, { id: loanId });
    expect(buttons(page, LOAN_ACTIONS)).toEqual(await allowedTo(seeded.staff.manager));
    expect(buttons(page, LOAN_ACTIONS)).toEqual(['approve', 'refuse']);
    // Refusing needs a reason, before any dialog.
    fire(page, '#action-refuse', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请填写不批准的原因');
    wx.answerModals(false);
    fire(page, '#action-approve', 'tap');
    await until(() => wx.ui.at(-1)?.api === 'showModal', 'the confirmation');
    expect((page.data.loan as { status: string }).status).toBe('requested');
    fire(page, '#action-approve', 'tap');
    await until(() => (page.data.loan as { status: string }).status === 'approved', 'the approval');
    expect(textOf(page, '#trail')).toContain('客服经理审批：经理陈');

    page = await open('file-loan', seeded.staff.infokeeper, { id: loanId });
    expect(buttons(page, LOAN_ACTIONS)).toEqual(['lend']);
    fire(page, '#action-lend', 'tap');
    await until(() => (page.data.loan as { status: string }).status === 'lent', 'the hand-out');
    expect(buttons(page, LOAN_ACTIONS)).toEqual(['return']);

    page = await open('file-loan', seeded.staff.cs, { id: loanId });
    expect(buttons(page, LOAN_ACTIONS)).toEqual(['read']);
    fire(page, '#action-read', 'tap');
    await until(() => page.data.file !== null, 'the lent file');
    expect(textOf(page, '#lent-file')).toContain('1栋1单元101');
    expect(textOf(page, '#lent-file')).toContain('张*');
    const log = (await okAs(seeded.env, seeded.staff.manager)('accessLog.list', { communityId: seeded.communityId })).items;
    expect(log[0]).toMatchObject({ actorName: '客服小王', subject: '1栋1单元101' });
  });

  test("the desk registers a police query only after checking the officer's document; approved by the manager, it waits for the general manager", async () => {
    const list = await open('file-loans', seeded.staff.cs, { communityId: seeded.communityId });
    fire(list, '#new-loan', 'tap');
    await until(() => list.data.formOpen === true, 'the form');
    fire(list, '#loan-home', 'change', { unitId: seeded.units[1].id, label: seeded.units[1].label });
    fire(list, '#loan-purpose', 'change', { value: '协助调查案件，查询住户登记信息' });
    fire(list, '#loan-authority', 'change', { value: true });
    fire(list, '#authority-body', 'change', { value: '成都市公安局高新分局' });
    fire(list, '#authority-officer', 'change', { value: '李建国' });
    fire(list, '#authority-document', 'change', { value: '警官证' });
    fire(list, '#authority-number', 'change', { value: '510100123456' });
    fire(list, '#request-loan', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请先核对查询人出示的合法证件');
    fire(list, '#authority-checked', 'change', { checked: true });
    const before = wx.ui.filter((ui) => ui.api === 'navigateTo').length;
    fire(list, '#request-loan', 'tap');
    await until(() => wx.ui.filter((ui) => ui.api === 'navigateTo').length > before, 'the query to open');
    const queryId = lastNavigation().split('id=')[1];
    const query = await okAs(seeded.env, seeded.staff.manager)('fileLoan.get', { id: queryId });
    expect(query.authority).toEqual({ body: '成都市公安局高新分局', officerName: '李建国', documentType: '警官证', documentNumber: '510100123456' });
    await okAs(seeded.env, seeded.staff.manager)('fileLoan.approve', { id: queryId, version: query.version, note: '' });

    const page = await open('file-loan', seeded.staff.infokeeper, { id: queryId });
    expect(textOf(page, '#summary')).toContain('待总经理同意');
    expect(textOf(page, '#authority')).toContain('警官证 510100123456');
    expect(buttons(page, LOAN_ACTIONS)).toEqual([]);
    const asHead = await open('file-loan', ADMIN_OPENID, { id: queryId });
    expect(buttons(asHead, LOAN_ACTIONS)).toEqual(['consent', 'refuse']);
  });

  test('the keepers open the handover record; a technician is told the register is not theirs', async () => {
    const handovers = await open('keeper-handovers', seeded.staff.manager, { communityId: seeded.communityId });
    expect(handovers.querySelector('#empty')).toBeTruthy();
    expect(handovers.querySelector('#new-handover')).toBeUndefined();
    const keeper = await open('keeper-handovers', seeded.staff.infokeeper, { communityId: seeded.communityId });
    expect(keeper.querySelector('#new-handover')).toBeTruthy();

    wx.actAs(seeded.staff.tech);
    const refused = mount(pages['file-loans']);
    refused.instance.onLoad({ communityId: seeded.communityId });
    await until(() => refused.data.status === 'error', 'the refusal');
    expect(textOf(refused, '#error')).toContain('文件借阅仅对客服、客服经理、档案管理员和管理员开放');
  });
});

describe('合同清单 and 商铺管理', () => {
  test('a manager enters a contract ending in 20 days: it shows as expiring, and only the buttons allowed to each show', async () => {
    const list = await open('contracts', seeded.staff.manager, { communityId: seeded.communityId });
    expect(list.querySelector('#empty')).toBeTruthy();
    fire(list, '#new-contract', 'tap');
    await until(() => list.data.formOpen === true, 'the form');
    fire(list, '#contract-party', 'change', { value: '蓉城绿化工程有限公司' });
    fire(list, '#contract-subject', 'change', { value: '小区绿化养护' });
    fire(list, '#contract-end', 'click');
    fire(list, '#date-picker', 'confirm', { value: daysFromToday(20) });
    fire(list, '#contract-start', 'click');
    fire(list, '#date-picker', 'confirm', { value: daysFromToday(-345) });
    fire(list, '#contract-amount', 'change', { value: '12.345' });
    fire(list, '#create-contract', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('金额最多两位小数（到分）：12.345');
    fire(list, '#contract-amount', 'change', { value: '120000' });
    fire(list, '#create-contract', 'tap');
    await until(() => (list.data.items as unknown[]).length === 1, 'the contract to be listed');
    const [row] = list.data.items as { id: string }[];
    expect(textOf(list, `#contract-${row.id}`)).toContain('即将到期');
    expect(textOf(list, `#contract-${row.id}`)).toContain('剩余 20 天');
    expect(textOf(list, `#contract-${row.id}`)).toContain('¥120000.00');

    const actions: ContractAction[] = ['update', 'end'];
    const asManager = await open('contract', seeded.staff.manager, { id: row.id });
    expect(buttons(asManager, actions)).toEqual((await okAs(seeded.env, seeded.staff.manager)('contract.get', { id: row.id })).allowed);
    expect(buttons(asManager, actions)).toEqual(['update', 'end']);
    const asKeeper = await open('contract', seeded.staff.infokeeper, { id: row.id });
    expect(buttons(asKeeper, actions)).toEqual((await okAs(seeded.env, seeded.staff.infokeeper)('contract.get', { id: row.id })).allowed);
    expect(buttons(asKeeper, actions)).toEqual(['update']);

    // Back on the manager's phone.
    wx.actAs(seeded.staff.manager);
    fire(asManager, '#action-end', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请填写终止原因');
    fire(asManager, '#end-note', 'change', { value: '合同到期不再续签' });
    fire(asManager, '#action-end', 'tap');
    await until(() => (asManager.data.contract as { status: string }).status === 'ended', 'the contract to end');
    expect(textOf(asManager, '#ended')).toContain('合同到期不再续签');
    expect(buttons(asManager, actions)).toEqual([]);
  });

  test('the desk registers a shop with an expired licence and records a failed fire check with its follow-up', async () => {
    const list = await open('shops', seeded.staff.cs, { communityId: seeded.communityId });
    expect(list.querySelector('#empty')).toBeTruthy();
    fire(list, '#new-shop', 'tap');
    await until(() => list.data.formOpen === true, 'the form');
    fire(list, '#shop-name', 'change', { value: '邻里便利店' });
    fire(list, '#shop-tenant', 'change', { value: '王小明' });
    fire(list, '#shop-business', 'change', { value: '日用百货' });
    fire(list, '#shop-licences', 'change', { value: `食品经营许可证 JY15101000000001 ${daysFromToday(-3)}` });
    fire(list, '#create-shop', 'tap');
    await until(() => (list.data.items as unknown[]).length === 1, 'the shop to be listed');
    const [row] = list.data.items as { id: string }[];
    expect(textOf(list, `#shop-${row.id}`)).toContain('食品经营许可证已过期');
    expect(textOf(list, `#shop-${row.id}`)).toContain(`下次消防检查 ${daysFromToday(30)}（每 30 天）`);

    const actions: ShopAction[] = ['update', 'recordCheck', 'close'];
    const page = await open('shop', seeded.staff.cs, { id: row.id });
    expect(buttons(page, actions)).toEqual((await okAs(seeded.env, seeded.staff.cs)('shop.get', { id: row.id })).allowed);
    expect(buttons(page, actions)).toEqual(['update', 'recordCheck']);
    fire(page, '#item-0', 'change', { checked: true });
    fire(page, '#item-4', 'change', { checked: true });
    fire(page, '#result-fail', 'tap');
    fire(page, '#action-recordCheck', 'tap');
    expect(wx.ui.at(-1)?.options.title).toBe('请填写整改要求');
    fire(page, '#check-follow-up', 'change', { value: '疏散通道堆放货物，限当日清理后复查' });
    fire(page, '#action-recordCheck', 'tap');
    await until(() => (page.data.shop as { checks: unknown[] }).checks.length === 1, 'the check to be recorded');
    expect(textOf(page, '#checks')).toContain('不合格 · 客服小王');
    expect(textOf(page, '#checks')).toContain('检查：灭火器、疏散通道');
    expect(textOf(page, '#checks')).toContain('整改要求：疏散通道堆放货物，限当日清理后复查');

    const asManager = await open('shop', seeded.staff.manager, { id: row.id });
    expect(buttons(asManager, actions)).toEqual(['update', 'recordCheck', 'close']);
  });
});
