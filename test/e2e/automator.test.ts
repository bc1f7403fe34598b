/**
 * miniprogram-automator drives the preview as it drives WeChat DevTools: a scenario written with
 * its API alone (no clicks by the browser) opens the owner's tickets from the home page, comes
 * back, and calls and mocks wx methods. It runs on the preview in Chromium against a local cloud
 * with the demo data, and, unchanged, in DevTools where WECHAT_DEVTOOLS_CLI names it. A second
 * suite pins down the protocol details the preview answers (selectors, WXML, XPath, events,
 * errors, pairing). Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import automator from 'miniprogram-automator';
import type { Browser } from 'playwright-core';
import { WebSocket } from 'ws';
import { automatorEndpoint } from '../../preview/automator';
import { startPreview, type RunningPreview } from '../../preview/server';
import { DEMO_ENV, DEMO_USER_LABELS, DEMO_USERS, seedDemo } from '../../scripts/demo';
import { connectMiniProgram, describeInDevTools, launchDevTools, type AutomatedMiniProgram, type PreviewMiniProgram } from '../support/automator';
import { artifacts, describeInBrowser, launchChromium } from '../support/browser';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';

/** Polls until `done` holds: pages answer after their calls to the cloud. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last seen: ${JSON.stringify(value)?.slice(0, 200)})`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

interface TicketSummary {
  id: string;
  number: string;
  summary: string;
}

/**
 * The owner's way to their tickets and back, through miniprogram-automator only. Returns what the
 * pages showed, for the checks that depend on the data (demo data in the preview).
 */
async function ownerOpensTickets(target: AutomatedMiniProgram, shot: (name: string) => string): Promise<{ tickets: TicketSummary[]; phoneCalls: string[] }> {
  const { miniProgram } = target;
  const home = (await miniProgram.reLaunch('/pages/home/index'))!;
  expect(home.path).toBe('pages/home/index');
  await until(() => home.data('status'), (status) => status === 'ready', 'the home page to connect');
  expect(await miniProgram.pageStack()).toHaveLength(1);
  await target.screenshot(shot('home'));

  const entry = await home.$('#my-tickets');
  expect(entry?.tagName).toBe('t-cell');
  await entry!.tap();
  const list = (await until(() => miniProgram.currentPage(), (page) => page?.path === 'pages/ticket/list', 'the ticket list'))!;
  expect((await miniProgram.pageStack()).map((page) => page.path)).toEqual(['pages/home/index', 'pages/ticket/list']);
  await until(() => list.data('status'), (status) => status === 'ready', 'the tickets to load');
  const tickets = (await list.data('items')) as TicketSummary[];
  const cards = await list.$$('.ticket');
  expect(cards).toHaveLength(tickets.length);
  if (tickets.length) {
    expect(await cards[0].attribute('id')).toBe(`ticket-${tickets[0].id}`);
    expect(await cards[0].text()).toContain(tickets[0].summary);
  }
  await target.screenshot(shot('tickets'));

  const back = await miniProgram.navigateBack();
  expect(back?.path).toBe('pages/home/index');
  expect(await miniProgram.pageStack()).toHaveLength(1);

  // wx methods, called as the pages call them.
  await miniProgram.callWxMethod('setStorageSync', 'automator-check', { visits: 1 });
  expect(await miniProgram.callWxMethod('getStorageSync', 'automator-check')).toEqual({ visits: 1 });
  expect(await miniProgram.callWxMethod('getStorage', { key: 'automator-check' })).toMatchObject({ data: { visits: 1 } });
  await expect(miniProgram.callWxMethod('getStorage', { key: 'automator-absent' })).rejects.toThrow();

  // A fixed answer, then the real method again.
  await miniProgram.mockWxMethod('getStorageSync', 'from the mock');
  expect(await miniProgram.callWxMethod('getStorageSync', 'automator-check')).toBe('from the mock');
  await miniProgram.restoreWxMethod('getStorageSync');
  expect(await miniProgram.callWxMethod('getStorageSync', 'automator-check')).toEqual({ visits: 1 });

  // A mock function the page's own call reaches: the service numbers call nobody in a test.
  const phoneCalls: string[] = [];
  await miniProgram.exposeFunction('automatorPhoneCalled', (number: string) => phoneCalls.push(number));
  await miniProgram.mockWxMethod('makePhoneCall', function (options: { phoneNumber: string }) {
    (globalThis as unknown as { automatorPhoneCalled(number: string): void }).automatorPhoneCalled(options.phoneNumber);
    return { errMsg: 'makePhoneCall:ok' };
  });
  const phones = await home.$$('#phones t-cell');
  if (phones.length) {
    await phones[0].tap();
    await until(async () => phoneCalls.length, (count) => count > 0, 'the mocked phone call');
  }
  await miniProgram.restoreWxMethod('makePhoneCall');
  return { tickets, phoneCalls };
}

