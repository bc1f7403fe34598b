/**
 * The phone frame of the preview in headless Chromium: the real pages of build/miniprogram on
 * the component framework, reaching a local cloud with demo data as the user picked in the frame.
 * What a person trying the product sees: the tab bar (工作台 only for staff), the page stack
 * with the back button, tab pages kept alive, WeChat's dialogs, another user on another phone.
 * Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../preview/server';
import { DEMO_ENV, DEMO_USER_LABELS, DEMO_USERS, seedDemo } from '../../scripts/demo';
import { artifacts, describeInBrowser, launchChromium } from '../support/browser';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';

describeInBrowser('the preview in Chromium', () => {
  let cloud: RunningCloud;
  let preview: RunningPreview;
  let browser: Browser;

  beforeAll(async () => {
    cloud = await startLocalCloud();
    await seedDemo(cloud.url);
    preview = await startPreview({ port: 0, cloudUrl: cloud.url, env: DEMO_ENV, users: DEMO_USER_LABELS });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await cloud?.stop();
  });

  async function open(openid: string, page = ''): Promise<{ tab: Page; errors: string[] }> {
    const tab = await browser.newPage({ viewport: { width: 480, height: 820 } });
    const errors: string[] = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    await tab.goto(`${preview.url}/?openid=${encodeURIComponent(openid)}&env=${DEMO_ENV}${page ? `&page=${encodeURIComponent(page)}` : ''}`);
    await tab.waitForSelector('body[data-ready="true"]');
    return { tab, errors };
  }

  const title = (tab: Page) => tab.locator('#nav-title').innerText();
  const tabBar = (tab: Page) => tab.locator('.preview-layer:visible .preview-tab-bar');

  test('an owner sees the home page with their home, and a tab bar without 工作台', async () => {
    const { tab, errors } = await open(DEMO_USERS.owner);
    const screen = tab.locator('#screen');
    await screen.getByText('锦城花园 1栋1单元101').waitFor();
    await screen.getByText('已连接').scrollIntoViewIfNeeded();
    await tab.screenshot({ path: join(artifacts, 'preview-home-owner.png') });
    expect(await title(tab)).toBe('物业客服');
    const tabs = await tabBar(tab).innerText();
    expect(tabs).toContain('首页');
    expect(tabs).toContain('我的');
    expect(tabs).not.toContain('工作台');
    // The page's WXSS from wcsc applies, rpx scaled to the 375 px frame: 32rpx body text is 16 px.
    expect(await screen.getByText('锦城花园 1栋1单元101').evaluate((node) => getComputedStyle(node).fontSize)).toBe('16px');
    expect(errors).toEqual([]);
    await tab.close();
  }, 60_000);

  test('a page opened from the home page stacks over it; the back button returns to the same home page', async () => {
    const { tab, errors } = await open(DEMO_USERS.owner);
    const screen = tab.locator('#screen');
    await screen.getByText('我的报事').click();
    await screen.getByText('BX20', { exact: false }).first().waitFor();
    expect(await title(tab)).toBe('我的报事');
    expect(await tab.locator('#route').innerText()).toBe('/pages/ticket/list');
    await expect(tab.locator('#nav-back').isVisible()).resolves.toBe(true);
    await tab.screenshot({ path: join(artifacts, 'preview-ticket-list.png') });
    // Pages below stay in the stack, hidden, as in WeChat.
    expect(await tab.locator('.preview-layer').count()).toBe(2);
    await tab.locator('#nav-back').click();
    expect(await title(tab)).toBe('物业客服');
    expect(await tab.locator('.preview-layer').count()).toBe(1);
    await expect(tab.locator('#nav-back').isVisible()).resolves.toBe(false);
    expect(errors).toEqual([]);
    await tab.close();
  }, 60_000);

  test('staff see 工作台 in the tab bar; switching tabs keeps each tab page alive', async () => {
    const { tab, errors } = await open(DEMO_USERS.cs);
    await tabBar(tab).getByText('工作台').waitFor();
    await tabBar(tab).getByText('工作台').click();
    await tab.waitForFunction(() => document.getElementById('route')?.textContent === '/pages/staff/index');
    await tab.locator('.preview-layer:visible').getByText('我的工作').waitFor();
    await tab.screenshot({ path: join(artifacts, 'preview-workbench-cs.png') });
    await tabBar(tab).getByText('首页').click();
    await tab.waitForFunction(() => document.getElementById('route')?.textContent === '/pages/home/index');
    // Both tab pages exist; only the one in view is shown.
    expect(await tab.locator('.preview-layer').count()).toBe(2);
    expect(await tab.locator('.preview-layer:visible').count()).toBe(1);
    expect(errors).toEqual([]);
    await tab.close();
  }, 60_000);

  test('another user is another phone: the switcher reopens the app as them', async () => {
    const { tab, errors } = await open(DEMO_USERS.owner);
    await tab.locator('#screen').getByText('锦城花园 1栋1单元101').waitFor();
    await Promise.all([tab.waitForURL(/openid=o-demo-owner-pending/), tab.locator('#user').selectOption(DEMO_USERS.pendingOwner)]);
    await tab.waitForSelector('body[data-ready="true"]');
    await tab.locator('#screen').getByText('房屋认证通过后即可报修', { exact: false }).waitFor();
    expect(await tab.locator('#screen').innerText()).not.toContain('已通过');
    await tab.screenshot({ path: join(artifacts, 'preview-home-pending-owner.png') });
    expect(errors).toEqual([]);
    await tab.close();
  }, 60_000);

  test('a form looks as in WeChat: whole icons, plain required marks, photo grid to scale, no privacy notice until asked, the toast above a popup', async () => {
    const { tab, errors } = await open(DEMO_USERS.owner, '/pages/renovation/apply');
    const screen = tab.locator('#screen');
    await screen.getByText('工期（北京时间）').waitFor();
    const text = await screen.innerText();
    // TDesign writes the required mark as `<text decode>&nbsp;*</text>`.
    expect(text).not.toContain('&nbsp;');
    expect(text).toMatch(/计划开工\s*\*/);
    // The privacy notice is a sheet WeChat raises when a privacy API needs consent, not part of the
    // page, here and on a page that declares no popup of its own.
    expect(text).not.toContain('隐私保护提示');
    const other = await open(DEMO_USERS.owner, '/pages/ticket/new');
    await other.tab.locator('#screen').getByText('情况描述').first().waitFor();
    expect(await other.tab.locator('#screen').innerText()).not.toContain('隐私保护提示');
    // The photo grid is set up once the form appears (TDesign's upload sizes it in `ready`):
    // 160rpx squares, 80 px on the 375 px screen.
    const add = await other.tab.locator('#screen [class~="t-upload--t-upload__add-icon"]').first().boundingBox();
    expect(add && [Math.round(add.width), Math.round(add.height)]).toEqual([80, 80]);
    expect(other.errors).toEqual([]);
    await other.tab.close();

    // Icons are drawn whole: the bottom and the right of the clear icon's circle are painted.
    const painted = await tab.evaluate(async () => {
      const image = new Image();
      image.src = '/icons/close-circle-filled.svg';
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = 24;
      canvas.height = 24;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0, 24, 24);
      const alpha = (x: number, y: number) => context.getImageData(x, y, 1, 1).data[3];
      return { bottom: alpha(12, 21), right: alpha(21, 12), centre: alpha(12, 12) };
    });
    expect(painted.bottom).toBeGreaterThan(0);
    expect(painted.right).toBeGreaterThan(0);
    // The centre is the cross, cut out of the circle.
    expect(painted.centre).toBe(0);

    // Ticking 我已阅读并同意 first opens the terms (a TDesign popup) and says why, in a toast that stays on top.
    await screen.getByText('我已阅读并同意', { exact: true }).click();
    await screen.getByText('装修须知与协议', { exact: true }).waitFor();
    const toast = tab.locator('#toast');
    await toast.getByText('请先阅读禁止行为和注意事项及管理服务协议').waitFor();
    const onTop = await toast.evaluate((element) => {
      const box = element.getBoundingClientRect();
      const hit = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
      return Boolean(hit && element.contains(hit));
    });
    expect(onTop).toBe(true);
    await tab.screenshot({ path: join(artifacts, 'preview-renovation-terms.png') });
    expect(errors).toEqual([]);
    await tab.close();
  }, 60_000);

  test('the phone’s clock is the cloud’s: the demo runs two days ahead, and so do the visit days offered', async () => {
    const { tab, errors } = await open(DEMO_USERS.owner, '/pages/ticket/new');
    const screen = tab.locator('#screen');
    await screen.getByText('情况描述').first().waitFor();
    const { now } = (await (await fetch(`${cloud.url}/_emulator/clock`)).json()) as { now: string };
    const cloudNow = Date.parse(now);
    // The demo moved the cloud's clock 49 hours on; the phone follows it, not the computer.
    expect(cloudNow - Date.now()).toBeGreaterThan(48 * 3_600_000);
    expect(Math.abs((await tab.evaluate(() => Date.now())) - cloudNow)).toBeLessThan(10_000);
    await screen.getByText('选择', { exact: true }).click();
    const china = new Date(cloudNow + 8 * 3_600_000);
    await screen.getByText(`今天 ${china.getUTCMonth() + 1}月${china.getUTCDate()}日`, { exact: true }).waitFor({ timeout: 5_000 });
    expect(errors).toEqual([]);
    await tab.close();
  }, 60_000);
});
