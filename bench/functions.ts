import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { projectRoot, startLocalCloud } from '../test/support/local-cloud';
import { pointSdkAt } from '../test/support/cloud';

export interface FunctionBenchOptions {
  /** Measured warm calls (default 500). */
  calls?: number;
  /** Unmeasured warm calls first, so the instance and the SDK's connection are settled (default 50). */
  warmup?: number;
}

export interface FunctionBenchResult {
  /** The first call: starting an instance and requiring the function. */
  coldStartMs: number;
  warmP50Ms: number;
  warmP99Ms: number;
  calls: number;
}

/**
 * Round trip of `cloud.callFunction` through the real wx-server-sdk to the fixture echo function
 * on a local cloud of its own. Sets the SDK's "inside the cloud" variables in this process if unset.
 */
export async function benchFunctions(options: FunctionBenchOptions = {}): Promise<FunctionBenchResult> {
  const calls = options.calls ?? 500;
  const warmup = options.warmup ?? 50;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-functions-'));
  const cloud = await startLocalCloud({ dataDir, functionsDir: join(projectRoot, 'test', 'fixtures', 'cloudfunctions') });
  try {
    pointSdkAt(cloud.url, 'bench');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const sdk = require('wx-server-sdk') as typeof import('wx-server-sdk');
    sdk.init({ env: 'bench' });
    const echo = async (): Promise<number> => {
      const started = performance.now();
      await sdk.callFunction({ name: 'echo', data: { ticket: 'T-1' } });
      return performance.now() - started;
    };

    const coldStartMs = await echo();
    for (let i = 0; i < warmup; i += 1) await echo();
    const samples: number[] = [];
    for (let i = 0; i < calls; i += 1) samples.push(await echo());
    samples.sort((a, b) => a - b);
    return {
      coldStartMs: round(coldStartMs),
      warmP50Ms: round(percentile(samples, 0.5)),
      warmP99Ms: round(percentile(samples, 0.99)),
      calls,
    };
  } finally {
    await cloud.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
