/// <reference lib="dom" />
import { okAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';
import { seedCommunity, type SeededCommunity } from '../support/seed';

interface Option {
  label: string;
  value: string;
}

/** The smallest JPEG header, enough for a picked photo. */
const PHOTO = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0xff, 0xd9]);

describe('binding a unit (绑定房屋)', () => {
  const newcomer = 'o-bind-newcomer';
  let garden: SeededCommunity;
  let other: SeededCommunity;
  let wx: FakeWx;
  let pageId: string;

  beforeAll(async () => {
    const env = uniqueEnv('bind');
    garden = await seedCommunity(env, 'bindA');
    other = await seedCommunity(env, 'bindB');
    wx = installFakeWx({ baseUrl: localCloudUrl(), env, openid: newcomer });
    pageId = loadPage('pages/bind/index');
  }, 90_000);

  async function open(): Promise<Rendered> {
    const page = mount(pageId);
    page.instance.onLoad();
    await until(() => page.data.status !== 'loading', 'the communities to load');
    expect(page.data.status).toBe('ready');
    return page;
  }

  /** Taps a 小区 / 楼栋 / 房号 row and picks the option the user reads as `label`; returns what the picker offered. */
  async function pick(page: Rendered, row: string, label: string): Promise<string[]> {
    await until(() => !page.data.directoryLoading, 'the directory to load');
    fire(page, row, 'click');
    expect(page.data.picker).not.toBe('');
    const options = page.data.pickerOptions as Option[];
    const option = options.find((candidate) => candidate.label === label);
    if (!option) throw new Error(`${label} is not offered; offered: ${options.map((o) => o.label).join(', ')}`);
    fire(page, '#picker', 'confirm', { value: [option.value], label: [label] });
    expect(page.data.picker).toBe('');
    return options.map((candidate) => candidate.label);
  }

  function type(page: Rendered, field: '#name' | '#phone', value: string): void {
    fire(page, field, 'change', { value });
  }

  function toasts(): string[] {
    return wx.ui.filter((record) => record.api === 'showToast').map((record) => String(record.options.title));
  }

  const bindingRequests = () => wx.calls.filter((call) => call.action === 'binding.request');

  async function chooseRoom(page: Rendered): Promise<void> {
    const communities = await pick(page, '#pick-community', garden.communityName);
    expect(communities).toEqual(expect.arrayContaining([garden.communityName, other.communityName]));
    const buildings = await pick(page, '#pick-building', '1栋');
    expect(buildings).toEqual(['1栋', '2栋']);
    const rooms = await pick(page, '#pick-unit', '1单元 102');
    expect(rooms).toEqual(['1单元 101', '1单元 102', '2单元 201']);
  }

  test('the owner chooses community, then building, then room', async () => {
    const page = await open();
    fire(page, '#pick-unit', 'click');
    expect(toasts().at(-1)).toBe('请先选择小区');

    await chooseRoom(page);

    expect(page.data.unitId).toBe(garden.units[1].id);
    const text = textOf(page);
    expect(text).toContain(garden.communityName);
    expect(text).toContain('1栋1单元102');
  });

  test('a wrong phone number or name is refused with a message before anything is sent', async () => {
    const page = await open();
    await chooseRoom(page);
    type(page, '#name', '李娜');
    type(page, '#phone', '1380000000');
    fire(page, '#submit', 'tap');

    expect(toasts().at(-1)).toContain('11 位中国大陆手机号');
    expect(textOf(page)).toContain('11 位中国大陆手机号');

    type(page, '#phone', '23800000002');
    type(page, '#name', '李');
    fire(page, '#submit', 'tap');
    expect(toasts().at(-1)).toBe('姓名应为 2–20 个字');
    expect(textOf(page)).toContain('11 位中国大陆手机号');

    type(page, '#name', 'Li Na 2');
    fire(page, '#submit', 'tap');
    expect(toasts().at(-1)).toBe('姓名只能包含汉字、字母或 ·');

    expect(bindingRequests()).toHaveLength(0);
  });

  test('a valid form tapped twice creates one pending binding the owner can see', async () => {
    const page = await open();
    await chooseRoom(page);
    type(page, '#name', '李娜');
    type(page, '#phone', '13800000002');
    const before = bindingRequests().length;

    fire(page, '#submit', 'tap');
    fire(page, '#submit', 'tap');
    await until(() => page.data.result !== null || !page.data.submitting, 'the submission to finish');

    expect(bindingRequests().length - before).toBe(1);
    const text = textOf(page, '#result');
    expect(text).toContain('已提交，等待物业审核');
    expect(text).toContain('1栋1单元102');
    expect(text).toContain('待审核');

    const profile = await okAs(garden.env, newcomer)('me.profile', {});
    expect(profile.bindings).toHaveLength(1);
    expect(profile.bindings[0]).toMatchObject({ unitLabel: '1栋1单元102', status: 'pending', name: '李娜', phone: '13800000002', proofCount: 0 });
  });

  test('the same room again: the cloud refuses and the user reads why', async () => {
    const page = await open();
    await chooseRoom(page);
    type(page, '#name', '李娜');
    type(page, '#phone', '13800000002');
    fire(page, '#submit', 'tap');
    await until(() => !page.data.submitting, 'the submission to finish');

    expect(page.data.result).toBeNull();
    expect(toasts().at(-1)).toBe('该房屋的认证申请正在审核中，请耐心等待');
  });

  test('proof photos (after the privacy prompt) and the WeChat phone number go with the request', async () => {
    const page = await open();
    await pick(page, '#pick-community', other.communityName);
    await pick(page, '#pick-building', '2栋');
    await pick(page, '#pick-unit', '301');
    type(page, '#name', '刘洋');

    // WeChat's phone-number button yields a one-time code; the cloud turns it into the number.
    const issued = await fetch(`${localCloudUrl()}/client/phoneNumberCode`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ phoneNumber: '13800000004' }),
    });
    const { code } = (await issued.json()) as { code: string };
    fire(page, '#wechat-phone', 'getphonenumber', { code, errMsg: 'getPhoneNumber:ok' });
    await until(() => page.data.phone === '13800000004', 'the phone number to be filled in');

    // The notice is a sheet WeChat raises on demand, not part of the form.
    expect(textOf(page)).not.toContain('隐私保护提示');
    // The user has not agreed to the privacy notice yet: choosing photos waits for the popup.
    wx.withholdPrivacyConsent();
    wx.pickMedia([{ name: 'deed.jpg', bytes: PHOTO }]);
    const upload = page.querySelector('#proofs')!;
    (upload.instance as unknown as { onAddTap(): void }).onAddTap();
    const popup = page.querySelector('#privacy-popup')!;
    await until(() => popup.data.visible === true, 'the privacy popup');
    expect(textOf(popup)).toContain('隐私保护提示');
    expect(page.data.proofs).toHaveLength(0);

    fire(popup, '#agree', 'agreeprivacyauthorization');
    await until(() => (page.data.proofs as unknown[]).length === 1, 'the photo to be added');
    expect(popup.data.visible).toBe(false);
    await until(() => !textOf(page).includes('隐私保护提示'), 'the notice to slide away');

    fire(page, '#submit', 'tap');
    await until(() => page.data.result !== null || !page.data.submitting, 'the submission to finish');
    expect(page.data.result).not.toBeNull();

    const [request] = bindingRequests().slice(-1);
    const input = request.input as { proofFileIds: string[] };
    expect(input.proofFileIds).toHaveLength(1);
    expect(input.proofFileIds[0]).toMatch(/^cloud:\/\/.+\/proofs\/.+\.jpg$/);
    const profile = await okAs(other.env, newcomer)('me.profile', {});
    expect(profile.bindings.find((binding) => binding.unitLabel === '2栋301')).toMatchObject({
      status: 'pending',
      phone: '13800000004',
      proofCount: 1,
    });
  });
});
