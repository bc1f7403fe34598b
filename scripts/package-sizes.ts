/**
 * The mini-program's package sizes as the upload sees them: build/miniprogram compiled by
 * miniprogram-ci's own compile step (the one `ci.upload` runs before packing, `getCompiledResult`),
 * with the settings and ignores the deploy uploads with, then measured per package: the main
 * package and each subpackage of app.json, against WeChat's limits.
 *
 * Nothing goes to the network: the project's attributes, which miniprogram-ci would otherwise
 * fetch with a signed request, are supplied here, and the private key is a throwaway one (the
 * compile never signs anything).
 *
 * `tsx scripts/package-sizes.ts [project folder] [--json]` compiles a project (build/miniprogram by
 * default) and prints its sizes; the exit status is 1 when the compile reports an error.
 */
import { generateKeyPairSync } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { inspect } from 'node:util';
import { builtMiniprogram } from './paths';
import { UPLOAD_IGNORES, UPLOAD_SETTING, builtProjectConfig } from './ops/deploy-run';

const MIB = 1024 * 1024;

/** WeChat's limits on a mini-program's code: 2 MB for the main package and for each subpackage, 20 MB in all. */
export const PACKAGE_LIMITS = { mainBytes: 2 * MIB, subpackageBytes: 2 * MIB, totalBytes: 20 * MIB };
export type PackageLimits = typeof PACKAGE_LIMITS;

export interface SubpackageSize {
  root: string;
  name?: string;
  bytes: number;
  files: number;
}

export interface PackageSizes {
  main: { bytes: number; files: number };
  subpackages: SubpackageSize[];
  total: number;
}

export interface CompiledProject {
  /** The compiled files, by path, as the upload would pack them (source maps left out, as the upload does). */
  files: Record<string, string | Buffer>;
  sizes: PackageSizes;
  compileMs: number;
}

/** The attributes WeChat's server would return for an ordinary mini-program (miniprogram-ci's own defaults). */
const LOCAL_ATTRIBUTES = {
  platform: false,
  appType: 0,
  isSandbox: false,
  released: false,
  setting: {
    MaxCodeSize: 2,
    MaxSubpackageSubCodeSize: 2,
    MaxSubpackageFullCodeSize: 20,
    NavigateMiniprogramLimit: 10,
    MaxSubPackageLimit: 100,
    MinTabbarCount: 2,
    MaxTabbarCount: 5,
    MaxCustomTabbarCount: 10,
    MaxTabbarIconSize: 40,
  },
};

interface MiniprogramCi {
  Project: new (options: {
    appid: string;
    type: 'miniProgram';
    projectPath: string;
    privateKeyPath: string;
    ignores?: string[];
    attr?: () => Promise<unknown>;
  }) => unknown;
  getCompiledResult(options: { project: unknown; setting?: Record<string, boolean>; onProgressUpdate?: (message: unknown) => void }): Promise<Record<string, string | Buffer>>;
}

interface AppJson {
  subPackages?: { root: string; name?: string }[];
  subpackages?: { root: string; name?: string }[];
}

const byteLength = (content: string | Buffer): number => (typeof content === 'string' ? Buffer.byteLength(content) : content.length);
const withoutSlashes = (root: string): string => root.replace(/^\.?\/+/, '').replace(/\/+$/, '');

/** Splits compiled files by package: a file under a subpackage's root belongs to it, any other file to the main package. */
export function measurePackages(files: Record<string, string | Buffer>, subpackages: { root: string; name?: string }[]): PackageSizes {
  const measured: SubpackageSize[] = subpackages.map((pkg) => ({ root: withoutSlashes(pkg.root), ...(pkg.name ? { name: pkg.name } : {}), bytes: 0, files: 0 }));
  const main = { bytes: 0, files: 0 };
  for (const [path, content] of Object.entries(files)) {
    const file = withoutSlashes(path);
    const owner = measured.find((pkg) => file.startsWith(`${pkg.root}/`)) ?? main;
    owner.bytes += byteLength(content);
    owner.files += 1;
  }
  return { main, subpackages: measured, total: main.bytes + measured.reduce((sum, pkg) => sum + pkg.bytes, 0) };
}

