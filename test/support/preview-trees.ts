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
 * many as cores, 2 to 4), each as on a fresh phone (see `Tab`), and prints one
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

/**
 * A browser tab kept for one page after another. Each page is opened as on a fresh phone: the
 * tab's storage (where the app keeps its session) is emptied before any script of a new document
 * runs, and each page is a new document, so no state carries over. What the tab keeps is its
 * cache: the framework's bundles are not fetched and compiled again for every page (a fresh
 * browser context for each page cost Chromium more CPU than all the rest of the comparison).
 */
interface Tab {
  page: Page;
  /** Errors reported since the current page was opened. */
  errors: string[];
}

async function openTab(browser: Browser): Promise<Tab> {
  const context = await browser.newContext({ viewport: { width: 480, height: 820 } });
  await context.addInitScript(() => {
    try {
      localStorage.clear();
      sessionStorage.clear();
    } catch {
      // A document without storage (about:blank) has nothing to clear.
    }
  });
  const tab: Tab = { page: await context.newPage(), errors: [] };
  tab.page.on('pageerror', (error) => tab.errors.push(error.message));
  return tab;
}

async function render(tab: Tab, previewUrl: string, job: PreviewJob): Promise<PreviewAnswer> {
  const { page } = tab;
  tab.errors = [];
  try {
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
    const errors = [...tab.errors, ...(await page.evaluate(() => (window as unknown as PreviewWindow).__preview?.errors ?? []))];
    const pageError = flags?.status === 'error' ? String(flags.errorMessage ?? '') : undefined;
    return { type: 'tree', key: job.key, tree: last ?? (await rawTreeOf(page)), settled, errors: [...new Set(errors)], pageError };
  } catch (error) {
    return { type: 'failed', key: job.key, message: error instanceof Error ? error.message : String(error), errors: tab.errors };
  }
}

async function main(): Promise<void> {
  if (!cloudUrl || !env) throw new Error('usage: preview-trees.ts <cloudUrl> <env>');
  const [preview, browser] = await Promise.all([startPreview({ port: 0, cloudUrl, env }), launchChromium({ handleSIGTERM: false })]);
  answer({ type: 'ready' });
  // Closed once, whether every job was done or the test stopped this process (SIGTERM): a second
  // close while the first runs kills Chromium, which then leaves its folders in the temporary folder.
  let closing: Promise<unknown> | undefined;
  const close = (): Promise<unknown> => (closing ??= Promise.allSettled([browser.close(), preview.close()]));
  process.once('SIGTERM', () => {
    void close().then(() => process.exit(143));
  });

  const queue: PreviewJob[] = [];
  let running = 0;
  let inputDone = false;
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  // One tab per page rendered at once, each kept for the pages after.
  const freeTabs: Tab[] = [];
  const renderInTab = async (job: PreviewJob): Promise<PreviewAnswer> => {
    let tab: Tab;
    try {
      tab = freeTabs.pop() ?? (await openTab(browser));
    } catch (error) {
      return { type: 'failed', key: job.key, message: `no browser tab: ${error instanceof Error ? error.message : String(error)}`, errors: [] };
    }
    const result = await render(tab, preview.url, job);
    // A tab whose page failed (it may have crashed or hung) is not given the next page.
    if (result.type === 'failed') void tab.page.context().close().catch(() => undefined);
    else freeTabs.push(tab);
    return result;
  };
  const pump = (): void => {
    while (running < concurrency && queue.length > 0) {
      const job = queue.shift()!;
      running++;
      void renderInTab(job).then((result) => {
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
  await close();
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`preview trees: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
