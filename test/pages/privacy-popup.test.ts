/// <reference lib="dom" />
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { fire, loadPage, mount, textOf, until, type Rendered } from '../support/pages';

describe('privacy popup (隐私保护提示)', () => {
  let wx: FakeWx;
  let popupId: string;

  beforeAll(() => {
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: uniqueEnv('privacy'), openid: 'o-privacy-user' });
    popupId = loadPage('components/privacy-popup/index');
  });

  async function shown(popup: Rendered): Promise<void> {
    await until(() => popup.data.visible === true, 'the popup to show');
  }

  /** A tap on a plain `<text>` link inside the popup. */
  async function tapLink(popup: Rendered, selector: string): Promise<void> {
    popup.querySelector(selector)!.dispatchEvent('tap');
    await until(() => wx.ui.length > 0, 'the link to be followed');
  }

  test('stays hidden until WeChat asks for consent', () => {
    const popup = mount(popupId);
    expect(popup.data.visible).toBe(false);
  });

  test('appears when a privacy API is held, explains the data, and agreeing lets the call go on', async () => {
    const popup = mount(popupId);
    const answer = wx.needPrivacyAuthorization('button.getPhoneNumber');
    await shown(popup);

    const text = textOf(popup);
    expect(text).toContain('隐私保护提示');
    expect(text).toContain('姓名、手机号');
    expect(text).toContain('不收集身份证号');
    expect(text).toContain('信息专管员');

    // WeChat resumes the call only for the native agree button the user tapped: that button's id and open-type.
    const agree = popup.querySelector('#agree')!;
    expect(agree.data).toMatchObject({ tId: 'privacy-agree', openType: 'agreePrivacyAuthorization' });
    fire(popup, '#agree', 'agreeprivacyauthorization');

    await expect(answer).resolves.toEqual({ event: 'agree', buttonId: 'privacy-agree' });
    expect(popup.data.visible).toBe(false);
  });

  test('refusing fails the held calls, all of them', async () => {
    const popup = mount(popupId);
    const first = wx.needPrivacyAuthorization('chooseMedia');
    const second = wx.needPrivacyAuthorization('setClipboardData');
    await shown(popup);

    fire(popup, '#refuse', 'tap');

    await expect(first).resolves.toEqual({ event: 'disagree' });
    await expect(second).resolves.toEqual({ event: 'disagree' });
    expect(popup.data.visible).toBe(false);
  });

  test('leaving the page answers a call still held, as WeChat requires', async () => {
    const popup = mount(popupId);
    const answer = wx.needPrivacyAuthorization('chooseMedia');
    await shown(popup);
    popup.detach();
    await expect(answer).resolves.toEqual({ event: 'disagree' });
  });

  test('links open WeChat’s privacy guide and our own notice', async () => {
    const popup = mount(popupId);
    const answer = wx.needPrivacyAuthorization('chooseMedia');
    await shown(popup);

    wx.ui.length = 0;
    await tapLink(popup, '#open-contract');
    expect(wx.ui.map((record) => record.api)).toEqual(['openPrivacyContract']);

    wx.ui.length = 0;
    await tapLink(popup, '#open-notice');
    expect(wx.ui).toEqual([{ api: 'navigateTo', options: { url: '/pages/privacy/index' } }]);

    // Reading the notice does not answer for the user.
    expect(popup.data.visible).toBe(true);
    fire(popup, '#agree', 'agreeprivacyauthorization');
    await expect(answer).resolves.toMatchObject({ event: 'agree' });
  });
});
