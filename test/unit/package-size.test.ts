/**
 * Package sizes as the upload compiler sees them: build/miniprogram compiled by miniprogram-ci's
 * own upload compile (offline: no connection is allowed), measured per package against WeChat's
 * limits. A compile error DevTools would also report fails here, before any upload.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { PACKAGE_LIMITS, measurePackages, sizeProblems, type PackageSizes } from '../../scripts/package-sizes';
import { builtMiniprogram, root } from '../../scripts/paths';
import { NETWORK_EXIT, writeNoNetworkPreload } from '../support/no-network';

const work = mkdtempSync(join(tmpdir(), 'package-size-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const noNetwork = writeNoNetworkPreload(work);

interface Measured {
  status: number | null;
  stderr: string;
  result?: { sizes: PackageSizes; compileMs: number; files: string[] };
}

/** `scripts/package-sizes.ts --json` in a process of its own that may not connect anywhere. */
function measure(folder?: string): Promise<Measured> {
  return new Promise((resolve, reject) => {
    // tsx by its full path: miniprogram-ci forks its compiler with these options, from another folder.
    const args = ['--require', noNetwork, '--import', pathToFileURL(createRequire(__filename).resolve('tsx')).href, join(root, 'scripts', 'package-sizes.ts'), ...(folder ? [folder] : []), '--json'];
    const child = spawn(process.execPath, args, { cwd: root, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => {
      // miniprogram-ci logs as it goes; the result is the last line.
      const last = stdout.trim().split('\n').pop() ?? '';
      resolve({ status, stderr, result: status === 0 ? (JSON.parse(last) as Measured['result']) : undefined });
    });
  });
}

/** A one-page project; `files` replaces or adds files. */
function tinyProject(name: string, files: Record<string, string> = {}): string {
  const dir = join(work, name);
  const all: Record<string, string> = {
    'project.config.json': JSON.stringify({ appid: 'touristappid', compileType: 'miniprogram', miniprogramRoot: './', libVersion: '3.6.0', setting: {} }),
    'app.json': JSON.stringify({ pages: ['pages/index/index'], subPackages: [{ root: 'packages/more', pages: ['pages/one/index'] }] }),
    'app.js': 'App({});\n',
    'pages/index/index.json': '{}',
    'pages/index/index.js': 'Page({ data: { title: "首页" } });\n',
    'pages/index/index.wxml': '<view class="title">{{title}}</view>\n',
    'pages/index/index.wxss': '.title { color: #333; }\n',
    'packages/more/pages/one/index.json': '{}',
    'packages/more/pages/one/index.js': 'Page({});\n',
    'packages/more/pages/one/index.wxml': '<view>分包</view>\n',
    ...files,
  };
  for (const [path, content] of Object.entries(all)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  return dir;
}

const sizes = (main: number, subpackages: number[]): PackageSizes => ({
  main: { bytes: main, files: 1 },
  subpackages: subpackages.map((bytes, i) => ({ root: `packages/p${i}`, bytes, files: 1 })),
  total: main + subpackages.reduce((sum, bytes) => sum + bytes, 0),
});

describe('the size check', () => {
  test('passes up to the limits and names each package over them', () => {
    expect(sizeProblems(sizes(PACKAGE_LIMITS.mainBytes, [PACKAGE_LIMITS.subpackageBytes]))).toEqual([]);
    expect(sizeProblems(sizes(PACKAGE_LIMITS.mainBytes + 1, [1000]))).toEqual([expect.stringMatching(/^the main package is .* over the 2048\.0 KiB limit$/)]);
    expect(sizeProblems(sizes(1000, [1000, PACKAGE_LIMITS.subpackageBytes + 1]))).toEqual([expect.stringMatching(/^subpackage packages\/p1 is /)]);
    // The main package and ten subpackages, each at its limit: all together over 20 MB.
    const full = sizes(PACKAGE_LIMITS.mainBytes, Array.from({ length: 10 }, () => PACKAGE_LIMITS.subpackageBytes));
    expect(sizeProblems(full)).toEqual([expect.stringMatching(/^all packages together are 22528\.0 KiB, over the 20480\.0 KiB limit$/)]);
  });

  test('a file belongs to the subpackage whose root holds it, any other to the main package', () => {
    const measured = measurePackages(
      { 'app.js': 'abc', 'packages/staff/pages/a.js': 'abcd', 'packages/staffing/b.js': 'ab', '/packages/site/c.wxml': '中', 'miniprogram_npm/x/index.js': Buffer.alloc(5) },
      [{ root: 'packages/staff/', name: 'staff' }, { root: 'packages/site' }],
    );
    expect(measured).toEqual({
      main: { bytes: 3 + 2 + 5, files: 3 },
      subpackages: [
        { root: 'packages/staff', name: 'staff', bytes: 4, files: 1 },
        { root: 'packages/site', bytes: 3, files: 1 },
      ],
      total: 17,
    });
  });
});

describe('miniprogram-ci upload compile, offline', () => {
  test('the built mini-program compiles with no error and its packages are within the limits', async () => {
    const measured = await measure();
    expect(measured.stderr).not.toContain('NETWORK CALL');
    expect({ status: measured.status, stderr: measured.status === 0 ? '' : measured.stderr }).toEqual({ status: 0, stderr: '' });
    const { sizes: real, files } = measured.result!;
    const app = JSON.parse(readFileSync(join(builtMiniprogram, 'app.json'), 'utf8')) as { subPackages: { root: string }[] };
    expect(real.subpackages.map((pkg) => pkg.root)).toEqual(app.subPackages.map((pkg) => pkg.root));
    for (const pkg of real.subpackages) expect(pkg.bytes).toBeGreaterThan(0);
    expect(files).toContain('app.json');
    expect(sizeProblems(real)).toEqual([]);
  }, 300_000);

  test('a tiny project compiles and is measured by package', async () => {
    const measured = await measure(tinyProject('good'));
    expect({ status: measured.status, stderr: measured.status === 0 ? '' : measured.stderr }).toEqual({ status: 0, stderr: '' });
    const { sizes: tiny } = measured.result!;
    expect(tiny.main.bytes).toBeGreaterThan(0);
    expect(tiny.subpackages).toEqual([expect.objectContaining({ root: 'packages/more', bytes: expect.any(Number) })]);
    expect(tiny.subpackages[0].bytes).toBeGreaterThan(0);
  }, 120_000);

  test('a page named in app.json without its files is a compile error', async () => {
    const app = JSON.stringify({ pages: ['pages/index/index', 'pages/missing/index'] });
    const measured = await measure(tinyProject('missing-page', { 'app.json': app }));
    expect(measured.status).not.toBe(0);
    expect(measured.status).not.toBe(NETWORK_EXIT);
    expect(measured.stderr).toContain('could not find the corresponding file: "pages/missing/index.wxml"');
  }, 120_000);

  test('a template that does not parse is a compile error with its line', async () => {
    const measured = await measure(tinyProject('broken-wxml', { 'pages/index/index.wxml': '<view>\n  <text>未闭合\n</view>\n' }));
    expect(measured.status).not.toBe(0);
    expect(measured.status).not.toBe(NETWORK_EXIT);
    // miniprogram-ci reports the line and column of the template that does not parse.
    expect(measured.stderr).toMatch(/3:\d+:unexpected end tag: view/);
  }, 120_000);
});
