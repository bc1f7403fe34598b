/**
 * The deployment's settings and secrets, read from the environment or from `deploy.env` at the
 * project root (listed in .gitignore, never committed). A variable set in the environment wins.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEnv } from 'node:util';
import { root } from '../paths';

export const SETTINGS_FILE = 'deploy.env';

/** Every variable deploy and restore read, with what it is. */
export const SETTING_NAMES = {
  WECHAT_APPID: 'the mini-program AppID (wx…)',
  CLOUD_ENV_ID: 'the cloud development env id',
  WECHAT_UPLOAD_KEY_PATH: 'the code-upload private key file (小程序管理后台 → 开发管理 → 开发设置 → 小程序代码上传密钥)',
  TENCENTCLOUD_SECRETID: 'the Tencent Cloud API key id (访问管理 → API密钥管理)',
  TENCENTCLOUD_SECRETKEY: 'the Tencent Cloud API key',
} as const;

export type SettingName = keyof typeof SETTING_NAMES;

/** `DEPLOY_SETTINGS` names another file (tests, several deployments). */
export function readSettingsFile(file = process.env.DEPLOY_SETTINGS ?? join(root, SETTINGS_FILE)): Record<string, string> {
  if (!existsSync(file)) return {};
  return Object.fromEntries(Object.entries(parseEnv(readFileSync(file, 'utf8'))).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** The named settings, or an Error that lists every one missing and where to set them. */
export function requireSettings<N extends SettingName>(names: readonly N[], environment: NodeJS.ProcessEnv = process.env, file?: string): Record<N, string> | Error {
  const fromFile = readSettingsFile(file);
  const values = {} as Record<N, string>;
  const missing: N[] = [];
  for (const name of names) {
    const value = (environment[name] ?? fromFile[name] ?? '').trim();
    if (value) values[name] = value;
    else missing.push(name);
  }
  if (!missing.length) return values;
  return new Error(
    [`missing settings: ${missing.join(', ')}`, ...missing.map((name) => `  ${name}: ${SETTING_NAMES[name]}`), `set them in the environment or in ${SETTINGS_FILE} at the project root (see README → Deploy).`].join('\n'),
  );
}
