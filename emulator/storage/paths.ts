/**
 * Names in the local cloud storage: env ids, cloud paths, fileIDs and the URL paths that carry them.
 */

const ENV_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** WeChat's documented limit for a cloud path ("编码长度最大为850个字节"). */
export const MAX_CLOUD_PATH_BYTES = 850;

/** Env ids name directories under the data dir, so only plain ids are accepted. */
export function isEnvId(env: string): boolean {
  return ENV_ID.test(env);
}

/**
 * Why `path` cannot name a file, or null when it can. WeChat's naming rules (not empty, no
 * leading or doubled `/`, at most 850 bytes, no control characters) plus two of our own:
 * no `.`/`..` segments, and none of `? # % \`, which would not survive the unencoded temp URL
 * that the SDK passes through `encodeURI` (and that browsers fetch as it is).
 */
export function cloudPathProblem(path: string): string | null {
  if (path.length === 0) return 'cloudPath is empty';
  if (Buffer.byteLength(path, 'utf8') > MAX_CLOUD_PATH_BYTES) return `cloudPath is over ${MAX_CLOUD_PATH_BYTES} bytes`;
  if (path.startsWith('/')) return 'cloudPath must not start with /';
  if (path.endsWith('/')) return 'cloudPath must name a file, not end with /';
  if (path.includes('//')) return 'cloudPath must not contain //';
  if ([...path].some((char) => char < ' ' || char === '\u007f')) return 'cloudPath must not contain control characters';
  if (/[?#%\\]/.test(path)) return 'cloudPath must not contain ? # % or \\';
  if (path.split('/').some((segment) => segment === '.' || segment === '..')) return 'cloudPath must not contain . or .. segments';
  return null;
}

/** A stable bucket name in the real format (`<hex of the env's first two characters>-<env>-<appid number>`). */
export function bucketFor(env: string): string {
  return `${Buffer.from(env.slice(0, 2), 'utf8').toString('hex')}-${env}-1250000000`;
}

export function fileIdFor(env: string, path: string): string {
  return `cloud://${env}.${bucketFor(env)}/${path}`;
}

/** The cloud path a fileID names in `env`, or null when it is malformed or belongs to another env. */
export function pathInEnv(fileId: string, env: string): string | null {
  const prefix = `cloud://${env}.${bucketFor(env)}/`;
  if (!fileId.startsWith(prefix)) return null;
  const path = fileId.slice(prefix.length);
  return cloudPathProblem(path) === null ? path : null;
}

/** Percent-encodes each segment, so the URL names exactly this path whoever parses it. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

/** `/cos/<env>/<path>` → its env and decoded cloud path, or null when malformed. */
export function parseObjectUrlPath(pathname: string, prefix: string): { env: string; path: string } | null {
  const rest = pathname.slice(prefix.length);
  const slash = rest.indexOf('/');
  if (slash <= 0) return null;
  try {
    const env = decodeURIComponent(rest.slice(0, slash));
    const path = decodeURIComponent(rest.slice(slash + 1));
    if (!isEnvId(env) || cloudPathProblem(path) !== null) return null;
    return { env, path };
  } catch {
    return null;
  }
}
