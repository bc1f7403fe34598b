/**
 * miniprogram-automator for the end-to-end tests, written with its API: on the preview in Chromium
 * (a tab on the preview as a user, paired with an automator connection through the preview server,
 * see preview/automator.ts), where every scenario runs; and in WeChat DevTools when
 * `WECHAT_DEVTOOLS_CLI` names its command-line tool (`automator.launch` on this repository), where
 * the single-user suite of test/e2e/automator.test.ts runs. Screenshots: DevTools takes them
 * itself; for the preview, Chromium takes them of the phone.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import automator from 'miniprogram-automator';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type { Browser, Page } from 'playwright-core';
import { automatorEndpoint } from '../../preview/automator';
import type { RunningPreview } from '../../preview/server';
import { projectRoot } from './local-cloud';

/** The command-line tool of WeChat DevTools (`cli`, `cli.bat`), when this machine has it. */
export const DEVTOOLS_CLI = process.env.WECHAT_DEVTOOLS_CLI;
const DEVTOOLS_MISSING = 'WeChat DevTools not found: set WECHAT_DEVTOOLS_CLI to run the DevTools suite of test/e2e/automator.test.ts';

/** A mini-program under automation, wherever it runs. */
export interface AutomatedMiniProgram {
  miniProgram: MiniProgram;
  /** A PNG of what the phone shows; also written to `path` when given. */
  screenshot(path?: string): Promise<Buffer>;
  close(): Promise<void>;
}

export interface PreviewMiniProgram extends AutomatedMiniProgram {
  /** The Chromium tab showing the preview. */
  chromePage: Page;
  /** Errors the page threw. */
  errors: string[];
}

export interface ConnectOptions {
  browser: Browser;
  /** The preview server, http://127.0.0.1:port. */
  previewUrl: string;
  /** The WeChat user the phone acts as. */
  openid: string;
  env: string;
  /** The page the app starts on (default: its first page). */
  page?: string;
  /** The automator session pairing the tab with the connection (default: a new one). */
  session?: string;
}

