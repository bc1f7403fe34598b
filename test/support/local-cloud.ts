import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const projectRoot = resolve(__dirname, '..', '..');

export interface RunningCloud {
  url: string;
  pid: number;
  dataDir: string;
  process: ChildProcess;
  /** Sends a signal and waits for the process to exit; a data folder made by `startLocalCloud` is then removed. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts `emulator/main.ts` on a free 127.0.0.1 port as a child process and resolves
 * once it prints its URL.
 */
export function startLocalCloud(
  options: {
    dataDir?: string;
    functionsDir?: string;
    /** The configuration file; `null` starts it without --config, as `npm run cloud` is documented. */
    config?: string | null;
    /** An index manifest instead of the project's `config/indexes.json`. */
    indexes?: string;
    /** Node's flags for the local cloud's process (e.g. a larger heap for a company's data). */
    nodeFlags?: string[];
  } = {},
): Promise<RunningCloud> {
  const config = options.config === undefined ? join(projectRoot, 'config', 'local-cloud.json') : options.config;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'local-cloud-'));
  const child = spawn(
    process.execPath,
    [
      ...(options.nodeFlags ?? []),
      '--import',
      'tsx',
      join(projectRoot, 'emulator', 'main.ts'),
      '--port',
      '0',
      '--data',
      dataDir,
      '--functions',
      options.functionsDir ?? join(projectRoot, 'cloudfunctions'),
      ...(config === null ? [] : ['--config', config]),
      ...(options.indexes ? ['--indexes', options.indexes] : []),
      '--quiet',
    ],
    { cwd: projectRoot, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
  // Whatever happens to the test that started it, the cloud does not outlive this process, and it
  // never keeps jest waiting: once ready, nothing of it holds the event loop.
  const killOnExit = (): void => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killOnExit);
  return new Promise((resolveStart, rejectStart) => {
    const lines = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => {
      killOnExit();
      rejectStart(new Error('local cloud did not start within 60 s'));
    }, 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      rejectStart(new Error(`local cloud exited with ${code} before it was ready`));
    });
    lines.once('line', (url) => {
      clearTimeout(timer);
      lines.close();
      child.stdout?.destroy();
      child.unref();
      resolveStart({
        url: url.trim(),
        pid: child.pid!,
        dataDir,
        process: child,
        async stop(signal = 'SIGTERM') {
          // Waiting for the exit must keep this process alive until it comes.
          child.ref();
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
          process.removeListener('exit', killOnExit);
          // A folder made here goes with the cloud; one the caller gave is the caller's.
          if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
        },
      });
    });
  });
}

export interface KillableCloud {
  /** The cloud running now (changes after `killAndRestart`). */
  current(): RunningCloud;
  /** SIGKILLs the cloud and starts a new one on the same data. */
  killAndRestart(): Promise<void>;
}

/**
 * For durability tests: a local cloud of the describe block's own (the shared one must never be
 * killed), with this process's SDK pointed at it. The SDK reads TCB_CONTEXT_CNFG on every
 * request, so it follows the restarted cloud; the shared setting comes back afterwards.
 */
export function killableCloud(name: string): KillableCloud {
  const dataDir = mkdtempSync(join(tmpdir(), `local-cloud-${name}-`));
  const sharedCloudConfig = process.env.TCB_CONTEXT_CNFG;
  let running: RunningCloud | undefined;
  const start = async (): Promise<void> => {
    running = await startLocalCloud({ dataDir });
    process.env.TCB_CONTEXT_CNFG = JSON.stringify({ URL: `${running.url}/admin` });
  };
  beforeAll(start, 30_000);
  afterAll(async () => {
    await running?.stop('SIGKILL');
    process.env.TCB_CONTEXT_CNFG = sharedCloudConfig;
    rmSync(dataDir, { recursive: true, force: true });
  });
  return {
    current() {
      if (!running) throw new Error('the cloud has not started');
      return running;
    },
    async killAndRestart() {
      await running?.stop('SIGKILL');
      await start();
    },
  };
}
