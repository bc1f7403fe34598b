/// <reference lib="dom" />
/**
 * The preview's runtime in the browser: runs build/miniprogram's real page and component code
 * on the mini-program component framework that `miniprogram-simulate` drives in page tests
 * (`j-component` on `miniprogram-exparser`), with each WXML compiled by the official wcc, and a
 * `wx` whose `wx.cloud` reaches the local cloud as the OPENID named in the query.
 */
import { createWxCloud } from '../../emulator/client/wx-cloud';

/* eslint-disable @typescript-eslint/no-require-imports */
// CommonJS modules whose exports are patched in place (an ES import would give a frozen copy).
const simulate = require('miniprogram-simulate') as {
  load(path: string, options: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): Rendered;
};
const simulateUtils = require('miniprogram-simulate/src/utils') as {
  runJs: (path: string) => unknown;
  transformRpx: (style: string) => string;
};
/* eslint-enable @typescript-eslint/no-require-imports */

interface Rendered {
  dom: HTMLElement;
  data: Record<string, unknown>;
  instance: Record<string, ((...args: unknown[]) => unknown) | undefined>;
  attach(parent: Node): void;
}

declare global {
  interface Window {
    __wccFactory: () => (path: string) => unknown;
    __FILE_MAP__: Record<string, unknown>;
    __PREVIEW_DEFAULT_ENV__: string;
    __preview: Record<string, unknown>;
    wx: Record<string, unknown>;
  }
}

