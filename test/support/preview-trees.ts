/// <reference lib="dom" />
/**
 * The preview side of the element-tree comparison (test/pages/trees.test.ts), as a child process:
 * the page tests run in jsdom, where Chromium cannot be driven, so this script starts the
 * preview on the given local cloud and renders pages in Debian's Chromium for them.
 *
 *   node --import tsx test/support/preview-trees.ts <cloudUrl> <env>
 *
 * Prints `{"type":"ready"}` once the preview and Chromium are up, then reads jobs from stdin, one
 * JSON line each (`PreviewJob`), renders a few pages at once (`TREE_CONCURRENCY`; by default as
 * many as cores, 2 to 4), each in a fresh browser context (a fresh phone), and prints one
 * `PreviewAnswer` line per job. Ends when stdin ends and every job has been answered.
 */
import { availableParallelism } from 'node:os';
import { createInterface } from 'node:readline';
import type { Browser, Page } from 'playwright-core';
import { startPreview } from '../../preview/server';
import { launchChromium } from './browser';
import { SETTLE_TIMEOUT_MS, exparserJson, isSettled, type PreviewAnswer, type PreviewJob, type RawTree, type SettleFlags } from './tree';

/** What the preview's runtime offers automation (preview/client/main.ts), as far as this script uses it. */
interface PreviewWindow {
  __preview?: {
    idle(): Promise<void>;
    errors: string[];
    pages(): { route: string; rendered: { dom: HTMLElement; data: Record<string, unknown> } }[];
  };
}

const [cloudUrl, env] = process.argv.slice(2);
// Each preview page boots the whole framework; more pages at once than cores only adds waiting.
const concurrency = Math.max(1, Number(process.env.TREE_CONCURRENCY ?? Math.min(4, Math.max(2, availableParallelism()))));

function answer(message: PreviewAnswer | { type: 'ready' }): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

/** The page's loading flags, or undefined while no page is open. */
function flagsOf(page: Page): Promise<SettleFlags | undefined> {
  return page.evaluate(() => {
    const top = (window as unknown as PreviewWindow).__preview?.pages()[0];
    if (!top) return undefined;
    const data = top.rendered.data;
    return { status: data.status, errorMessage: data.errorMessage, listStatus: data.listStatus, loadingMore: data.loadingMore } as SettleFlags;
  });
}

/** The rendered root as the framework holds it and as the browser shows it (the DOM). */
async function rawTreeOf(page: Page): Promise<RawTree> {
  const { route, html } = await page.evaluate(() => {
    const top = (window as unknown as PreviewWindow).__preview!.pages()[0];
    return { route: top.route, html: top.rendered.dom.outerHTML };
  });
  const root = await page.evaluateHandle(() => (window as unknown as PreviewWindow).__preview!.pages()[0].rendered);
  const json = await root.evaluate(exparserJson);
  await root.dispose();
  return { route, html, json };
}

const idle = (page: Page): Promise<void> => page.evaluate(() => (window as unknown as PreviewWindow).__preview!.idle());

async function render(browser: Browser, previewUrl: string, job: PreviewJob): Promise<PreviewAnswer> {
  const context = await browser.newContext({ viewport: { width: 480, height: 820 } });
  const pageErrors: string[] = [];
  try {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const search = new URLSearchParams({ openid: job.openid, env, page: job.url });
    await page.goto(`${previewUrl}/?${search.toString()}`);
    await page.waitForFunction(() => document.body.dataset.ready === 'true', undefined, { timeout: SETTLE_TIMEOUT_MS });
    // Settled: no cloud call in flight, the page out of its loading state, and two looks agree.
    const deadline = Date.now() + SETTLE_TIMEOUT_MS;
    let last: RawTree | undefined;
    let settled = false;
    let flags: SettleFlags | undefined;
    while (Date.now() < deadline) {
      await idle(page);
      flags = await flagsOf(page);
      if (!isSettled(flags)) {
        await page.waitForTimeout(50);
        continue;
      }
      const tree = await rawTreeOf(page);
      if (last && last.html === tree.html && last.json === tree.json) {
        settled = true;
        break;
      }
      last = tree;
      await page.waitForTimeout(100);
    }
    const errors = [...pageErrors, ...(await page.evaluate(() => (window as unknown as PreviewWindow).__preview?.errors ?? []))];
    const pageError = flags?.status === 'error' ? String(flags.errorMessage ?? '') : undefined;
    return { type: 'tree', key: job.key, tree: last ?? (await rawTreeOf(page)), settled, errors: [...new Set(errors)], pageError };
  } catch (error) {
    return { type: 'failed', key: job.key, message: error instanceof Error ? error.message : String(error), errors: pageErrors };
  } finally {
    await context.close();
  }
}

async function main(): Promise<void> {
  if (!cloudUrl || !env) throw new Error('usage: preview-trees.ts <cloudUrl> <env>');
  const [preview, browser] = await Promise.all([startPreview({ port: 0, cloudUrl, env }), launchChromium()]);
  answer({ type: 'ready' });
  // Stopped early (the test run ended or was cut short): Chromium must not outlive this process.
  process.once('SIGTERM', () => {
    void Promise.allSettled([browser.close(), preview.close()]).then(() => process.exit(143));
  });

  const queue: PreviewJob[] = [];
  let running = 0;
  let inputDone = false;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  const pump = (): void => {
    while (running < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      running++;
      void render(browser, preview.url, job).then((result) => {
        answer(result);
        running--;
        pump();
      });
    }
    if (inputDone && running === 0 && queue.length === 0) finish();
  };
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    if (!line.trim()) return;
    queue.push(JSON.parse(line) as PreviewJob);
    pump();
  });
  lines.on('close', () => {
    inputDone = true;
    pump();
  });
  await finished;
  await browser.close();
  await preview.close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`preview trees: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
