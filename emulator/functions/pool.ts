import type { FunctionInstance } from './instance';

/**
 * How many instances may be starting at once across the whole local cloud. Starting one is
 * CPU-bound (a Node process requiring wx-server-sdk and the function), so starting more at once
 * than there are cores only makes every one of them slower: ten at once on two cores took 12 s
 * each, where two at a time serve all ten within about a second.
 */
export class StartGate {
  private starting = 0;
  private readonly waiting = new Set<() => void>();

  constructor(private readonly limit: number) {}

  /** Takes a start slot if one is free; otherwise `wake` runs once a slot frees. */
  tryTake(wake: () => void): boolean {
    if (this.starting < this.limit) {
      this.starting += 1;
      this.waiting.delete(wake);
      return true;
    }
    this.waiting.add(wake);
    return false;
  }

  release(): void {
    this.starting = Math.max(0, this.starting - 1);
    const woken = [...this.waiting];
    this.waiting.clear();
    for (const wake of woken) wake();
  }
}

export interface PoolOptions {
  /** Concurrent instances of one function; further calls wait for one to come free. */
  maxInstances: number;
  /** An instance idle this long is stopped, as the cloud reclaims idle instances. */
  idleMs: number;
  gate: StartGate;
  spawn(version: string): FunctionInstance;
}

interface Waiter {
  resolve(instance: FunctionInstance): void;
  reject(error: Error): void;
}

/**
 * The instances of one function in one env. A call gets the first instance that is ready: an idle
 * one (warm start) or the next one to finish starting. The pool grows up to `maxInstances` while
 * calls wait, then queues. Instances of an older build, and instances that died or failed, are
 * never handed out.
 */
export class InstancePool {
  private readonly idle: FunctionInstance[] = [];
  private readonly busy = new Set<FunctionInstance>();
  private readonly starting = new Set<FunctionInstance>();
  private readonly waiters: Waiter[] = [];
  private readonly idleTimers = new Map<FunctionInstance, NodeJS.Timeout>();
  private readonly wake = (): void => this.pump();
  private latestVersion = '';
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  get size(): number {
    return this.idle.length + this.busy.size + this.starting.size;
  }

  /** The instance idle the longest, if any. */
  get oldestIdle(): FunctionInstance | undefined {
    return this.idle[0];
  }

  forEach(visit: (instance: FunctionInstance) => void): void {
    for (const instance of [...this.idle, ...this.busy]) visit(instance);
  }

  /**
   * A ready instance running `version` of the function's code (or a newer build, for a caller that was
   * queued across a rebuild), for the caller's exclusive use until release(). Rejects with the
   * reason when the instance started for this call could not load the function.
   */
  acquire(version: string): Promise<FunctionInstance> {
    if (this.closed) return Promise.reject(new Error('the local cloud is shutting down'));
    this.latestVersion = version;
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this.pump();
    });
  }

  release(instance: FunctionInstance): void {
    if (!this.busy.delete(instance)) return;
    this.keepOrEnd(instance);
    this.pump();
  }

  /** Stops an idle instance (to make room elsewhere, or because it idled too long). */
  retire(instance: FunctionInstance): void {
    if (this.stop(instance)) this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('the local cloud is shutting down'));
    const all = [...this.idle, ...this.busy, ...this.starting];
    for (const instance of [...this.idle]) this.takeIdle(instance);
    await Promise.all(all.map((instance) => instance.kill()));
  }

  private pump(): void {
    if (this.closed) return;
    // A rebuild took effect, or an idle instance died: such instances are of no use any more.
    for (const stale of this.idle.filter((instance) => instance.version !== this.latestVersion || !instance.usable)) this.stop(stale);
    while (this.waiters.length > 0 && this.idle.length > 0) {
      // The most recently used instance first, so the others can idle out.
      const instance = this.idle.at(-1)!;
      this.takeIdle(instance);
      this.busy.add(instance);
      this.waiters.shift()?.resolve(instance);
    }
    // Start instances only for calls that no starting instance will serve.
    while (this.waiters.length > this.starting.size && this.size < this.options.maxInstances && this.options.gate.tryTake(this.wake)) {
      this.start();
    }
  }

  private start(): void {
    const instance = this.options.spawn(this.latestVersion);
    this.starting.add(instance);
    void instance.exited.then(() => {
      // An idle instance that died is dropped; a busy one is dropped when its caller releases it.
      if (this.takeIdle(instance)) this.pump();
    });
    void instance.ready.then((loadError) => {
      this.starting.delete(instance);
      if (loadError !== undefined) {
        // The call this instance was started for learns why; the next call gets a fresh load.
        this.waiters.shift()?.reject(new Error(loadError));
      } else {
        this.keepOrEnd(instance);
      }
      // Only now, with the instance counted again, may the freed slot start another.
      this.options.gate.release();
      this.pump();
    });
  }

  /** A healthy instance of the current build waits for the next call; any other is ended. */
  private keepOrEnd(instance: FunctionInstance): void {
    if (!instance.usable || instance.version !== this.latestVersion || this.closed) {
      void instance.kill();
      return;
    }
    instance.idleSince = performance.now();
    this.idle.push(instance);
    const timer = setTimeout(() => this.retire(instance), this.options.idleMs);
    timer.unref();
    this.idleTimers.set(instance, timer);
  }

  private stop(instance: FunctionInstance): boolean {
    if (!this.takeIdle(instance)) return false;
    void instance.kill();
    return true;
  }

  private takeIdle(instance: FunctionInstance): boolean {
    const index = this.idle.indexOf(instance);
    if (index < 0) return false;
    this.idle.splice(index, 1);
    clearTimeout(this.idleTimers.get(instance));
    this.idleTimers.delete(instance);
    return true;
  }
}
