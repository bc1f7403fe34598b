import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CloudCron } from '../../emulator/functions/cron';
import { uniqueEnv } from '../support/cloud';
import { projectRoot, startLocalCloud, type RunningCloud } from '../support/local-cloud';

type Sdk = typeof import('wx-server-sdk');

interface SdkError {
  errCode: number;
  errMsg: string;
  code?: string;
}

interface ClientReply {
  result?: unknown;
  requestID?: string;
  errCode?: number;
  errMsg: string;
}

interface WhoAmI {
  wxContext: Record<string, unknown>;
  userInfo?: { appId: string; openId: string };
  namespace: string;
  functionName: string;
}

interface TickerLine {
  event: { Type: string; TriggerName: string; Time: string; Message: string };
  ENV: string;
  SOURCE: string;
  now: number;
}

const env = uniqueEnv('functions');
const appId = (JSON.parse(readFileSync(join(projectRoot, 'config', 'local-cloud.json'), 'utf8')) as { appId: string }).appId;
const HOUR = 60 * 60 * 1000;

let root: string;
let functionsDir: string;
let cloud: RunningCloud;
let sdk: Sdk;
/** Instance pids seen during the run: all must be gone once the local cloud stops. */
const seenPids = new Set<number>();
/** Envs whose ticker fixture may have written a file (the ticker fires in every env that invoked a function). */
const tickerEnvs = new Set<string>([env]);
const tickerFile = (inEnv: string): string => join(tmpdir(), `local-cloud-ticker-${inEnv}.jsonl`);

beforeAll(async () => {
  // A copy of the fixtures, so a test can rebuild a function; the copies find wx-server-sdk through the link.
  root = mkdtempSync(join(tmpdir(), 'functions-test-'));
  symlinkSync(join(projectRoot, 'node_modules'), join(root, 'node_modules'), 'dir');
  functionsDir = join(root, 'functions');
  cpSync(join(projectRoot, 'test', 'fixtures', 'cloudfunctions'), functionsDir, { recursive: true });
  mkdirSync(join(root, 'data'));
  cloud = await startLocalCloud({ functionsDir, dataDir: join(root, 'data') });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  sdk = require('wx-server-sdk') as Sdk;
  sdk.init({ env, serviceUrl: `${cloud.url}/admin` } as Parameters<Sdk['init']>[0]);
});

afterAll(async () => {
  await cloud?.stop();
  for (const tickerEnv of tickerEnvs) rmSync(tickerFile(tickerEnv), { force: true });
  if (root) rmSync(root, { recursive: true, force: true });
});

async function call<T>(name: string, data: Record<string, unknown> = {}): Promise<T> {
  const reply = await sdk.callFunction({ name, data });
  if (!reply) throw new Error('callFunction returned nothing');
  return reply.result as T;
}

async function callFails(name: string, data: Record<string, unknown> = {}): Promise<SdkError> {
  try {
    await sdk.callFunction({ name, data });
  } catch (error) {
    return error as SdkError;
  }
  throw new Error(`expected ${name} to fail`);
}

