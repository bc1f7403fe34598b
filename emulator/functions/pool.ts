import type { FunctionInstance } from './instance';

export interface PoolOptions {
  /** Concurrent instances of one function; further calls wait for one to come free. */
  maxInstances: number;
  /** An instance idle this long is stopped, as the cloud reclaims idle instances. */
  idleMs: number;
  spawn(version: string): FunctionInstance;
}

interface Waiter {
  resolve(instance: FunctionInstance): void;
  reject(error: Error): void;
}

/**
 * The instances of one function in one env. Idle instances are reused (warm starts); a busy pool
 * grows up to `maxInstances`, then queues. Instances of an older build are never reused.
 */
export class InstancePool {
  private readonly idle: FunctionInstance[] = [];
  private readonly busy = new Set<FunctionInstance>();
  private readonly waiters: Waiter[] = [];
  private readonly idleTimers = new Map<FunctionInstance, NodeJS.Timeout>();
  private latestVersion = '';
  private closed = false;

  constructor(private readonly options: PoolOptions) {}

  get size(): number {
    return this.idle.length + this.busy.size;
  }

  /** The instance idle the longest, if any. */
  get oldestIdle(): FunctionInstance | undefined {
    return this.idle[0];
  }

  forEach(visit: (instance: FunctionInstance) => void): void {
    for (const instance of [...this.idle, ...this.busy]) visit(instance);
  }

  /**
   * An instance running `version` of the function's code (or a newer build, for a caller that was
   * queued across a rebuild), for the caller's exclusive use until release().
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
    if (instance.alive && instance.version === this.latestVersion && !this.closed) {
      instance.idleSince = performance.now();
      this.idle.push(instance);
      const timer = setTimeout(() => this.retire(instance), this.options.idleMs);
      timer.unref();
      this.idleTimers.set(instance, timer);
    } else {
      void instance.kill();
    }
    this.pump();
  }

  /** Stops an idle instance (to make room elsewhere, or because it idled too long). */
  retire(instance: FunctionInstance): void {
    if (this.stop(instance)) this.pump();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiters.splice(0)) waiter.reject(new Error('the local cloud is shutting down'));
    const all = [...this.idle, ...this.busy];
    for (const instance of [...this.idle]) this.takeIdle(instance);
    await Promise.all(all.map((instance) => instance.kill()));
  }

  private pump(): void {
    while (this.waiters.length > 0 && !this.closed) {
      // A rebuild took effect: instances still holding the old module are of no use any more.
      for (const stale of this.idle.filter((instance) => instance.version !== this.latestVersion)) this.stop(stale);
      // The most recently used instance first, so the others can idle out.
      let instance = this.idle.at(-1);
      if (instance) this.takeIdle(instance);
      else if (this.size < this.options.maxInstances) instance = this.track(this.options.spawn(this.latestVersion));
      else return;
      this.busy.add(instance);
      this.waiters.shift()?.resolve(instance);
    }
  }

  private track(instance: FunctionInstance): FunctionInstance {
    void instance.exited.then(() => {
      // An idle instance that died is dropped; a busy one is dropped when its caller releases it.
      if (this.takeIdle(instance)) this.pump();
    });
    return instance;
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
