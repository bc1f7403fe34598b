import type { Clock } from '../clock';
import type { FunctionCatalog, FunctionProblem } from './catalog';
import { TRIGGER_TIME_ZONE } from './cron';

/** The event a timer trigger passes to main, as the cloud sends it. */
export interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
  Time: string;
  Message: string;
}

export interface TriggerFiring {
  env: string;
  /** The scheduled instant that fired (the event's Time). */
  time: string;
  /** The local cloud's clock when it fired. */
  firedAt: string;
  ok: boolean;
  error?: string;
}

export interface TriggerListing {
  timeZone: string;
  held: boolean;
  envs: string[];
  triggers: Array<{ function: string; name: string; config: string; lastFirings: TriggerFiring[] }>;
  problems: FunctionProblem[];
}

export interface TriggerSchedulerOptions {
  catalog: FunctionCatalog;
  clock: Clock;
  fire(env: string, functionName: string, event: TimerEvent): Promise<void>;
  log(message: string): void;
}

const TICK_MS = 1000;

/**
 * Fires timer triggers when the local cloud's clock passes them: on a real-time tick and, awaited,
 * whenever the clock is moved (so whoever moved it sees what the triggers did).
 *
 * Which envs: a trigger belongs to a deployed function, and a function is deployed per env, but this
 * local cloud serves whatever env a caller names. So every timer trigger runs in every env that has
 * invoked a function since the local cloud started, plus every env registered with
 * `POST /_emulator/triggers/envs`. An env is watched from the moment it joins; earlier schedules are
 * not replayed.
 *
 * A jump of the clock fires each trigger at most once (for the latest scheduled instant passed),
 * not once per missed occurrence.
 */
export class TriggerScheduler {
  private readonly envs = new Set<string>();
  /** env, function, trigger → the clock time (ms) up to which schedules have been handled. */
  private readonly cursors = new Map<string, number>();
  private readonly lastFirings = new Map<string, TriggerFiring>();
  private ticker?: NodeJS.Timeout;
  /** Held: nothing fires until released, then each trigger once for its latest instant passed (as after a jump). */
  private held = false;
  private stopListening?: () => void;

  constructor(private readonly options: TriggerSchedulerOptions) {}

  start(): void {
    this.ticker = setInterval(() => void this.check(this.options.clock.now()), TICK_MS);
    this.ticker.unref();
    this.stopListening = this.options.clock.onAdvance((now) => this.check(now));
  }

  stop(): void {
    clearInterval(this.ticker);
    this.stopListening?.();
  }

  addEnv(env: string): void {
    if (this.envs.has(env)) return;
    this.envs.add(env);
    const now = this.options.clock.nowMs();
    for (const spec of this.options.catalog.list().functions) {
      for (const trigger of spec.triggers) this.cursors.set(keyOf(env, spec.name, trigger.name), now);
    }
  }

  /**
   * Holds or releases every trigger (`POST /_emulator/triggers/hold`): a benchmark measures each
   * action alone, where on one machine a timer's run would take the CPU from the call measured.
   */
  async hold(held: boolean): Promise<void> {
    this.held = held;
    if (!held) await this.check(this.options.clock.now());
  }

  /** Fires every trigger with a scheduled instant after its cursor and at or before `now`; resolves when they finished. */
  async check(now: Date): Promise<void> {
    if (this.envs.size === 0 || this.held) return;
    const nowMs = now.getTime();
    const firings: Promise<void>[] = [];
    for (const spec of this.options.catalog.list().functions) {
      for (const trigger of spec.triggers) {
        for (const env of this.envs) {
          const key = keyOf(env, spec.name, trigger.name);
          const cursor = this.cursors.get(key);
          // A trigger deployed after its env joined starts from now.
          this.cursors.set(key, Math.max(cursor ?? nowMs, nowMs));
          if (cursor === undefined || nowMs <= cursor) continue;
          const due = trigger.cron.latestAtOrBefore(now);
          if (due && due.getTime() > cursor) firings.push(this.fire(key, env, spec.name, trigger.name, due));
        }
      }
    }
    await Promise.all(firings);
  }

  describe(): TriggerListing {
    const { functions, problems } = this.options.catalog.list();
    return {
      timeZone: TRIGGER_TIME_ZONE,
      held: this.held,
      envs: [...this.envs],
      triggers: functions.flatMap((spec) =>
        spec.triggers.map((trigger) => ({
          function: spec.name,
          name: trigger.name,
          config: trigger.cron.expression,
          lastFirings: [...this.envs]
            .map((env) => this.lastFirings.get(keyOf(env, spec.name, trigger.name)))
            .filter((firing): firing is TriggerFiring => firing !== undefined),
        })),
      ),
      problems,
    };
  }

  private async fire(key: string, env: string, functionName: string, triggerName: string, due: Date): Promise<void> {
    // The cloud's Time has no milliseconds: 2026-03-01T00:00:00Z.
    const time = due.toISOString().replace(/\.\d{3}Z$/, 'Z');
    const firing: TriggerFiring = { env, time, firedAt: this.options.clock.now().toISOString(), ok: true };
    try {
      await this.options.fire(env, functionName, { Type: 'Timer', TriggerName: triggerName, Time: time, Message: '' });
    } catch (error) {
      firing.ok = false;
      firing.error = error instanceof Error ? error.message : String(error);
      this.options.log(`timer ${functionName}/${triggerName} in ${env} failed: ${firing.error}`);
    }
    this.lastFirings.set(key, firing);
  }
}

function keyOf(env: string, functionName: string, triggerName: string): string {
  return `${env}\u0000${functionName}\u0000${triggerName}`;
}
