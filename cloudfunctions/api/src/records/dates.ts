import { addDays, daysBetween } from '../../../../miniprogram/shared/billing';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { AppError } from '../errors';

/** The days that count for the site's registers: China dates, compared as `YYYY-MM-DD` text. */
export const today = (now: Date): string => chinaDate(now);

export const daysFromToday = (now: Date, days: number): string => addDays(today(now), days);

export const daysLeft = (now: Date, date: string): number => daysBetween(today(now), date);

/** A China date as the instant its day starts, the sort key of the registers' lists. */
export const startOf = (date: string): Date => new Date(`${date}T00:00:00+08:00`);

export function assertOrder(first: string, last: string, message: string): void {
  if (first > last) throw new AppError('VALIDATION', message);
}
