/**
 * The page stack, as WeChat keeps it: `navigateTo` pushes (at most 10 deep), `redirectTo`
 * replaces the top, `navigateBack` pops, `switchTab` shows a tab page (tab pages stay alive, the
 * rest of the stack is closed) and `reLaunch` closes everything. Each page is the real page
 * component rendered by the framework into its own layer of the phone screen, with the page
 * lifecycle WeChat runs (onLoad → onShow → onReady, onHide, onUnload, onReachBottom,
 * onPullDownRefresh), and tab pages get their own instance of the custom tab bar.
 */
import { readJson } from './files';
import { npmComponents, type ComponentJson } from '../npm-components';
import { watchReady, type ExparserLike } from '../component-ready';
import { appStyle } from './styles';

/* eslint-disable @typescript-eslint/no-require-imports */
const simulate = require('miniprogram-simulate') as {
  load(path: string, options: Record<string, unknown>): string;
  render(id: string, properties?: Record<string, unknown>): Rendered;
};
const exparser = require('miniprogram-exparser') as ExparserLike;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface Rendered {
  dom: HTMLElement;
  data: Record<string, unknown>;
  instance: Record<string, unknown>;
  attach(parent: Node): void;
  detach(): void;
  triggerPageLifeTime(name: string, args?: unknown[]): void;
  querySelector(selector: string): Rendered | undefined;
  toJSON(): unknown;
}

export interface PageEntry {
  /** `pages/ticket/detail`, no leading slash. */
  route: string;
  query: Record<string, string>;
  rendered: Rendered;
  /** The page's layer in the phone screen. */
  layer: HTMLElement;
  tabBar?: Rendered;
  title: string;
  /** A stable number for the automation protocol. */
  id: number;
  /** Stops delivering `ready` to components created later (../component-ready.ts). */
  stopReady: (() => void)[];
}

/** Attaches a rendered root into `parent`, with `ready` for the components it creates later. */
function attachWithReady(rendered: Rendered, parent: HTMLElement): () => void {
  const stop = watchReady(exparser, (rendered as unknown as { _exparserNode: unknown })._exparserNode, parent);
  rendered.attach(parent);
  return stop;
}

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
  tabBar?: { custom?: boolean; list: { pagePath: string; text: string }[] };
  window?: { navigationBarTitleText?: string; enablePullDownRefresh?: boolean };
}

interface PageJson {
  usingComponents?: Record<string, string>;
  navigationBarTitleText?: string;
  enablePullDownRefresh?: boolean;
  onReachBottomDistance?: number;
}

/** What the phone frame shows around the pages. */
export interface RouterView {
  screen: HTMLElement;
  setTitle(title: string, canGoBack: boolean): void;
  /** After every change of the stack (the frame updates its address line and automation listeners). */
  changed(top: PageEntry): void;
}

type Callbacks = { success?: (result: { errMsg: string }) => void; fail?: (error: { errMsg: string }) => void; complete?: (result: { errMsg: string }) => void };

const MAX_DEPTH = 10;

export class Router {
  readonly app: AppJson;
  readonly allPages: string[];
  private readonly tabRoutes: string[];
  private readonly tabPages = new Map<string, PageEntry>();
  private stack: PageEntry[] = [];
  private readonly loaded = new Map<string, string>();
  private nextId = 1;

  constructor(private readonly view: RouterView) {
    this.app = readJson<AppJson>('app.json', { pages: [] });
    this.allPages = [...this.app.pages, ...(this.app.subPackages ?? []).flatMap((pkg) => pkg.pages.map((page) => `${pkg.root}/${page}`))];
    this.tabRoutes = (this.app.tabBar?.list ?? []).map((tab) => tab.pagePath);
    const style = document.createElement('style');
    style.id = 'app-wxss';
    style.textContent = appStyle();
    document.head.appendChild(style);
  }

  pages(): PageEntry[] {
    return [...this.stack];
  }

  top(): PageEntry | undefined {
    return this.stack[this.stack.length - 1];
  }