/** `wx.cloud.callFunction` from the mini-program, as the WeChat user `openid`. */
async function callAsUser(openid: string, name: string, data: Record<string, unknown> = {}): Promise<ClientReply> {
  const response = await fetch(`${cloud.url}/client/callFunction?env=${env}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ openid, name, data }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as ClientReply;
}

async function control<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${cloud.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: body === undefined ? undefined : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const advance = (ms: number): Promise<{ now: string }> => control('/_emulator/clock', { advanceMs: ms });

function tickerLines(inEnv: string): TickerLine[] {
  tickerEnvs.add(inEnv);
  const file = tickerFile(inEnv);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as TickerLine);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('invoking functions', () => {
  it('returns the result of main through the SDK', async () => {
    const reply = await sdk.callFunction({ name: 'echo', data: { ticket: 'T-1', floors: [3, 4] } });
    expect(reply).toMatchObject({ result: { echo: { ticket: 'T-1', floors: [3, 4] } }, errMsg: 'callFunction:ok' });
    expect(typeof reply?.requestID).toBe('string');
  });

  it('reuses a warm instance for calls one after another', async () => {
    const first = await call<{ pid: number }>('echo');
    const second = await call<{ pid: number }>('echo');
    seenPids.add(first.pid);
    expect(second.pid).toBe(first.pid);
  });

  it('answers a mini-program call with result and requestID', async () => {
    const reply = await callAsUser('o-resident-1', 'echo', { room: '3-402' });
    expect(reply).toMatchObject({ result: { echo: { room: '3-402' } } });
    expect(typeof reply.requestID).toBe('string');
  });

  it('reports an unknown function as a request failure', async () => {
    const error = await callFails('no-such-function');
    expect(error).toMatchObject({ errCode: -1, code: 'FUNCTIONS_REQUEST_FAIL' });
    const reply = await callAsUser('o-resident-1', 'no-such-function');
    expect(reply).toMatchObject({ errCode: -1, errMsg: expect.stringMatching(/^callFunction:fail .*no-such-function/) });
  });
});

describe('caller identity', () => {
  it('gives getWXContext() the mini-program caller: OPENID, APPID, ENV and SOURCE', async () => {
    const reply = await callAsUser('o-resident-1', 'whoami');
    const result = reply.result as WhoAmI;
    expect(result.wxContext).toMatchObject({ OPENID: 'o-resident-1', APPID: appId, ENV: env, SOURCE: 'wx_client' });
    expect(result.userInfo).toEqual({ appId, openId: 'o-resident-1' });
    expect(result).toMatchObject({ namespace: env, functionName: 'whoami' });
  });

  it('gives a call from an outside server SDK no user', async () => {
    const result = await call<WhoAmI>('whoami');
    expect(result.wxContext.OPENID).toBeUndefined();
    expect(result.wxContext).toMatchObject({ ENV: env, SOURCE: 'wx_server' });
  });

  it('passes the caller on when a function calls another with cloud.callFunction', async () => {
    const reply = await callAsUser('o-resident-2', 'relay');
    const result = reply.result as { self: Record<string, unknown>; callee: WhoAmI };
    expect(result.self).toMatchObject({ OPENID: 'o-resident-2', SOURCE: 'wx_client' });
    expect(result.callee.wxContext).toMatchObject({ OPENID: 'o-resident-2', APPID: appId, ENV: env, SOURCE: 'wx_server' });
  });

  it('keeps one call’s identity out of the next call on the same instance', async () => {
    await callAsUser('o-resident-3', 'whoami');
    const result = await call<WhoAmI>('whoami');
    expect(result.wxContext.OPENID).toBeUndefined();
  });
});

describe('failures', () => {
  it('reports an error thrown in main with its message', async () => {
    const error = await callFails('fail', { message: 'pipe burst in unit 3' });
    expect(error).toMatchObject({ errCode: -1, code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(error.errMsg).toContain('pipe burst in unit 3');
    const reply = await callAsUser('o-resident-1', 'fail', { message: 'lift stuck' });
    expect(reply).toEqual({ errCode: -1, errMsg: 'callFunction:fail lift stuck' });
  });

  it('fails a call whose instance exits, and runs the next call on a fresh one', async () => {
    const crashed = await callFails('fail', { exitCode: 3 });
    expect(crashed).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(crashed.errMsg).toContain('exited unexpectedly');
    const next = await callFails('fail', { message: 'still broken' });
    expect(next.errMsg).toContain('still broken');
  });

  it('refuses ES module syntax in index.js, as the cloud’s Node does', async () => {
    mkdirSync(join(functionsDir, 'esm'));
    writeFileSync(join(functionsDir, 'esm', 'index.js'), "export const main = async () => 'loaded';\n");
    const error = await callFails('esm');
    expect(error).toMatchObject({ code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(error.errMsg).toMatch(/export|module/);
  });

  it('stops a function past its timeout and runs the next call on a fresh instance', async () => {
    const { pid: before } = await call<{ pid: number }>('sleep');
    seenPids.add(before);
    const error = await callFails('sleep', { ms: 3000 });
    expect(error).toMatchObject({ errCode: -1, code: 'FUNCTIONS_EXECUTE_FAIL' });
    expect(error.errMsg).toContain('Invoking task timed out after 1 seconds');
    expect(alive(before)).toBe(false);
    const { pid: after } = await call<{ pid: number }>('sleep');
    seenPids.add(after);
    expect(after).not.toBe(before);
  });
});

describe('calls that could break an instance', () => {
  /** `{"a":{"a":…}}` nested `depth` levels deep, as raw JSON text (too deep to build with JSON.stringify). */
  const nestedJson = (depth: number): string => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

  it('answers data nested 100,000 levels deep at once, and the instance keeps serving everyone else', async () => {
    const { pid } = await call<{ pid: number }>('sleep');
    seenPids.add(pid);
    const response = await fetch(`${cloud.url}/client/callFunction?env=${env}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"openid":"o-attacker","name":"sleep","data":{"ms":0,"input":${nestedJson(100_000)}}}`,
    });
    expect(await response.json()).toEqual({ errCode: -1, errMsg: expect.stringMatching(/^callFunction:fail /) });
    // Longer together than the function's 1 s limit: nothing left over from the refused call may end them.
    for (let i = 0; i < 3; i += 1) {
      expect(await call<{ pid: number }>('sleep', { ms: 500 })).toEqual({ pid });
    }
  }, 20_000);

  it('passes deep JSON from a server SDK on as it was sent', async () => {
    const response = await fetch(`${cloud.url}/admin?env=${env}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'functions.invokeFunction', function_name: 'echo', request_data: nestedJson(100_000) }),
    });
    const reply = (await response.json()) as { data?: { response_data: string }; code?: string };
    // The echo cannot write that much nesting back: the function fails, alone, with its own error.
    expect(reply.code).toBe('FUNCTIONS_EXECUTE_FAIL');
    expect((await call<{ echo: unknown }>('echo', { room: '3-402' })).echo).toEqual({ room: '3-402' });
  });
});

