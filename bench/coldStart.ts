import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleFunction } from '../scripts/builder';
import { functionsRoot, root } from '../scripts/paths';

/**
 * The api's cold start, as the cloud meets it: a fresh Node process loads wx-server-sdk (the same
 * either way) and then the function's bundle. Measured for the bundle built as one file (as before
 * the documents' packages moved to lib/) and as built now, each loaded in seven fresh processes.
 */
const RUNS = 7;

const PROBE = `
const sdkStarted = process.hrtime.bigint();
require('wx-server-sdk');
const started = process.hrtime.bigint();
require(process.argv[1]);
process.stdout.write(JSON.stringify({ sdk: Number(started - sdkStarted) / 1e6, bundle: Number(process.hrtime.bigint() - started) / 1e6 }));
`;

function loadTimes(file: string): { sdk: number; bundle: number } {
  const runs: { sdk: number; bundle: number }[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const child = spawnSync(process.execPath, ['-e', PROBE, file], { encoding: 'utf8', env: { ...process.env, NODE_PATH: join(root, 'node_modules') } });
    if (child.status !== 0) throw new Error(`loading ${file}: ${child.stderr}`);
    runs.push(JSON.parse(child.stdout) as { sdk: number; bundle: number });
  }
  const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  return { sdk: median(runs.map((run) => run.sdk)), bundle: median(runs.map((run) => run.bundle)) };
}

const kib = (bytes: number): string => `${(bytes / 1024).toFixed(0)} KiB`;

export async function benchColdStart(print: (line: string) => void): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'bench-cold-'));
  try {
    const entry = join(functionsRoot, 'api', 'src', 'index.ts');
    const whole = join(folder, 'whole', 'index.js');
    const lean = join(folder, 'lean', 'index.js');
    await bundleFunction(entry, whole, true);
    await bundleFunction(entry, lean);
    const libBytes = readdirSync(join(folder, 'lean', 'lib')).reduce((sum, file) => sum + statSync(join(folder, 'lean', 'lib', file)).size, 0);
    for (const [label, file, extra] of [
      ['one bundle (before)', whole, ''],
      ['lean (now)        ', lean, `, lib/ ${kib(libBytes)} loaded on first use`],
    ] as const) {
      const times = loadTimes(file);
      print(`api ${label}: index.js ${kib(statSync(file).size)}${extra}; load ${times.bundle.toFixed(0)} ms after wx-server-sdk's ${times.sdk.toFixed(0)} ms (median of ${RUNS} fresh processes)`);
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
