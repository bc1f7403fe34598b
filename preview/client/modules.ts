/**
 * CommonJS modules of the built mini-program, resolved as WeChat resolves them: relative and
 * absolute paths inside the package, npm names through the nearest `miniprogram_npm`.
 */
import { dirOf, hasFile, joinPath, readText } from './files';

function asFile(path: string): string | undefined {
  for (const candidate of [path, `${path}.js`, `${path}/index.js`]) if (candidate.endsWith('.js') && hasFile(candidate)) return candidate;
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

/** Runs a module's file (once per file; later calls get the same exports). */
export function execute(file: string): Module {
  const existing = modules.get(file);
  if (existing) return existing;
  const code = readText(file);
  if (code === null) throw new Error(`module ${file} not found`);
  const module: Module = { exports: {} };
  const run = new Function('require', 'module', 'exports', `${code}\n//# sourceURL=/mp/${file}`) as (
    require: (spec: string) => unknown,
    module: Module,
    exports: unknown,
  ) => void;
  modules.set(file, module);
  run((spec) => execute(resolveModule(file, spec)).exports, module, module.exports);
  return module;
}

/** Runs a component's own file: `path` without extension, as the framework names it. */
export function runComponentJs(path: string): unknown {
  const file = asFile(joinPath('', path)) ?? `${joinPath('', path)}.js`;
  // A component's file registers it with `Component()`, which must happen on every load of it.
  modules.delete(file);
  return execute(file).exports;
}
