/// <reference lib="dom" />
/**
 * Move-in as its users see it: the desk's register and acceptance form, the owner's move-in record
 * and the 管理规约 they sign, the manager's versions, and the file's documents and preferences.
 */
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Mounted } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

jest.setTimeout(120_000);

const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

let seeded: SeededCommunity;
let wx: FakeWx;
const pages: Record<string, string> = {};

beforeAll(async () => {
  seeded = await seedCommunity(uniqueEnv('movein-pages'), 'mp');
  wx = installFakeWx({ baseUrl: localCloudUrl(), env: seeded.env, openid: seeded.staff.cs });
  for (const page of ['moveins', 'movein', 'agreements', 'my-movein', 'agreement']) pages[page] = loadPage(`packages/home/pages/${page}/index`);
  pages['unit-file'] = loadPage('packages/staff/pages/unit-file/index');
  await okAs(seeded.env, seeded.staff.manager)('agreement.publish', {
    communityId: seeded.communityId,
    kind: 'provisional',
    title: '临时管理规约',
    body: '第一条 业主应当遵守本临时管理规约，爱护共用部位和共用设施设备。',
  });
});

async function open(page: string, openid: string, query: Record<string, string> = {}): Promise<Mounted> {
  wx.actAs(openid);
  const mounted = mount(pages[page]);
  expect(mounted.querySelector('#loading')).toBeTruthy();
  mounted.instance.onLoad(query);
  await until(() => mounted.data.status !== 'loading', `${page} to load`);
  expect(mounted.data.errorMessage).toBe('');
  return mounted;
}

const toasts = (): string[] => wx.ui.filter((ui) => ui.api === 'showToast').map((ui) => String(ui.options.title));
const last = (api: string): string => String(wx.ui.filter((ui) => ui.api === api).at(-1)?.options.url ?? '');

describe('入住办理 (the desk)', () => {
  test('the register starts empty; the desk opens the form, records documents, an item with a problem and a defect with a photo, and saves', async () => {
    const list = await open('moveins', seeded.staff.cs, { communityId: seeded.communityId });
    expect(list.querySelector('#empty')).toBeTruthy();
    fire(list, '#new-movein', 'tap');
    expect(last('navigateTo')).toBe(`/packages/home/pages/movein/index?communityId=${seeded.communityId}`);

    const form = await open('movein', seeded.staff.cs, { communityId: seeded.communityId });
    fire(form, '#save', 'tap');
    expect(toasts().at(-1)).toBe('请选择房屋');
    fire(form, '#movein-unit', 'change', { unitId: seeded.units[0].id, label: seeded.units[0].label });
    fire(form, '#documents', 'change', { value: ['notice', 'id-copy'] });
    fire(form, '#keys-sets', 'change', { value: '2' });
    fire(form, '#meter-water', 'change', { value: '1.5x' });
    fire(form, '#save', 'tap');
    expect(toasts().at(-1)).toBe('表具读数只能是数字，最多两位小数');
    fire(form, '#meter-water', 'change', { value: '1.50' });
    // 卫生间 is the fifth room; 防水 its third item.
    expect(textOf(form, '#room-4')).toContain('防水 合格');
    fire(form, '#item-4-2', 'click');
    await until(() => textOf(form, '#room-4').includes('防水 有问题'), 'the item marked as a problem');

    fire(form, '#add-defect', 'tap');
    await until(() => form.data.defectOpen === true, 'the defect form');
    fire(form, '#confirm-defect', 'tap');
    expect(toasts().at(-1)).toBe('请填写部位');
    fire(form, '#defect-room', 'change', { value: '卫生间' });
    fire(form, '#defect-item', 'change', { value: '防水' });
    fire(form, '#defect-description', 'change', { value: '闭水试验后楼下顶板渗水' });
    wx.pickMedia([{ name: 'leak.jpg', bytes: PHOTO }]);
    (form.querySelector('#defect-photos')!.querySelector('#upload')!.instance as unknown as { onAddTap(): void }).onAddTap();
    await until(() => (form.data.defect as { photos: string[]; uploads: string }).photos.length === 1, 'the photo to upload');
    fire(form, '#confirm-defect', 'tap');
    await until(() => (form.data.defects as unknown[]).length === 1, 'the defect listed');
    expect(textOf(form, '#defect-0')).toContain('卫生间·防水：闭水试验后楼下顶板渗水（照片 1 张）');

    fire(form, '#save', 'tap');
    await until(() => last('redirectTo').startsWith('/packages/home/pages/movein/index?'), 'the saved record to open');
    const [row] = (await okAs(seeded.env, seeded.staff.manager)('movein.list', { communityId: seeded.communityId })).items;
    expect(row).toMatchObject({ unitLabel: '1栋1单元101', ownerName: '张*', status: 'open', defects: 1 });
    expect(last('redirectTo')).toContain(`id=${row.id}`);

    const saved = await open('movein', seeded.staff.manager, { communityId: seeded.communityId, id: row.id });
    expect(textOf(saved, '#summary')).toContain('待业主确认');
    expect(textOf(saved, '#signed-line')).toBe('等待业主在小程序中确认验收');
    expect(textOf(saved, '#defect-ticket-0')).toBe('业主确认验收后转为开发商保修工单');
    expect(saved.querySelector('#save')).toBeTruthy();

    const registered = await open('moveins', seeded.staff.manager, { communityId: seeded.communityId });
    expect(textOf(registered, `#movein-${row.id}`)).toContain('1栋1单元101 张*');
    expect(textOf(registered, `#movein-${row.id}`)).toContain('问题 1 项');
  });
});

