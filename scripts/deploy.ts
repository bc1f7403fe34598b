/**
 * `npm run deploy [-- --dry-run] [--version <v>] [--desc <text>] [--indexes <file>]`: builds and
 * uploads the cloud functions with their timer triggers and variables, creates the collections with
 * their indexes (config/indexes.json) and permissions, and uploads the mini-program. Settings come
 * from the environment or deploy.env (README → Deploy). `--dry-run` prints every step and calls nothing.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_INDEXES, describeStep, planDeployment, readIndexManifest } from './ops/deploy-plan';
import { readSettingsFile, requireSettings } from './ops/settings';
import { root } from './paths';

function lastCommit(): string {
  try {
    return execFileSync('git', ['log', '-1', '--format=%h'], { cwd: root, encoding: 'utf8' }).trim();
  } catch {
    return 'uncommitted';
  }
}

async function main(): Promise<void> {
  const { values: args } = parseArgs({
    options: { 'dry-run': { type: 'boolean', default: false }, version: { type: 'string' }, desc: { type: 'string' }, indexes: { type: 'string' } },
  });
  const settings = requireSettings(['WECHAT_APPID', 'CLOUD_ENV_ID', 'WECHAT_UPLOAD_KEY_PATH', 'TENCENTCLOUD_SECRETID', 'TENCENTCLOUD_SECRETKEY']);
  if (settings instanceof Error) throw settings;
  const version = args.version ?? (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const steps = planDeployment({
    cloudEnv: settings.CLOUD_ENV_ID,
    version,
    description: args.desc ?? `物业客服 ${version} (${lastCommit()})`,
    values: { ...readSettingsFile(), ...process.env },
    indexes: readIndexManifest(args.indexes ?? DEFAULT_INDEXES),
  });
  if (args['dry-run']) {
    process.stdout.write(`dry run for AppID ${settings.WECHAT_APPID}, env ${settings.CLOUD_ENV_ID}: nothing is built, uploaded or changed\n`);
    steps.forEach((step, index) => process.stdout.write(`${index + 1}. ${describeStep(step)}\n`));
    return;
  }
  if (!existsSync(settings.WECHAT_UPLOAD_KEY_PATH)) throw new Error(`WECHAT_UPLOAD_KEY_PATH: ${settings.WECHAT_UPLOAD_KEY_PATH} does not exist`);
  const { runDeployment } = await import('./ops/deploy-run');
  await runDeployment(
    steps,
    {
      appid: settings.WECHAT_APPID,
      cloudEnv: settings.CLOUD_ENV_ID,
      privateKeyPath: settings.WECHAT_UPLOAD_KEY_PATH,
      secretId: settings.TENCENTCLOUD_SECRETID,
      secretKey: settings.TENCENTCLOUD_SECRETKEY,
    },
    (line) => process.stdout.write(`${line}\n`),
  );
  process.stdout.write('deployed. The console steps that remain are in docs/deployment.md.\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`deploy: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
