import { randomBytes } from 'node:crypto';

/** The URL of the run's local cloud (set by the global setup). */
export function localCloudUrl(): string {
  const url = process.env.LOCAL_CLOUD_URL;
  if (!url) throw new Error('LOCAL_CLOUD_URL is not set');
  return url;
}

/** A fresh env id: each env is its own database, so test files never see each other's data. */
export function uniqueEnv(prefix = 'test'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}

/**
 * The variables that send the unmodified wx-server-sdk to a local cloud as if it ran inside the
 * cloud (which also stops it probing Tencent's metadata host before each call). The SDK reads
 * them on every request, so it follows a restarted cloud too. `namespace` is the env the SDK
 * uses when a call names none.
 */
export function pointSdkAt(url: string, namespace: string): void {
  Object.assign(process.env, {
    TCB_CONTEXT_CNFG: JSON.stringify({ URL: `${url}/admin` }),
    TENCENTCLOUD_SECRETID: 'local',
    TENCENTCLOUD_SECRETKEY: 'local',
    TENCENTCLOUD_RUNENV: 'SCF',
    SCF_NAMESPACE: namespace,
    TENCENTCLOUD_REGION: 'ap-shanghai',
    SILENCE: 'true',
  });
}

/**
 * The SDK pointed at the run's local cloud. Left as it is when already pointed: a test on a cloud
 * of its own (one it kills and restarts) points the SDK there.
 */
export function pointSdkAtLocalCloud(): void {
  if (process.env.TCB_CONTEXT_CNFG) return;
  pointSdkAt(localCloudUrl(), 'test');
}

/** The real wx-server-sdk, initialised for `env` (the module is fresh per test file under jest), as a function or the timer reaches the database. */
export function sdkFor(env: string): typeof import('wx-server-sdk') {
  pointSdkAtLocalCloud();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const cloud = require('wx-server-sdk') as typeof import('wx-server-sdk');
  cloud.init({ env });
  return cloud;
}

async function control<T>(path: string, init?: { method: string; body: unknown }, baseUrl = localCloudUrl()): Promise<T> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: init?.method ?? 'GET',
    headers: init ? { 'content-type': 'application/json' } : undefined,
    body: init ? JSON.stringify(init.body) : undefined,
  });
  const body = (await response.json()) as T;
  if (!response.ok) throw new Error(`${path}: ${JSON.stringify(body)}`);
  return body;
}

/** Moves a local cloud's clock forward (the run's, unless named); resolves after any timer triggers it caused have run. */
export function advanceClock(ms: number, baseUrl?: string): Promise<{ now: string; offsetMs: number }> {
  return control('/_emulator/clock', { method: 'POST', body: { advanceMs: ms } }, baseUrl);
}

export function cloudNow(): Promise<{ now: string; offsetMs: number }> {
  return control('/_emulator/clock');
}

export { control as controlRequest };

/** Sets a local cloud's clock to a China wall time (`2027-03-01T09:00:00`); it only moves forward. Timers that fall due run. */
export async function clockToChina(baseUrl: string, wall: string): Promise<void> {
  const response = await fetch(`${baseUrl}/_emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ to: new Date(`${wall}+08:00`).toISOString() }),
  });
  if (!response.ok) throw new Error(`clock: ${await response.text()}`);
}

/** The database requests a local cloud has counted so far: one env's, or every env's when none is named. */
export async function databaseRequests(baseUrl = localCloudUrl(), env?: string): Promise<number> {
  const { actions } = await control<{ actions: Record<string, number> }>(`/_emulator/metrics${env === undefined ? '' : `?env=${encodeURIComponent(env)}`}`, undefined, baseUrl);
  return Object.entries(actions)
    .filter(([action]) => action.startsWith('database.'))
    .reduce((sum, [, count]) => sum + count, 0);
}
