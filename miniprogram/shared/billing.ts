/**
 * Billing dates both sides agree on: how far ahead a due date may be set, and what a reasonable
 * time to pay after a reminder is (seed 000 (五) 3 "催告其在合理期限内支付"). Calendar days, China dates.
 */
export const BILLING_DAYS = {
  /** A period's due date: from the day it is issued to 90 days on. */
  due: [0, 90],
  /** The time a reminder gives: at least 7 days, at most 60. */
  reminder: [7, 60],
} as const;

/** `2026-12-03` + n days, as a China date. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number);
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** Whole days from one China date to a later one (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
