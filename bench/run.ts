/**
 * `npm run bench`: speed and memory of the local cloud and the functions on this machine.
 * Prints figures only; nothing here is a pass/fail budget.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { createWxCloud } from '../emulator/client/node';
import { buildFunctions, buildMiniprogram, packMiniprogramNpm } from '../scripts/builder';
import { startLocalCloud } from '../test/support/local-cloud';
import { benchDatabase } from './database';
import { benchFunctions } from './functions';
import { benchIntegrity } from './integrity';
import { databaseRequests, pointSdkAt } from '../test/support/cloud';
import { benchAlerts } from './alerts';
import { benchBoard } from './board';
import { benchIndexes } from './indexes';
import { benchInbox } from './inbox';
import { benchScale } from './scale';
import { benchColdStart } from './coldStart';
import { benchPreview } from './preview';

const print = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

function rssMiB(pid: number): string {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return `${(kib / 1024).toFixed(0)} MiB`;
}

/** The fixture echo function on a local cloud of its own. */
async function functionRoundTrip(): Promise<void> {
  print('\n== function round trip through the server SDK (fixture echo function)');
  const functions = await benchFunctions();
  print(
    `echo: cold ${functions.coldStartMs} ms, warm p50 ${functions.warmP50Ms} ms, p99 ${functions.warmP99Ms} ms (${functions.calls} calls)`,
  );
}

/**
 * Ten mini-program calls arriving together at a local cloud that has just started: every call
 * needs an instance, none is warm. Before instance starts were limited to the cores, each of the
 * ten took 12 s on two cores.
 */
async function coldBurst(url: string, env: string): Promise<string> {
  const started = performance.now();
  const times = await Promise.all(
    Array.from({ length: 10 }, async (_unused, i) => {
      const client = createWxCloud({ baseUrl: url, env, openid: () => `o-bench-cold-${i}` });
      const before = performance.now();
      const { result } = await client.callFunction({ name: 'api', data: { action: 'me.profile', input: {} } });
      if (!(result as { ok?: boolean }).ok) throw new Error(`cold call failed: ${JSON.stringify(result)}`);
      return performance.now() - before;
    }),
  );
  times.sort((a, b) => a - b);
  return `median ${times[4].toFixed(0)} ms, slowest ${times[9].toFixed(0)} ms, all ten ${(performance.now() - started).toFixed(0)} ms`;
}

/** The database through the SDK, then the product's api function, on one local cloud. */
async function cloudAndApi(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-'));
  let cloud = await startLocalCloud({ dataDir });
  try {
    print('\n== cold start: ten api calls together, right after the local cloud started');
    print(`fresh local cloud: ${await coldBurst(cloud.url, 'bench-cold')}`);
    await cloud.stop();
    cloud = await startLocalCloud({ dataDir });
    print(`after a restart on the same data: ${await coldBurst(cloud.url, 'bench-cold')}`);

    pointSdkAt(cloud.url, 'bench');
    print(`\n== local cloud (${cloud.url}), memory at start ${rssMiB(cloud.pid)}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
    await benchDatabase(sdk, print);
    print(`memory of the local cloud after the database runs: ${rssMiB(cloud.pid)}`);

    print('\n== api function, called as a WeChat user through the client endpoint');
    const client = createWxCloud({ baseUrl: cloud.url, env: 'bench-api', openid: () => 'o-bench' });
    const ping = async (): Promise<number> => {
      const started = performance.now();
      await client.callFunction({ name: 'api', data: { action: 'system.ping', input: {} } });
      return performance.now() - started;
    };
    const cold = await ping();
    for (let i = 0; i < 50; i += 1) await ping();
    const samples: number[] = [];
    const opsBefore = await databaseRequests(cloud.url);
    for (let i = 0; i < 300; i += 1) samples.push(await ping());
    const opsAfter = await databaseRequests(cloud.url);
    samples.sort((a, b) => a - b);
    const pct = (q: number): string => samples[Math.min(samples.length - 1, Math.ceil(q * samples.length) - 1)].toFixed(2);
    print(`system.ping: cold ${cold.toFixed(0)} ms, warm p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms (300 calls)`);
    print(`system.ping: ${((opsAfter - opsBefore) / samples.length).toFixed(2)} database operations per invocation`);
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

}

/**
 * Each part runs in a process of its own: wx-server-sdk keeps the service URL of its first
 * `init` for the life of the process, so two local clouds cannot share one.
 */
const parts: Record<string, () => Promise<void>> = {
  functions: functionRoundTrip,
  cloud: cloudAndApi,
  integrity: () => benchIntegrity(print),
  board: async () => {
    print('\n== 管理看板 at a company size');
    await benchBoard(print);
  },
  alerts: async () => {
    print('\n== alerts: what they add to a ticket step, and the 工作台 counts');
    await benchAlerts(print);
  },
  inbox: async () => {
    print('\n== the staff inbox through the api: the demo community with 100k tickets');
    await benchInbox(print);
  },
  indexes: async () => {
    print('\n== indexes: the staff inbox over 100k tickets');
    await benchIndexes(print);
  },
  preview: async () => {
    print('\n== the browser preview: pages opened, moved between, and npm start');
    await benchPreview(print);
  },
  cold: async () => {
    print('\n== cold start of the api function');
    await benchColdStart(print);
  },
  sizes: async () => {
    print('\n== package sizes: build/miniprogram compiled by miniprogram-ci as its upload does');
    await packMiniprogramNpm();
    await buildMiniprogram();
    // In a process of its own: miniprogram-ci's compiler process stays up after the compile.
    const tsx = pathToFileURL(createRequire(__filename).resolve('tsx')).href;
    const child = spawnSync(process.execPath, ['--import', tsx, join(__dirname, '..', 'scripts', 'package-sizes.ts')], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`package sizes: ${child.stderr}`);
    // miniprogram-ci logs as it compiles; the sizes are the lines after its log.
    for (const line of child.stdout.split('\n').filter((text) => /^(main package|subpackage|total|over the limit|compiled in)/.test(text))) print(line);
  },
};

/** Parts run only when named (`npm run bench -- --scale`): they take minutes. */
const namedOnly: Record<string, () => Promise<void>> = {
  scale: async () => {
    print('\n== a company of 20 communities, as its users meet it through the api');
    // The functions as the code stands (a part named alone is not preceded by the full run's build).
    await buildFunctions();
    await benchScale(print);
  },
};

async function main(): Promise<void> {
  // `scale` and `--scale` both name a part.
  const part = process.argv[2]?.replace(/^--/, '');
  if (part) {
    const run = parts[part] ?? namedOnly[part];
    if (!run) throw new Error(`unknown bench part ${part}`);
    await run();
    return;
  }
  print('== function bundles');
  for (const bundle of await buildFunctions()) print(`${bundle.name}/index.js  ${(bundle.bytes / 1024).toFixed(1)} KiB`);
  for (const name of Object.keys(parts)) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', __filename, name], { stdio: 'inherit' });
    if (child.status !== 0) throw new Error(`bench part ${name} failed`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