/** Opens the preview as `openid` in a new Chromium tab and connects miniprogram-automator to it. */
export async function connectMiniProgram(options: ConnectOptions): Promise<PreviewMiniProgram> {
  const session = options.session ?? `e2e-${randomUUID()}`;
  const chromePage = await options.browser.newPage({ viewport: { width: 480, height: 820 } });
  const errors: string[] = [];
  chromePage.on('pageerror', (error) => errors.push(error.message));
  const query = new URLSearchParams({ openid: options.openid, env: options.env, automator: session });
  if (options.page) query.set('page', options.page.replace(/^\//, ''));
  let miniProgram: MiniProgram;
  try {
    await chromePage.goto(`${options.previewUrl}/?${query.toString()}`);
    // Requests wait in the preview server until the tab has joined the session.
    miniProgram = await automator.connect({ wsEndpoint: automatorEndpoint(options.previewUrl, session) });
  } catch (error) {
    await chromePage.close();
    throw error;
  }
  return {
    miniProgram,
    chromePage,
    errors,
    screenshot: (path) => chromePage.locator('#screen').screenshot(path ? { path } : {}),
    close: async () => {
      miniProgram.disconnect();
      await chromePage.close();
    },
  };
}

let warned = false;
/** A suite for WeChat DevTools; skipped, saying how to run it, where DevTools is absent. */
export function describeInDevTools(name: string, body: () => void): void {
  if (!DEVTOOLS_CLI && !warned) {
    warned = true;
    console.log(DEVTOOLS_MISSING);
  }
  (DEVTOOLS_CLI ? describe : describe.skip)(name, body);
}

/** Launches WeChat DevTools on this project with automation on, as the WeChat account signed in to it. */
export async function launchDevTools(): Promise<AutomatedMiniProgram> {
  if (!DEVTOOLS_CLI) throw new Error(DEVTOOLS_MISSING);
  const miniProgram = await automator.launch({ cliPath: DEVTOOLS_CLI, projectPath: projectRoot });
  return {
    miniProgram,
    screenshot: async (path) => {
      const png = Buffer.from(String(await miniProgram.screenshot()), 'base64');
      if (path) writeFileSync(path, png);
      return png;
    },
    close: () => miniProgram.close(),
  };
}

// ---- phones: one preview tab per user, for scenarios with several people -------------------------
export interface AutomatedPhone {
  openid: string;
  miniProgram: MiniProgram;
  screenshot(): Promise<Buffer>;
  /** The text of everything the phone shows (page, dialogs, notification banners). */
  screenText(): Promise<string>;
  /** The last toasts the phone showed, oldest first (each is gone within seconds). */
  toasts(): Promise<string[]>;
  /** Service notifications shown on this phone, newest first. */
  notifications(): Promise<string[]>;
  /** What the tab bar shows (labels and badges). */
  tabBarText(): Promise<string>;
  /** The preview's 群消息 panel: the group robots' posts, newest first. */
  groupPosts(): Promise<string[]>;
  /** How many pixels the page's canvases have drawn (not transparent, not white). */
  canvasInk(): Promise<number>;
  /** Taps the item of the open action sheet (e.g. WeChat's pay sheet) whose text starts with `text`. */
  tapSheetItem(text: string): Promise<void>;
}

export interface AutomatedPhones {
  as(openid: string): Promise<AutomatedPhone>;
  /** Moves the local cloud's clock forward (timers that fall due run). */
  advanceClock(hours: number): Promise<void>;
  close(): Promise<void>;
}

/** Phones on the preview: a Chromium tab per user, opened on first use and kept for the suite. */
export function previewPhones(options: { browser: Browser; preview: RunningPreview; cloudUrl: string; env: string }): AutomatedPhones {
  const open = new Map<string, Promise<PreviewMiniProgram>>();
  return {
    async as(openid) {
      let connecting = open.get(openid);
      if (!connecting) {
        connecting = connectMiniProgram({ browser: options.browser, previewUrl: options.preview.url, openid, env: options.env });
        open.set(openid, connecting);
      }
      const connected = await connecting;
      return {
        openid,
        miniProgram: connected.miniProgram,
        screenshot: () => connected.screenshot(),
        screenText: () => connected.chromePage.locator('#screen').innerText(),
        toasts: async () => JSON.parse((await connected.chromePage.locator('#toast').getAttribute('data-shown')) ?? '[]') as string[],
        // The tab bar of the page in view (the pages below it keep theirs, hidden).
        tabBarText: () =>
          connected.chromePage.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>('.preview-tab-bar'))
              .filter((bar) => bar.offsetParent !== null)
              .map((bar) => bar.innerText)
              .join('\n'),
          ),
        groupPosts: () => connected.chromePage.evaluate(() => Array.from(document.querySelectorAll('#group-posts .group-post')).map((card) => (card as HTMLElement).innerText)),
        canvasInk: () =>
          connected.chromePage.evaluate(() => {
            let ink = 0;
            for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('#pages canvas'))) {
              if (!canvas.width || !canvas.height) continue;
              const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
              for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) ink += 1;
            }
            return ink;
          }),
        tapSheetItem: async (text) => {
          const item = connected.chromePage.locator('.preview-overlay--sheet .sheet-item', { hasText: text }).first();
          // A sheet may follow a cloud call (WeChat's pay sheet comes after the order is placed): allow
          // for a cold function instance on a busy machine.
          await item.waitFor({ state: 'visible', timeout: 30_000 });
          await item.click();
        },
        notifications: () =>
          connected.chromePage.evaluate(() =>
            Array.from(document.querySelectorAll('#notices .notice')).map((card) =>
              Array.from(card.children)
                .map((line) => line.textContent ?? '')
                .join('\n'),
            ),
          ),
      };
    },
    async advanceClock(hours) {
      const response = await fetch(`${options.cloudUrl}/_emulator/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceMs: hours * 3_600_000 }),
      });
      if (!response.ok) throw new Error(`the local cloud did not move its clock: ${response.status} ${await response.text()}`);
    },
    async close() {
      const all = [...open.values()];
      open.clear();
      await Promise.all(all.map(async (connecting) => (await connecting).close().catch(() => undefined)));
    },
  };
}
