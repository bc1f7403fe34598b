import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import simulate from 'miniprogram-simulate';
import { builtMiniprogram } from '../../scripts/paths';

interface PageJson {
  usingComponents?: Record<string, string>;
}

/**
 * Loads a page of the built mini-program (build/miniprogram) with its WXML compiled by the
 * official compiler. Component paths that name an npm package resolve into miniprogram_npm,
 * as WeChat resolves them.
 */
export function loadPage(page: string): string {
  const pagePath = join(builtMiniprogram, page);
  const json = JSON.parse(readFileSync(`${pagePath}.json`, 'utf8')) as PageJson;
  const usingComponents: Record<string, string> = {};
  for (const [tag, path] of Object.entries(json.usingComponents ?? {})) {
    if (!path.startsWith('/') && !path.startsWith('.')) usingComponents[tag] = `/miniprogram_npm/${path}`;
  }
  return simulate.load(pagePath, { rootPath: builtMiniprogram, usingComponents, compiler: 'official' });
}

export { simulate };