  isTab(route: string): boolean {
    return this.tabRoutes.includes(route);
  }

  // ---- the wx navigation APIs -----------------------------------------------------------------
  navigateTo(options: Callbacks & { url: string }): void {
    this.run('navigateTo', options, () => {
      const { route, query } = this.parse(options.url);
      if (this.isTab(route)) throw new Error('can not navigateTo a tabbar page');
      if (this.stack.length >= MAX_DEPTH) throw new Error('webview count limit exceed');
      this.hide(this.top());
      this.push(this.open(route, query));
    });
  }

  redirectTo(options: Callbacks & { url: string }): void {
    this.run('redirectTo', options, () => {
      const { route, query } = this.parse(options.url);
      if (this.isTab(route)) throw new Error('can not redirectTo a tabbar page');
      const entry = this.open(route, query);
      const old = this.stack.pop();
      if (old) this.close(old);
      this.push(entry);
    });
  }

  navigateBack(options: Callbacks & { delta?: number } = {}): void {
    this.run('navigateBack', options, () => {
      if (this.stack.length <= 1) throw new Error('cannot navigate back at first page.');
      const delta = Math.min(Math.max(1, options.delta ?? 1), this.stack.length - 1);
      for (let i = 0; i < delta; i++) this.close(this.stack.pop()!);
      this.show(this.top()!);
    });
  }

  switchTab(options: Callbacks & { url: string }): void {
    this.run('switchTab', options, () => {
      const { route } = this.parse(options.url);
      if (!this.isTab(route)) throw new Error('can not switch to no-tabBar page');
      const current = this.top();
      if (current?.route === route && this.stack.length === 1) return;
      for (const entry of this.stack) {
        if (this.isTab(entry.route)) this.hide(entry);
        else this.close(entry);
      }
      this.stack = [];
      const existing = this.tabPages.get(route);
      if (existing) {
        this.stack = [existing];
        this.show(existing);
      } else {
        const entry = this.open(route, {});
        this.tabPages.set(route, entry);
        this.push(entry);
      }
    });
  }

  reLaunch(options: Callbacks & { url: string }): void {
    this.run('reLaunch', options, () => {
      const { route, query } = this.parse(options.url);
      for (const entry of this.stack) this.close(entry);
      for (const entry of this.tabPages.values()) if (!this.stack.includes(entry)) this.close(entry);
      this.stack = [];
      this.tabPages.clear();
      const entry = this.open(route, query);
      if (this.isTab(route)) this.tabPages.set(route, entry);
      this.push(entry);
    });
  }

  /** Pull-down refresh of the page in view (the frame's menu offers it; WeChat starts it by a pull). */
  pullDownRefresh(): void {
    const top = this.top();
    if (top) callHook(top, 'onPullDownRefresh');
  }

  // ---- inside -------------------------------------------------------------------------------
  private run(name: string, options: Callbacks, action: () => void): void {
    try {
      action();
    } catch (error) {
      const failure = { errMsg: `${name}:fail ${error instanceof Error ? error.message : String(error)}` };
      console.warn(`[preview] wx.${name}`, failure.errMsg);
      options.fail?.(failure);
      options.complete?.(failure);
      return;
    }
    const result = { errMsg: `${name}:ok` };
    options.success?.(result);
    options.complete?.(result);
  }

  parse(url: string): { route: string; query: Record<string, string> } {
    const top = this.top();
    const [pathPart, search = ''] = url.split('?');
    // Relative urls are relative to the current page, as in WeChat.
    const base = pathPart.startsWith('/') || !top ? '' : top.route.split('/').slice(0, -1).join('/');
    const parts: string[] = [];
    for (const part of `${base}/${pathPart}`.split('/')) {
      if (!part || part === '.') continue;
      if (part === '..') parts.pop();
      else parts.push(part);
    }
    const route = parts.join('/');
    if (!this.allPages.includes(route)) throw new Error(`page "${route}" is not found`);
    const query: Record<string, string> = {};
    for (const pair of search.split('&')) {
      if (!pair) continue;
      const at = pair.indexOf('=');
      // WeChat hands the page its query as written in the url (not decoded).
      if (at < 0) query[pair] = '';
      else query[pair.slice(0, at)] = pair.slice(at + 1);
    }
    return { route, query };
  }

