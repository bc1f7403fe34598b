/**
 * China time (UTC+8 all year, no daylight saving) by arithmetic alone, whatever zone the code runs
 * in: the phone's own zone may be anything, and the cloud runs functions in UTC.
 */
export const CHINA_OFFSET_MS = 8 * 3_600_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export type Instant = Date | string | number;

const pad = (n: number): string => String(n).padStart(2, '0');

/** A Date whose UTC fields read China wall-clock time; undefined for an unreadable instant. */
export function chinaClock(instant: Instant): Date | undefined {
  const ms = instant instanceof Date ? instant.getTime() : typeof instant === 'number' ? instant : Date.parse(instant);
  return Number.isNaN(ms) ? undefined : new Date(ms + CHINA_OFFSET_MS);
}

/** The China calendar date of an instant, `2026-11-23`. */
export function chinaDate(instant: Instant): string {
  const t = chinaClock(instant);
  return t ? `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}` : '';
}

/** The China month of an instant, `2026-11`. */
export function chinaMonth(instant: Instant): string {
  return chinaDate(instant).slice(0, 7);
}

/** An instant in China time to the minute, `2026-11-23 15:30`; empty when there is none. */
export function chinaMinute(instant: Instant | undefined): string {
  const t = instant === undefined ? undefined : chinaClock(instant);
  return t ? `${chinaDate(instant as Instant)} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}` : '';
}

/** A China wall-clock time as pickers give it (`2026-11-24 10:30`) as an ISO instant. */
export function chinaWallTimeToIso(wallTime: string): string {
  return `${wallTime.replace(' ', 'T')}:00+08:00`;
}

/** The next full hour after an instant, on China's clock (a whole-hour offset: the same instant everywhere). */
export function nextFullHour(ms: number): number {
  return Math.ceil(ms / HOUR_MS) * HOUR_MS;
}

/** `2026-11` → `2026年11月`. */
export function monthLabel(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  return match ? `${match[1]}年${Number(match[2])}月` : period;
}