const SCREEN_WIDTH = 375;
const query = new URLSearchParams(location.search);
const openid = query.get('openid') ?? 'o-demo-owner';
const env = query.get('env') ?? window.__PREVIEW_DEFAULT_ENV__;
const cloudOverride = query.get('cloud');
const pagePath = (query.get('page') ?? 'pages/home/index').replace(/^\//, '');

// ---- the built mini-program's files, read synchronously as the framework expects -------------
const known = new Set<string>();
const texts = new Map<string, string | null>();
function fetchText(path: string): string | null {
  if (!known.has(path)) return null;
  if (texts.has(path)) return texts.get(path) ?? null;
  const xhr = new XMLHttpRequest();
  xhr.open('GET', `/mp/${path}`, false);
  xhr.send();
  const text = xhr.status === 200 ? xhr.responseText : null;
  texts.set(path, text);
  return text;
}

let gwx: ((path: string) => unknown) | undefined;
/** `window.__FILE_MAP__` is where miniprogram-simulate reads files in a browser; WXML comes compiled by wcc. */
window.__FILE_MAP__ = new Proxy({} as Record<string, unknown>, {
  get(_target, key) {
    if (typeof key !== 'string') return undefined;
    const path = key.replace(/^\/+/, '');
    if (path.endsWith('.wxml')) {
      gwx ??= window.__wccFactory();
      return known.has(path) ? gwx(path) : undefined;
    }
    return fetchText(path) ?? undefined;
  },
});

// ---- CommonJS modules of the mini-program, resolved as WeChat resolves them ------------------
function dirOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}
function joinPath(base: string, relativePath: string): string {
  const parts: string[] = [];
  for (const part of `${base}/${relativePath}`.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
function asFile(path: string): string | undefined {
  for (const candidate of [path, `${path}.js`, `${path}/index.js`]) if (candidate.endsWith('.js') && known.has(candidate)) return candidate;
  return undefined;
}
function resolveModule(from: string, spec: string): string {
  if (spec.startsWith('.')) {
    const found = asFile(joinPath(dirOf(from), spec));
    if (found) return found;
  } else if (spec.startsWith('/')) {
    const found = asFile(joinPath('', spec));
    if (found) return found;
  } else {
    // An npm package: the nearest miniprogram_npm up the folders, as WeChat looks it up.
    for (let dir = dirOf(from); ; dir = dirOf(dir)) {
      const found = asFile(joinPath(dir, `miniprogram_npm/${spec}`));
      if (found) return found;
      if (!dir) break;
    }
  }
  throw new Error(`module ${spec} not found (required from ${from})`);
}

interface Module {
  exports: unknown;
}
const modules = new Map<string, Module>();
function execute(file: string): Module {
  const code = fetchText(file);
  if (code === null) throw new Error(`module ${file} not found`);
  const module: Module = { exports: {} };
  const run = new Function('require', 'module', 'exports', `${code}\n//# sourceURL=/mp/${file}`) as (
    require: (spec: string) => unknown,
    module: Module,
    exports: unknown,
  ) => void;
  modules.set(file, module);
  run((spec) => requireFrom(file, spec), module, module.exports);
  return module;
}
function requireFrom(from: string, spec: string): unknown {
  const file = resolveModule(from, spec);
  return (modules.get(file) ?? execute(file)).exports;
}
// Each component's own file runs once when it is loaded (its `Component()` call registers it).
simulateUtils.runJs = (path: string) => execute(asFile(joinPath('', path)) ?? `${path}.js`).exports;

// rpx: 750rpx is the phone frame's width.
const rpx = (text: string): string => text.replace(/(-?\d*\.?\d+)rpx/gi, (_m, n: string) => `${(Number(n) * SCREEN_WIDTH) / 750}px`);
simulateUtils.transformRpx = rpx;

// ---- wx ---------------------------------------------------------------------------------------
const toastBox = document.getElementById('toast')!;
let toastTimer: number | undefined;
function showToast(text: string, duration = 1500): void {
  toastBox.textContent = text;
  toastBox.style.display = text ? 'block' : 'none';
  window.clearTimeout(toastTimer);
  if (text) toastTimer = window.setTimeout(() => (toastBox.style.display = 'none'), duration);
}
type Callbacks = { success?: (result: Record<string, unknown>) => void; complete?: (result: Record<string, unknown>) => void; fail?: (e: { errMsg: string }) => void };
const ok = (opts: Callbacks | undefined, name: string, result: Record<string, unknown> = {}): void => {
  const answer = { errMsg: `${name}:ok`, ...result };
  opts?.success?.(answer);
  opts?.complete?.(answer);
};
const notYet = (name: string) => (opts?: Callbacks) => {
  console.warn(`[preview] wx.${name} is not in the preview yet`, opts);
  showToast(`预览暂不支持 wx.${name}`);
  const error = { errMsg: `${name}:fail not supported in the preview yet` };
  opts?.fail?.(error);
  opts?.complete?.(error as unknown as Record<string, unknown>);
};

const cloud = createWxCloud({
  baseUrl: location.origin,
  env,
  openid: () => openid,
  // Through the preview server: the local cloud sends no CORS headers.
  fetch: (input, init) => {
    const url = new URL(String(input));
    const headers = new Headers(init?.headers);
    if (cloudOverride) headers.set('x-preview-cloud', cloudOverride);
    return fetch(`${location.origin}/cloud${url.pathname}${url.search}`, { ...init, headers });
  },
});
const storage = new Map<string, unknown>();
const wx: Record<string, unknown> = {
  cloud: {
    ...cloud,
    // The preview decides the env (the app names its deployed env id); the user picks it by query.
    init: () => undefined,
  },
  showToast: (opts: Callbacks & { title?: string; duration?: number }) => {
    showToast(opts.title ?? '', opts.duration);
    ok(opts, 'showToast');
  },
  showLoading: (opts: Callbacks & { title?: string }) => {
    showToast(opts.title ?? '加载中', 60_000);
    ok(opts, 'showLoading');
  },
  hideLoading: (opts?: Callbacks) => {
    showToast('');
    ok(opts, 'hideLoading');
  },
  showModal: (opts: Callbacks & { title?: string; content?: string; showCancel?: boolean }) => {
    const text = [opts.title, opts.content].filter(Boolean).join('\n\n');
    const confirm = opts.showCancel === false ? (window.alert(text), true) : window.confirm(text);
    ok(opts, 'showModal', { confirm, cancel: !confirm });
  },
  navigateTo: notYet('navigateTo'),
  redirectTo: notYet('redirectTo'),
  navigateBack: notYet('navigateBack'),
  switchTab: notYet('switchTab'),
  reLaunch: notYet('reLaunch'),
  makePhoneCall: notYet('makePhoneCall'),
  getStorageSync: (key: string) => storage.get(key) ?? '',
  setStorageSync: (key: string, value: unknown) => void storage.set(key, value),
  removeStorageSync: (key: string) => void storage.delete(key),
  getSystemInfoSync: () => ({ windowWidth: SCREEN_WIDTH, windowHeight: 667, screenWidth: SCREEN_WIDTH, screenHeight: 760, pixelRatio: 2, statusBarHeight: 24, platform: 'devtools', SDKVersion: '3.6.0', theme: 'light', language: 'zh_CN' }),
  getWindowInfo: () => ({ windowWidth: SCREEN_WIDTH, windowHeight: 667, pixelRatio: 2, screenWidth: SCREEN_WIDTH, screenHeight: 760, statusBarHeight: 24, safeArea: { top: 24, bottom: 760, left: 0, right: SCREEN_WIDTH, width: SCREEN_WIDTH, height: 736 } }),
  getDeviceInfo: () => ({ platform: 'devtools', system: 'Preview', brand: 'devtools', model: 'preview' }),
  getAppBaseInfo: () => ({ SDKVersion: '3.6.0', theme: 'light', language: 'zh_CN' }),
  getMenuButtonBoundingClientRect: () => ({ top: 30, bottom: 62, left: 280, right: 367, width: 87, height: 32 }),
  canIUse: () => true,
  onNeedPrivacyAuthorization: () => undefined,
  stopPullDownRefresh: () => undefined,
  nextTick: (fn: () => void) => setTimeout(fn, 0),
};
Object.assign(window.wx, wx);

// ---- the app and the page ---------------------------------------------------------------------
interface AppOptions {
  onLaunch?: (options: Record<string, unknown>) => void;
  onShow?: (options: Record<string, unknown>) => void;
  globalData?: Record<string, unknown>;
}
let app: AppOptions = { globalData: {} };
const pages: Rendered[] = [];
Object.assign(window, {
  App: (options: AppOptions) => {
    app = { globalData: {}, ...options };
  },
  getApp: () => app,
  getCurrentPages: () => pages.map((page) => page.instance),
});

// Inline styles written by WXML and components (e.g. `size="48rpx"`) use rpx too.
function fixInlineRpx(root: Node): void {
  const elements = root instanceof Element ? [root, ...Array.from(root.querySelectorAll('[style*="rpx"]'))] : [];
  for (const element of elements) {
    const style = element.getAttribute('style');
    if (style && style.includes('rpx')) element.setAttribute('style', rpx(style));
  }
}

function boot(): void {
  const files = JSON.parse(
    (() => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/mp-files.json', false);
      xhr.send();
      return xhr.responseText;
    })(),
  ) as string[];
  for (const file of files) known.add(file);
  const appJsonLoaded = JSON.parse(fetchText('app.json') ?? '{}') as { window?: { navigationBarTitleText?: string } };

  execute('app.js');
  app.onLaunch?.({ path: pagePath, query: {}, scene: 1001 });
  app.onShow?.({ path: pagePath, query: {}, scene: 1001 });

  const pageJson = JSON.parse(fetchText(`${pagePath}.json`) ?? '{}') as { usingComponents?: Record<string, string>; navigationBarTitleText?: string };
  const usingComponents: Record<string, string> = {};
  for (const [tag, path] of Object.entries(pageJson.usingComponents ?? {})) {
    if (!path.startsWith('/') && !path.startsWith('.')) usingComponents[tag] = `/miniprogram_npm/${path}`;
  }
  const id = simulate.load(`/${pagePath}`, { rootPath: '/', compiler: 'official', usingComponents });
  document.getElementById('nav-title')!.textContent = pageJson.navigationBarTitleText ?? appJsonLoaded.window?.navigationBarTitleText ?? '';

  const container = document.getElementById('page')!;
  new MutationObserver((records) => {
    for (const record of records) {
      if (record.type === 'attributes') fixInlineRpx(record.target);
      for (const node of Array.from(record.addedNodes)) fixInlineRpx(node);
    }
  }).observe(container, { subtree: true, childList: true, attributes: true, attributeFilter: ['style'] });

  const page = simulate.render(id);
  page.attach(container);
  fixInlineRpx(container);
  pages.push(page);
  page.instance.onLoad?.call(page.instance, Object.fromEntries(query));
  page.instance.onShow?.call(page.instance);
  page.instance.onReady?.call(page.instance);
  window.__preview = { page, openid, env, pagePath };
  document.getElementById('who')!.textContent = `${openid} · env ${env} · /${pagePath}`;
}

try {
  boot();
} catch (error) {
  const box = document.createElement('pre');
  box.id = 'boot-error';
  box.textContent = error instanceof Error ? (error.stack ?? error.message) : String(error);
  document.getElementById('page')!.appendChild(box);
  console.error(error);
}