describe('the owner', () => {
  test('reads and signs the 管理规约; the signed version is listed', async () => {
    const page = await open('agreement', seeded.owner, {});
    expect(textOf(page, '#agreement-title')).toBe('临时管理规约（临时管理规约，第 1 版）');
    expect(textOf(page, '#no-signatures')).toBe('还没有签署记录');
    wx.answerModals(false);
    fire(page, '#sign', 'tap');
    await until(() => wx.ui.at(-1)?.api === 'showModal', 'the confirmation');
    expect(page.data.signedCurrent).toBe(false);
    fire(page, '#sign', 'tap');
    await until(() => page.data.signedCurrent === true, 'the signature');
    expect(page.querySelector('#sign')).toBeUndefined();
    expect(textOf(page, '#signed')).toBe('您已签署本版本');
    expect(textOf(page, '#signature-0')).toMatch(/^临时管理规约（第 1 版）张伟 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 签署$/);
  });

  test("confirms the acceptance once; the defect becomes a warranty ticket whose progress the record shows", async () => {
    const page = await open('my-movein', seeded.owner);
    const [record] = await okAs(seeded.env, seeded.owner)('movein.mine', {});
    const card = `#record-${record.id}`;
    expect(textOf(page, card)).toContain('入伙通知书、业主身份证复印件');
    expect(textOf(page, card)).toContain('临时管理规约（第 1 版）张伟');
    expect(textOf(page, `#defect-ticket-${record.defects[0].id}`)).toBe('业主确认验收后转为开发商保修工单');
    expect(page.querySelector(`#sign-${record.id}`)).toBeTruthy();

    fire(page, `#sign-${record.id}`, 'tap');
    await until(() => (page.data.records as { status: string }[])[0].status === 'signed', 'the confirmation');
    expect(page.querySelector(`#sign-${record.id}`)).toBeUndefined();
    const [signed] = await okAs(seeded.env, seeded.owner)('movein.mine', {});
    const ticket = signed.defects[0].ticket!;
    expect(textOf(page, `#defect-ticket-${record.defects[0].id}`)).toBe(`保修工单 ${ticket.number} · 待受理：等待物业客服受理`);
    expect(textOf(page, `#signed-${record.id}`)).toMatch(/^业主 张伟 已于 .* 在小程序中确认$/);

    // The desk works the ticket; the owner sees it move on, and opens it.
    const staffTicket = await okAs(seeded.env, seeded.staff.cs)('ticket.get', { id: ticket.id });
    await okAs(seeded.env, seeded.staff.cs)('ticket.accept', { id: ticket.id, version: staffTicket.version });
    const again = await open('my-movein', seeded.owner);
    expect(textOf(again, `#defect-ticket-${record.defects[0].id}`)).toContain(`保修工单 ${ticket.number} · 已受理`);
    fire(again, `#defect-${record.defects[0].id}`, 'tap');
    expect(last('navigateTo')).toBe(`/pages/ticket/detail?id=${ticket.id}`);
  });

  test('an owner without a move-in is told what it is for', async () => {
    const page = await open('my-movein', seeded.stranger);
    expect(page.querySelector('#empty')).toBeTruthy();
    expect(page.data.records).toEqual([]);
  });
});

