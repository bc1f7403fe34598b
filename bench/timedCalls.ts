/**
 * The scale bench's calls, timed in a process of their own.
 *
 * The bench's main process holds the floors' copies of the company (100k tickets, their events and
 * 219k bills as objects): its full garbage collections paused 60–110 ms, and when one came while a
 * call was being timed in that process it was counted in the call's time. Here the calls are made
 * and timed by a small child process whose heap holds only the row's inputs and answers, while the
 * main process waits on it without allocating.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { Buffer } from 'node:buffer';
import { performance } from 'node:perf_hooks';
import type { ActionInput, ActionName } from '../typings/api';
import { apiAs } from '../test/support/api';
import { databaseRequests } from '../test/support/cloud';
import { gcFigures } from '../emulator/memory';

export interface TimedCall {
  openid: string;
  action: ActionName;
  input: unknown;
}

export interface TimedCalls {
  /** Each call's time (ms), in order. */
  times: number[];
  /** Database requests the local cloud counted during each call. */
  ops: number[];
  /** The largest answer's JSON size. */
  bytes: number;
  /** The last answer was a list without a cursor / a page of at most 50 items. */
  unpaged: boolean;
  paged: boolean;
  /** The timing process's own collection pauses during the calls (ms). */
  pausedMs: number;
  /** The first refusal, which stops the calls (`code message`). */
  failure?: string;
}

interface Job {
  url: string;
  env: string;
  calls: TimedCall[];
}

const callers = new Map<string, ReturnType<typeof apiAs>>();

async function run({ url, env, calls }: Job): Promise<TimedCalls> {
  const gcBefore = gcFigures().totalMs;
  const timed: TimedCalls = { times: [], ops: [], bytes: 0, unpaged: false, paged: false, pausedMs: 0 };
  let before = await databaseRequests(url);
  for (const { openid, action, input } of calls) {
    const key = `${env}|${openid}|${url}`;
    if (!callers.has(key)) callers.set(key, apiAs(env, openid, url));
    const started = performance.now();
    const result = await callers.get(key)!(action, input as ActionInput<typeof action>);
    timed.times.push(performance.now() - started);
    const after = await databaseRequests(url);
    timed.ops.push(after - before);
    before = after;
    if (!result.ok) {
      timed.failure = `${result.code} ${result.message}`;
      break;
    }
    timed.bytes = Math.max(timed.bytes, Buffer.byteLength(JSON.stringify(result.data)));
    timed.unpaged = Array.isArray(result.data);
    const items = (result.data as { items?: unknown }).items;
    timed.paged = !timed.unpaged && Array.isArray(items) && items.length <= 50;
  }
  timed.pausedMs = gcFigures().totalMs - gcBefore;
  return timed;
}

/** The main process's side: one child for the whole run, given one row's calls at a time. */
export class CallTimer {
  private readonly child: ChildProcess;
  private pending: { resolve: (timed: TimedCalls) => void; reject: (error: Error) => void } | undefined;

  constructor() {
    // `--import tsx`: the child runs this TypeScript file as the bench does.
    this.child = fork(__filename, [], { execArgv: ['--import', 'tsx'], env: { ...process.env, BENCH_TIMING_PROCESS: '1' }, serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (timed: TimedCalls) => {
      const waiting = this.pending;
      this.pending = undefined;
      waiting?.resolve(timed);
    });
    this.child.on('exit', (code) => this.pending?.reject(new Error(`the timing process ended (${code})`)));
  }

  time(url: string, env: string, calls: TimedCall[]): Promise<TimedCalls> {
    if (this.pending) throw new Error('one row at a time');
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.child.send({ url, env, calls } satisfies Job);
    });
  }

  stop(): void {
    this.child.disconnect();
  }
}

if (process.send && process.env.BENCH_TIMING_PROCESS === '1') {
  process.on('message', (job: Job) => {
    void run(job).then(
      (timed) => process.send!(timed),
      (error: unknown) => process.send!({ times: [], ops: [], bytes: 0, unpaged: false, paged: false, pausedMs: 0, failure: error instanceof Error ? error.message : String(error) } satisfies TimedCalls),
    );
  });
  // The main process closed the channel: the run is over.
  process.on('disconnect', () => process.exit(0));
}
