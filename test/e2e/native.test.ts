/**
 * WeChat's built-in components in the preview, through the real pages as a user meets them in
 * Debian's Chromium: typing in the new-ticket form reaches the page (its character count and its
 * validation), the visit-time picker fills the field, a photo picked for the ticket shows, and
 * on the binding form the phone-number button waits for the privacy notice, then fills the
 * number WeChat hands out (the local cloud's demo number). Screenshots go to test-artifacts/.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { startPreview, type RunningPreview } from '../../preview/server';
import { DEMO_USER_LABELS, seedDemo } from '../../scripts/demo';
import { artifacts, describeInBrowser, launchChromium } from '../support/browser';
import { projectRoot, startLocalCloud, type RunningCloud } from '../support/local-cloud';

/** What the local cloud's phone-number button yields when nobody chooses a number. */
const DEMO_PHONE_NUMBER = '13800138000';

/** A 2×2 PNG, as a photo picked from the album. */
const PHOTO = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEklEQVR4nGP4z8DAwMDAgA4AAP8BAf9ZfQ0AAAAASUVORK5CYII=', 'base64');

/**
 * The app uses WeChat's form controls only through TDesign; a page of the bare controls (and a
 * TDesign input and submit button in the same form), added to a copy of the built app, shows what
 * they do for pages that use them directly.
 */
const LAB_PAGE = {
  wxml: `<view class="lab">
  <form bindsubmit="onSubmit" bindreset="onReset">
    <input name="title" placeholder="标题" />
    <t-input name="contact" label="联系人" value="张伟" />
    <view class="row">加急 <switch name="urgent" /></view>
    <checkbox-group name="tags"><label><checkbox value="water" />水</label><label><checkbox value="power" checked />电</label></checkbox-group>
    <radio-group name="level"><label><radio value="low" />低</label><label><radio value="high" checked />高</label></radio-group>
    <picker name="kind" range="{{kinds}}" range-key="label" value="{{kindIndex}}" bindchange="onKind"><view class="row">类别：{{kinds[kindIndex].label}}</view></picker>
    <picker name="date" mode="date" value="{{date}}" start="2024-01-15" end="2024-03-10" bindchange="onDate"><view class="row">日期：{{date}}</view></picker>
    <picker mode="time" value="{{time}}" bindchange="onTime" bindcancel="onCancel"><view class="row">时间：{{time}}</view></picker>
    <t-button type="submit" theme="primary" block>提交</t-button>
    <button form-type="reset">重置</button>
  </form>
  <button disabled bindtap="onDisabledTap">不可用</button>
  <view class="row">不可用按钮被点了 {{taps}} 次，取消了 {{cancels}} 次</view>
  <view class="row">{{submitted}}</view>
</view>`,
  js: `Component({
  data: { kinds: [{ label: '报修' }, { label: '投诉' }, { label: '咨询' }], kindIndex: 0, date: '2024-02-01', time: '09:15', submitted: '', taps: 0, cancels: 0 },
  methods: {
    onKind(e) { this.setData({ kindIndex: Number(e.detail.value) }); },
    onDate(e) { this.setData({ date: e.detail.value }); },
    onTime(e) { this.setData({ time: e.detail.value }); },
    onCancel() { this.setData({ cancels: this.data.cancels + 1 }); },
    onSubmit(e) { this.setData({ submitted: '已提交 ' + JSON.stringify(e.detail.value) }); },
    onReset() { this.setData({ submitted: '已重置' }); },
    onDisabledTap() { this.setData({ taps: this.data.taps + 1 }); },
  },
});`,
  json: JSON.stringify({
    usingComponents: { 't-input': 'tdesign-miniprogram/input/input', 't-button': 'tdesign-miniprogram/button/button' },
    navigationBarTitleText: '表单控件',
  }),
  wxss: '.row { padding: 8px 12px; }',
};

