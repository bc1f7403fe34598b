/**
 * The browser preview of the mini-program: a small HTTP server on
 * 127.0.0.1 that serves a phone-frame page, a browser bundle of the mini-program component
 * framework (`miniprogram-simulate` → `j-component` → `miniprogram-exparser`, bundled with
 * esbuild at start), the WXML of build/miniprogram compiled by the official `wcc`
 * (`miniprogram-compiler`), the built mini-program's files, and a proxy to the local cloud
 * (which sends no CORS headers), so the page's `wx.cloud` reaches it from the browser.
 *
 * The user and env are chosen by query: `/?openid=o-demo-owner&env=demo&page=pages/home/index`.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { gzip } from 'node:zlib';
import { dirname, extname, join, normalize, relative, sep } from 'node:path';
import { loadConfig } from '../emulator/config';
import { attachAutomator, automatorEndpoint } from './automator';
import { writeOutWxss } from './wxss';
import { build, transform, type Plugin } from 'esbuild';

const projectRoot = join(__dirname, '..');
const defaultMiniprogram = join(projectRoot, 'build', 'miniprogram');

export interface PreviewOptions {
  /** 0 picks a free port. */
  port?: number;
  /** The local cloud, e.g. http://127.0.0.1:4300; the page reaches it through this server. */
  cloudUrl: string;
  /** The env used when the page's query names none. */
  env: string;
  /** The built mini-program (default build/miniprogram; `npm run build` writes it). */
  miniprogramDir?: string;
  /** The users the frame's switcher offers (the first is the default). */
  users?: { openid: string; label: string }[];
}

export interface RunningPreview {
  url: string;
  /** miniprogram-automator's `wsEndpoint` (default session); see preview/automator.ts for pairing with a page. */
  wsEndpoint: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wxss': 'text/css; charset=utf-8',
  '.wxml': 'text/plain; charset=utf-8',
  '.wxs': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
};

/** Node modules that the bundled framework names but never uses in a browser. */
const SHIMS: Record<string, string> = {
  path: join(__dirname, 'client', 'shims', 'path.ts'),
  less: join(__dirname, 'client', 'shims', 'empty.ts'),
  csso: join(__dirname, 'client', 'shims', 'csso.ts'),
  // miniprogram-simulate compiles WXSS with it; the preview's sheets come written out (./wxss.ts).
  postcss: join(__dirname, 'client', 'shims', 'empty.ts'),
  fs: join(__dirname, 'client', 'shims', 'empty.ts'),
  'miniprogram-compiler': join(__dirname, 'client', 'shims', 'empty.ts'),
};

const shimPlugin: Plugin = {
  name: 'preview-shims',
  setup(b) {
    b.onResolve({ filter: /^(path|less|csso|postcss|fs|miniprogram-compiler)$/ }, (args) => ({ path: SHIMS[args.path] }));
  },
};

/**
 * Bundles preview/client/main.ts for the browser, its source map beside it (fetched only when
 * the browser's developer tools open: inline, it doubled what every page load parses).
 */
export async function bundleClient(): Promise<{ code: string; map: string }> {
  const result = await build({
    entryPoints: [join(__dirname, 'client', 'main.ts')],
    outfile: join(__dirname, 'preview.js'),
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'chrome100',
    define: { global: 'window', 'process.env.NODE_ENV': '"production"' },
    plugins: [shimPlugin],
    logLevel: 'error',
    sourcemap: 'linked',
  });
  const output = (suffix: string): string => result.outputFiles.find((file) => file.path.endsWith(suffix))?.text ?? '';
  return { code: output('preview.js'), map: output('preview.js.map') };
}

/**
 * TDesign's icons come as a web font from a CDN; offline the preview draws the same icons from
 * `tdesign-icons-svg` (one SVG per icon name) as masks in the text colour.
 */
/**
 * The package's SVGs are written for React (`view-box`, `width="1em"`): as an image a browser
 * would draw their 24-unit drawing in a 16 px box and cut off its right and bottom. Served with a
 * real `viewBox` and no fixed size, the mask scales the whole icon to the element.
 */
export function iconSvg(svg: string): string {
  return svg.replace(/\sview-box=/, ' viewBox=').replace(/\s(width|height)="1em"/g, '');
}

