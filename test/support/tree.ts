/// <reference lib="dom" />
/**
 * Element trees of a rendered page, to check that the browser preview renders what
 * miniprogram-simulate renders (test/pages/trees.test.ts). Both sides hand over the same raw
 * serialisation of the page's root — the framework's own tree (`exparserJson`: the exparser tree
 * as j-component's `toJSON()` gives it, with every template attribute) and the DOM it wrote
 * (`dom.outerHTML`) — and both are normalised and compared here by the same code, so the
 * comparison never depends on which side serialised.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { decodeEntities } from '../../preview/client/native/entities';
import { projectRoot } from './local-cloud';

/** How long a page may take to settle after it opened (cloud calls included). */
export const SETTLE_TIMEOUT_MS = 20_000;

/** The data fields pages use for their loading states. */
export interface SettleFlags {
  status?: unknown;
  errorMessage?: unknown;
  listStatus?: unknown;
  loadingMore?: unknown;
}

/** A page has left its loading state (its first load and any list below it are in). */
export function isSettled(flags: SettleFlags | undefined): boolean {
  return !!flags && flags.status !== 'loading' && flags.listStatus !== 'loading' && flags.loadingMore !== true;
}

/** One rendered page root, as both sides serialise it. */
export interface RawTree {
  route: string;
  /** `rendered.dom.outerHTML`. */
  html: string;
  /** `exparserJson(rendered)`: the exparser tree with template attributes and event bindings. */
  json: string;
}

/** A page for the preview to render: `url` is `/route?query`. */
export interface PreviewJob {
  key: string;
  openid: string;
  url: string;
}

export type PreviewAnswer =
  | { type: 'tree'; key: string; tree: RawTree; settled: boolean; errors: string[]; pageError?: string }
  | { type: 'failed'; key: string; message: string; errors: string[] };

/**
 * The framework's tree of a rendered root as JSON, in the shape of j-component's `toJSON()` but
 * with every attribute the template wrote: `toJSON()` leaves out those that are properties of the
 * element's component, and the preview registers WeChat's built-ins as components (with
 * `hoverClass`, `formType` … as properties) where miniprogram-simulate leaves them plain
 * elements. Runs in the page (Playwright sends its source), so it is self-contained and declares
 * no functions of its own (tsx would wrap named ones in a helper the page lacks).
 */
export function exparserJson(rendered: unknown): string {
  interface FrameworkNode {
    __virtual?: boolean;
    __wxSlotChildren?: FrameworkNode[];
    childNodes?: unknown[];
    textContent?: string;
    _vt?: { tagName?: string; event?: unknown; attrs?: { name: string; value: unknown }[] };
  }
  interface JsonNode {
    tagName: string;
    event: unknown;
    attrs: { name: string; value: unknown }[];
    children: (JsonNode | string)[];
  }
  const top: (JsonNode | string)[] = [];
  // Depth first in document order; virtual nodes (wx:if, wx:for, block, virtual hosts) are transparent.
  const stack: [FrameworkNode, (JsonNode | string)[]][] = [[(rendered as { _exparserNode: FrameworkNode })._exparserNode, top]];
  while (stack.length > 0) {
    const [node, into] = stack.pop()!;
    if (!node.childNodes) {
      into.push(node.textContent ?? '');
      continue;
    }
    let children = into;
    if (!node.__virtual) {
      children = [];
      into.push({
        tagName: node._vt?.tagName ?? '',
        event: node._vt?.event ?? {},
        attrs: (node._vt?.attrs ?? []).map((attr) => ({ name: attr.name, value: attr.value })),
        children,
      });
    }
    const composed = node.__wxSlotChildren ?? [];
    for (let index = composed.length - 1; index >= 0; index--) stack.push([composed[index], children]);
  }
  return JSON.stringify(top[0]);
}

// ---- the normalised tree -------------------------------------------------------------------------

export interface ElementNode {
  tag: string;
  classes: string[];
  /** Framework view only: template attributes other than class and those of layout. */
  attrs?: Record<string, string>;
  /** Framework view only: `bind:tap=onTap`-like bindings. */
  events?: string[];
  children: TreeNode[];
}
export type TreeNode = string | ElementNode;

