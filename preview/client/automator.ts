/// <reference lib="dom" />
/**
 * The page side of miniprogram-automator's protocol (the server side is preview/automator.ts):
 * a preview opened with `?automator=<session>` joins that session over a WebSocket and answers
 * the requests WeChat DevTools would answer — App.*, Page.*, Element.*, Tool.getInfo/native —
 * on the real pages in the phone, through `window.__preview`, so a scenario written with
 * miniprogram-automator runs unchanged here and in DevTools. Elements are the framework's nodes
 * (tags, ids and classes as the WXML wrote them); a tap is a user's tap at the element's centre.
 */
import { exparser, wxNodeOf, type WxNode } from './events';
import type { PreviewRuntime } from './main';
import type { PageEntry } from './router';
import * as tree from './wxtree';
import type { TreeNode } from './wxtree';

type Params = Record<string, unknown>;
type Handler = (params: Params) => unknown;
type Notify = (method: string, params: Params) => void;
type AnyFunction = (...args: unknown[]) => unknown;
interface Callbacks {
  success?: (result: unknown) => void;
  fail?: (error: unknown) => void;
  complete?: (result: unknown) => void;
}

/** The query parameter that names the session; `1` (or empty) joins the default one. */
const SESSION_PARAM = 'automator';
const LONGPRESS_MS = 350;
const MOVE_TOLERANCE = 10;
const SCREENSHOT_MESSAGE =
  'App.captureScreenshot is not available in the browser preview: the page cannot capture itself. ' +
  'Take the screenshot with the browser that drives the preview (playwright: page.screenshot(); ' +
  'test/support/automator.ts gives that page as chromePage and a screenshot() helper).';

let notify: Notify = () => undefined;

// ---- values on the wire -------------------------------------------------------------------------
/** A JSON-safe copy: functions and undefined dropped, cycles cut, DOM nodes named. */
function toWire(value: unknown, path: object[] = []): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'bigint') return String(value);
  if (typeof value !== 'object') return undefined;
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  if (value instanceof Node) return `[${value.nodeName}]`;
  if (path.includes(value) || path.length > 40) return '[Circular]';
  const inner = [...path, value];
  if (Array.isArray(value)) return value.map((item) => toWire(item, inner) ?? null);
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const wired = toWire(item, inner);
    if (wired !== undefined) copy[key] = wired;
  }
  return copy;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : value === undefined ? [] : [value]);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String((error as { errMsg?: string })?.errMsg ?? error));

