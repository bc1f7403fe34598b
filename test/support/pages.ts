import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import simulate from 'miniprogram-simulate';
import { watchReady, type ExparserLike } from '../../preview/component-ready';
import { npmComponents, type ComponentJson } from '../../preview/npm-components';
import { builtMiniprogram, root } from '../../scripts/paths';

/**
 * wcc compiles every WXML of the mini-program at once, for seconds of CPU, and miniprogram-simulate
 * runs it once per test file (each has a module registry of its own). Its output depends only on
 * the WXML and WXS files and the options, so every page test file after the first reads it from
 * build/wcc-cache, keyed by a hash of those files, instead of compiling the same files again.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wccCompiler = require('miniprogram-compiler') as { wxmlToJs(rootPath: string, options?: Record<string, unknown>): string };
const compileWxml = wccCompiler.wxmlToJs.bind(wccCompiler);
function templateFiles(dir: string, into: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) templateFiles(path, into);
    else if (entry.name.endsWith('.wxml') || entry.name.endsWith('.wxs')) into.push(path);
  }
  return into;
}
wccCompiler.wxmlToJs = (rootPath, options = {}) => {
  const hash = createHash('sha256').update(JSON.stringify({ rootPath, options }));
  for (const file of templateFiles(rootPath).sort()) hash.update(`\0${relative(rootPath, file)}\0`).update(readFileSync(file));
  const cacheDir = join(root, 'build', 'wcc-cache');
  const cached = join(cacheDir, `${hash.digest('hex')}.js`);
  if (existsSync(cached)) return readFileSync(cached, 'utf8');
  const compiled = compileWxml(rootPath, options);
  // Written aside and renamed: a test file in the other worker reads it whole or not at all.
  mkdirSync(cacheDir, { recursive: true });
  const aside = `${cached}.${process.pid}`;
  writeFileSync(aside, compiled);
  renameSync(aside, cached);
  return compiled;
};

/**
 * miniprogram-simulate runs a component's script with `require` and then deletes it from
 * `require.cache`, so that the next page that uses the component registers it again. Jest's module
 * registry ignores that deletion: a project component a second page of the same test file uses
 * (a status tag on a list after a detail page) would stay an unknown element. Its script, already
 * run once, is run again here, its own requires still going through Jest.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const simulateScripts = require('miniprogram-simulate/src/utils') as { runJs(path: string): void };
const scriptsRun = new Set<string>();
simulateScripts.runJs = (path: string) => {
  const file = `${path}.js`;
  if (!scriptsRun.has(file) || !file.startsWith(builtMiniprogram) || file.includes('/miniprogram_npm/')) {
    scriptsRun.add(file);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
    return;
  }
  const script = { exports: {} };
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const requireFrom = (id: string): unknown => require(id.startsWith('.') ? join(dirname(file), id) : id);
  new Function('require', 'module', 'exports', readFileSync(file, 'utf8'))(requireFrom, script, script.exports);
};

/**
 * Loads a page of the built mini-program (build/miniprogram) with its WXML compiled by the
 * official compiler. Component paths that name an npm package resolve into miniprogram_npm,
 * as WeChat resolves them, in the page's json and in its components' (preview/npm-components.ts).
 */
export function loadPage(page: string): string {
  const pagePath = join(builtMiniprogram, page);
  const usingComponents = npmComponents(page, (file) => {
    const path = join(builtMiniprogram, `${file}.json`);
    return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as ComponentJson) : null;
  });
  // wcc compiles the whole mini-program at once; its output outgrows the default 1 MB pipe buffer.
  return simulate.load(pagePath, {
    rootPath: builtMiniprogram,
    usingComponents,
    compiler: 'official',
    compilerOptions: { maxBuffer: 64 * 1024 * 1024 },
  });
}

// The framework instance miniprogram-simulate renders with.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exparser = require('miniprogram-exparser') as ExparserLike;

export { simulate };

/** A rendered page or component, or a component found inside one. */
export type Rendered = ReturnType<typeof simulate.render>;
/** A rendered root (the simulator's typings leave out what a root can do). */
export type Mounted = Rendered & { attach(parent: Node): void; detach(): void };

/**
 * Renders a page or component and attaches it, as WeChat does when it opens a page; components
 * its later updates create get their `ready` lifetime too, as in WeChat (preview/component-ready.ts).
 */
export function mount(id: string): Mounted {
  const rendered = simulate.render(id) as Mounted;
  const parent = document.createElement('parent-wrapper');
  watchReady(exparser, (rendered as unknown as { _exparserNode: unknown })._exparserNode, parent);
  rendered.attach(parent);
  return rendered;
}

/**
 * Resolves once `condition` holds, polling every 10 ms (pages answer after calls to the local
 * cloud); fails with `what` if it does not hold within `timeoutMs`. The default allows for a cold
 * function instance on a machine busy with other work (seconds on two loaded cores): it only
 * delays a failure, never a pass.
 */
export async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Resolves once the page's data satisfies `done` (e.g. it left its loading state). */
export function untilData(page: Rendered, done: (data: Record<string, unknown>) => boolean, what = 'the page to settle'): Promise<void> {
  return until(() => done(page.data as Record<string, unknown>), what);
}

/**
 * Makes the component matching `selector` emit `name` (what `bind:<name>` listens to) with
 * `detail`, as it does when a user uses it. TDesign components are virtual hosts without a DOM
 * node of their own, so the event is raised from the component instance.
 */
export function fire(root: Rendered, selector: string, name: string, detail: Record<string, unknown> = {}): void {
  const node = root.querySelector(selector);
  if (!node) throw new Error(`nothing matches ${selector}`);
  node.instance.triggerEvent(name, detail);
}

/** The text a user sees in `root` (or in the node matching `selector`). */
export function textOf(root: Rendered, selector?: string): string {
  const node = selector ? root.querySelector(selector) : root;
  if (!node) throw new Error(`nothing matches ${selector}`);
  if (!node.dom) throw new Error(`${selector} has no DOM node of its own (a virtual host); read its container`);
  return node.dom.textContent ?? '';
}

/**
 * A module of the built mini-program, the very instance its pages use (e.g. services/session to
 * reload the profile as a tab page does when it shows).
 */
export function builtModule<T>(path: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(join(builtMiniprogram, path)) as T;
}
