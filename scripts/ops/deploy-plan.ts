/**
 * What `npm run deploy` does, as a list of steps: the dry run prints it, the real run carries it
 * out (deploy-run.ts). Reading the plan touches only local files.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/api/src/collections';
import { builtMiniprogram, functionsRoot, root } from '../paths';

export interface IndexKey {
  field: string;
  direction: 1 | -1;
}

/** config/indexes.json: the indexes each collection needs. */
export interface IndexManifest {
  collections: Record<string, { indexes: { name: string; keys: IndexKey[]; unique: boolean }[] }>;
}

export interface TimerTrigger {
  name: string;
  type: 'timer';
  config: string;
}

export type DeployStep =
  | { kind: 'build'; cloudEnv: string }
  | { kind: 'function'; name: string; path: string; timeoutSeconds: number; triggers: TimerTrigger[]; variables: { name: string; value?: string }[] }
  | { kind: 'collection'; name: string }
  | { kind: 'index'; collection: string; name: string; keys: IndexKey[]; unique: boolean }
  | { kind: 'collectionPermission'; collection: string }
  | { kind: 'storagePermission' }
  | { kind: 'miniprogram'; projectPath: string; version: string; description: string };

export const DEFAULT_INDEXES = join(root, 'config', 'indexes.json');

/** Variables a function reads in the cloud besides those in config/local-cloud.json (optional tuning, other names). */
const OPTIONAL_VARIABLES: Record<string, string[]> = {
  api: ['HEAD_ESCALATION_HOURS', 'REWORK_DAYS', 'PAY_NOTICE_FUNCTION'],
};
/** Only for the local cloud: it points the group robots at the local sink. */
const LOCAL_ONLY = new Set(['ROBOT_WEBHOOK_ORIGIN']);

export function readIndexManifest(file = DEFAULT_INDEXES): IndexManifest {
  if (!existsSync(file)) return { collections: {} };
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Partial<IndexManifest>;
  return { collections: manifest.collections ?? {} };
}

interface FunctionConfig {
  timeout?: number;
  triggers?: TimerTrigger[];
}

/** Each function folder with sources, as `npm run build` bundles them. */
function functionNames(): string[] {
  return readdirSync(functionsRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(functionsRoot, entry.name, 'src', 'index.ts')))
    .map((entry) => entry.name)
    .sort();
}

function variableNames(name: string): string[] {
  const local = JSON.parse(readFileSync(join(root, 'config', 'local-cloud.json'), 'utf8')) as { functionEnvironment?: Record<string, Record<string, string>> };
  const names = [...Object.keys(local.functionEnvironment?.[name] ?? {}), ...(OPTIONAL_VARIABLES[name] ?? [])];
  return [...new Set(names)].filter((variable) => !LOCAL_ONLY.has(variable));
}

export interface PlanOptions {
  cloudEnv: string;
  version: string;
  description: string;
  /** Where function variables' values come from (the environment and deploy.env). */
  values: Record<string, string | undefined>;
  indexes: IndexManifest;
}

export function planDeployment(options: PlanOptions): DeployStep[] {
  const steps: DeployStep[] = [{ kind: 'build', cloudEnv: options.cloudEnv }];
  for (const name of functionNames()) {
    const path = join(functionsRoot, name);
    const config = JSON.parse(readFileSync(join(path, 'config.json'), 'utf8')) as FunctionConfig;
    steps.push({
      kind: 'function',
      name,
      path,
      timeoutSeconds: config.timeout ?? 3,
      triggers: config.triggers ?? [],
      variables: variableNames(name).map((variable) => ({ name: variable, value: options.values[variable] || undefined })),
    });
  }
  const collections = [...new Set([...COLLECTIONS, ...Object.keys(options.indexes.collections)])];
  for (const collection of collections) {
    steps.push({ kind: 'collection', name: collection });
    for (const index of options.indexes.collections[collection]?.indexes ?? []) {
      steps.push({ kind: 'index', collection, name: index.name, keys: index.keys, unique: index.unique });
    }
    steps.push({ kind: 'collectionPermission', collection });
  }
  steps.push({ kind: 'storagePermission' });
  steps.push({ kind: 'miniprogram', projectPath: builtMiniprogram, version: options.version, description: options.description });
  return steps;
}

/** One line per step, as the dry run prints it and the real run logs it. */
export function describeStep(step: DeployStep): string {
  switch (step.kind) {
    case 'build':
      return `build: bundle the functions, build miniprogram_npm and build/miniprogram with cloud env ${step.cloudEnv}`;
    case 'function': {
      const triggers = step.triggers.length ? step.triggers.map((trigger) => `${trigger.name} (${trigger.type} "${trigger.config}")`).join(', ') : 'none';
      const variables = step.variables.length ? step.variables.map((variable) => `${variable.name}${variable.value ? '' : ' (unset)'}`).join(', ') : 'none';
      return `function ${step.name}: upload (cloud installs wx-server-sdk), timeout ${step.timeoutSeconds} s, triggers: ${triggers}; environment variables: ${variables}`;
    }
    case 'collection':
      return `collection ${step.name}: create if missing`;
    case 'index':
      return `index ${step.collection}.${step.name}: ${step.keys.map((key) => `${key.field} ${key.direction === 1 ? 'asc' : 'desc'}`).join(', ')}${step.unique ? ' (unique)' : ''}`;
    case 'collectionPermission':
      return `permission ${step.collection}: 仅管理端可读写 (ADMINONLY)`;
    case 'storagePermission':
      return 'permission storage: 仅创建者可读写 (PRIVATE)';
    case 'miniprogram':
      return `mini-program: upload ${relative(root, step.projectPath)} as version ${step.version} — ${step.description}`;
  }
}