function appWithLabPage(): string {
  const dir = mkdtempSync(join(tmpdir(), 'native-lab-'));
  cpSync(join(projectRoot, 'build', 'miniprogram'), dir, { recursive: true });
  mkdirSync(join(dir, 'pages', 'native-lab'), { recursive: true });
  for (const [ext, text] of Object.entries(LAB_PAGE)) writeFileSync(join(dir, 'pages', 'native-lab', `index.${ext}`), text);
  const app = JSON.parse(readFileSync(join(dir, 'app.json'), 'utf8')) as { pages: string[] };
  app.pages.push('pages/native-lab/index');
  writeFileSync(join(dir, 'app.json'), JSON.stringify(app));
  return dir;
}

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
  let labPreview: RunningPreview;
  let labDir = '';
  let browser: Browser;

  beforeAll(async () => {
    cloud = await startLocalCloud();
    await seedDemo(cloud.url);
    labDir = appWithLabPage();
    [preview, labPreview] = await Promise.all([
      startPreview({ port: 0, cloudUrl: cloud.url, env: 'demo', users: DEMO_USER_LABELS }),
      startPreview({ port: 0, cloudUrl: cloud.url, env: 'demo', users: DEMO_USER_LABELS, miniprogramDir: labDir }),
    ]);
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await preview?.close();
    await labPreview?.close();
    await cloud?.stop();
    if (labDir) rmSync(labDir, { recursive: true, force: true });
  });

  async function open(openid: string, route: string, on: RunningPreview = preview): Promise<{ page: Page; screen: Locator; errors: string[] }> {
    const page = await browser.newPage({ viewport: { width: 480, height: 820 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${on.url}/?openid=${encodeURIComponent(openid)}&env=demo&page=${encodeURIComponent(route)}`);
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

  test('the visit-time picker fills 期望上门 with the day and period chosen, by tapping or by turning the wheel', async () => {
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
      const today = await eventually(() => visit.inputValue(), (value) => /^\d+月\d+日 晚上/.test(value), '期望上门');
      // The page's own value now shows in the field, so its placeholder is gone.
      await expect(screen.getByText('如：明天上午，可不填', { exact: true }).isVisible()).resolves.toBe(false);

      // Again, turning the day wheel with a finger: two rows up from 明天.
      await screen.getByText('选择', { exact: true }).click();
      const days = await screen.getByText(/^(今天|明天|周.) \d+月\d+日$/).allInnerTexts();
      const tomorrow = screen.getByText(/^明天 /);
      // The sheet slides up first: wait until the wheel stands still.
      let seen = -1;
      await eventually(
        async () => (await tomorrow.boundingBox())?.y ?? -1,
        (y) => {
          const still = y >= 0 && y === seen;
          seen = y;
          return still;
        },
        'the wheel',
      );
      const box = (await tomorrow.boundingBox())!;
      const row = box.y - (await screen.getByText(/^今天 /).boundingBox())!.y;
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.down();
      // Slowly (over more than TDesign's 300 ms fling time), so the wheel stops where the finger does.
      for (let step = 1; step <= 10; step++) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2 - (step * 2 * row) / 10);
        await page.waitForTimeout(40);
      }
      await page.mouse.up();
      await screen.getByText('确认', { exact: true }).click();
      const chosenDay = days[days.findIndex((label) => label.startsWith('明天')) + 2].split(' ')[1];
      await eventually(() => visit.inputValue(), (value) => value !== today && value.startsWith(chosenDay), '期望上门');
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
  test('bare form controls: a form collects what was typed, switched, ticked and picked; reset clears it; a disabled button does not tap', async () => {
    const { page, screen, errors } = await open('o-demo-owner', 'pages/native-lab/index', labPreview);
    try {
      const title = page.locator('#pages wx-input input').first();
      await title.waitFor({ timeout: 20_000 });
      await title.pressSequentially('楼道灯');
      await inputLabelled(page, '联系人').fill('李娜'); // TDesign's input is a form field of its own
      await page.locator('#pages wx-switch').click();
      await screen.getByText('水', { exact: true }).click(); // a label ticks its checkbox
      await screen.getByText('低', { exact: true }).click();

      await screen.getByText('类别：报修', { exact: true }).click();
      await screen.getByText('咨询', { exact: true }).click();
      await screen.getByText('确定', { exact: true }).click();
      await screen.getByText('类别：咨询', { exact: true }).waitFor({ timeout: 5_000 });

      // The date picker keeps to start–end: March offers only up to the 10th.
      await screen.getByText('日期：2024-02-01', { exact: true }).click();
      await screen.getByText('03月', { exact: true }).click();
      await expect(screen.getByText('10日', { exact: true }).count()).resolves.toBe(1);
      await expect(screen.getByText('11日', { exact: true }).count()).resolves.toBe(0);
      await screen.getByText('10日', { exact: true }).click();
      await screen.getByText('确定', { exact: true }).click();
      await screen.getByText('日期：2024-03-10', { exact: true }).waitFor({ timeout: 5_000 });

      await screen.getByText('时间：09:15', { exact: true }).click();
      await screen.getByText('取消', { exact: true }).click();
      await screen.getByText('取消了 1 次', { exact: false }).waitFor({ timeout: 5_000 });
      await expect(screen.getByText('时间：09:15', { exact: true }).count()).resolves.toBe(1);

      await screen.getByText('不可用', { exact: true }).click();
      await screen.getByText('提交', { exact: true }).click();
      const submitted = screen.getByText(/^已提交 /);
      await submitted.waitFor({ timeout: 5_000 });
      expect(JSON.parse((await submitted.innerText()).replace(/^已提交 /, ''))).toEqual({
        title: '楼道灯',
        contact: '李娜',
        urgent: true,
        tags: ['water', 'power'],
        level: 'low',
        kind: 2,
        date: '2024-03-10',
      });
      await expect(screen.getByText('不可用按钮被点了 0 次', { exact: false }).count()).resolves.toBe(1);
      await page.screenshot({ path: join(artifacts, 'native-form-controls.png') });

      await screen.getByText('重置', { exact: true }).click();
      await screen.getByText('已重置', { exact: true }).waitFor({ timeout: 5_000 });
      await expect(title.inputValue()).resolves.toBe('');
      await expect(screen.getByText('标题', { exact: true }).isVisible()).resolves.toBe(true); // the placeholder is back
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
