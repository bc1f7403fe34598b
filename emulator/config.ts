import { readFileSync } from 'node:fs';
import { loadIndexManifest, noIndexes } from './db/indexManifest';
import type { LocalCloudConfig } from './service';

const defaults: LocalCloudConfig = {
  appId: 'wx0000000000000000',
  subscribeTemplates: {},
  riskyWords: [],
  functionEnvironment: {},
  indexes: noIndexes,
  strictIndexes: false,
};

export interface ConfigSources {
  /** The index manifest to serve queries from (none: every query scans). */
  indexes?: string;
  /** Strict indexes whatever the file says (the tests' local clouds). */
  strictIndexes?: boolean;
}

/**
 * Reads the local cloud's JSON configuration (templates, risky words, `strictIndexes`) and the
 * index manifest; missing keys take defaults.
 */
export function loadConfig(path?: string, sources: ConfigSources = {}): LocalCloudConfig {
  const indexes = sources.indexes ? loadIndexManifest(sources.indexes) : noIndexes;
  if (!path) return { ...defaults, indexes, strictIndexes: sources.strictIndexes ?? false };
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalCloudConfig>;
  return {
    appId: raw.appId ?? defaults.appId,
    subscribeTemplates: raw.subscribeTemplates ?? {},
    riskyWords: raw.riskyWords ?? [],
    functionEnvironment: raw.functionEnvironment ?? {},
    indexes,
    strictIndexes: sources.strictIndexes ?? raw.strictIndexes ?? false,
  };
}
