import { readFileSync } from 'node:fs';
import type { LocalCloudConfig } from './service';

const defaults: LocalCloudConfig = {
  appId: 'wx0000000000000000',
  subscribeTemplates: {},
  riskyWords: [],
  functionEnvironment: {},
};

/** Reads the local cloud's JSON configuration (templates, risky words); missing keys take defaults. */
export function loadConfig(path?: string): LocalCloudConfig {
  if (!path) return { ...defaults };
  const raw = JSON.parse(readFileSync(path, 'utf8')) as Partial<LocalCloudConfig>;
  return {
    appId: raw.appId ?? defaults.appId,
    subscribeTemplates: raw.subscribeTemplates ?? {},
    riskyWords: raw.riskyWords ?? [],
    functionEnvironment: raw.functionEnvironment ?? {},
  };
}