  private componentId(path: string): string {
    const cached = this.loaded.get(path);
    if (cached) return cached;
    const usingComponents = npmComponents(path, (file) => readJson<ComponentJson | null>(`${file}.json`, null));
    const id = simulate.load(`/${path}`, { rootPath: '/', compiler: 'official', usingComponents });
    this.loaded.set(path, id);
    return id;
  }

  private open(route: string, query: Record<string, string>): PageEntry {
    const json = readJson<PageJson>(`${route}.json`, {});
    const layer = document.createElement('div');
    layer.className = 'preview-layer';
    layer.dataset.route = route;
    const scroller = document.createElement('div');
    scroller.className = 'preview-page';
    layer.appendChild(scroller);
    this.view.screen.appendChild(layer);
    const rendered = simulate.render(this.componentId(route));
    const stopReady = [attachWithReady(rendered, scroller)];
    const entry: PageEntry = {
      route,
      query,
      rendered,
      layer,
      title: json.navigationBarTitleText ?? this.app.window?.navigationBarTitleText ?? '',
      id: this.nextId++,
      stopReady,
    };
    if (this.isTab(route) && this.app.tabBar?.custom) {
      const bar = document.createElement('div');
      bar.className = 'preview-tab-bar';
      layer.appendChild(bar);
      entry.tabBar = simulate.render(this.componentId('custom-tab-bar/index'));
      stopReady.push(attachWithReady(entry.tabBar, bar));
      const tabBar = entry.tabBar;
      entry.rendered.instance.getTabBar = () => tabBar.instance;
    }
    Object.assign(entry.rendered.instance, { route, __route__: route, options: query });
    const distance = json.onReachBottomDistance ?? 50;
    let below = false;
    scroller.addEventListener('scroll', () => {
      const near = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= distance;
      if (near && !below) callHook(entry, 'onReachBottom');
      below = near;
      callHook(entry, 'onPageScroll', { scrollTop: scroller.scrollTop });
    });
    callHook(entry, 'onLoad', { ...query });
    return entry;
  }

  private push(entry: PageEntry): void {
    this.stack.push(entry);
    this.show(entry, true);
  }

  private show(entry: PageEntry, first = false): void {
    entry.layer.style.display = '';
    this.view.setTitle(entry.title, this.stack.length > 1);
    callHook(entry, 'onShow');
    entry.rendered.triggerPageLifeTime('show');
    entry.tabBar?.triggerPageLifeTime('show');
    if (first) callHook(entry, 'onReady');
    this.view.changed(entry);
  }

  private hide(entry: PageEntry | undefined): void {
    if (!entry) return;
    entry.layer.style.display = 'none';
    callHook(entry, 'onHide');
    entry.rendered.triggerPageLifeTime('hide');
  }

  private close(entry: PageEntry): void {
    callHook(entry, 'onUnload');
    for (const stop of entry.stopReady) stop();
    entry.rendered.detach();
    entry.tabBar?.detach();
    entry.layer.remove();
    for (const [route, tab] of this.tabPages) if (tab === entry) this.tabPages.delete(route);
  }

  setTitle(entry: PageEntry, title: string): void {
    entry.title = title;
    if (entry === this.top()) this.view.setTitle(title, this.stack.length > 1);
  }
}

function callHook(entry: PageEntry, name: string, ...args: unknown[]): void {
  const hook = entry.rendered.instance[name];
  if (typeof hook !== 'function') return;
  try {
    (hook as (...a: unknown[]) => unknown).apply(entry.rendered.instance, args);
  } catch (error) {
    console.error(`[preview] ${entry.route} ${name} threw`, error);
  }
}