function iconStyles(): { css: string; dir: string | undefined } {
  let dir: string | undefined;
  try {
    dir = join(dirname(createRequire(__filename).resolve('tdesign-icons-svg/package.json')), 'src');
  } catch {
    return { css: '', dir: undefined };
  }
  const rules = readdirSync(dir)
    .filter((file) => file.endsWith('.svg'))
    .map((file) => {
      const name = file.slice(0, -4);
      return `.t-icon--t-icon-${name}::before,.t-icon-${name}::before{-webkit-mask-image:url(/icons/${name}.svg);mask-image:url(/icons/${name}.svg)}`;
    });
  // A block of 1em in TDesign's block icon box (the font's glyph sat centred in it): no baseline to push it down.
  const base =
    '.t-icon--t-icon-base::before,.t-icon-base::before{content:""!important;display:block;margin:0 auto;width:1em;height:1em;background-color:currentColor;' +
    '-webkit-mask-repeat:no-repeat;mask-repeat:no-repeat;-webkit-mask-position:center;mask-position:center;-webkit-mask-size:contain;mask-size:contain}';
  return { css: [base, ...rules].join('\n'), dir };
}

/**
 * wcc's debug build (`-d`, which miniprogram-compiler always asks for) keeps a stack of the source
 * line of every element being rendered (`cs.push("file:tag:line:col")` … `cs.pop()`), printed only
 * when a template throws: a quarter of the script, and work for every element drawn.
 */
const WCC_DEBUG_STACK = /^cs\.(?:push\("[^"\n]*"\)|pop\(\))\n/gm;

/**
 * `$gwx(path)` defines every template of the mini-program anew on each call (some 20 ms in the
 * browser), and the framework calls it once per component it registers. The first call's templates
 * serve every later path: `$gwx`'s last statement, which picks the path's template, becomes a
 * function kept for later calls. Code of another shape is left as it is.
 */
export function defineTemplatesOnce(code: string): string {
  const head = '$gwx=function(path,global){';
  const pick = 'if(path&&e_[path]){';
  const start = code.indexOf(head);
  const at = code.indexOf(pick);
  if (start < 0 || at < start || code.indexOf(pick, at + 1) >= 0 || code.indexOf(head, start + 1) >= 0) return code;
  let depth = 0;
  let end = -1;
  for (let i = at; i < code.length; i++) {
    if (code[i] === '{') depth++;
    else if (code[i] === '}' && --depth === 0) {
      end = i + 1;
      break;
    }
  }
  // What follows the picking statement must be the end of `$gwx` itself.
  if (end < 0 || !/^\s*\}/.test(code.slice(end))) return code;
  return (
    `var $gwxPick;\n${code.slice(0, start + head.length)}if($gwxPick)return $gwxPick(path);` +
    `${code.slice(start + head.length, at)}$gwxPick=function(path){${code.slice(at, end)}};return $gwxPick(path);${code.slice(end)}`
  );
}

/**
 * `$gwx` in parentheses: V8 then compiles it while it parses the script off the main thread (as it
 * does the factory around it), instead of on its first call, while a page is being drawn.
 */
function compiledEagerly(code: string): string {
  const head = '$gwx=function(path,global){';
  const tail = /\}(\s*;\s*return \$gwx;\s*)$/;
  if (!code.includes(head) || !tail.test(code)) return code;
  return code.replace(head, '$gwx=(function(path,global){').replace(tail, '})$1');
}

/** The official wcc output for every WXML of the mini-program, as a factory returning `$gwx`. */
export function compileWxml(miniprogramDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string, options?: { maxBuffer?: number }): string };
  const code = defineTemplatesOnce(compiler.wxmlToJs(miniprogramDir, { maxBuffer: 64 * 1024 * 1024 }).replace(WCC_DEBUG_STACK, ''));
  return `window.__wccFactory = (function () {\n${compiledEagerly(code)}\n});\n`;
}

/** An answer fixed for the life of the server: its bytes, ETag, and gzip form once made. */
interface FixedAsset {
  type: string;
  body: Buffer;
  etag: string;
  gzipped?: Buffer;
}