/** The preview draws some built-in components with elements of its own, marked by this class prefix. */
const PREVIEW_NATIVE = 'preview-native-';

/**
 * Text and attribute values without TDesign's generated element ids (`t_badge_3`, from a counter
 * per app that every badge, tab and grid item the app created so far has advanced, the tab bar's
 * among them).
 */
export function normaliseValue(value: string): string {
  return value.replace(/\bt_([a-z]+(?:_[a-z]+)*)_\d+(?!\d)/g, 't_$1_#');
}

const DATE_TIME = /\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?/g;
/** Two renders of a page are seconds apart: a time they show of "now" (the cloud's clock) may differ by a minute. */
const TIME_TOLERANCE_MS = 2 * 60_000;

const instant = (text: string): number => Date.parse(`${text.replace(' ', 'T')}Z`);

/** Equal, or equal but for date-times at most two minutes apart. */
export function sameValue(simulate: string, preview: string): boolean {
  if (simulate === preview) return true;
  const left = simulate.match(DATE_TIME) ?? [];
  const right = preview.match(DATE_TIME) ?? [];
  if (left.length === 0 || left.length !== right.length) return false;
  if (simulate.replace(DATE_TIME, '') !== preview.replace(DATE_TIME, '')) return false;
  return left.every((time, index) => Math.abs(instant(time) - instant(right[index])) <= TIME_TOLERANCE_MS);
}

function classList(value: string | null | undefined): string[] {
  return (value ?? '').split(/\s+/).filter(Boolean);
}

/** Adjacent texts become one (a dropped element may have separated them). */
function pushChild(children: TreeNode[], node: TreeNode): void {
  const last = children[children.length - 1];
  if (typeof node === 'string' && typeof last === 'string') children[children.length - 1] = last + node;
  else children.push(node);
}

/**
 * The DOM view: element names, class lists (with the framework's component prefixes) and texts.
 * Texts are compared as WeChat shows them in `<text decode>` (here and in the framework view:
 * miniprogram-simulate leaves the entities as written). What the preview draws inside built-ins (`preview-native-…`: HTML fields, placeholders, marks)
 * is left out; framework elements (custom tags, `wx-…`) inside it, should it ever wrap them, stay
 * in their place.
 */
export function domTree(html: string, document: Document): ElementNode {
  const holder = document.createElement('template');
  holder.innerHTML = html;
  const isPreviewNative = (element: Element): boolean => classList(element.getAttribute('class')).some((name) => name.startsWith(PREVIEW_NATIVE));
  const walk = (element: Element): ElementNode => {
    const children: TreeNode[] = [];
    const add = (parent: Element, inNative: boolean): void => {
      for (const child of Array.from(parent.childNodes)) {
        if (child.nodeType === 3) {
          if (!inNative) pushChild(children, normaliseValue(decodeEntities(child.textContent ?? '')));
        } else if (child.nodeType === 1) {
          const childElement = child as Element;
          if (inNative && !childElement.localName.includes('-')) add(childElement, true);
          else if (isPreviewNative(childElement)) add(childElement, true);
          else pushChild(children, walk(childElement));
        }
      }
    };
    add(element, false);
    return { tag: element.localName, classes: classList(element.getAttribute('class')), children: children.filter((child) => child !== '') };
  };
  const root = holder.content.firstElementChild;
  if (!root) throw new Error('the rendered page has no root element');
  return walk(root);
}

interface ExparserJson {
  tagName: string;
  event: Record<string, { name: string; handler: string; isCatch?: boolean; isCapture?: boolean; isMutated?: boolean }>;
  attrs: { name: string; value: unknown }[];
  children: (ExparserJson | string)[];
}

/**
 * Attributes whose values come from layout: inline styles (sizes and offsets from the screen each
 * side reports) and scroll positions that components compute from measured boxes (TDesign's tabs
 * centre the active tab; jsdom has no layout and measures every box as empty).
 */
const LAYOUT_ATTRIBUTES = new Set(['style', 'scrollLeft', 'scrollTop']);

function attrValue(value: unknown): string {
  return normaliseValue(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)));
}

