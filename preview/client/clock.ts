/**
 * The phone's clock. In WeChat a phone's clock and the cloud's agree; the local cloud's clock can
 * be moved (the demo runs it 49 hours ahead so that a complaint has escalated; tests move it), so
 * the preview sets the phone's clock to the cloud's. Pages that compare their own `Date.now()`
 * with the cloud's dates (the visit times a technician may pick, this month's bills) then see
 * what a phone next to that cloud would.
 */

/** How often the phone looks at the cloud's clock again (tests move it while pages are open). */
const FOLLOW_MS = 2_000;

let offsetMs = 0;

/** Replaces the page's `Date` with one that runs `offsetMs` ahead of the computer's clock. */
function installPhoneDate(): void {
  const ComputerDate = Date;
  const phoneNow = (): number => ComputerDate.now() + offsetMs;
  // `Date()` called as a function returns a string; with `new` and no arguments, "now".
  const PhoneDate = function (this: unknown, ...args: unknown[]) {
    if (!new.target) return new ComputerDate(phoneNow()).toString();
    return args.length === 0 ? new ComputerDate(phoneNow()) : new (ComputerDate as unknown as new (...values: unknown[]) => Date)(...args);
  } as unknown as DateConstructor;
  Object.setPrototypeOf(PhoneDate, ComputerDate);
  Object.defineProperty(PhoneDate, 'prototype', { value: ComputerDate.prototype });
  PhoneDate.now = phoneNow;
  window.Date = PhoneDate;
}

/**
 * Sets the phone's clock to the cloud's, then keeps following it. `readOffset` answers the cloud's
 * `offsetMs` (its clock minus the computer's). Resolves after the first reading, so pages start
 * on the cloud's time; a cloud that cannot say leaves the computer's clock.
 */
export async function followCloudClock(readOffset: () => Promise<number>): Promise<void> {
  installPhoneDate();
  const read = async (): Promise<void> => {
    try {
      offsetMs = await readOffset();
    } catch {
      // Keep the last reading: the cloud may be restarting.
    }
  };
  await read();
  window.setInterval(() => void read(), FOLLOW_MS);
}
