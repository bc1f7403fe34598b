/**
 * Makes `Date` inside a function instance read the local cloud's clock (real time plus the
 * offset tests move), so function code that just uses `Date.now()` or `new Date()` sees moved time.
 * A plain function standing in for `Date`, sharing its prototype: `Date()` called without `new`
 * keeps working, dates made before the patch stay `instanceof Date`, and `new Date(x)` costs what
 * it costs natively (a Proxy's construct trap made it about twenty times slower, which a report
 * over a month of tickets, dating every step of each, paid in tens of milliseconds).
 */
const RealDate = Date;
let offsetMs = 0;

function now(): number {
  return RealDate.now() + offsetMs;
}

export function setClockOffset(ms: number): void {
  offsetMs = ms;
}

function CloudDate(this: unknown, ...args: unknown[]): Date | string {
  if (!new.target) return new RealDate(now()).toString();
  // A subclass of Date gets its own prototype, as with the real constructor.
  if (new.target !== CloudDate) return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target) as Date;
  if (args.length === 1) return new RealDate(args[0] as number | string | Date);
  if (args.length === 0) return new RealDate(now());
  return Reflect.construct(RealDate, args) as Date;
}

export function installCloudClock(initialOffsetMs: number): void {
  offsetMs = initialOffsetMs;
  for (const key of Reflect.ownKeys(RealDate)) {
    if (key === 'prototype' || key === 'now') continue;
    Object.defineProperty(CloudDate, key, Reflect.getOwnPropertyDescriptor(RealDate, key)!);
  }
  Object.defineProperty(CloudDate, 'prototype', { value: RealDate.prototype, writable: false });
  Object.defineProperty(CloudDate, 'now', { value: now, writable: true, configurable: true });
  globalThis.Date = CloudDate as unknown as DateConstructor;
}