describe('OpenAPI permissions (config.json permissions.openapi)', () => {
  it('lets a function call an OpenAPI its config declares', async () => {
    expect(await call('checker', { api: 'security.msgSecCheck' })).toEqual({ ok: true, suggest: 'pass' });
  });

  it('refuses an OpenAPI the config does not declare with -604101, as the cloud does', async () => {
    expect(await call('checker', { api: 'subscribeMessage.send' })).toMatchObject({ ok: false, errCode: -604101 });
  });
});

describe('instances', () => {
  it('runs concurrent calls in different instances', async () => {
    const [a, b] = await Promise.all([call<{ pid: number }>('sleep', { ms: 300 }), call<{ pid: number }>('sleep', { ms: 300 })]);
    seenPids.add(a.pid).add(b.pid);
    expect(a.pid).not.toBe(b.pid);
  });

  it('queues calls beyond ten instances of one function', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, () => call<{ pid: number }>('sleep', { ms: 300 })));
    const pids = new Set(results.map((result) => result.pid));
    for (const pid of pids) seenPids.add(pid);
    expect(pids.size).toBeLessThanOrEqual(10);
  }, 20_000);

  it('runs the new code once index.js is rebuilt', async () => {
    const index = join(functionsDir, 'release', 'index.js');
    mkdirSync(join(functionsDir, 'release'));
    writeFileSync(index, 'exports.main = async () => ({ build: 1, pid: process.pid });\n');
    const first = await call<{ build: number; pid: number }>('release');
    seenPids.add(first.pid);
    expect(first.build).toBe(1);
    writeFileSync(index, 'exports.main = async () => ({ build: 2, pid: process.pid });\n');
    const later = new Date(Date.now() + 60_000);
    utimesSync(index, later, later);
    const second = await call<{ build: number; pid: number }>('release');
    seenPids.add(second.pid);
    expect(second.build).toBe(2);
    expect(alive(first.pid)).toBe(false);
  });
});

describe('the function’s own SDK', () => {
  it('reaches the database of its env', async () => {
    const reply = await callAsUser('o-resident-4', 'notes', { text: 'hallway light out' });
    expect(reply).toMatchObject({ result: { text: 'hallway light out', by: 'o-resident-4' } });
  });
});

describe('time', () => {
  it('moves Date.now() and new Date() inside functions with the local cloud’s clock', async () => {
    type Clock = { now: number; constructed: number; called: number; timezoneOffset: number; [other: string]: unknown };
    const before = await call<Clock>('clock');
    await advance(2 * 24 * HOUR);
    const after = await call<Clock>('clock');
    expect(after.now - before.now).toBeGreaterThanOrEqual(2 * 24 * HOUR);
    expect(after.now - before.now).toBeLessThan(2 * 24 * HOUR + 60_000);
    expect(after.constructed - before.constructed).toBeGreaterThanOrEqual(2 * 24 * HOUR);
    // Date() without new says the moved time too (to the second, as its text has it).
    expect(after.called - before.called).toBeGreaterThanOrEqual(2 * 24 * HOUR - 1000);
    expect(after.called - before.called).toBeLessThan(2 * 24 * HOUR + 60_000);
    // Functions run in UTC in the cloud.
    expect(before.timezoneOffset).toBe(0);
    // Every other use of Date is the real one's.
    expect(after).toMatchObject({
      fromParts: '2020-02-29T12:30:00.000Z',
      copied: 86_400_000,
      utc: Date.UTC(2027, 0, 1),
      parsed: Date.parse('2026-12-04T00:00:00Z'),
      dates: [true, true, true],
      stamp: 'stamp 1970',
      stampIsDate: true,
    });
  });
});

