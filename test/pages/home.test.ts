/// <reference lib="dom" />
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { loadPage, simulate } from '../support/pages';

/** Resolves once the page leaves its loading state (it calls the cloud on load). */
async function settled(page: ReturnType<typeof simulate.render>): Promise<void> {
  for (let i = 0; i < 200 && page.data.status === 'loading'; i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('home page', () => {
  let pageId: string;
  let wx: FakeWx;
  beforeAll(() => {
    wx = installFakeWx({ baseUrl: localCloudUrl(), env: uniqueEnv('home'), openid: 'o-home-owner-1' });
    pageId = loadPage('pages/home/index');
  });

  test('shows the OPENID the api function got back through the local cloud', async () => {
    const page = simulate.render(pageId);
    page.attach(document.createElement('parent-wrapper'));

    expect(page.querySelector('#loading')).toBeTruthy();
    page.instance.onLoad();
    await settled(page);

    expect(page.data.status).toBe('ready');
    const text = page.dom!.textContent ?? '';
    expect(text).toContain('已连接');
    expect(text).toContain('o-home-owner-1');
    expect(page.data.serverTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  });

  test('tells the user when the cloud cannot be reached and offers to retry', async () => {
    wx.useCloud({ baseUrl: 'http://127.0.0.1:9' });
    const page = simulate.render(pageId);
    page.attach(document.createElement('parent-wrapper'));
    page.instance.onLoad();
    await settled(page);

    expect(page.data.status).toBe('error');
    const error = page.querySelector('#error');
    expect(error?.dom?.textContent).toContain('网络连接失败');
    expect(error?.dom?.textContent).toContain('重新连接');
  });
});
