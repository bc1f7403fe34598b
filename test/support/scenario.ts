/**
 * End-to-end scenarios written with miniprogram-automator's API. A scenario gets `Phones`: one
 * mini-program per user (a Chromium tab on the preview as that user), and runs named steps. Each
 * step saves a screenshot of the phone it acted on; a failing step throws an error naming the step,
 * with the screenshot and the page's text saved next to it (test-artifacts/<scenario>/).
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type MiniProgram from 'miniprogram-automator/out/MiniProgram';
import type Page from 'miniprogram-automator/out/Page';
import { artifacts } from './browser';

export interface Phone {
  openid: string;
  miniProgram: MiniProgram;
  /** A PNG of what the phone shows. */
  screenshot(): Promise<Buffer>;
  /** The text of everything the phone shows (page, dialogs, notification banners). */
  screenText(): Promise<string>;
  /** The last toasts the phone showed, oldest first (each is gone within seconds). */
  toasts(): Promise<string[]>;
  /** Service notifications shown on this phone (subscribe messages), newest first. */
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

export interface Phones {
  as(openid: string): Promise<Phone>;
  /** Moves the cloud's clock forward (timers that fall due run). */
  advanceClock(hours: number): Promise<void>;
  close(): Promise<void>;
}

export class Scenario {
  private count = 0;
  private readonly dir: string;

  constructor(readonly name: string) {
    this.dir = join(artifacts, name);
    // Only this run's pictures: a step that failed last time must not seem to fail now.
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** Runs one step on `phone`; saves `NN-<title>.png` after it, or the page and the reason when it fails. */
  async step<T>(title: string, phone: Phone, action: () => Promise<T>): Promise<T> {
    this.count += 1;
    const file = `${String(this.count).padStart(2, '0')}-${title.replace(/[\s/]+/g, '-')}`;
    try {
      const result = await action();
      writeFileSync(join(this.dir, `${file}.png`), await phone.screenshot());
      return result;
    } catch (error) {
      const shot = await phone.screenshot().catch(() => undefined);
      if (shot) writeFileSync(join(this.dir, `${file}.failed.png`), shot);
      const text = await phone.screenText().catch(() => '(the page text could not be read)');
      writeFileSync(join(this.dir, `${file}.failed.txt`), text);
      const reason = error instanceof Error ? error.message : String(error);
      const toasts = await phone.toasts().catch(() => []);
      throw new Error(`${this.name}, step ${this.count} “${title}” (${phone.openid}) failed: ${reason}\nthe phone showed:\n${text.slice(0, 1500)}\nits last toasts: ${JSON.stringify(toasts)}\nscreenshot: ${join(this.dir, `${file}.failed.png`)}`);
    }
  }
}

/**
 * Polls `read` until `done` holds (pages answer after calls to the cloud). The default allows for
 * cold function instances and a browser on a machine busy with other work: it only delays a
 * failure, never a pass.
 */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (done(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last seen: ${JSON.stringify(last)?.slice(0, 300)})`);
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
}

/** The page's data at `path` once it satisfies `done`. */
export function dataUntil<T>(page: Page, path: string, done: (value: T) => boolean, what = path, timeoutMs?: number): Promise<T> {
  return until(() => page.data(path) as Promise<T>, done, what, timeoutMs);
}

/** Taps the element matching `selector` in `page` (a WeChat selector: `#id`, `.class`, `t-button`). */
export async function tap(page: Page, selector: string): Promise<void> {
  const element = await until(() => page.$(selector), (found) => found !== null, `${selector} to appear`);
  // A person waits while a button is greyed out or spinning (the step before still finishing):
  // a disabled TDesign button swallows the tap, as on a phone.
  await until(() => usable(element!), Boolean, `${selector} to be enabled`);
  await element!.tap();
}

/** Whether a component's own data (a TDesign button's `disabled` and `loading`) lets it take a tap; other elements always do. */
async function usable(element: NonNullable<Awaited<ReturnType<Page['$']>>>): Promise<boolean> {
  if (!('data' in element) || typeof element.data !== 'function') return true;
  const data = (await (element.data as () => Promise<unknown>)()) as { disabled?: unknown; loading?: unknown } | null;
  return !data?.disabled && !data?.loading;
}

/** Types `value` into the native field inside the component matching `selector` (t-input, t-textarea). */
export async function type(page: Page, selector: string, value: string): Promise<void> {
  const host = await until(() => page.$(selector), (found) => found !== null, `${selector} to appear`);
  const field = (await host!.$('textarea')) ?? (await host!.$('input'));
  if (!field) throw new Error(`${selector} holds no input or textarea`);
  await (field as unknown as { input(value: string): Promise<void> }).input(value);
}

/** The page in view once its path is `path`. */
export async function pageAt(miniProgram: MiniProgram, path: string): Promise<Page> {
  const page = await until(() => miniProgram.currentPage(), (current) => current?.path === path, `the page ${path}`);
  return page!;
}
