import { findWorkday, isWorkday } from 'chinese-days';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { chinaDate } from '../../../../miniprogram/shared/time';

dayjs.extend(utc);

/**
 * The one working-day calendar: Chinese public holidays and make-up workdays (调休) from the
 * `chinese-days` package, always in China time (UTC+8, no daylight saving) whatever zone the
 * function runs in (the cloud runs functions in UTC).
 */
const CHINA_OFFSET_MINUTES = 8 * 60;

/** The last millisecond of a China calendar date. */
export function endOfChinaDay(date: string): Date {
  return dayjs.utc(date).endOf('day').subtract(CHINA_OFFSET_MINUTES, 'minute').toDate();
}

export function isWorkingDay(instant: Date): boolean {
  return isWorkday(chinaDate(instant));
}

/**
 * "Within N working days of receipt": the end of the Nth working day after the day of receipt
 * (the day of receipt itself does not count, whether or not it is a working day).
 */
export function workingDaysAfter(receivedAt: Date, days: number): Date {
  return endOfChinaDay(findWorkday(days, chinaDate(receivedAt)));
}

/** Calendar time, for rules stated in days rather than working days (e.g. 两日内未解决). */
export function hoursAfter(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * 3_600_000);
}