export const formatBytes = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KiB`;

/** What is over WeChat's limits, one sentence each; empty when the mini-program can be uploaded. */
export function sizeProblems(sizes: PackageSizes, limits: PackageLimits = PACKAGE_LIMITS): string[] {
  const problems: string[] = [];
  if (sizes.main.bytes > limits.mainBytes) problems.push(`the main package is ${formatBytes(sizes.main.bytes)}, over the ${formatBytes(limits.mainBytes)} limit`);
  for (const pkg of sizes.subpackages) {
    if (pkg.bytes > limits.subpackageBytes) problems.push(`subpackage ${pkg.root} is ${formatBytes(pkg.bytes)}, over the ${formatBytes(limits.subpackageBytes)} limit`);
  }
  if (sizes.total > limits.totalBytes) problems.push(`all packages together are ${formatBytes(sizes.total)}, over the ${formatBytes(limits.totalBytes)} limit`);
  return problems;
}

/** The sizes as lines: each package with its limit, then the total. */
export function describeSizes(sizes: PackageSizes, limits: PackageLimits = PACKAGE_LIMITS): string[] {
  return [
    `main package: ${formatBytes(sizes.main.bytes)} in ${sizes.main.files} files (limit ${formatBytes(limits.mainBytes)})`,
    ...sizes.subpackages.map((pkg) => `subpackage ${pkg.root}: ${formatBytes(pkg.bytes)} in ${pkg.files} files (limit ${formatBytes(limits.subpackageBytes)})`),
    `total: ${formatBytes(sizes.total)} (limit ${formatBytes(limits.totalBytes)})`,
  ];
}

/**
 * Compiles a mini-program project folder (project.config.json and app.json at its top) with
 * miniprogram-ci's upload compile and measures it. A compile error (a page in app.json without
 * its files, a template that does not parse, …) is thrown as miniprogram-ci reports it.
 */
export async function compileProject(projectPath: string): Promise<CompiledProject> {
  const keyDir = mkdtempSync(join(tmpdir(), 'package-sizes-key-'));
  try {
    // A key of the right form that WeChat knows nothing of: only signing requests would read it.
    const privateKeyPath = join(keyDir, 'private.key');
    writeFileSync(privateKeyPath, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'pem' }));
    const config = JSON.parse(readFileSync(join(projectPath, 'project.config.json'), 'utf8')) as { appid?: string };
    // Loaded lazily: miniprogram-ci is large.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ci = require('miniprogram-ci') as MiniprogramCi;
    // The compile asks WeChat for the file extensions an upload may hold and falls back to the
    // list it ships with when the request fails: it fails here, before any connection.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const requests = require('miniprogram-ci/dist/utils/request') as { request: unknown };
    requests.request = (options: { url?: string }) => Promise.reject(new Error(`offline: ${options.url ?? 'request'} not sent`));
    const project = new ci.Project({
      appid: config.appid ?? 'touristappid',
      type: 'miniProgram',
      projectPath,
      privateKeyPath,
      ignores: UPLOAD_IGNORES,
      attr: () => Promise.resolve(LOCAL_ATTRIBUTES),
    });
    const started = performance.now();
    // The compile leaves an empty folder of its own in the working directory: here, the key's, removed below.
    const cwd = process.cwd();
    process.chdir(keyDir);
    const files = await ci.getCompiledResult({ project, setting: UPLOAD_SETTING, onProgressUpdate: () => undefined }).finally(() => process.chdir(cwd));
    const compileMs = performance.now() - started;
    const app = JSON.parse(readFileSync(join(projectPath, 'app.json'), 'utf8')) as AppJson;
    return { files, sizes: measurePackages(files, app.subPackages ?? app.subpackages ?? []), compileMs };
  } finally {
    rmSync(keyDir, { recursive: true, force: true });
  }
}

/**
 * build/miniprogram as the deploy uploads it: a copy with the project settings the deploy writes
 * (the copy keeps build/miniprogram as the page tests and the preview use it).
 */
export async function compileBuiltMiniprogram(): Promise<CompiledProject> {
  const copy = mkdtempSync(join(tmpdir(), 'package-sizes-'));
  try {
    cpSync(builtMiniprogram, copy, { recursive: true });
    writeFileSync(join(copy, 'project.config.json'), JSON.stringify(builtProjectConfig('touristappid'), null, 2));
    return await compileProject(copy);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** A compile error as miniprogram-ci reports it: its message, and the file it names when it names one apart. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return typeof error === 'object' && error !== null ? inspect(error, { depth: 3 }) : String(error);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const folder = args.find((arg) => !arg.startsWith('--'));
  const compiled = folder ? await compileProject(folder) : await compileBuiltMiniprogram();
  if (json) {
    process.stdout.write(`${JSON.stringify({ sizes: compiled.sizes, compileMs: Math.round(compiled.compileMs), files: Object.keys(compiled.files).sort() })}\n`);
    return;
  }
  for (const line of describeSizes(compiled.sizes)) process.stdout.write(`${line}\n`);
  for (const problem of sizeProblems(compiled.sizes)) process.stdout.write(`over the limit: ${problem}\n`);
  process.stdout.write(`compiled in ${(compiled.compileMs / 1000).toFixed(1)} s\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === __filename) {
  // miniprogram-ci's compiler process stays up after the compile: exit when done.
  main().then(() => process.exit(0), (error: unknown) => {
    process.stderr.write(`${describeError(error)}\n`);
    process.exit(1);
  });
}