describe('timer triggers', () => {
  it('fire when the clock passes their time, not before, and once per jump', async () => {
    // Start just after a full hour, then watch the env: the next hour is then an hour away, so the
    // real-time ticker cannot reach it during the test, and no hour lies between joining and it.
    const startMs = Date.parse((await control<{ now: string }>('/_emulator/clock')).now);
    await advance(Math.ceil((startMs + 1) / HOUR) * HOUR + 1000 - startMs);
    const timerEnv = uniqueEnv('timer');
    await control('/_emulator/triggers/envs', { env: timerEnv });
    const nowMs = Date.parse((await control<{ now: string }>('/_emulator/clock')).now);
    const hour = Math.ceil(nowMs / HOUR) * HOUR;

    await advance(hour - 30_000 - nowMs);
    expect(tickerLines(timerEnv)).toEqual([]);

    await advance(60_000);
    const fired = tickerLines(timerEnv);
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({
      event: { Type: 'Timer', TriggerName: 'hourly', Time: new Date(hour).toISOString().replace('.000Z', 'Z'), Message: '' },
      ENV: timerEnv,
      SOURCE: 'wx_trigger',
    });
    expect(fired[0].now).toBeGreaterThanOrEqual(hour);

    await advance(3 * HOUR);
    const later = tickerLines(timerEnv);
    expect(later).toHaveLength(2);
    expect(later[1].event.Time).toBe(new Date(hour + 3 * HOUR).toISOString().replace('.000Z', 'Z'));

    const listing = await control<{ triggers: Array<{ function: string; name: string; lastFirings: Array<{ env: string; ok: boolean }> }> }>(
      '/_emulator/triggers',
    );
    const ticker = listing.triggers.find((trigger) => trigger.function === 'ticker');
    expect(ticker).toMatchObject({ name: 'hourly' });
    expect(ticker?.lastFirings).toContainEqual(expect.objectContaining({ env: timerEnv, ok: true }));
  });

  it('held, fire nothing as the clock passes their time; released, fire once for the latest time passed', async () => {
    const timerEnv = uniqueEnv('held');
    await control('/_emulator/triggers/envs', { env: timerEnv });
    expect(await control('/_emulator/triggers/hold', { held: true })).toEqual({ held: true });
    try {
      const nowMs = Date.parse((await control<{ now: string }>('/_emulator/clock')).now);
      const hour = Math.ceil(nowMs / HOUR) * HOUR;
      await advance(hour + 2 * HOUR + 60_000 - nowMs);
      expect(tickerLines(timerEnv)).toEqual([]);
      expect(await control<{ held: boolean }>('/_emulator/triggers')).toMatchObject({ held: true });
    } finally {
      expect(await control('/_emulator/triggers/hold', { held: false })).toEqual({ held: false });
    }
    const fired = tickerLines(timerEnv);
    expect(fired).toHaveLength(1);
    const latest = Math.floor(Date.parse((await control<{ now: string }>('/_emulator/clock')).now) / HOUR) * HOUR;
    expect(fired[0].event.Time).toBe(new Date(latest).toISOString().replace('.000Z', 'Z'));
    const refused = await fetch(`${cloud.url}/_emulator/triggers/hold`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ held: 'yes' }) });
    expect(refused.status).toBe(400);
    expect((await control<{ held: boolean }>('/_emulator/triggers')).held).toBe(false);
  });
});

describe('the seven-field cron', () => {
  it('reads schedules in Asia/Shanghai', () => {
    const eightAm = CloudCron.parse('0 0 8 * * * *');
    expect(eightAm.latestAtOrBefore(new Date('2026-03-02T01:00:00Z'))?.toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it('honours the year field', () => {
    const newYear2030 = CloudCron.parse('0 0 0 1 1 * 2030');
    expect(newYear2030.latestAtOrBefore(new Date('2029-06-01T00:00:00Z'))).toBeNull();
    expect(newYear2030.latestAtOrBefore(new Date('2031-06-01T00:00:00Z'))?.toISOString()).toBe('2029-12-31T16:00:00.000Z');
  });

  it('refuses expressions the cloud would refuse', () => {
    expect(() => CloudCron.parse('0 */5 * * * *')).toThrow(/7 fields/);
    expect(() => CloudCron.parse('0 0 0 * * * 1969')).toThrow(/year/);
    expect(() => CloudCron.parse('0 0 25 * * * *')).toThrow();
  });
});

describe('shutdown', () => {
  it('stops every instance when the local cloud is stopped', async () => {
    expect(seenPids.size).toBeGreaterThan(0);
    await cloud.stop();
    expect([...seenPids].filter(alive)).toEqual([]);
  });
});
