import { readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The local cloud's clock. Real time plus an offset that tests move forward;
 * `db.serverDate()`, function invocations and timer triggers all read it. With a file, the
 * offset survives restarts, so data written at a moved time is never in the clock's future.
 */
export class Clock {
  private offsetMs = 0;
  private readonly listeners = new Set<(now: Date) => Promise<void>>();

  constructor(private readonly file?: string) {
    if (!file) return;
    try {
      const saved = JSON.parse(readFileSync(file, 'utf8')) as { offsetMs?: unknown };
      if (typeof saved.offsetMs === 'number' && Number.isFinite(saved.offsetMs) && saved.offsetMs > 0) this.offsetMs = saved.offsetMs;
    } catch {
      // No clock file yet: real time.
    }
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return Date.now() + this.offsetMs;
  }

  offset(): number {
    return this.offsetMs;
  }

  /** Moves time forward (never back: the cloud's clock does not run backwards). */
  async advance(ms: number): Promise<Date> {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('the clock only moves forward');
    this.offsetMs += ms;
    if (this.file) {
      writeFileSync(`${this.file}.tmp`, JSON.stringify({ offsetMs: this.offsetMs }));
      renameSync(`${this.file}.tmp`, this.file);
    }
    const now = this.now();
    for (const listener of this.listeners) await listener(now);
    return now;
  }

  /** Sets the time to a given instant, if it is not in the clock's past. */
  async set(at: Date): Promise<Date> {
    return this.advance(Math.max(0, at.getTime() - this.nowMs()));
  }

  /** Called after every move, awaited, so a caller that moved the clock sees what it caused. */
  onAdvance(listener: (now: Date) => Promise<void>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