/** The framework view: element names, class attributes as the templates wrote them, other attributes (but layout) and event bindings. */
export function frameworkTree(json: string): ElementNode {
  const walk = (node: ExparserJson): ElementNode => {
    const attrs: Record<string, string> = {};
    let classes: string[] = [];
    for (const attr of node.attrs) {
      if (LAYOUT_ATTRIBUTES.has(attr.name)) continue;
      if (attr.name === 'class') classes = classList(String(attr.value ?? ''));
      else attrs[attr.name] = attrValue(attr.value);
    }
    const events = Object.entries(node.event)
      .map(([name, binding]) => `${binding.isCapture ? 'capture-' : ''}${binding.isCatch ? 'catch' : binding.isMutated ? 'mut-bind' : 'bind'}:${name}=${binding.handler}`)
      .sort();
    const children: TreeNode[] = [];
    for (const child of node.children) pushChild(children, typeof child === 'string' ? normaliseValue(decodeEntities(child)) : walk(child));
    return { tag: node.tagName, classes, attrs, events, children: children.filter((child) => child !== '') };
  };
  return walk(JSON.parse(json) as ExparserJson);
}

// ---- comparing -----------------------------------------------------------------------------------

export interface Difference {
  /** `main > wx-view.home[0] > wx-view.home__group[2]`: element names with their first class and child index. */
  path: string;
  what: string;
  simulate: string;
  preview: string;
  /** The parent element on both sides, for context. */
  context: { simulate: string; preview: string };
}

function label(node: ElementNode, index?: number): string {
  return `${node.tag}${node.classes[0] ? `.${node.classes[0]}` : ''}${index === undefined ? '' : `[${index}]`}`;
}

function textOf(node: TreeNode): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

function describeNode(node: TreeNode | undefined): string {
  if (node === undefined) return '(nothing)';
  if (typeof node === 'string') return JSON.stringify(node);
  const text = textOf(node).replace(/\s+/g, ' ').trim();
  return `<${node.tag}${node.classes.length ? ` class="${node.classes.join(' ')}"` : ''}>${text ? ` “${text.length > 60 ? `${text.slice(0, 60)}…` : text}”` : ''}`;
}

/** An indented outline of a subtree, at most `maxLines` lines. */
export function outline(node: TreeNode, maxLines = 40): string {
  const lines: string[] = [];
  const walk = (at: TreeNode, depth: number): void => {
    if (lines.length >= maxLines) return;
    const indent = '  '.repeat(depth);
    if (typeof at === 'string') {
      lines.push(`${indent}${JSON.stringify(at)}`);
      return;
    }
    const attrs = Object.entries(at.attrs ?? {}).map(([name, value]) => ` ${name}=${JSON.stringify(value)}`);
    const events = (at.events ?? []).map((event) => ` ${event}`);
    lines.push(`${indent}<${at.tag}${at.classes.length ? ` class="${at.classes.join(' ')}"` : ''}${attrs.join('')}${events.join('')}>`);
    for (const child of at.children) walk(child, depth + 1);
  };
  walk(node, 0);
  if (lines.length >= maxLines) lines.push('  …');
  return lines.join('\n');
}

const shown = (value: string | undefined): string => (value === undefined ? '(absent)' : JSON.stringify(value));

