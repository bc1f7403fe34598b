import { fork, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { InvokeMessage, WorkerMessage } from './protocol';

export type InvokeOutcome = { ok: true; responseData: string } | { ok: false; message: string };

export interface InstanceOptions {
  /** The bundled worker (worker-bundle.ts). */
  workerPath: string;
  indexPath: string;
  /** The function's folder: the working directory of its code, as in the cloud. */
  dir: string;
  version: string;
  /** The whole process environment of the instance (nothing is inherited from the local cloud). */
  env: Record<string, string>;
  clockOffsetMs: number;
  log(line: string): void;
}

/** Requiring wx-server-sdk and the function may take a while on a busy machine; it does not count as run time. */
const STARTUP_LIMIT_MS = 30_000;

/**
 * The cloud's Node runtimes (up to 18) cannot require ES module syntax from index.js; a newer host Node
 * can, unless told not to, and would hide a function bundled in the wrong module format.
 */
const workerExecArgv = ['--no-experimental-require-module', '--no-experimental-detect-module'].filter((flag) =>
  process.allowedNodeEnvironmentFlags.has(flag),
);

/** One function instance: a child process that runs one invocation at a time. */
export class FunctionInstance {
  readonly version: string;
  readonly exited: Promise<void>;
  /**
   * Resolves once the function's module is loaded: with undefined, or with why it could not be
   * (a load error, an exit, or no start within the limit; the instance is then killed).
   */
  readonly ready: Promise<string | undefined>;
  /** performance.now() of the last release, for evicting the longest-idle instance. */
  idleSince = 0;
  private readonly child: ChildProcess;
  private loaded = false;
  private killed = false;
  private exitReason = '';
  private pending?: { id: string; settle(outcome: InvokeOutcome): void };

  constructor(options: InstanceOptions) {
    this.version = options.version;
    this.child = fork(options.workerPath, [options.indexPath, String(options.clockOffsetMs)], {
      cwd: options.dir,
      env: options.env,
      execArgv: workerExecArgv,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream) createInterface({ input: stream }).on('line', (line) => options.log(line));
    }
    this.exited = new Promise((resolve) => {
      const finish = (reason: string): void => {
        if (this.exitReason) return;
        this.exitReason = reason;
        this.pending?.settle({ ok: false, message: `Invoking task exited unexpectedly (${reason})` });
        resolve();
      };
      this.child.once('exit', (code, signal) => finish(signal ? `signal ${signal}` : `exit code ${code}`));
      // A process that could not be started (e.g. its folder was removed) reports an error and never exits.
      this.child.on('error', (error) => {
        if (this.child.pid === undefined) finish(`could not start: ${error.message}`);
        else options.log(`instance error: ${error.message}`);
      });
    });
    this.ready = new Promise((resolve) => {
      const timer = setTimeout(() => {
        resolve(`the function instance did not start within ${STARTUP_LIMIT_MS / 1000} seconds`);
        void this.kill();
      }, STARTUP_LIMIT_MS);
      this.child.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.loaded = message.loadError === undefined;
          resolve(message.loadError);
          // A broken module stays broken in this process; the next invocation gets a fresh load.
          if (message.loadError !== undefined) void this.kill();
        } else if (this.pending?.id === message.id) {
          this.pending.settle(message.ok ? message : { ok: false, message: message.message });
        }
      });
      void this.exited.then(() => {
        clearTimeout(timer);
        resolve(`the function instance exited while starting (${this.exitReason})`);
      });
    });
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get alive(): boolean {
    return !this.killed && !this.exitReason;
  }

  /** Loaded, running and reachable: the only state in which an instance may be given a call. */
  get usable(): boolean {
    return this.loaded && this.alive && this.child.connected;
  }

  /**
   * Runs one invocation on a ready instance. A timeout, a crash or an event that cannot be passed
   * on ends the instance (the caller must not reuse it) and is reported at once, like the cloud
   * reports it; nothing of this invocation can touch a later one.
   */
  invoke(message: InvokeMessage, timeoutSeconds: number): Promise<InvokeOutcome> {
    if (!this.usable) {
      return Promise.resolve({ ok: false, message: `Invoking task exited unexpectedly (${this.exitReason || 'not ready'})` });
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => fail(`Invoking task timed out after ${timeoutSeconds} seconds`), timeoutSeconds * 1000);
      const settle = (outcome: InvokeOutcome): void => {
        if (this.pending?.id !== message.id) return;
        clearTimeout(timer);
        this.pending = undefined;
        resolve(outcome);
      };
      // The caller is answered once the instance is gone, so nothing of it outlives the answer.
      const fail = (reason: string): void => {
        if (this.pending?.id !== message.id) return;
        clearTimeout(timer);
        this.pending = undefined;
        void this.kill().then(() => resolve({ ok: false, message: reason }));
      };
      this.pending = { id: message.id, settle };
      try {
        this.child.send(message, (error) => {
          if (error) fail(`could not reach the function instance: ${error.message}`);
        });
      } catch (error) {
        fail(`could not pass the call to the function instance: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
  }

  /** Tells a started instance that the clock moved (an instance still starting gets it with its next invocation). */
  setClockOffset(clockOffsetMs: number): void {
    if (this.usable) this.child.send({ type: 'clock', clockOffsetMs }, () => undefined);
  }

  async kill(): Promise<void> {
    if (!this.exitReason) {
      this.killed = true;
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }
}
