/**
 * `npm run deploy -- --dry-run`: the plan covers every function with its triggers, every collection,
 * every declared index and the mini-program upload, without a single network connection; missing
 * settings are named.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COLLECTIONS } from '../../cloudfunctions/api/src/collections';

const root = join(__dirname, '..', '..');
const work = mkdtempSync(join(tmpdir(), 'deploy-dry-run-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Loaded before the script: any connection attempt fails the run loudly. */
const noNetwork = join(work, 'no-network.js');
writeFileSync(
  noNetwork,
  `const net = require('node:net');
const refuse = () => { process.stderr.write('NETWORK CALL\\n'); process.exit(97); };
const connect = net.Socket.prototype.connect;
// Local pipes (tsx talks to itself over one) pass; any host and port does not.
net.Socket.prototype.connect = function (...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const pipe = typeof first === 'string' || (first !== null && typeof first === 'object' && 'path' in first && first.path);
  if (!pipe) refuse();
  return connect.apply(this, args);
};
globalThis.fetch = refuse;
`,
);

const FAKE = {
  WECHAT_APPID: 'wx0123456789abcdef',
  CLOUD_ENV_ID: 'prod-4g1x',
  WECHAT_UPLOAD_KEY_PATH: '/keys/private.wx0123456789abcdef.key',
  TENCENTCLOUD_SECRETID: 'AKIDfake',
  TENCENTCLOUD_SECRETKEY: 'fake-secret',
  ADMIN_OPENIDS: 'o-first-admin',
};

function dryRun(settings: Record<string, string>, indexes: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--require', noNetwork, '--import', 'tsx', join(root, 'scripts', 'deploy.ts'), '--dry-run', '--indexes', indexes], {
    cwd: root,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DEPLOY_SETTINGS: join(work, 'none.env'), ...settings },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const functions = readdirSync(join(root, 'cloudfunctions'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && existsSync(join(root, 'cloudfunctions', entry.name, 'src', 'index.ts')))
  .map((entry) => entry.name);

test('the dry run prints every function with its triggers and variables, every collection with its indexes and permission, and the upload, and connects to nothing', () => {
  const indexes = join(work, 'indexes.json');
  const declared = existsSync(join(root, 'config', 'indexes.json'))
    ? (JSON.parse(readFileSync(join(root, 'config', 'indexes.json'), 'utf8')) as { collections: Record<string, { indexes: { name: string; keys: { field: string; direction: 1 | -1 }[]; unique: boolean }[] }> })
    : { collections: {} };
  declared.collections.tickets = {
    indexes: [
      ...(declared.collections.tickets?.indexes ?? []),
      { name: 'dryrun_owner_createdAt', keys: [{ field: 'ownerOpenid', direction: 1 }, { field: 'createdAt', direction: -1 }], unique: false },
    ],
  };
  writeFileSync(indexes, JSON.stringify(declared));

  const { status, stdout, stderr } = dryRun(FAKE, indexes);
  expect(stderr).toBe('');
  expect(status).toBe(0);
  expect(stdout).toContain(`AppID ${FAKE.WECHAT_APPID}, env ${FAKE.CLOUD_ENV_ID}`);
  expect(stdout).toMatch(/build: .* cloud env prod-4g1x/);
  expect(functions).toEqual(expect.arrayContaining(['api', 'backup', 'payNotice']));
  for (const name of functions) {
    const config = JSON.parse(readFileSync(join(root, 'cloudfunctions', name, 'config.json'), 'utf8')) as { triggers?: { name: string; config: string }[] };
    const line = stdout.split('\n').find((text) => text.includes(`function ${name}: upload`));
    expect(line).toBeDefined();
    for (const trigger of config.triggers ?? []) expect(line).toContain(`${trigger.name} (timer "${trigger.config}")`);
  }
  expect(stdout).toMatch(/function api: .*ADMIN_OPENIDS,.*TICKET_STATUS_TEMPLATE_ID \(unset\)/);
  expect(stdout).not.toContain('ROBOT_WEBHOOK_ORIGIN');
  for (const collection of new Set([...COLLECTIONS, ...Object.keys(declared.collections)])) {
    expect(stdout).toContain(`collection ${collection}: create if missing`);
    expect(stdout).toContain(`permission ${collection}: 仅管理端可读写`);
    for (const index of declared.collections[collection]?.indexes ?? []) {
      const keys = index.keys.map((key) => `${key.field} ${key.direction === 1 ? 'asc' : 'desc'}`).join(', ');
      expect(stdout).toContain(`index ${collection}.${index.name}: ${keys}${index.unique ? ' (unique)' : ''}`);
    }
  }
  expect(stdout).toContain('index tickets.dryrun_owner_createdAt: ownerOpenid asc, createdAt desc');
  expect(stdout).toMatch(/mini-program: upload build\/miniprogram as version \d+\.\d+\.\d+ — 物业客服/);
});

test('missing settings stop it with every missing name listed', () => {
  const { status, stdout, stderr } = dryRun({ WECHAT_APPID: FAKE.WECHAT_APPID, TENCENTCLOUD_SECRETKEY: 'x' }, join(work, 'absent.json'));
  expect(status).toBe(1);
  expect(stdout).toBe('');
  expect(stderr).toContain('missing settings: CLOUD_ENV_ID, WECHAT_UPLOAD_KEY_PATH, TENCENTCLOUD_SECRETID');
  expect(stderr).toContain('deploy.env');
  expect(stderr).not.toMatch(/missing settings:.*WECHAT_APPID/);
});
