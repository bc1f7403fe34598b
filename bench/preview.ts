import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Browser, Page } from 'playwright-core';
import { startPreview } from '../preview/server';
import { DEMO_ENV, DEMO_USERS, DEMO_USER_LABELS, seedDemo } from '../scripts/demo';
import { root } from '../scripts/paths';
import { CHROMIUM, launchChromium } from '../test/support/browser';
import { startLocalCloud } from '../test/support/local-cloud';

/**
 * The preview as a person trying the product meets it: a page opened by its URL in a browser
 * with a fresh profile (nothing cached) until its content is shown (the page's data loaded and
 * no call in flight), moving between pages inside the app, and `npm start` until it is ready.
 */
const PAGES: { label: string; openid: string; page: string }[] = [
  { label: '业主 首页', openid: DEMO_USERS.owner, page: 'pages/home/index' },
  { label: '业主 我的工单', openid: DEMO_USERS.owner, page: 'pages/ticket/list' },
  { label: '客服 工作台', openid: DEMO_USERS.cs, page: 'pages/staff/index' },
  { label: '客服 工单池', openid: DEMO_USERS.cs, page: 'packages/staff/pages/inbox/index' },
  { label: '经理 管理看板', openid: DEMO_USERS.manager, page: 'packages/staff/pages/board/index' },
];

/** Resolves when the top page has loaded its data and no call is in flight. */
async function contentShown(tab: Page, route: string): Promise<void> {
  await tab.waitForFunction(
    (wanted) => {
      const preview = (window as unknown as { __preview?: { pages(): { route: string; rendered: { instance: { data: Record<string, unknown> } } }[] } }).__preview;
      const top = preview?.pages().at(-1);
      if (!top || top.route !== wanted) return false;
      const status = top.rendered.instance.data.status;
      return status === undefined || status === 'ready' || status === 'error';
    },
    route,
    { polling: 20, timeout: 30_000 },
  );
  await tab.evaluate(() => (window as unknown as { __preview: { idle(): Promise<void> } }).__preview.idle());
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `npm start` from its launch until it prints that it is ready (the build, local cloud, demo data and preview), then stopped. */
async function startTime(): Promise<string> {
  const [port, previewPort] = [await freePort(), await freePort()];
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], { cwd: root, env: { ...process.env, PORT: String(port), PREVIEW_PORT: String(previewPort) }, stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    return await new Promise<string>((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const ready = /ready in ([\d.]+) s/.exec(output);
        if (ready) resolve(`${((performance.now() - started) / 1000).toFixed(1)} s from launch (it reports ${ready[1]} s after its own start)`);
      });
      child.once('exit', (code) => reject(new Error(`npm start exited with ${code} before it was ready`)));
    });
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

export async function benchPreview(print: (line: string) => void): Promise<void> {
  const cloud = await startLocalCloud();
  let browser: Browser | undefined;
  const preview = await startPreview({ port: 0, cloudUrl: cloud.url, env: DEMO_ENV, users: DEMO_USER_LABELS });
  try {
    await seedDemo(cloud.url);
    browser = await launchChromium();
    print(`browser: ${CHROMIUM}`);
    print('a page opened by its URL in a fresh browser profile, until its content is shown (median of 3):');
    for (const { label, openid, page } of PAGES) {
      const times: number[] = [];
      for (let i = 0; i < 3; i += 1) {
        const context = await browser.newContext({ viewport: { width: 480, height: 820 } });
        const tab = await context.newPage();
        const before = performance.now();
        await tab.goto(`${preview.url}/?openid=${encodeURIComponent(openid)}&env=${DEMO_ENV}&page=${encodeURIComponent(page)}`);
        await contentShown(tab, page);
        times.push(performance.now() - before);
        await context.close();
      }
      print(`  ${label.padEnd(10, '　')} ${median(times).toFixed(0)} ms`);
    }
    print('moving between pages in the app (navigateTo, until the new page\'s content is shown), as 客服:');
    const context = await browser.newContext({ viewport: { width: 480, height: 820 } });
    const tab = await context.newPage();
    await tab.goto(`${preview.url}/?openid=${DEMO_USERS.cs}&env=${DEMO_ENV}&page=${encodeURIComponent('pages/staff/index')}`);
    await contentShown(tab, 'pages/staff/index');
    const hops = ['packages/staff/pages/inbox/index', 'packages/staff/pages/handover/index', 'packages/staff/pages/arrears/index', 'packages/staff/pages/desk-log/index'];
    for (let round = 0; round < 2; round += 1) {
      const times: string[] = [];
      for (const route of hops) {
        const before = performance.now();
        await tab.evaluate((url) => (window as unknown as { __preview: { router: { navigateTo(options: { url: string }): void } } }).__preview.router.navigateTo({ url }), `/${route}`);
        await contentShown(tab, route);
        times.push(`${route.split('/').at(-2)} ${(performance.now() - before).toFixed(0)} ms`);
        await tab.evaluate(() => (window as unknown as { __preview: { router: { navigateBack(options: object): void } } }).__preview.router.navigateBack({}));
        await contentShown(tab, 'pages/staff/index');
      }
      print(`  ${round === 0 ? 'first visit ' : 'second visit'}: ${times.join(', ')}`);
    }
    await context.close();
  } finally {
    await browser?.close();
    await preview.close();
    await cloud.stop();
  }
  print(`npm start, ready: ${await startTime()}`);
}