/** `a.b[0].c` in data, as Page.getData's `path` names it. */
function atPath(data: unknown, path: string): unknown {
  let at = data;
  for (const key of path.split(/[.[\]]/).filter(Boolean)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key.replace(/^['"]|['"]$/g, '')];
  }
  return at;
}

/** A function sent as source (mockWxMethod, evaluate), run in the app's global scope as in WeChat. */
function compile(source: string): AnyFunction {
  const fn = new Function(`return (${source});`)() as unknown;
  if (typeof fn !== 'function') throw new Error('functionDeclaration is not a function');
  return fn as AnyFunction;
}

function runtime(): PreviewRuntime {
  const preview = window.__preview as PreviewRuntime | undefined;
  if (!preview) {
    const why = document.getElementById('boot-error')?.textContent?.split('\n')[0];
    throw new Error(`the preview has not started${why ? `: ${why}` : ''}`);
  }
  return preview;
}

const wxObject = (): Record<string, unknown> => window.wx;

// ---- pages --------------------------------------------------------------------------------------
const pageInfo = (entry: PageEntry) => ({ pageId: entry.id, path: entry.route, query: entry.query });

function pageOf(params: Params): PageEntry {
  const entry = runtime()
    .pages()
    .find((page) => page.id === Number(params.pageId));
  if (!entry) throw new Error('page destroyed');
  return entry;
}

const pageNode = (entry: PageEntry): TreeNode => {
  const node = tree.nodeOfDom(entry.rendered.dom);
  if (!node) throw new Error(`page ${entry.route} is not rendered`);
  return node;
};
const scrollerOf = (entry: PageEntry): HTMLElement => entry.layer.querySelector<HTMLElement>('.preview-page') ?? entry.layer;

// ---- elements: ids handed out per framework node ------------------------------------------------
const elements = new Map<string, { node: TreeNode; pageId: number }>();
const elementIds = new WeakMap<TreeNode, string>();
let nextElement = 1;

function describe(node: TreeNode, pageId: number): { elementId: string; tagName: string; nodeId?: string } {
  let elementId = elementIds.get(node);
  if (!elementId) {
    elementId = `${pageId}-${nextElement++}`;
    elementIds.set(node, elementId);
    elements.set(elementId, { node, pageId });
    // Elements of closed pages and removed branches are dropped now and then.
    if (elements.size % 500 === 0) for (const [id, entry] of elements) if (!tree.isAttached(entry.node)) elements.delete(id);
  }
  // Custom components carry a nodeId: automator then offers data(), setData() and callMethod().
  return { elementId, tagName: tree.tagOf(node), ...(tree.kindOf(node) === 'custom' ? { nodeId: elementId } : {}) };
}

function elementOf(params: Params): { node: TreeNode; page: PageEntry } {
  const found = elements.get(String(params.elementId));
  if (!found) throw new Error(`element ${String(params.elementId)} not found`);
  if (!tree.isAttached(found.node)) throw new Error('element is no longer on the page (removed by a re-render, or its page was closed)');
  return { node: found.node, page: pageOf({ pageId: found.pageId }) };
}

function select(scope: TreeNode, pageId: number, params: Params, xpath: boolean, all: boolean): unknown {
  const selector = String(params.selector ?? '');
  const found = xpath ? tree.evaluateXPath(scope, selector) : tree.querySelectorAll(scope, selector);
  if (all) return { elements: found.map((node) => describe(node, pageId)) };
  if (!found.length) throw new Error(`no element matches ${xpath ? 'XPath ' : ''}"${selector}"`);
  return describe(found[0], pageId);
}

/** Page.getElement(s) and their XPath forms; `page` is the page's root element, as in WeChat. */
function selectInPage(params: Params, xpath: boolean, all: boolean): unknown {
  const entry = pageOf(params);
  const root = pageNode(entry);
  if (!xpath && String(params.selector ?? '').trim() === 'page') {
    const described = { ...describe(root, entry.id), tagName: 'page' };
    return all ? { elements: [described] } : described;
  }
  return select(tree.scopeOf(root), entry.id, params, xpath, all);
}

const methodCaller = (node: TreeNode): Record<string, unknown> | undefined => exparser.Element.getMethodCaller(node as unknown as WxNode);

function customCaller(node: TreeNode): Record<string, unknown> {
  const caller = tree.kindOf(node) === 'custom' ? methodCaller(node) : undefined;
  if (!caller) throw new Error(`<${tree.tagOf(node)}> is not a custom component`);
  return caller;
}

// ---- events, as the framework raises them ---------------------------------------------------------
interface Touch {
  identifier: number;
  pageX: number;
  pageY: number;
  clientX: number;
  clientY: number;
  x: number;
  y: number;
}

function raise(node: TreeNode, name: string, detail: unknown, options: { bubbles: boolean; touches?: Touch[]; changedTouches?: Touch[] }): void {
  exparser.Event.dispatchEvent(
    node as unknown as WxNode,
    exparser.Event.create(name, detail ?? {}, {
      bubbles: options.bubbles,
      composed: options.bubbles,
      capturePhase: true,
      extraFields: { touches: options.touches ?? [], changedTouches: options.changedTouches ?? [] },
    }),
  );
}

function unionRect(doms: HTMLElement[]): DOMRect | undefined {
  const rects = doms.map((dom) => dom.getBoundingClientRect()).filter((rect) => rect.width || rect.height);
  if (!rects.length) return undefined;
  const left = Math.min(...rects.map((rect) => rect.left));
  const top = Math.min(...rects.map((rect) => rect.top));
  return new DOMRect(left, top, Math.max(...rects.map((rect) => rect.right)) - left, Math.max(...rects.map((rect) => rect.bottom)) - top);
}

/** Where a user's finger lands on the element (its centre), and the node the framework finds there. */
function landing(node: TreeNode, page: PageEntry): { target: TreeNode; touch: Touch } {
  const doms = tree.domsOf(node);
  const scroller = scrollerOf(page);
  const box = scroller.getBoundingClientRect();
  let target = node;
  let clientX = 0;
  let clientY = 0;
  const rect = doms.map((dom) => dom.getBoundingClientRect()).find((each) => each.width && each.height);
  if (rect) {
    const x = rect.left + rect.width / 2;
    const y = rect.top + rect.height / 2;
    const hit = document.elementFromPoint(x, y);
    const inside = hit && doms.some((dom) => dom.contains(hit)) ? (wxNodeOf(hit) as TreeNode | undefined) : undefined;
    // Covered (by a dialog, another layer) or scrolled away: the element itself takes the touch.
    target = inside ?? tree.nodeOfDom(doms[0]) ?? node;
    clientX = x - box.left;
    clientY = y - box.top;
  }
  const pageY = clientY + scroller.scrollTop;
  return { target, touch: { identifier: 0, pageX: clientX, pageY, clientX, clientY, x: clientX, y: pageY } };
}

/** Touches as a scenario gives them (pageX/pageY, clientX/clientY), completed from the element's centre. */
function touchList(value: unknown, fallback: Touch, scrollTop: number): Touch[] | undefined {
  if (!Array.isArray(value) || !value.length) return undefined;
  return value.map((item: Params, index) => {
    const clientX = Number(item.clientX ?? item.pageX ?? fallback.clientX);
    const clientY = item.clientY !== undefined ? Number(item.clientY) : item.pageY !== undefined ? Number(item.pageY) - scrollTop : fallback.clientY;
    const pageX = Number(item.pageX ?? clientX);
    const pageY = item.pageY !== undefined ? Number(item.pageY) : clientY + scrollTop;
    return { identifier: Number(item.identifier ?? index), pageX, pageY, clientX, clientY, x: pageX, y: pageY };
  });
}

/**
 * A user's tap: scrolled into view if need be, a press and a click at the element's centre, on
 * whatever the framework rendered there. The preview turns the press into WeChat's touchstart/touchend and the click into `tap`,
 * and lets built-ins act on it (a disabled button swallows it, a checkbox toggles, a picker
 * opens), exactly as for a click by hand.
 */
function tap(node: TreeNode, page: PageEntry): void {
  const doms = tree.domsOf(node);
  if (!doms.length) {
    const { target, touch: point } = landing(node, page);
    raise(target, 'tap', { x: point.pageX, y: point.pageY }, { bubbles: true, touches: [point], changedTouches: [point] });
    return;
  }
  // A person scrolls to what they tap (and the step's screenshot then shows it).
  doms.find((dom) => dom instanceof HTMLElement && dom.getClientRects().length > 0)?.scrollIntoView({ block: 'nearest' });
  const rect = doms.map((dom) => dom.getBoundingClientRect()).find((each) => each.width && each.height);
  const clientX = rect ? rect.left + rect.width / 2 : 0;
  const clientY = rect ? rect.top + rect.height / 2 : 0;
  const hit = rect ? document.elementFromPoint(clientX, clientY) : null;
  // Covered (by a dialog, another layer) or scrolled away: the element itself takes the click.
  const target = hit && doms.some((dom) => dom.contains(hit)) ? hit : doms[0];
  const at = { bubbles: true, cancelable: true, composed: true, clientX, clientY, view: window };
  const finger = { ...at, pointerId: 1, pointerType: 'touch', isPrimary: true, button: 0 };
  target.dispatchEvent(new PointerEvent('pointerdown', { ...finger, buttons: 1 }));
  target.dispatchEvent(new PointerEvent('pointerup', { ...finger, buttons: 0 }));
  target.dispatchEvent(new MouseEvent('click', at));
}

/** A finger held on an element between Element.touchstart and Element.touchend: tap or longpress. */
interface Hold {
  target: TreeNode;
  touch: Touch;
  started: number;
  longpressed: boolean;
  moved: boolean;
  timer: number;
}
const holds = new Map<TreeNode, Hold>();

function touch(kind: 'touchstart' | 'touchmove' | 'touchend', params: Params): void {
  const { node, page } = elementOf(params);
  const held = holds.get(node);
  const { target, touch: point } = held && kind !== 'touchstart' ? held : landing(node, page);
  const scrollTop = scrollerOf(page).scrollTop;
  const touches = touchList(params.touches, point, scrollTop) ?? (kind === 'touchend' ? [] : [point]);
  const changedTouches = touchList(params.changedTouches ?? params.changeTouches, point, scrollTop) ?? [point];
  raise(target, kind, {}, { bubbles: true, touches, changedTouches });
  const first = changedTouches[0] ?? point;
  if (kind === 'touchstart') {
    if (held) window.clearTimeout(held.timer);
    const hold: Hold = { target, touch: first, started: Date.now(), longpressed: false, moved: false, timer: 0 };
    const longpress = (): void => {
      if (hold.longpressed || hold.moved) return;
      hold.longpressed = true;
      raise(target, 'longpress', { x: first.pageX, y: first.pageY }, { bubbles: true, touches: [first], changedTouches: [first] });
    };
    hold.timer = window.setTimeout(longpress, LONGPRESS_MS);
    holds.set(node, hold);
  } else if (held && kind === 'touchmove') {
    if (Math.abs(first.pageX - held.touch.pageX) >= MOVE_TOLERANCE || Math.abs(first.pageY - held.touch.pageY) >= MOVE_TOLERANCE) held.moved = true;
  } else if (held && kind === 'touchend') {
    window.clearTimeout(held.timer);
    holds.delete(node);
    if (held.moved || held.longpressed) return;
    // Held long enough but the timer has not run yet: still a longpress, never a tap.
    if (Date.now() - held.started >= LONGPRESS_MS) raise(target, 'longpress', { x: first.pageX, y: first.pageY }, { bubbles: true, touches: [first], changedTouches: [first] });
    else raise(target, 'tap', { x: first.pageX, y: first.pageY }, { bubbles: true, touches: [first], changedTouches: [first] });
  }
}

/** The HTML field the preview draws inside an input or textarea (preview/client/native/fields.ts). */
function fieldOf(node: TreeNode, selector = 'input, textarea'): HTMLInputElement | undefined {
  for (const dom of tree.domsOf(node)) {
    const field = dom.matches(selector) ? dom : dom.querySelector(selector);
    if (field) return field as HTMLInputElement;
  }
  return undefined;
}

/** Types into an input or textarea: the field shows the text and the page hears `input` as from the keyboard. */
function input(node: TreeNode, value: string): void {
  const field = fieldOf(node);
  if (field) {
    field.value = value;
    field.dispatchEvent(new Event('input', { bubbles: true }));
  } else raise(node, 'input', { value, cursor: value.length, keyCode: 0 }, { bubbles: false });
}

// ---- properties -----------------------------------------------------------------------------------
const BUILTIN_PROPERTIES = ['value', 'checked', 'disabled', 'placeholder', 'focus', 'current', 'src', 'mode', 'name', 'type', 'range', 'selected'];

/** The properties a component declares, as WeChat's `__propPublic` lists them. */
function declaredProperties(node: TreeNode): string[] {
  const component = (exparser as unknown as { Component: { listPublicProperties(node: TreeNode): string[] } }).Component;
  try {
    return component.listPublicProperties(node);
  } catch {
    return [];
  }
}

function propertyOf(node: TreeNode, name: string): unknown {
  const data = (methodCaller(node)?.data ?? {}) as Params;
  if (tree.kindOf(node) === 'custom') return data[name];
  // A field the preview draws holds what was typed since the page last set it.
  const field = name === 'value' ? fieldOf(node) : undefined;
  if (field) return field.value;
  if (declaredProperties(node).includes(name)) return data[name];
  return tree.rawAttribute(node, name) ?? (name === 'value' ? '' : undefined);
}

function publicProperties(node: TreeNode): Params {
  const declared = declaredProperties(node);
  const known = tree.kindOf(node) === 'custom' ? declared : [...BUILTIN_PROPERTIES, ...declared, ...tree.attributeNames(node)];
  return Object.fromEntries(known.map((key) => [key, true]));
}

function domProperty(node: TreeNode, name: string): unknown {
  const doms = tree.domsOf(node);
  if (!doms.length) return null;
  const read = (dom: HTMLElement): unknown => (dom as unknown as Params)[name];
  if (doms.length === 1) return toWire(read(doms[0])) ?? null;
  // A component without an element of its own: measured and read over what it renders.
  if (/^(offset|client|scroll)(Width|Height)$/.test(name)) {
    const rect = unionRect(doms);
    return rect ? Math.round(name.endsWith('Width') ? rect.width : rect.height) : 0;
  }
  if (name === 'innerText') return doms.map((dom) => dom.innerText).join('\n');
  if (name === 'textContent' || name === 'innerHTML' || name === 'outerHTML') return doms.map((dom) => String(read(dom) ?? '')).join('');
  return toWire(read(doms[0])) ?? null;
}

function windowProperty(page: PageEntry, name: string): unknown {
  // The page scrolls in its own layer of the phone, not the browser window.
  const scroller = scrollerOf(page);
  const documentProperty = /^(?:window\.)?document\.(?:documentElement|body|scrollingElement)\.(\w+)$/.exec(name);
  if (documentProperty) return toWire((scroller as unknown as Params)[documentProperty[1]]) ?? null;
  const short = name.replace(/^window\./, '');
  if (short === 'scrollY' || short === 'pageYOffset') return scroller.scrollTop;
  if (short === 'scrollX' || short === 'pageXOffset') return scroller.scrollLeft;
  if (short === 'innerWidth') return scroller.clientWidth;
  if (short === 'innerHeight') return scroller.clientHeight;
  return toWire(atPath(window, short)) ?? null;
}

// ---- wx methods -----------------------------------------------------------------------------------
const SYNC_METHODS = new Set([
  'canIUse',
  'nextTick',
  'getMenuButtonBoundingClientRect',
  'getWindowInfo',
  'getDeviceInfo',
  'getAppBaseInfo',
  'getSystemSetting',
  'getAppAuthorizeSetting',
  'getUpdateManager',
  'getLogManager',
  'getRealtimeLogManager',
  'getFileSystemManager',
  'getBackgroundAudioManager',
  'arrayBufferToBase64',
  'base64ToArrayBuffer',
  'reportAnalytics',
  'reportEvent',
]);
/** WeChat answers these directly; the rest take success/fail callbacks. */
const isSync = (method: string): boolean => SYNC_METHODS.has(method) || /Sync$|^create[A-Z]|^(on|off)[A-Z]/.test(method);

function callWxMethod(params: Params): unknown {
  if (params.pluginId) throw new Error('plugins are not available in the preview');
  const method = String(params.method);
  const wx = wxObject();
  const fn = wx[method];
  if (typeof fn !== 'function') throw new Error(`wx.${method} not exists`);
  const args = asArray(params.args);
  if (isSync(method)) return { result: toWire((fn as AnyFunction).apply(wx, args)) };
  const options = (args[0] && typeof args[0] === 'object' ? args[0] : {}) as Params;
  return new Promise((resolve, reject) => {
    const fail = (error: unknown): void => reject(new Error(messageOf(error).replace(`${method}:fail `, '')));
    try {
      (fn as AnyFunction).call(wx, { ...options, success: (result: unknown) => resolve({ result: toWire(result) }), fail });
    } catch (error) {
      fail(error);
    }
  });
}

/** Originals of the wx methods replaced by App.mockWxMethod. */
const originals = new Map<string, unknown>();

function mockWxMethod(params: Params): unknown {
  if (params.pluginId) throw new Error('plugins are not available in the preview');
  const method = String(params.method);
  const wx = wxObject();
  if (!(method in wx) && !originals.has(method)) throw new Error(`wx.${method} not exists`);
  if (/^(on|off)[A-Z]/.test(method)) throw new Error(`You can't mock wx.${method}`);
  if (params.result === undefined && params.functionDeclaration === undefined) {
    if (originals.has(method)) wx[method] = originals.get(method);
    originals.delete(method);
    return {};
  }
  if (!originals.has(method)) originals.set(method, wx[method]);
  const original = originals.get(method);
  // The mock sees `this.origin`, the real method, as in DevTools.
  const context = { origin: typeof original === 'function' ? (original as AnyFunction).bind(wx) : original };
  const fixed = params.result !== undefined ? JSON.stringify(params.result) : undefined;
  const impl: AnyFunction = fixed !== undefined ? () => JSON.parse(fixed) as unknown : compile(String(params.functionDeclaration));
  const extra = fixed !== undefined ? [] : asArray(params.args);
  if (isSync(method)) {
    wx[method] = (...args: unknown[]) => impl.apply(context, [...args, ...extra]);
    return {};
  }
  wx[method] = (options?: Params & Callbacks) => {
    const { success, fail, complete, ...rest } = options ?? {};
    const run = Promise.resolve()
      .then(() => impl.apply(context, [rest, ...extra]))
      .then((result) => ({ result, ok: String((result as { errMsg?: unknown } | null)?.errMsg ?? `${method}:ok`).includes(`${method}:ok`) }));
    if (!success && !fail && !complete) return run.then(({ result, ok }) => (ok ? result : Promise.reject(result)));
    run.then(
      ({ result, ok }) => {
        (ok ? success : fail)?.(result);
        complete?.(result);
      },
      (error: unknown) => {
        const failure = { errMsg: `${method}:fail ${messageOf(error)}` };
        fail?.(failure);
        complete?.(failure);
      },
    );
    return undefined;
  };
  return {};
}

// ---- notifications --------------------------------------------------------------------------------
let logging = false;
function enableLog(): unknown {
  if (logging) return {};
  logging = true;
  // The page's console, every method, is what App.logAdded reports (miniProgram.on('console')).
  const pageConsole: Record<string, (...args: unknown[]) => void> = console as unknown as Record<string, (...args: unknown[]) => void>;
  for (const type of ['log', 'info', 'warn', 'error', 'debug']) {
    const original = pageConsole[type].bind(console);
    pageConsole[type] = (...args: unknown[]) => {
      notify('App.logAdded', { type, args: args.map((arg) => toWire(arg) ?? null) });
      original(...args);
    };
  }
  return {};
}

function addBinding(params: Params): unknown {
  const name = String(params.name);
  (window as unknown as Params)[name] = (...args: unknown[]) => notify('App.bindingCalled', { name, args: args.map((arg) => toWire(arg) ?? null) });
  return {};
}

/** What DevTools' own buttons and dialogs do (miniProgram.native()), on the phone frame's. */
function native(params: Params): unknown {
  const { router } = runtime();
  const press = (selector: string): void => {
    const buttons = document.querySelectorAll<HTMLElement>(selector);
    const button = buttons[buttons.length - 1];
    if (!button) throw new Error(`Tool.native ${String(params.method)}: no such dialog is open`);
    button.click();
  };
  const settle = (action: (callbacks: Callbacks & { url: string }) => void, url = ''): Promise<unknown> =>
    new Promise((resolve, reject) => action({ url, success: () => resolve({}), fail: (error) => reject(new Error(messageOf(error))) }));
  switch (params.method) {
    case 'goHome':
      return settle((options) => router.reLaunch(options), `/${router.app.pages[0]}`);
    case 'navigateLeft':
      return settle((options) => router.navigateBack(options));
    case 'switchTab':
      return settle((options) => router.switchTab(options), String((params.data as Params | undefined)?.url ?? ''));
    case 'confirmModal':
      return press('.preview-overlay--modal .modal-confirm');
    case 'cancelModal':
      return press('.preview-overlay--modal .modal-cancel');
    case 'authorizeAllow':
      return press('.preview-overlay--subscribe .modal-confirm');
    case 'authorizeCancel':
      return press('.preview-overlay--subscribe .modal-cancel');
    // WeChat's pay sheet, closed without paying.
    case 'closePaymentDialog':
      return press('.preview-overlay--sheet .sheet-cancel');
    default:
      throw new Error(`Tool.native ${String(params.method)} is not available in the preview`);
  }
}

// ---- the protocol ---------------------------------------------------------------------------------
const elementFunctions: Record<string, (node: TreeNode, page: PageEntry, args: unknown[]) => unknown> = {
  'input.input': (node, _page, [value]) => input(node, String(value ?? '')),
  'textarea.input': (node, _page, [value]) => input(node, String(value ?? '')),
  // The preview's switch toggles on a click and raises `change` itself.
  'switch.tap': (node, page) => tap(node, page),
  'slider.slideTo': (node, _page, [value]) => {
    raise(node, 'changing', { value }, { bubbles: false });
    raise(node, 'change', { value }, { bubbles: false });
  },
  'swiper.swipeTo': (node, _page, [index]) => raise(node, 'change', { current: Number(index), currentItemId: '', source: 'touch' }, { bubbles: false }),
  'movable-view.moveTo': (node, _page, [x, y]) => raise(node, 'change', { x, y, source: 'touch' }, { bubbles: false }),
  'scroll-view.scrollTo': (node, _page, [x, y]) => tree.domsOf(node)[0]?.scrollTo(Number(x ?? 0), Number(y ?? 0)),
  'scroll-view.scrollTop': (node) => tree.domsOf(node)[0]?.scrollTop ?? 0,
  'scroll-view.scrollLeft': (node) => tree.domsOf(node)[0]?.scrollLeft ?? 0,
  'scroll-view.scrollWidth': (node) => tree.domsOf(node)[0]?.scrollWidth ?? 0,
  'scroll-view.scrollHeight': (node) => tree.domsOf(node)[0]?.scrollHeight ?? 0,
};

const names = (params: Params): string[] => asArray(params.names).map(String);

const handlers: Record<string, Handler> = {
  'Tool.getInfo': () => ({ SDKVersion: (runtime().wx.wx.getAppBaseInfo as () => { SDKVersion: string })().SDKVersion }),
  'Tool.native': native,
  // The browser page is closed by whoever opened it; the connection stays usable until then.
  'Tool.close': () => ({}),
  'App.exit': () => ({}),
  'App.enableLog': enableLog,
  'App.addBinding': addBinding,
  'App.captureScreenshot': () => {
    throw new Error(SCREENSHOT_MESSAGE);
  },
  'App.getPageStack': () => ({ pageStack: runtime().pages().map(pageInfo) }),
  'App.getCurrentPage': () => {
    const top = runtime().router.top();
    if (!top) throw new Error('no page is open');
    return pageInfo(top);
  },
  'App.callWxMethod': callWxMethod,
  'App.mockWxMethod': mockWxMethod,
  'App.callFunction': async (params) => ({ result: toWire(await compile(String(params.functionDeclaration))(...asArray(params.args))) }),

  'Page.getElement': (params) => selectInPage(params, false, false),
  'Page.getElements': (params) => selectInPage(params, false, true),
  'Page.getElementByXpath': (params) => selectInPage(params, true, false),
  'Page.getElementsByXpath': (params) => selectInPage(params, true, true),
  'Page.getData': (params) => {
    const data = { ...((pageOf(params).rendered.instance.data ?? {}) as Params) };
    delete data.__webviewId__;
    return { data: toWire(params.path ? atPath(data, String(params.path)) : data) ?? null };
  },
  'Page.setData': (params) => {
    (pageOf(params).rendered.instance.setData as (data: unknown) => void)(params.data ?? {});
    return {};
  },
  'Page.callMethod': async (params) => {
    const instance = pageOf(params).rendered.instance;
    const method = instance[String(params.method)];
    if (typeof method !== 'function') throw new Error(`page.${String(params.method)} not exists`);
    return { result: toWire(await (method as AnyFunction).apply(instance, asArray(params.args))) };
  },
  'Page.getWindowProperties': (params) => {
    const page = pageOf(params);
    return { properties: names(params).map((name) => windowProperty(page, name)) };
  },

  'Element.getElement': (params) => {
    const { node, page } = elementOf(params);
    return select(tree.scopeOf(node), page.id, params, false, false);
  },
  'Element.getElements': (params) => {
    const { node, page } = elementOf(params);
    return select(tree.scopeOf(node), page.id, params, false, true);
  },
  'Element.getWXML': (params) => ({ wxml: tree.wxmlOf(elementOf(params).node, params.type === 'outer') }),
  'Element.getAttributes': (params) => {
    const { node } = elementOf(params);
    return { attributes: names(params).map((name) => tree.attributeOf(node, name)) };
  },
  'Element.getProperties': (params) => {
    const { node } = elementOf(params);
    return { properties: names(params).map((name) => (name === '__propPublic' ? publicProperties(node) : (toWire(propertyOf(node, name)) ?? null))) };
  },
  'Element.getDOMProperties': (params) => {
    const { node } = elementOf(params);
    return { properties: names(params).map((name) => domProperty(node, name)) };
  },
  'Element.getStyles': (params) => {
    const dom = tree.domsOf(elementOf(params).node)[0];
    const style = dom ? getComputedStyle(dom) : undefined;
    return { styles: names(params).map((name) => style?.getPropertyValue(name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)) ?? null) };
  },
  'Element.getOffset': (params) => {
    const { node, page } = elementOf(params);
    const rect = unionRect(tree.domsOf(node));
    const scroller = scrollerOf(page);
    const box = scroller.getBoundingClientRect();
    return rect ? { left: rect.left - box.left + scroller.scrollLeft, top: rect.top - box.top + scroller.scrollTop } : { left: 0, top: 0 };
  },
  'Element.tap': (params) => {
    const { node, page } = elementOf(params);
    tap(node, page);
    return {};
  },
  'Element.touchstart': (params) => touch('touchstart', params),
  'Element.touchmove': (params) => touch('touchmove', params),
  'Element.touchend': (params) => touch('touchend', params),
  'Element.triggerEvent': (params) => {
    // As the component's own triggerEvent: heard by the bindings on this element.
    raise(elementOf(params).node, String(params.type), params.detail ?? {}, { bubbles: false });
    return {};
  },
  'Element.dispatchEvent': (params) => {
    const { node, page } = elementOf(params);
    const { touch: point } = landing(node, page);
    const scrollTop = scrollerOf(page).scrollTop;
    const touches = touchList(params.touches, point, scrollTop) ?? [];
    const changedTouches = touchList(params.changedTouches ?? params.changeTouches, point, scrollTop) ?? touches;
    raise(node, String(params.eventName), params.detail ?? {}, { bubbles: true, touches, changedTouches });
    return {};
  },
  'Element.callFunction': async (params) => {
    const { node, page } = elementOf(params);
    const fn = elementFunctions[String(params.functionName)];
    if (!fn) throw new Error(`Element.callFunction ${String(params.functionName)} is not available in the preview`);
    return { result: toWire(await fn(node, page, asArray(params.args))) ?? null };
  },
  'Element.getData': (params) => {
    const data = (customCaller(elementOf(params).node).data ?? {}) as Params;
    return { data: toWire(params.path ? atPath(data, String(params.path)) : data) ?? null };
  },
  'Element.setData': (params) => {
    (customCaller(elementOf(params).node).setData as (data: unknown) => void)(params.data ?? {});
    return {};
  },
  'Element.callMethod': async (params) => {
    const caller = customCaller(elementOf(params).node);
    const method = caller[String(params.method)];
    if (typeof method !== 'function') throw new Error(`component.${String(params.method)} not exists`);
    return { result: toWire(await (method as AnyFunction).apply(caller, asArray(params.args))) };
  },
  'Element.callContextMethod': () => {
    throw new Error('Element.callContextMethod (video contexts) is not available in the preview');
  },
};

async function answer(data: string, send: (message: Params) => void): Promise<void> {
  let request: { id?: unknown; method?: unknown; params?: unknown };
  try {
    request = JSON.parse(data) as typeof request;
  } catch {
    return;
  }
  const method = String(request.method);
  try {
    const handler = handlers[method];
    if (!handler) throw new Error(`${method} is not implemented by the preview`);
    const result = await handler((request.params ?? {}) as Params);
    send({ id: request.id, result: result ?? {} });
  } catch (error) {
    send({ id: request.id, error: { message: messageOf(error) } });
  }
}

/** Joins the automator session named by `?automator=` (nothing to do without it). */
export function startAutomator(): void {
  const asked = new URLSearchParams(location.search).get(SESSION_PARAM);
  if (asked === null) return;
  const session = asked === '' || asked === '1' || asked === 'true' ? 'default' : asked;
  const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/automator/page?session=${encodeURIComponent(session)}`);
  const send = (message: Params): void => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  notify = (method, params) => send({ method, params });
  socket.addEventListener('message', (event) => void answer(String(event.data), send));
  socket.addEventListener('close', (event) => {
    if (event.code === 4001) console.warn(`[preview] automator: ${event.reason}`);
  });
  window.addEventListener('error', (event) => notify('App.exceptionThrown', { message: String(event.message), stack: String((event.error as Error | undefined)?.stack ?? '') }));
  window.addEventListener('unhandledrejection', (event) => {
    const reason = event.reason as Error | undefined;
    notify('App.exceptionThrown', { message: String(reason?.message ?? reason), stack: String(reason?.stack ?? '') });
  });
}
