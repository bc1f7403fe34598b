/**
 * End to end in a browser: the real home page of build/miniprogram, on the
 * preview's component framework in headless Chromium from Debian, reaches a local cloud as a
 * WeChat user and shows what the cloud answered. Screenshots go to test-artifacts/.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../preview/server';
import { projectRoot, startLocalCloud, type RunningCloud } from '../support/local-cloud';

const CHROMIUM = '/usr/bin/chromium';
const artifacts = join(projectRoot, 'test-artifacts');
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  console.warn(`e2e preview tests skipped: ${CHROMIUM} is absent (apt-get install -y chromium)`);
}
const describeInBrowser = haveChromium ? describe : describe.skip;

describeInBrowser('the preview in Chromium', () => {
  let cloud: RunningCloud;
  let preview: RunningPreview;
  let browser: Browser;
  const env = `e2e-preview-${Date.now().toString(36)}`;

  beforeAll(async () => {
    cloud = await startLocalCloud();
    preview = await startPreview({ port: 0, cloudUrl: cloud.url, env });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { chromium } = require('playwright-core') as typeof import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
      // playwright-core gives each launch a new, empty user-data-dir of its own (and removes it).
    });
    mkdirSync(artifacts, { recursive: true });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await cloud?.stop();
  });

  async function open(openid: string): Promise<{ page: Page; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 480, height: 820 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${preview.url}/?openid=${encodeURIComponent(openid)}&env=${encodeURIComponent(env)}&page=pages/home/index`);
    return { page, errors };
  }

  test('the home page, as a WeChat user, shows 已连接 and the OPENID the cloud returned', async () => {
    const openid = 'o-demo-owner';
    const { page, errors } = await open(openid);
    const screen = page.locator('#screen');
    try {
      await screen.getByText('已连接').waitFor({ timeout: 20_000 });
      await screen.getByText(openid).waitFor({ timeout: 5_000 });
    } finally {
      await page.screenshot({ path: join(artifacts, 'preview-home.png') });
      writeFileSync(join(artifacts, 'preview-home.html'), await page.content());
    }
    const text = await screen.innerText();
    expect(text).toContain('物业客服'); // the navigation bar and the page title
    expect(text).toContain('服务状态');
    expect(text).toContain('已连接');
    expect(text).toContain(openid);
    expect(text).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/); // the server time the cloud answered
    // A new user has no approved home: the page asks to bind one (a TDesign button from miniprogram_npm).
    expect(text).toContain('绑定房屋');
    // The page's WXSS applies, rpx scaled to the 375 px frame (750rpx = 375px).
    const title = await page.locator('[class~="main--home__title"]').evaluate((node) => getComputedStyle(node).fontSize);
    expect(title).toMatch(/px$/);
    // The connection card, scrolled into the phone's view, for the artefact.
    await screen.getByText('已连接').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(artifacts, 'preview-home-connected.png') });
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  test('another user sees their own OPENID', async () => {
    const { page, errors } = await open('o-e2e-someone-else');
    await page.locator('#screen').getByText('o-e2e-someone-else').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(artifacts, 'preview-home-other-user.png') });
    expect(await page.locator('#screen').innerText()).not.toContain('o-demo-owner');
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);
});
