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
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, relative, sep } from 'node:path';
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
}

export interface RunningPreview {
  url: string;
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
  fs: join(__dirname, 'client', 'shims', 'empty.ts'),
  'miniprogram-compiler': join(__dirname, 'client', 'shims', 'empty.ts'),
};

const shimPlugin: Plugin = {
  name: 'preview-shims',
  setup(b) {
    b.onResolve({ filter: /^(path|less|csso|fs|miniprogram-compiler)$/ }, (args) => ({ path: SHIMS[args.path] }));
  },
};

/** Bundles preview/client/main.ts for the browser. */
export async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [join(__dirname, 'client', 'main.ts')],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'chrome100',
    define: { global: 'window', 'process.env.NODE_ENV': '"production"' },
    plugins: [shimPlugin],
    logLevel: 'error',
    sourcemap: 'inline',
  });
  return result.outputFiles[0].text;
}

/** The official wcc output for every WXML of the mini-program, as a factory returning `$gwx`. */
export function compileWxml(miniprogramDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compiler = require('miniprogram-compiler') as { wxmlToJs(root: string, options?: { maxBuffer?: number }): string };
  const code = compiler.wxmlToJs(miniprogramDir, { maxBuffer: 64 * 1024 * 1024 });
  return `window.__wccFactory = function () {\n${code}\n};\n`;
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
  const [bundle] = await Promise.all([bundleClient()]);
  const wcc = compileWxml(miniprogramDir);
  const files = JSON.stringify(listFiles(miniprogramDir));
  const html = readFileSync(join(__dirname, 'client', 'index.html'), 'utf8').replace('__DEFAULT_ENV__', JSON.stringify(options.env));
  const jsCache = new Map<string, string>();

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
      if (path === '/preview.js') return send(res, 200, TYPES['.js'], bundle);
      if (path === '/wcc.js') return send(res, 200, TYPES['.js'], wcc);
      if (path === '/mp-files.json') return send(res, 200, TYPES['.json'], files);
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
  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
