/**
 * Carries out a deployment plan with the official tooling: miniprogram-ci uploads the functions,
 * their timer triggers and the mini-program; @cloudbase/manager-node (Tencent Cloud's management
 * API) sets function variables and timeouts, creates collections and indexes, and sets permissions.
 * Both are loaded only here, so the dry run never loads them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateIndex } from '@cloudbase/manager-node/types/interfaces';
import { buildFunctions, buildMiniprogram, packMiniprogramNpm } from '../builder';
import { builtMiniprogram, root } from '../paths';
import { describeStep, type DeployStep } from './deploy-plan';

export interface Credentials {
  appid: string;
  cloudEnv: string;
  privateKeyPath: string;
  secretId: string;
  secretKey: string;
}

interface MiniprogramCi {
  Project: new (options: { appid: string; type: 'miniProgram'; projectPath: string; privateKeyPath: string; ignores?: string[] }) => unknown;
  upload(options: { project: unknown; version: string; desc?: string; setting?: Record<string, boolean>; onProgressUpdate?: (message: unknown) => void }): Promise<unknown>;
  cloud: {
    uploadFunction(options: { project: unknown; env: string; name: string; path: string; remoteNpmInstall: boolean }): Promise<{ filesCount: number; packSize: number }>;
    createTimeTrigger(options: { project: unknown; envId: string; functionName: string; triggersConfig: { name: string; type: string; config: string }[] }): Promise<string>;
  };
}

/** How the mini-program is uploaded: miniprogram-ci's compile settings and the files it leaves out. */
export const UPLOAD_SETTING = { es6: true, minify: true };
export const UPLOAD_IGNORES = ['node_modules/**/*'];

/** DevTools' settings for build/miniprogram as a project of its own, with the given AppID. */
export function builtProjectConfig(appid: string): Record<string, unknown> {
  const config = JSON.parse(readFileSync(join(root, 'project.config.json'), 'utf8')) as { setting: Record<string, unknown> } & Record<string, unknown>;
  // The copy is compiled JavaScript with miniprogram_npm built already.
  const { useCompilerPlugins: _plugins, packNpmManually: _pack, packNpmRelationList: _relations, ...setting } = config.setting;
  return { ...config, appid, miniprogramRoot: './', srcMiniprogramRoot: './', cloudfunctionRoot: undefined, setting };
}

/** build/miniprogram as a project of its own: DevTools' settings for it, the AppID, and the env the pages call. */
function prepareBuiltProject(credentials: Credentials): void {
  writeFileSync(join(builtMiniprogram, 'project.config.json'), JSON.stringify(builtProjectConfig(credentials.appid), null, 2));
  const configJs = join(builtMiniprogram, 'config.js');
  const text = readFileSync(configJs, 'utf8');
  const pointed = text.replace(/cloudEnv = "[^"]*"/, `cloudEnv = ${JSON.stringify(credentials.cloudEnv)}`);
  if (pointed === text && !text.includes(JSON.stringify(credentials.cloudEnv))) throw new Error('build/miniprogram/config.js: cloudEnv not found');
  writeFileSync(configJs, pointed);
}

export async function runDeployment(steps: DeployStep[], credentials: Credentials, log: (line: string) => void): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ci = require('miniprogram-ci') as MiniprogramCi;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const CloudBase = require('@cloudbase/manager-node') as typeof import('@cloudbase/manager-node');
  const manager = new CloudBase({ secretId: credentials.secretId, secretKey: credentials.secretKey, envId: credentials.cloudEnv });
  const project = (projectPath: string): unknown =>
    new ci.Project({ appid: credentials.appid, type: 'miniProgram', projectPath, privateKeyPath: credentials.privateKeyPath, ignores: UPLOAD_IGNORES });
  const functionsProject = project(root);

  for (const step of steps) {
    log(describeStep(step));
    switch (step.kind) {
      case 'build':
        await buildFunctions();
        await packMiniprogramNpm();
        await buildMiniprogram();
        prepareBuiltProject(credentials);
        break;
      case 'function': {
        await ci.cloud.uploadFunction({ project: functionsProject, env: credentials.cloudEnv, name: step.name, path: step.path, remoteNpmInstall: true });
        const envVariables = Object.fromEntries(step.variables.filter((variable) => variable.value !== undefined).map((variable) => [variable.name, variable.value as string]));
        // With none set here, the variables already entered in the console are left as they are.
        await manager.functions.updateFunctionConfig({ name: step.name, timeout: step.timeoutSeconds, ...(Object.keys(envVariables).length ? { envVariables } : {}) });
        // miniprogram-ci takes one trigger per call.
        for (const trigger of step.triggers) {
          await ci.cloud.createTimeTrigger({ project: functionsProject, envId: credentials.cloudEnv, functionName: step.name, triggersConfig: [trigger] });
        }
        break;
      }
      case 'collection':
        await manager.database.createCollectionIfNotExists(step.name);
        break;
      case 'index': {
        if ((await manager.database.checkIndexExists(step.collection, step.name)).Exists) break;
        const index: CreateIndex = {
          IndexName: step.name,
          MgoKeySchema: { MgoIsUnique: step.unique, MgoIndexKeys: step.keys.map((key) => ({ Name: key.field, Direction: String(key.direction) })) },
        };
        await manager.database.updateCollection(step.collection, { CreateIndexes: [index] });
        break;
      }
      case 'collectionPermission':
        await manager.permission.modifyResourcePermission({ resourceType: 'collection', resource: step.collection, permission: 'ADMINONLY' });
        break;
      case 'storagePermission':
        await manager.permission.modifyResourcePermission({ resourceType: 'storage', permission: 'PRIVATE' });
        break;
      case 'miniprogram':
        await ci.upload({ project: project(step.projectPath), version: step.version, desc: step.description, setting: UPLOAD_SETTING, onProgressUpdate: () => undefined });
        break;
    }
  }
}
