/**
 * The build steps behind `npm run build` and `npm start`: bundles each cloud function's TypeScript into its deployable index.js,
 * builds the mini-program's npm packages into miniprogram_npm with the official tooling, and
 * writes a runnable copy of the mini-program (TypeScript compiled to JavaScript) to build/miniprogram
 * for page tests and the local preview. WeChat DevTools opens miniprogram/ itself and compiles
 * the TypeScript with its own plugin.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build, transform, type BuildOptions, type Metafile, type Plugin } from 'esbuild';
import { builtMiniprogram, functionsRoot, miniprogramRoot, root } from './paths';
import { LAZY_PACKAGES } from '../cloudfunctions/api/src/lazy';
import { FONT_FAMILIES, FONT_FOLDER, RANGES_FILE, familyFiles } from '../cloudfunctions/api/src/documents/fonts';


export interface FunctionBundle {
  name: string;
  bytes: number;
}

const lazyFile = (name: string): string => `${name.replace(/\//g, '-')}.js`;

/**
 * Sends each lazy package's import to its file in `lib/`, and leaves zod's 50 message locales out
 * (the api sets zh-CN, imported by path) and its JSON-schema reader.
 */
function leanPlugin(): Plugin {
  const lazy = new RegExp(`^(${LAZY_PACKAGES.map((name) => name.replace(/[/.]/g, '\\$&')).join('|')})$`);
  return {
    name: 'lean',
    setup(builder) {
      // A lazy package becomes a small module that requires its file: `import()` of it then stays a
      // require on first use (Node's own import() of a bundled CommonJS file would find no named exports).
      builder.onResolve({ filter: lazy }, (args) => ({ path: args.path, namespace: 'lazy' }));
      builder.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(`./lib/${lazyFile(args.path)}`)});`, loader: 'js' }));
      builder.onResolve({ filter: /^\.\/lib\//, namespace: 'lazy' }, (args) => ({ path: args.path, external: true }));
      builder.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
        /zod[\\/]v4[\\/](classic|core)/.test(args.importer) ? { path: 'zod-locales', namespace: 'lean' } : undefined,
      );
      // zod's JSON-schema reader is never called here either.
      builder.onResolve({ filter: /^\.\/from-json-schema\.js$/ }, (args) =>
        /zod[\\/]v4[\\/]classic/.test(args.importer) ? { path: 'zod-from-json-schema', namespace: 'lean' } : undefined,
      );
      builder.onLoad({ filter: /.*/, namespace: 'lean' }, (args) => ({
        contents: args.path === 'zod-from-json-schema' ? 'export const fromJSONSchema = undefined;' : 'export {}',
        loader: 'js',
      }));
    },
  };
}

const BUNDLE_OPTIONS = {
  bundle: true,
  platform: 'node',
  // The cloud's Node.js 16 runtime is the oldest one offered for new functions.
  target: 'node16',
  format: 'cjs',
  external: ['wx-server-sdk'],
  legalComments: 'none',
  logLevel: 'warning',
  minify: true,
} as const satisfies BuildOptions;

/** Bundles cloudfunctions/<name>/src/index.ts → cloudfunctions/<name>/index.js (wx-server-sdk stays external), lazy packages → lib/. */
export async function buildFunctions(): Promise<FunctionBundle[]> {
  const bundles: FunctionBundle[] = [];
  for (const name of readdirSync(functionsRoot)) {
    const entry = join(functionsRoot, name, 'src', 'index.ts');
    if (!existsSync(entry)) continue;
    const outfile = join(functionsRoot, name, 'index.js');
    await bundleFunction(entry, outfile);
    bundles.push({ name, bytes: statSync(outfile).size });
  }
  copyPdfFonts(join(functionsRoot, 'api', FONT_FOLDER));
  return bundles;
}

/**
 * One function's bundle at `outfile`, with its lazy packages in lib/ beside it; `whole` bundles
 * everything into one unminified file instead, as functions were built before (the bench compares
 * the two starts).
 */
export async function bundleFunction(entry: string, outfile: string, whole = false): Promise<void> {
  if (whole) {
    await build({ ...BUNDLE_OPTIONS, minify: false, entryPoints: [entry], outfile });
    return;
  }
  // The source map beside it maps a logged stack trace back to src/ (Node reads it only with --enable-source-maps).
  const result = await build({ ...BUNDLE_OPTIONS, entryPoints: [entry], outfile, plugins: [leanPlugin()], metafile: true, sourcemap: 'linked', sourcesContent: false });
  await buildLazyPackages(join(dirname(outfile), 'lib'), lazyImportsOf(result.metafile));
}

/** The lazy packages a bundle requires from lib/. */
function lazyImportsOf(metafile: Metafile): Set<string> {
  return new Set(LAZY_PACKAGES.filter((name) => `lazy:${name}` in metafile.inputs));
}

/**
 * Each lazy package bundled whole into lib/ (its own dependencies inside it, at the versions it
 * asked for). A package's bundle depends only on its version and the bundling options, so it is
 * built once per machine into node_modules/.cache and copied from there.
 */
async function buildLazyPackages(folder: string, wanted: Set<string>): Promise<void> {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const options = createHash('sha1').update(JSON.stringify(BUNDLE_OPTIONS)).digest('hex').slice(0, 8);
  const cache = join(root, 'node_modules', '.cache', 'function-lib', options);
  for (const name of wanted) {
    const packageName = name.split('/')[0];
    const { version } = JSON.parse(readFileSync(join(root, 'node_modules', packageName, 'package.json'), 'utf8')) as { version: string };
    const cached = join(cache, `${lazyFile(name).replace(/\.js$/, '')}@${version}.js`);
    if (!existsSync(cached)) {
      // Written aside and renamed: a build running at the same time never copies half a file.
      const partial = `${cached}.${process.pid}.partial`;
      await build({
        ...BUNDLE_OPTIONS,
        stdin: { contents: `module.exports = require(${JSON.stringify(name)});`, resolveDir: root, loader: 'js' },
        outfile: partial,
      });
      renameSync(partial, cached);
    }
    copyFileSync(cached, join(folder, lazyFile(name)));
  }
}

/**
 * The PDF fonts (registry packages, OFL) next to the api function, one folder per family, uploaded
 * with it: nothing is fetched at run time. Files no family lists any more are removed.
 */
function copyPdfFonts(target: string): void {
  mkdirSync(target, { recursive: true });
  const folders = new Set<string>();
  for (const family of Object.values(FONT_FAMILIES)) {
    const packageRoot = join(root, 'node_modules', family.package);
    const folder = join(target, family.folder);
    folders.add(family.folder);
    const ranges = readFileSync(join(packageRoot, RANGES_FILE), 'utf8');
    const files = new Set(familyFiles(family, ranges));
    mkdirSync(folder, { recursive: true });
    for (const entry of readdirSync(folder)) {
      if (!files.has(entry) && entry !== RANGES_FILE && entry !== 'LICENSE') rmSync(join(folder, entry));
    }
    writeFileSync(join(folder, RANGES_FILE), ranges);
    for (const file of files) {
      const source = join(packageRoot, 'files', file);
      const copied = join(folder, file);
      if (!existsSync(copied) || statSync(copied).size !== statSync(source).size) cpSync(source, copied);
    }
    writeFileSync(join(folder, 'LICENSE'), readFileSync(join(packageRoot, 'LICENSE')));
  }
  for (const entry of readdirSync(target)) {
    if (!folders.has(entry)) rmSync(join(target, entry), { recursive: true, force: true });
  }
}

/** Builds miniprogram/miniprogram_npm from miniprogram/package.json with miniprogram-ci (works offline). */
export async function packMiniprogramNpm(): Promise<void> {
  // Loaded lazily: miniprogram-ci is large and only this step needs it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci') as {
    packNpmManually(options: { packageJsonPath: string; miniprogramNpmDistDir: string }): Promise<{
      warnList: { msg: string }[];
    }>;
  };
  const result = await ci.packNpmManually({
    packageJsonPath: join(miniprogramRoot, 'package.json'),
    miniprogramNpmDistDir: miniprogramRoot,
  });
  for (const warning of result.warnList) process.stderr.write(`npm build: ${warning.msg}\n`);
}

const SOURCE_SKIP = new Set(['node_modules', 'tsconfig.json', 'package.json', 'package-lock.json']);

/** Copies the mini-program to build/miniprogram with every .ts compiled to CommonJS .js, as DevTools would. */
export async function buildMiniprogram(): Promise<void> {
  rmSync(builtMiniprogram, { recursive: true, force: true });
  const walk = async (dir: string): Promise<void> => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SOURCE_SKIP.has(entry.name)) continue;
      const from = join(dir, entry.name);
      const to = join(builtMiniprogram, relative(miniprogramRoot, from));
      if (entry.isDirectory()) {
        if (entry.name === 'miniprogram_npm') {
          cpSync(from, to, { recursive: true });
          continue;
        }
        await walk(from);
      } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const output = await transform(readFileSync(from, 'utf8'), {
          loader: 'ts',
          format: 'cjs',
          target: 'es2018',
          sourcefile: relative(root, from),
        });
        mkdirSync(dirname(to), { recursive: true });
        writeFileSync(to.replace(/\.ts$/, '.js'), output.code);
      } else {
        mkdirSync(dirname(to), { recursive: true });
        cpSync(from, to);
      }
    }
  };
  await walk(miniprogramRoot);
}