/** The first place (depth first, in document order) where the two trees differ. */
export function firstDifference(simulate: ElementNode, preview: ElementNode): Difference | undefined {
  const compare = (a: ElementNode, b: ElementNode, path: string): Difference | undefined => {
    const context = { simulate: outline(a, 20), preview: outline(b, 20) };
    const at = (where: string, what: string, left: string, right: string): Difference => ({ path: where, what, simulate: left, preview: right, context });
    if (a.tag !== b.tag) return at(path, 'element', a.tag, b.tag);
    if (a.classes.join(' ') !== b.classes.join(' ')) return at(path, 'class', a.classes.join(' '), b.classes.join(' '));
    for (const name of [...new Set([...Object.keys(a.attrs ?? {}), ...Object.keys(b.attrs ?? {})])].sort()) {
      const left = a.attrs?.[name];
      const right = b.attrs?.[name];
      if (left === undefined || right === undefined || !sameValue(left, right)) return at(path, `attribute ${name}`, shown(left), shown(right));
    }
    const events = [(a.events ?? []).join(' '), (b.events ?? []).join(' ')];
    if (events[0] !== events[1]) return at(path, 'event bindings', events[0], events[1]);
    for (let index = 0; index < Math.max(a.children.length, b.children.length); index++) {
      const left = a.children[index];
      const right = b.children[index];
      const element = typeof left === 'object' ? left : typeof right === 'object' ? right : undefined;
      const where = `${path} > ${element ? label(element, index) : `#text[${index}]`}`;
      if (left === undefined) return at(where, 'extra child in the preview', describeNode(left), describeNode(right));
      if (right === undefined) return at(where, 'child missing in the preview', describeNode(left), describeNode(right));
      if (typeof left === 'string' && typeof right === 'string') {
        if (!sameValue(left, right)) return at(where, 'text', JSON.stringify(left), JSON.stringify(right));
      } else if (typeof left === 'string' || typeof right === 'string') {
        return at(where, 'text against element', describeNode(left), describeNode(right));
      } else {
        const found = compare(left, right, where);
        if (found) return found;
      }
    }
    return undefined;
  };
  return compare(simulate, preview, label(simulate));
}

/** A readable report of a difference, naming the page and the first differing path. */
export function formatDifference(page: string, view: string, difference: Difference): string {
  return [
    `${page}: the preview renders a different element tree than miniprogram-simulate (${view} view)`,
    `first difference at ${difference.path}`,
    `  ${difference.what}`,
    `    simulate: ${difference.simulate}`,
    `    preview:  ${difference.preview}`,
    'around it, in simulate:',
    difference.context.simulate.replace(/^/gm, '    '),
    'around it, in the preview:',
    difference.context.preview.replace(/^/gm, '    '),
  ].join('\n');
}

// ---- the preview side, in a child process ----------------------------------------------------------

export interface PreviewTrees {
  /** Resolves once the preview and Chromium are up. */
  ready: Promise<void>;
  submit(job: PreviewJob): void;
  /** No more jobs: the child ends after answering those submitted. */
  end(): void;
  /** The answer for a job (a failure if the child ended without one). */
  result(key: string): Promise<PreviewAnswer>;
  stop(): Promise<void>;
}

/** Starts test/support/preview-trees.ts against `cloudUrl` (see there for the protocol). */
export function startPreviewTrees(cloudUrl: string, env: string): PreviewTrees {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', join(projectRoot, 'test', 'support', 'preview-trees.ts'), cloudUrl, env], {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  // A child that died is reported through `result`; writing to it must not throw as well.
  child.stdin!.on('error', () => undefined);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString('utf8')).slice(-4000);
  });
  const answers = new Map<string, PreviewAnswer>();
  const waiting = new Map<string, (answer: PreviewAnswer) => void>();
  let markReady: () => void = () => undefined;
  let failReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    const message = JSON.parse(line) as PreviewAnswer | { type: 'ready' };
    if (message.type === 'ready') return markReady();
    answers.set(message.key, message);
    waiting.get(message.key)?.(message);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      const why = `the preview child exited (${signal ?? code})${stderr ? `:\n${stderr}` : ''}`;
      failReady(new Error(why));
      for (const [key, resolveAnswer] of waiting) if (!answers.has(key)) resolveAnswer({ type: 'failed', key, message: why, errors: [] });
      resolve();
    });
  });
  return {
    ready,
    submit(job) {
      child.stdin!.write(`${JSON.stringify(job)}\n`);
    },
    end() {
      child.stdin!.end();
    },
    result(key) {
      const known = answers.get(key);
      if (known) return Promise.resolve(known);
      if (child.exitCode !== null || child.signalCode !== null) {
        return Promise.resolve({ type: 'failed', key, message: `the preview child exited without an answer${stderr ? `:\n${stderr}` : ''}`, errors: [] });
      }
      return new Promise((resolve) => waiting.set(key, resolve));
    },
    async stop() {
      // SIGTERM lets the child close Chromium; SIGKILL only if it does not go in time.
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(killOnExit, 10_000);
      await exited;
      clearTimeout(timer);
      process.removeListener('exit', killOnExit);
    },
  };
}