/**
 * Makes a fixed answer; zlib compresses it off the main thread, and until it has, the answer goes
 * out as it is. Compressed, the 5 MB a fresh browser fetches are about 1 MB.
 */
function fixedAsset(type: string, text: string): FixedAsset {
  const body = Buffer.from(text);
  const asset: FixedAsset = { type, body, etag: createHash('sha1').update(body).digest('base64url') };
  gzip(body, { level: 6 }, (error, result) => {
    if (!error) asset.gzipped = result;
  });
  return asset;
}

function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (at: string): void => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

export async function startPreview(options: PreviewOptions): Promise<RunningPreview> {
  const miniprogramDir = options.miniprogramDir ?? defaultMiniprogram;
  if (!existsSync(join(miniprogramDir, 'app.json'))) {
    throw new Error(`no built mini-program at ${miniprogramDir}: run npm run build first`);
  }
  const cloud = new URL(options.cloudUrl);
  const icons = iconStyles();

  /**
   * The browser bundle, the compiled WXML and the icon styles, made once the server listens, while
   * the person opens the browser (they took a second of starting); a request for one waits for them.
   */
  let assets: Promise<Record<'bundle' | 'map' | 'wcc' | 'icons', FixedAsset>> | undefined;
  const fixed = (): NonNullable<typeof assets> =>
    (assets ??= (async () => {
      const bundling = bundleClient();
      // wcc runs while esbuild bundles in its own process.
      const wcc = fixedAsset(TYPES['.js'], compileWxml(miniprogramDir));
      const bundle = await bundling;
      return {
        bundle: fixedAsset(TYPES['.js'], bundle.code),
        map: fixedAsset(TYPES['.json'], bundle.map),
        wcc,
        icons: fixedAsset('text/css; charset=utf-8', icons.css),
      };
    })());
  const templates = Object.entries(loadConfig(join(projectRoot, 'config', 'local-cloud.json')).subscribeTemplates).map(([id, template]) => ({ id, title: template.title }));
  const config = { env: options.env, users: options.users ?? [], templates };
  // Inlined into a <script>: `<` is escaped so no text can close the element.
  const html = readFileSync(join(__dirname, 'client', 'index.html'), 'utf8').replace('/*CONFIG*/null', JSON.stringify(config).replace(/</g, '\\u003c'));
  const jsCache = new Map<string, string>();

  /**
   * Every file's path, the text of every file a page may read (scripts, JSON, WXS) and every
   * style sheet written out (./wxss.ts), sent in one answer at boot: the browser reads them
   * synchronously, and a request per file (a hundred for the 工作台) took seconds. Made once, as
   * soon as the server listens.
   */
  let pack: Promise<FixedAsset> | undefined;
  // Not WXML: pages get their templates from wcc (/wcc.js).
  const PACKED = new Set(['.js', '.json', '.wxs']);
  const packFiles = (): Promise<FixedAsset> =>
    (pack ??= (async () => {
      const files = listFiles(miniprogramDir);
      const texts: Record<string, string> = {};
      for (const file of files) {
        const full = join(miniprogramDir, file);
        if (!PACKED.has(extname(file)) || file === 'project.config.json') continue;
        texts[file] = extname(file) === '.js' ? await miniprogramJs(full) : readFileSync(full, 'utf8');
      }
      const styles = writeOutWxss(miniprogramDir, files.filter((file) => file.endsWith('.wxss')));
      return fixedAsset(TYPES['.json'], JSON.stringify({ files, texts, styles }));
    })());

  /** Mini-program JS as CommonJS (TDesign ships ES modules; WeChat's own tooling converts them the same way). */
  const miniprogramJs = async (file: string): Promise<string> => {
    const cached = jsCache.get(file);
    if (cached !== undefined) return cached;
    const source = readFileSync(file, 'utf8');
    const isEsm = /(^|[;\s}])(import|export)[\s{*]/.test(source) && !source.includes('module.exports');
    const code = isEsm ? (await transform(source, { loader: 'js', format: 'cjs', target: 'es2018' })).code : source;
    jsCache.set(file, code);
    return code;
  };

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
    res.end(body);
  };

  /**
   * The bundles, compiled WXML, icon styles and the file pack, fixed for the life of the server:
   * sent compressed to a browser that takes gzip, and with an ETag (one for each form), so a
   * reload of the page asks again and gets "not modified" instead of the whole.
   */
  const sendFixed = (req: IncomingMessage, res: ServerResponse, asset: FixedAsset): void => {
    const gzipped = /\bgzip\b/.test(req.headers['accept-encoding'] ?? '') ? asset.gzipped : undefined;
    const etag = gzipped ? `"${asset.etag}-gzip"` : `"${asset.etag}"`;
    const headers = { etag, 'cache-control': 'no-cache', vary: 'accept-encoding' };
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, headers);
      return void res.end();
    }
    res.writeHead(200, { ...headers, 'content-type': asset.type, ...(gzipped ? { 'content-encoding': 'gzip' } : {}) });
    res.end(gzipped ?? asset.body);
  };

  /** Forwards to the local cloud: the configured one, or another on this machine named by the page's `?cloud=`. */
  const proxy = (req: IncomingMessage, res: ServerResponse, path: string): void => {
    const { 'x-preview-cloud': override, ...headers } = req.headers;
    let target = cloud;
    if (typeof override === 'string') {
      const asked = new URL(override);
      if (!['127.0.0.1', 'localhost', '[::1]'].includes(asked.hostname)) {
        return send(res, 403, 'application/json', JSON.stringify({ errCode: -1, errMsg: 'the preview only reaches a local cloud on this machine' }));
      }
      target = asked;
    }
    const upstream = httpRequest(
      { hostname: target.hostname, port: target.port, method: req.method, path, headers: { ...headers, host: target.host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', (error) => send(res, 502, 'application/json', JSON.stringify({ errCode: -1, errMsg: `local cloud unreachable: ${error.message}` })));
    req.pipe(upstream);
  };

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://preview');
    const path = decodeURIComponent(url.pathname);
    const handle = async (): Promise<void> => {
      if (path === '/' || path === '/index.html') return send(res, 200, TYPES['.html'], html);
      if (path === '/preview.js') return sendFixed(req, res, (await fixed()).bundle);
      if (path === '/preview.js.map') return sendFixed(req, res, (await fixed()).map);
      if (path === '/mp-pack.json') return sendFixed(req, res, await packFiles());
      if (path === '/wcc.js') return sendFixed(req, res, (await fixed()).wcc);
      if (path === '/icons.css') return sendFixed(req, res, (await fixed()).icons);
      if (path.startsWith('/icons/') && icons.dir) {
        const name = path.slice('/icons/'.length);
        const file = join(icons.dir, name);
        if (!/^[a-z0-9-]+\.svg$/.test(name) || !existsSync(file)) return send(res, 404, 'text/plain', 'not found');
        res.writeHead(200, { 'content-type': TYPES['.svg'], 'cache-control': 'max-age=3600' });
        return void res.end(iconSvg(readFileSync(file, 'utf8')));
      }
      if (path.startsWith('/cloud/')) return proxy(req, res, path.slice('/cloud'.length) + url.search);
      if (path.startsWith('/mp/')) {
        const file = normalize(join(miniprogramDir, path.slice('/mp/'.length)));
        if (!file.startsWith(miniprogramDir + sep) || !existsSync(file)) return send(res, 404, 'text/plain', 'not found');
        const type = TYPES[extname(file)] ?? 'application/octet-stream';
        if (extname(file) === '.js') return send(res, 200, type, await miniprogramJs(file));
        return send(res, 200, type, readFileSync(file));
      }
      send(res, 404, 'text/plain', 'not found');
    };
    handle().catch((error: unknown) => send(res, 500, 'text/plain', error instanceof Error ? (error.stack ?? error.message) : String(error)));
  });
  const automator = attachAutomator(server);
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  // Made while the person opens the browser, so the first page load does not wait for them; after
  // this returns, for the compilers block (a failure is told here, and again to each request).
  setImmediate(() => {
    for (const made of [fixed(), packFiles()]) {
      made.catch((error: unknown) => process.stderr.write(`preview: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`));
    }
  });
  return {
    url: `http://127.0.0.1:${port}`,
    wsEndpoint: automatorEndpoint(`http://127.0.0.1:${port}`),
    close: () =>
      new Promise<void>((resolveClose) => {
        automator.close();
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
