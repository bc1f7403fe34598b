import { readdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { CloudCron } from './cron';

/** The cloud's default and maximum function timeouts, in seconds. */
export const DEFAULT_TIMEOUT_SECONDS = 3;
export const MAX_TIMEOUT_SECONDS = 60;

export interface TimerTrigger {
  name: string;
  cron: CloudCron;
}

export interface FunctionSpec {
  name: string;
  dir: string;
  indexPath: string;
  /** Changes whenever index.js is rewritten, so a rebuild retires instances running the old code. */
  version: string;
  timeoutSeconds: number;
  triggers: TimerTrigger[];
  /** `permissions.openapi`: the only OpenAPIs (`subscribeMessage.send`, …) the cloud lets the function call. */
  openapiPermissions: string[];
}

/** A function folder whose config.json the cloud would refuse to deploy. */
export interface FunctionProblem {
  name: string;
  message: string;
}

interface FunctionConfig {
  timeoutSeconds: number;
  triggers: TimerTrigger[];
  openapiPermissions: string[];
}

/** A function name is a single folder name; anything else could reach outside the functions folder. */
const FUNCTION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,59}$/;

/**
 * The deployed functions: every folder of `dir` that has an index.js. Read from disk on each
 * look-up (one stat per call), so functions that are added or rebuilt are picked up without a restart.
 */
export class FunctionCatalog {
  private readonly configs = new Map<string, { stamp: string; config: FunctionConfig | Error }>();

  constructor(
    private readonly dir: string,
    private readonly log: (message: string) => void,
  ) {}

  /** The function called `name`, or undefined if there is none; throws if its config.json is invalid. */
  find(name: string): FunctionSpec | undefined {
    if (!FUNCTION_NAME.test(name)) return undefined;
    const dir = join(this.dir, name);
    const indexPath = join(dir, 'index.js');
    const index = statOrUndefined(indexPath);
    if (!index?.isFile()) return undefined;
    const config = this.config(name, dir);
    if (config instanceof Error) throw config;
    return { name, dir, indexPath, version: stampOf(index), ...config };
  }

  /** All deployable functions, plus the folders whose configuration is broken. */
  list(): { functions: FunctionSpec[]; problems: FunctionProblem[] } {
    const functions: FunctionSpec[] = [];
    const problems: FunctionProblem[] = [];
    let names: string[];
    try {
      names = readdirSync(this.dir, { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
    } catch {
      return { functions, problems };
    }
    for (const name of names.sort()) {
      try {
        const spec = this.find(name);
        if (spec) functions.push(spec);
      } catch (error) {
        problems.push({ name, message: error instanceof Error ? error.message : String(error) });
      }
    }
    return { functions, problems };
  }

  private config(name: string, dir: string): FunctionConfig | Error {
    const path = join(dir, 'config.json');
    const stats = statOrUndefined(path);
    const stamp = stats ? stampOf(stats) : 'none';
    const cached = this.configs.get(name);
    if (cached?.stamp === stamp) return cached.config;
    let config: FunctionConfig | Error;
    try {
      config = stats ? parseConfig(name, JSON.parse(readFileSync(path, 'utf8')) as unknown, this.log) : defaultConfig();
    } catch (error) {
      config = new Error(`${name}/config.json: ${error instanceof Error ? error.message : String(error)}`);
      this.log(config.message);
    }
    this.configs.set(name, { stamp, config });
    return config;
  }
}

function defaultConfig(): FunctionConfig {
  return { timeoutSeconds: DEFAULT_TIMEOUT_SECONDS, triggers: [], openapiPermissions: [] };
}

function parseConfig(name: string, raw: unknown, log: (message: string) => void): FunctionConfig {
  if (!isRecord(raw)) throw new Error('must be a JSON object');
  const config = defaultConfig();
  if (raw.timeout !== undefined) {
    if (typeof raw.timeout !== 'number' || !Number.isFinite(raw.timeout) || raw.timeout <= 0) {
      throw new Error('timeout must be a positive number of seconds');
    }
    if (raw.timeout > MAX_TIMEOUT_SECONDS) {
      log(`${name}/config.json: timeout ${raw.timeout} s is over the cloud's ${MAX_TIMEOUT_SECONDS} s; using ${MAX_TIMEOUT_SECONDS} s`);
    }
    config.timeoutSeconds = Math.min(raw.timeout, MAX_TIMEOUT_SECONDS);
  }
  if (raw.triggers !== undefined) {
    if (!Array.isArray(raw.triggers)) throw new Error('triggers must be an array');
    const names = new Set<string>();
    for (const trigger of raw.triggers as unknown[]) {
      if (!isRecord(trigger) || typeof trigger.name !== 'string' || !trigger.name) {
        throw new Error('each trigger needs a name');
      }
      if (trigger.type !== 'timer') throw new Error(`trigger ${trigger.name}: only type "timer" is supported`);
      if (typeof trigger.config !== 'string') throw new Error(`trigger ${trigger.name}: config must be a cron string`);
      if (names.has(trigger.name)) throw new Error(`trigger ${trigger.name} is declared twice`);
      names.add(trigger.name);
      config.triggers.push({ name: trigger.name, cron: CloudCron.parse(trigger.config) });
    }
  }
  if (raw.permissions !== undefined) {
    if (!isRecord(raw.permissions)) throw new Error('permissions must be an object');
    const openapi = raw.permissions.openapi ?? [];
    if (!Array.isArray(openapi) || !openapi.every((api) => typeof api === 'string' && /^\w+\.\w+$/.test(api))) {
      throw new Error('permissions.openapi must list API names such as "subscribeMessage.send"');
    }
    config.openapiPermissions = [...new Set(openapi as string[])];
  }
  return config;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function stampOf(stats: Stats): string {
  return `${stats.mtimeMs}:${stats.size}:${stats.ino}`;
}
