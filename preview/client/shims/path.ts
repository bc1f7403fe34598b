/** The POSIX `path` functions the bundled framework uses, for the browser. */
export const sep = '/';

export function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') {
      if (parts.length && parts[parts.length - 1] !== '..') parts.pop();
      else if (!absolute) parts.push('..');
    } else parts.push(part);
  }
  const joined = parts.join('/');
  return absolute ? `/${joined}` : joined || '.';
}

export function join(...paths: string[]): string {
  return normalize(paths.filter(Boolean).join('/'));
}

export function resolve(...paths: string[]): string {
  let out = '';
  for (const path of paths) out = path.startsWith('/') ? path : `${out}/${path}`;
  return normalize(out.startsWith('/') ? out : `/${out}`);
}

export function dirname(path: string): string {
  const normal = normalize(path);
  const at = normal.lastIndexOf('/');
  if (at < 0) return '.';
  return at === 0 ? '/' : normal.slice(0, at);
}

export function basename(path: string, ext?: string): string {
  const base = normalize(path).split('/').pop() ?? '';
  return ext && base.endsWith(ext) ? base.slice(0, -ext.length) : base;
}

export function extname(path: string): string {
  const base = basename(path);
  const at = base.lastIndexOf('.');
  return at > 0 ? base.slice(at) : '';
}

export function relative(from: string, to: string): string {
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

export function isAbsolute(path: string): boolean {
  return path.startsWith('/');
}

export default { sep, normalize, join, resolve, dirname, basename, extname, relative, isAbsolute };
