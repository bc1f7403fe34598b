/// <reference lib="dom" />
/**
 * The preview's runtime in the browser: runs build/miniprogram's real app, page and component
 * code on the mini-program component framework that `miniprogram-simulate` drives in page tests
 * (`j-component` on `miniprogram-exparser`), with WXML compiled by the official wcc and WXSS by
 * the official wcsc, inside a phone frame with the page stack, the tab bar and the `wx` APIs the
 * pages use, acting as the user picked in the frame.
 */
import { dispatchWx, wxNodeOf } from './events';
import { hasFile, loadFiles, readText, type FilePack } from './files';
import { runComponentJs, execute } from './modules';
import { installNativeComponents } from './native';
import * as phone from './phone';
import { Router, type PageEntry } from './router';
import { useSheets, wxssFor } from './styles';
import { createWx, type PreviewWx, type TemplateInfo } from './wx';
import { startNotifications } from './notices';
import { startGroupPanel } from './group';
import { startAutomator } from './automator';
import { followCloudClock } from './clock';
import { SCREEN_WIDTH } from './screen';

/* eslint-disable @typescript-eslint/no-require-imports */
// CommonJS modules whose exports are patched in place (an ES import would give a frozen copy).
const simulateUtils = require('miniprogram-simulate/src/utils') as { runJs: (path: string) => unknown; transformRpx: (style: string) => string };
// j-component writes every `style` the templates bind through its own rpx conversion (1 rpx = 1 px).
const componentUtils = require('j-component/src/tool/utils') as { transformRpx: (style: string) => string };
const simulateWxss = require('miniprogram-simulate/src/wxss') as {
  getContent: (path: string) => string;
  compile: (content: string, options: { prefix?: string }) => string;
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface PreviewConfig {
  env: string;
  users: { openid: string; label: string }[];
  templates: TemplateInfo[];
}

declare global {
  interface Window {
    __wccFactory: () => (path: string) => unknown;
    __FILE_MAP__: Record<string, unknown>;
    __PREVIEW_CONFIG__: PreviewConfig;
    /** Asked for by the page's head before the scripts load (client/index.html); absent on a page without it. */
    __PREVIEW_EARLY__?: { pack: Promise<FilePack | null>; clock: Promise<Response | undefined> };
    __preview: PreviewRuntime;
    wx: Record<string, unknown>;
  }
}

/** What automation (and the end-to-end tests) reach in the page. */
export interface PreviewRuntime {
  openid: string;
  env: string;
  router: Router;
  wx: PreviewWx;
  pages(): PageEntry[];
  dispatch: typeof dispatchWx;
  wxNodeOf: typeof wxNodeOf;
  /** Resolves when no cloud call is in flight (pages settle after their calls). */
  idle(): Promise<void>;
  errors: string[];
}

const config = window.__PREVIEW_CONFIG__;
const query = new URLSearchParams(location.search);
const openid = query.get('openid') ?? config.users[0]?.openid ?? 'o-demo-owner';
const env = query.get('env') ?? config.env;
const cloudOverride = query.get('cloud');
const startUrl = query.get('page') ?? '';
const errors: string[] = [];
window.addEventListener('error', (event) => errors.push(String(event.message)));
window.addEventListener('unhandledrejection', (event) => errors.push(String((event.reason as Error)?.message ?? event.reason)));

// ---- the framework reads the built files -------------------------------------------------------
let gwx: ((path: string) => unknown) | undefined;
window.__FILE_MAP__ = new Proxy({} as Record<string, unknown>, {
  get(_target, key) {
    if (typeof key !== 'string') return undefined;
    const path = key.replace(/^\/+/, '');
    if (path.endsWith('.wxml')) {
      gwx ??= window.__wccFactory();
      return hasFile(path) ? gwx(path) : undefined;
    }
    return readText(path) ?? undefined;
  },
});
simulateUtils.runJs = runComponentJs;
// Styles come from wcsc by way of the server: the framework asks for a component's WXSS by path, then for it with the component's class prefix.
simulateWxss.getContent = (path) => `/*wxss:${path.replace(/^\/+/, '')}*/`;
simulateWxss.compile = (content, options) => {
  const path = /^\/\*wxss:(.+)\*\/$/.exec(content)?.[1];
  return path ? wxssFor(path, options.prefix ?? '') : '';
};
// Inline styles written by WXML and components (`style="width: 48rpx"`) use rpx too.
const rpx = (text: string): string => text.replace(/(-?\d*\.?\d+)rpx/gi, (_m, n: string) => `${(Number(n) * SCREEN_WIDTH) / 750}px`);
simulateUtils.transformRpx = rpx;
componentUtils.transformRpx = rpx;
function fixInlineRpx(root: Node): void {
  const elements = root instanceof Element ? [root, ...Array.from(root.querySelectorAll('[style*="rpx"]'))] : [];
  for (const element of elements) {
    const style = element.getAttribute('style');
    if (style && style.includes('rpx')) element.setAttribute('style', rpx(style));
  }
}

// ---- cloud calls in flight, so automation can wait for pages to settle ---------------------------
let inFlight = 0;
const idleWaiters: (() => void)[] = [];
const originalFetch = window.fetch.bind(window);
window.fetch = async (...args: Parameters<typeof fetch>) => {
  inFlight++;
  try {
    return await originalFetch(...args);
  } finally {
    inFlight--;
    if (inFlight === 0) setTimeout(() => inFlight === 0 && idleWaiters.splice(0).forEach((resolve) => resolve()), 30);
  }
};

function userSwitcher(): void {
  const select = document.getElementById('user') as HTMLSelectElement;
  for (const user of config.users) {
    const option = document.createElement('option');
    option.value = user.openid;
    option.textContent = user.label;
    select.appendChild(option);
  }
  if (!config.users.some((user) => user.openid === openid)) {
    const option = document.createElement('option');
    option.value = openid;
    option.textContent = openid;
    select.appendChild(option);
  }
  select.value = openid;
  // Another user is another phone: the app starts afresh as them.
  select.onchange = () => {
    const next = new URLSearchParams(location.search);
    next.set('openid', select.value);
    next.delete('page');
    location.search = next.toString();
  };
}

/** The local cloud's clock minus the computer's, asked past the counter of the pages' cloud calls (first by the page's head). */
let earlyClock = window.__PREVIEW_EARLY__?.clock;
async function cloudClockOffset(): Promise<number> {
  const early = await earlyClock;
  earlyClock = undefined;
  const response = early ?? (await originalFetch(`${location.origin}/cloud/_emulator/clock`, { headers: cloudOverride ? { 'x-preview-cloud': cloudOverride } : {} }));
  if (!response.ok) throw new Error(`the cloud's clock: ${response.status}`);
  return ((await response.json()) as { offsetMs: number }).offsetMs;
}

async function boot(): Promise<void> {
  // Before any page code runs: the files, and the phone's clock set to the cloud's.
  const [pack] = await Promise.all([loadFiles(window.__PREVIEW_EARLY__?.pack), followCloudClock(cloudClockOffset)]);
  useSheets(pack.styles);
  const router = new Router({
    screen: phone.pagesArea(),
    setTitle: phone.setNavigation,
    changed: (top) => {
      document.getElementById('route')!.textContent = `/${top.route}`;
      fixInlineRpx(top.layer);
    },
  });
  const previewWx = createWx({ openid, env, cloud: cloudOverride }, router, config.templates);
  Object.assign(window.wx, previewWx.wx);
  installNativeComponents(phone.pagesArea(), { phoneNumberCode: previewWx.phoneNumberCode, agreePrivacy: previewWx.agreePrivacy, router });

  let app: Record<string, unknown> = { globalData: {} };
  Object.assign(window, {
    App: (options: Record<string, unknown>) => {
      app = { globalData: {}, ...options };
    },
    getApp: () => app,
    getCurrentPages: () => router.pages().map((page) => page.rendered.instance),
  });

  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') fixInlineRpx(record.target);
      for (const node of Array.from(record.addedNodes)) fixInlineRpx(node);
    }
  }).observe(phone.pagesArea(), { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });

  document.getElementById('nav-back')!.onclick = () => router.navigateBack({});
  document.getElementById('menu-refresh')!.onclick = () => router.pullDownRefresh();
  document.getElementById('menu-home')!.onclick = () => router.reLaunch({ url: `/${router.app.pages[0]}` });
  userSwitcher();

  execute('app.js');
  const first = startUrl || `/${router.app.pages[0]}`;
  const launch = { path: first.replace(/^\//, '').split('?')[0], query: {}, scene: 1001 };
  (app.onLaunch as ((options: unknown) => void) | undefined)?.call(app, launch);
  (app.onShow as ((options: unknown) => void) | undefined)?.call(app, launch);
  router.reLaunch({ url: first.startsWith('/') ? first : `/${first}`, fail: (error) => showBootError(new Error(error.errMsg)) });

  startNotifications({ openid, env, cloudFetch: previewWx.cloudFetch, templates: config.templates, router });
  startGroupPanel({ cloudFetch: previewWx.cloudFetch });

  window.__preview = {
    openid,
    env,
    router,
    wx: previewWx,
    pages: () => router.pages(),
    dispatch: dispatchWx,
    wxNodeOf,
    idle: () => (inFlight === 0 ? new Promise((resolve) => setTimeout(resolve, 30)) : new Promise((resolve) => idleWaiters.push(resolve))),
    errors,
  };
  document.getElementById('who')!.textContent = `env ${env}`;
  document.body.dataset.ready = 'true';
}

function showBootError(error: unknown): void {
  const box = document.createElement('pre');
  box.id = 'boot-error';
  box.textContent = error instanceof Error ? (error.stack ?? error.message) : String(error);
  phone.pagesArea().appendChild(box);
  console.error(error);
}

// After boot, and also when it failed: automation then hears why.
boot().catch(showBootError).finally(startAutomator);
