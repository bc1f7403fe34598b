/**
 * WeChat's built-in components in the preview, through the real pages as a user meets them in
 * Debian's Chromium: typing in the new-ticket form reaches the page (its character count and its
 * validation), the visit-time picker fills the field, a photo picked for the ticket shows, and
 * on the binding form the phone-number button waits for the privacy notice, then fills the
 * number WeChat hands out (the local cloud's demo number). Screenshots go to test-artifacts/.
 */
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../preview/server';
import { DEMO_USER_LABELS, seedDemo } from '../../scripts/demo';
import { artifacts, describeInBrowser, launchChromium } from '../support/browser';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';

/** What the local cloud's phone-number button yields when nobody chooses a number. */
const DEMO_PHONE_NUMBER = '13800138000';

/** A 2×2 PNG, as a photo picked from the album. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAgA4AAP8BAf9ZfQ0AAAAASUVORK5CYII=', 'base64');

/** Waits until what `read` gives satisfies `ok` (the page answers asynchronously), failing with what it last gave. */
async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describeInBrowser('built-in components in the preview', () => {
  let cloud: RunningCloud;
  let preview: RunningPreview;
  let browser: Browser;

  beforeAll(async () => {
    cloud = await startLocalCloud();
    await seedDemo(cloud.url);
    preview = await startPreview({ port: 0, cloudUrl: cloud.url, env: 'demo', users: DEMO_USER_LABELS });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await cloud?.stop();
  });

  async function open(openid: string, route: string): Promise<{ page: Page; screen: Locator; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 480, height: 820 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${preview.url}/?openid=${encodeURIComponent(openid)}&env=demo&page=${encodeURIComponent(route)}`);
    return { page, screen: page.locator('#screen'), errors };
  }

  /** The HTML field inside the TDesign input labelled `label`. */
  const inputLabelled = (page: Page, label: string): Locator => page.locator('#pages wx-input input').and(page.getByLabel(label, { exact: true }));

  test('typing in the new-ticket form reaches the page: the count follows, the page validates what was typed', async () => {
    const { page, screen, errors } = await open('o-demo-owner', 'pages/ticket/new');
    try {
      const description = page.locator('#pages wx-textarea textarea');
      await description.waitFor({ timeout: 20_000 });
      // The placeholder the page wrote shows until something is typed.
      await expect(screen.getByText('请描述故障的位置和现象', { exact: false }).isVisible()).resolves.toBe(true);
      await description.click();
      await page.keyboard.type('水管漏');
      await screen.getByText('3/500', { exact: true }).waitFor({ timeout: 5_000 });
      await expect(screen.getByText('请描述故障的位置和现象', { exact: false }).isVisible()).resolves.toBe(false);

      // The phone field has WeChat's number keyboard: letters do not get in.
      const phone = inputLabelled(page, '联系电话');
      await expect(phone.inputValue()).resolves.toBe('13800000001'); // the home's contact, set by the page
      await phone.fill('');
      await phone.pressSequentially('13a9b');
      await expect(phone.inputValue()).resolves.toBe('139');

      await screen.getByText('提交', { exact: true }).click();
      // The page checked what was typed: too short a description, an incomplete phone number.
      await screen.getByText('描述至少 5 个字，请写得具体一些', { exact: true }).first().waitFor({ timeout: 5_000 });
      await screen.getByText('请填写 11 位中国大陆手机号，如 13812345678', { exact: true }).first().waitFor({ timeout: 5_000 });
      await page.screenshot({ path: join(artifacts, 'native-new-ticket-typed.png') });

      await description.click();
      await page.keyboard.type('，地面有积水');
      await screen.getByText('9/500', { exact: true }).waitFor({ timeout: 5_000 });
      // Typing again clears the page's message for the description.
      await expect(screen.getByText('描述至少 5 个字，请写得具体一些', { exact: true }).count()).resolves.toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  test('the visit-time picker fills 期望上门 with the day and period chosen', async () => {
    const { page, screen, errors } = await open('o-demo-owner', 'pages/ticket/new');
    try {
      const visit = inputLabelled(page, '期望上门');
      await visit.waitFor({ timeout: 20_000 });
      await expect(visit.inputValue()).resolves.toBe('');
      await screen.getByText('选择', { exact: true }).click();
      await screen.getByText('期望上门时间', { exact: true }).waitFor({ timeout: 5_000 });
      await screen.getByText(/^今天 /).click();
      await screen.getByText('晚上', { exact: false }).click();
      await page.screenshot({ path: join(artifacts, 'native-visit-picker.png') });
      await screen.getByText('确认', { exact: true }).click();
      await eventually(() => visit.inputValue(), (value) => /^\d+月\d+日 晚上/.test(value), '期望上门');
      // The page's own value now shows in the field, so its placeholder is gone.
      await expect(screen.getByText('如：明天上午，可不填', { exact: true }).isVisible()).resolves.toBe(false);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  test('a photo picked for the ticket shows as its thumbnail', async () => {
    const { page, screen, errors } = await open('o-demo-owner', 'pages/ticket/new');
    try {
      const add = page.locator('#pages [class~="t-upload--t-upload__add-icon"]');
      await add.waitFor({ timeout: 20_000 });
      await add.click();
      // Choosing images is a privacy API: the page's notice asks first.
      await screen.getByText('同意并继续', { exact: true }).click();
      await page.locator('.preview-file-input').setInputFiles({ name: 'leak.png', mimeType: 'image/png', buffer: PHOTO });
      const thumbnail = page.locator('#pages wx-image img');
      await thumbnail.waitFor({ timeout: 10_000 });
      // The image loaded (TDesign shows it once the image reports `load`) and is drawn.
      await eventually(() => thumbnail.evaluate((img) => (img as HTMLImageElement).naturalWidth), (width) => width === 2, 'the photo');
      await eventually(() => page.locator('#pages [class~="t-image--t-image--loading"]').count(), (count) => count === 0, 'the loading mask');
      await expect(thumbnail.isVisible()).resolves.toBe(true);
      await thumbnail.scrollIntoViewIfNeeded();
      await page.screenshot({ path: join(artifacts, 'native-photo.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);

  test('the phone-number button waits for the privacy notice, then fills the number WeChat gives', async () => {
    const { page, screen, errors } = await open('o-native-new-owner', 'pages/bind/index');
    try {
      const phone = inputLabelled(page, '手机号');
      await phone.waitFor({ timeout: 20_000 });
      await expect(phone.inputValue()).resolves.toBe('');
      await screen.getByText('微信手机号', { exact: true }).click();
      // WeChat holds the request until the user agrees to the privacy notice: no number sheet yet.
      await page.evaluate(() => (window as unknown as { __preview: { idle(): Promise<void> } }).__preview.idle());
      await expect(screen.getByText('使用微信绑定号码', { exact: false }).count()).resolves.toBe(0);
      await screen.getByText('同意并继续', { exact: true }).click();
      await screen.getByText('使用微信绑定号码', { exact: false }).click();
      await eventually(() => phone.inputValue(), (value) => value === DEMO_PHONE_NUMBER, '手机号');
      await page.screenshot({ path: join(artifacts, 'native-phone-number.png') });
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
