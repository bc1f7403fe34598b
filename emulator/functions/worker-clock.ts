/**
 * Makes `Date` inside a function instance read the local cloud's clock (real time plus the
 * offset tests move), so function code that just uses `Date.now()` or `new Date()` sees moved time.
 * A Proxy rather than a subclass: `Date()` called without `new` must keep working, and dates
 * made before the patch must stay `instanceof Date`.
 */
const RealDate = Date;
let offsetMs = 0;

function now(): number {
  return RealDate.now() + offsetMs;
}

export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

export function installCloudClock(initialOffsetMs: number): void {
  offsetMs = initialOffsetMs;
  globalThis.Date = new Proxy(RealDate, {
    construct(target, args: unknown[], newTarget: NewableFunction) {
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget) as object;
    },
    apply() {
      return new RealDate(now()).toString();
    },
    get(target, property, receiver: unknown) {
      if (property === 'now') return now;
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
}