/** The HTTP status a WebSocket upgrade gets (101 when it is accepted). */
function upgradeStatus(url: string, origin?: string): Promise<number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.on('open', () => {
      resolve(101);
      socket.close();
    });
    socket.on('unexpected-response', (request, response) => {
      resolve(response.statusCode ?? 0);
      request.destroy();
    });
    socket.on('error', () => resolve(0));
  });
}

describeInBrowser('miniprogram-automator on the preview', () => {
  let cloud: RunningCloud;
  let preview: RunningPreview;
  let browser: Browser;
  let owner: PreviewMiniProgram;
  const shot = (name: string) => join(artifacts, `automator-${name}.png`);

  beforeAll(async () => {
    cloud = await startLocalCloud();
    await seedDemo(cloud.url);
    preview = await startPreview({ port: 0, cloudUrl: cloud.url, env: DEMO_ENV, users: DEMO_USER_LABELS });
    browser = await launchChromium();
    owner = await connectMiniProgram({ browser, previewUrl: preview.url, openid: DEMO_USERS.owner, env: DEMO_ENV, page: 'pages/home/index' });
  }, 180_000);

  afterAll(async () => {
    await owner?.close();
    await browser?.close();
    await preview?.close();
    await cloud?.stop();
  });

  test('the owner opens their tickets from the home page and comes back; wx methods are called and mocked', async () => {
    const { tickets, phoneCalls } = await ownerOpensTickets(owner, shot);
    // The demo owner filed tickets and has an approved home with service numbers.
    expect(tickets.length).toBeGreaterThan(0);
    expect(phoneCalls).toEqual(['028-85550110']);
    expect(owner.errors).toEqual([]);
  }, 120_000);

  test('elements are found by the tags, ids and classes the WXML wrote, inside components only through them', async () => {
    const { miniProgram } = owner;
    const home = (await miniProgram.reLaunch('/pages/home/index'))!;
    await until(() => home.data('status'), (status) => status === 'ready', 'the home page to connect');

    const title = (await home.$('.home__title'))!;
    expect(title.tagName).toBe('view');
    expect(await title.attribute('class')).toBe('home__title');
    expect(await title.text()).toBe('物业客服');
    expect(await title.outerWxml()).toBe('<view class="home__title">物业客服</view>');
    expect(await home.$$('view.home__group')).not.toHaveLength(0);
    expect(await home.$$('#tickets > t-cell-group > t-cell')).toHaveLength(2);

    // As in DevTools: a component's own elements are reached through it (or with >>>).
    expect(await home.$('.t-cell__title')).toBeNull();
    const cell = (await home.$('#my-tickets'))!;
    expect(await (await cell.$('.t-cell__title'))!.text()).toContain('我的报事');
    expect(await home.$$('#my-tickets >>> .t-cell__title')).toHaveLength(1);
    expect(await cell.property('title')).toBe('我的报事');
    expect(await (cell as unknown as { data(path: string): Promise<unknown> }).data('title')).toBe('我的报事');
    const wxml = await cell.outerWxml();
    expect(wxml).toMatch(/^<t-cell id="my-tickets"[^>]* title="我的报事"[^>]*>.*我的报事.*<\/t-cell>$/s);
    expect(wxml.match(/ data-page="pages\/ticket\/list"/g)).toHaveLength(1);

    const byXpath = await home.xpath('//t-cell[@title="我的报事"]');
    expect(byXpath?.tagName).toBe('t-cell');
    expect(await (await home.$('page'))!.text()).toContain('报事报修');

    const { width, height } = await cell.size();
    expect(Number(width)).toBeGreaterThan(300);
    expect(Number(height)).toBeGreaterThan(40);
    expect((await cell.offset()).top).toBeGreaterThan(0);

    await home.setData({ errorMessage: 'set by automation' });
    expect(await home.data('errorMessage')).toBe('set by automation');
    expect(await home.callMethod('onRetry')).toBeUndefined();
  }, 60_000);

  test('typing, events, evaluate, console and errors answer as DevTools does', async () => {
    const { miniProgram } = owner;
    const form = (await miniProgram.reLaunch('/pages/ticket/new'))!;
    await until(() => form.data('status'), (status) => status === 'ready', 'the form to load');
    const field = (await (await form.$('#description'))!.$('textarea'))!;
    expect(field.tagName).toBe('textarea');
    await (field as unknown as { input(value: string): Promise<void> }).input('卫生间水管接口漏水');
    await until(() => form.data('descriptionLength'), (length) => length === 9, 'the typed description');
    expect(await field.value()).toBe('卫生间水管接口漏水');
    await (await form.$('#description'))!.trigger('change', { value: '楼道灯不亮' });
    expect(await form.data('description')).toBe('楼道灯不亮');

    expect(await miniProgram.evaluate('function () { return getCurrentPages().map(function (page) { return page.route; }); }')).toEqual(['pages/ticket/new']);
    const lines: unknown[] = [];
    miniProgram.on('console', (message: unknown) => lines.push(message));
    await miniProgram.evaluate(function () {
      console.log('from the page', 42);
    });
    await until(async () => lines.length, (count) => count > 0, 'the console line');
    expect(lines[0]).toEqual({ type: 'log', args: ['from the page', 42] });

    await expect(miniProgram.screenshot()).rejects.toThrow(/page\.screenshot\(\)/);
    await expect(miniProgram.callWxMethod('noSuchMethod')).rejects.toThrow('wx.noSuchMethod not exists');

    // An element of a page that has closed answers with an error, as in DevTools.
    const stale = (await form.$('#description'))!;
    await miniProgram.reLaunch('/pages/home/index');
    await expect(stale.text()).rejects.toThrow(/no longer on the page|page destroyed/);
  }, 60_000);

  test('requests wait for the page to join its session; a reloaded page rejoins it', async () => {
    const session = `late-${Date.now().toString(36)}`;
    let connected = false;
    const connecting = automator.connect({ wsEndpoint: automatorEndpoint(preview.url, session) }).then((miniProgram) => {
      connected = true;
      return miniProgram;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(connected).toBe(false);
    const tab = await browser.newPage();
    try {
      await tab.goto(`${preview.url}/?openid=${DEMO_USERS.tenant}&env=${DEMO_ENV}&automator=${session}`);
      const miniProgram = await connecting;
      expect((await miniProgram.currentPage())?.path).toBe('pages/home/index');
      await miniProgram.callWxMethod('setStorageSync', 'kept', 'across reloads');
      await tab.reload();
      expect(await until(() => miniProgram.callWxMethod('getStorageSync', 'kept').catch(() => 'not yet'), (value) => value === 'across reloads', 'the reloaded page')).toBe('across reloads');
      miniProgram.disconnect();
    } finally {
      await tab.close();
    }
  }, 60_000);

  test('only automator clients and the preview\u2019s own pages may connect', async () => {
    const endpoint = automatorEndpoint(preview.url, 'guarded');
    const pageEndpoint = endpoint.replace('/automator?', '/automator/page?');
    expect(await upgradeStatus(endpoint)).toBe(101);
    expect(await upgradeStatus(endpoint, 'https://example.com')).toBe(403);
    expect(await upgradeStatus(pageEndpoint)).toBe(403);
    expect(await upgradeStatus(pageEndpoint, preview.url)).toBe(101);
    expect(await upgradeStatus(automatorEndpoint(preview.url, 'bad session!'))).toBe(400);
  });
});

describeInDevTools('miniprogram-automator in WeChat DevTools', () => {
  test('the owner opens their tickets from the home page and comes back; wx methods are called and mocked', async () => {
    const devtools = await launchDevTools();
    try {
      await ownerOpensTickets(devtools, (name) => join(artifacts, `devtools-${name}.png`));
    } finally {
      await devtools.close();
    }
  }, 300_000);
});
