/**
 * The built mini-program's files as the browser reads them: synchronously (the component
 * framework and CommonJS `require` expect that), all text files in one answer at boot
 * (`/mp-pack.json`, asked for by the page's head while the scripts load), any other from the
 * preview server's `/mp/` route, and only files the server listed (so a missing file is a quick
 * `null`, not a 404 round trip).
 */
const known = new Set<string>();
const texts = new Map<string, string | null>();

function getSync(url: string): XMLHttpRequest {
  const xhr = new XMLHttpRequest();
  xhr.open('GET', url, false);
  xhr.send();
  return xhr;
}

/** `/mp-pack.json`: every built file's path, the text of every file pages read, and the style sheets as CSS (preview/wxss.ts). */
export interface FilePack {
  files: string[];
  texts: Record<string, string>;
  styles: Record<string, string>;
}

/** Takes in the pack once, at boot: `early` is the answer the page's head asked for, if it did. */
export async function loadFiles(early?: Promise<FilePack | null>): Promise<FilePack> {
  const pack = (await early) ?? ((await (await fetch('/mp-pack.json')).json()) as FilePack);
  for (const file of pack.files) known.add(file);
  for (const [file, text] of Object.entries(pack.texts)) texts.set(file, text);
  return pack;
}

export function hasFile(path: string): boolean {
  return known.has(path);
}

/** A built file's text, or null if there is none. */
export function readText(path: string): string | null {
  if (!known.has(path)) return null;
  if (texts.has(path)) return texts.get(path) ?? null;
  const xhr = getSync(`/mp/${path}`);
  const text = xhr.status === 200 ? xhr.responseText : null;
  texts.set(path, text);
  return text;
}

export function readJson<T>(path: string, fallback: T): T {
  const text = readText(path);
  return text === null ? fallback : (JSON.parse(text) as T);
}

export function dirOf(path: string): string {
  const at = path.lastIndexOf('/');
  return at < 0 ? '' : path.slice(0, at);
}

/** Joins and normalises a mini-program path (no leading slash). */
export function joinPath(base: string, relativePath: string): string {
  const parts: string[] = [];
  for (const part of `${base}/${relativePath}`.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
