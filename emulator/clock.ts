/**
 * The local cloud's clock. Real time plus an offset that tests move forward;
 * `db.serverDate()`, function invocations and timer triggers all read it.
 */
export class Clock {
  private offsetMs = 0;
  private readonly listeners = new Set<(now: Date) => Promise<void>>();

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