describe('管理规约 versions (the manager)', () => {
  test('the manager publishes a new version from the current text; customer service reads them but cannot publish', async () => {
    const desk = await open('agreements', seeded.staff.cs, { communityId: seeded.communityId });
    expect(desk.querySelector('#new-version')).toBeUndefined();
    const page = await open('agreements', seeded.staff.manager, { communityId: seeded.communityId });
    fire(page, '#new-version', 'tap');
    await until(() => page.data.formOpen === true, 'the form');
    expect((page.data.form as { body: string }).body).toContain('第一条 业主应当遵守本临时管理规约');
    fire(page, '#agreement-kind', 'change', { value: 'management' });
    fire(page, '#agreement-title', 'change', { value: '管理规约' });
    fire(page, '#agreement-body', 'change', { value: '第一条 本管理规约经业主大会表决通过，对全体业主具有约束力。' });
    fire(page, '#publish', 'tap');
    await until(() => (page.data.items as unknown[]).length === 2, 'the new version listed');
    expect(toasts().at(-1)).toBe('已发布第 2 版');
    const [current] = page.data.items as { id: string }[];
    expect(textOf(page, `#version-${current.id}`)).toContain('管理规约（管理规约，第 2 版）现行');

    const owner = await open('agreement', seeded.owner, {});
    expect(owner.querySelector('#sign')).toBeTruthy();
    expect(textOf(owner, '#signature-0')).toContain('临时管理规约（第 1 版）');
  });
});

describe('户档案: documents, move-in and preferences', () => {
  test('the file shows the documents received, the signed agreement and the move-in; the keeper keeps preferences the desk sees only as kept', async () => {
    const unitId = seeded.units[0].id;
    let desk = await open('unit-file', seeded.staff.cs, { communityId: seeded.communityId, unitId });
    expect(textOf(desk, '#document-notice')).toContain('已收');
    expect(textOf(desk, '#document-photo')).toContain('未收');
    expect(textOf(desk, '#agreement-0')).toContain('临时管理规约（第 1 版）张*');
    expect(textOf(desk, '#moveins')).toContain('业主确认');
    const prefs = (page: Mounted): Mounted => page.querySelector('#file-preferences') as unknown as Mounted;
    expect(textOf(prefs(desk), '#preferences-line')).toBe('尚未登记');
    expect(prefs(desk).querySelector('#edit-preferences')).toBeUndefined();

    fire(desk, '#new-movein', 'tap');
    expect(last('navigateTo')).toBe(`/packages/home/pages/movein/index?communityId=${seeded.communityId}&unitId=${unitId}`);
    const preset = await open('movein', seeded.staff.cs, { communityId: seeded.communityId, unitId: seeded.units[1].id });
    expect(textOf(preset, '#preset-unit')).toBe('1栋1单元102');
    expect(preset.querySelector('#movein-unit')).toBeUndefined();

    const keeper = await open('unit-file', seeded.staff.infokeeper, { communityId: seeded.communityId, unitId });
    expect(keeper.querySelector('#new-movein')).toBeUndefined();
    const section = prefs(keeper);
    fire(section, '#edit-preferences', 'tap');
    await until(() => Boolean(section.querySelector('#preferences-form')), 'the preferences form');
    fire(section, '#preferences-hobbies', 'change', { value: '书法、太极拳' });
    fire(section, '#preferences-needs', 'change', { value: '家中有行动不便的老人' });
    fire(section, '#save-preferences', 'tap');
    await until(() => (keeper.data.file as { preferences: { recorded: boolean } }).preferences.recorded, 'the preferences saved');
    expect(textOf(section, '#preferences-line')).toMatch(/^已登记：张\*，/);

    desk = await open('unit-file', seeded.staff.cs, { communityId: seeded.communityId, unitId });
    expect(textOf(prefs(desk), '#preferences-line')).toMatch(/^已登记：张\*，.*（仅信息专管员可查看）$/);
    expect(textOf(desk, '#preferences')).not.toContain('太极拳');
    expect(prefs(desk).querySelector('#reveal-preferences')).toBeUndefined();

    const reading = await open('unit-file', seeded.staff.infokeeper, { communityId: seeded.communityId, unitId });
    const readingSection = prefs(reading);
    wx.typeInModals('上门服务前了解住户需求');
    fire(readingSection, '#reveal-preferences', 'tap');
    await until(() => Boolean(readingSection.querySelector('#preferences-full')), 'the preferences in full');
    expect(textOf(readingSection, '#preferences-full')).toContain('爱好：书法、太极拳');
    expect(textOf(readingSection, '#preferences-full')).toContain('人性化需求：家中有行动不便的老人');
    const [entry] = (await okAs(seeded.env, seeded.staff.manager)('accessLog.list', { communityId: seeded.communityId })).items;
    expect(entry).toMatchObject({ actorName: '专管员周', fields: ['客户个性资料'], reason: '上门服务前了解住户需求' });
  });
});
