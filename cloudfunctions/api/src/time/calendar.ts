import { getHolidaysInRange, getSolarDateFromLunar, getSolarTermsInRange, isWorkday } from 'chinese-days';
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import type { YearSource } from '../../../../typings/calendar';
import { addDays, isWeekend } from '../../../../miniprogram/shared/holidays';
import { chinaDate } from '../../../../miniprogram/shared/time';

dayjs.extend(utc);

/**
 * The one working-day calendar, always in China time (UTC+8, no daylight saving) whatever zone
 * the function runs in. For each year, in this order:
 * - the schedule an admin entered from the State Council's notice (`holidaySchedules`);
 * - else the `chinese-days` package, for the years it has data for;
 * - else weekends and the statutory holidays alone, computed from the law (no bridging days and
 *   no make-up workdays: those exist only once the State Council publishes them).
 * A library's data ends some day (chinese-days 1.5.7 has none for 2027): never assume it covers
 * the future, and say which source each year comes from.
 */
const CHINA_OFFSET_MINUTES = 8 * 60;

export interface HolidaySchedule {
  year: number;
  holidays: readonly string[];
  workdays: readonly string[];
}

/** The last millisecond of a China calendar date. */
export function endOfChinaDay(date: string): Date {
  return dayjs.utc(date).endOf('day').subtract(CHINA_OFFSET_MINUTES, 'minute').toDate();
}

/** Calendar time, for rules stated in days rather than working days (e.g. 两日内未解决). */
export function hoursAfter(instant: Date, hours: number): Date {
  return new Date(instant.getTime() + hours * 3_600_000);
}

export interface StatutoryHoliday {
  date: string;
  name: string;
}

const statutoryCache = new Map<number, StatutoryHoliday[]>();

/**
 * The statutory holidays of a year by 《全国年节及纪念日放假办法》 as amended in 2024 (in force from
 * 2025): 元旦 1 day, 春节 4 (除夕 to 初三), 清明 1, 劳动节 2, 端午 1, 中秋 1, 国庆 3. The lunar and
 * solar-term dates are astronomy (chinese-days computes them for any year), not a schedule.
 */
export function statutoryHolidays(year: number): StatutoryHoliday[] {
  const cached = statutoryCache.get(year);
  if (cached) return cached;
  const lunar = (monthDay: string): string => getSolarDateFromLunar(`${year}-${monthDay}`).date;
  const springFestival = lunar('01-01');
  const qingming = getSolarTermsInRange(`${year}-04-01`, `${year}-04-10`).find((term) => term.term === 'pure_brightness' && term.index === 1);
  const days: StatutoryHoliday[] = [
    { date: `${year}-01-01`, name: '元旦' },
    { date: addDays(springFestival, -1), name: '春节（除夕）' },
    { date: springFestival, name: '春节（初一）' },
    { date: addDays(springFestival, 1), name: '春节（初二）' },
    { date: addDays(springFestival, 2), name: '春节（初三）' },
    ...(qingming ? [{ date: qingming.date, name: '清明节' }] : []),
    { date: `${year}-05-01`, name: '劳动节' },
    { date: `${year}-05-02`, name: '劳动节' },
    { date: lunar('05-05'), name: '端午节' },
    { date: lunar('08-15'), name: '中秋节' },
    { date: `${year}-10-01`, name: '国庆节' },
    { date: `${year}-10-02`, name: '国庆节' },
    { date: `${year}-10-03`, name: '国庆节' },
  ];
  // 除夕 of a Spring Festival on 1 January would fall in the year before.
  const inYear = days.filter((day) => day.date.startsWith(`${year}-`)).sort((a, b) => a.date.localeCompare(b.date));
  statutoryCache.set(year, inYear);
  return inYear;
}

const libraryYears = new Map<number, boolean>();

/** Whether chinese-days has the State Council's schedule for the year (any holiday on a weekday). */
export function libraryCovers(year: number): boolean {
  let covered = libraryYears.get(year);
  if (covered === undefined) {
    covered = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    libraryYears.set(year, covered);
  }
  return covered;
}

/** A year's days off on weekdays and its weekend workdays, as the library has them. */
export function librarySchedule(year: number): HolidaySchedule {
  const holidays = getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false);
  const workdays: string[] = [];
  for (let date = `${year}-01-01`; date.startsWith(`${year}-`); date = addDays(date, 1)) {
    if (isWeekend(date) && isWorkday(date)) workdays.push(date);
  }
  return { year, holidays, workdays };
}

interface TableYear {
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

export class WorkingCalendar {
  private readonly table = new Map<number, TableYear>();

  constructor(schedules: readonly HolidaySchedule[] = []) {
    for (const schedule of schedules) this.table.set(schedule.year, { holidays: new Set(schedule.holidays), workdays: new Set(schedule.workdays) });
  }

  sourceOf(year: number): YearSource {
    if (this.table.has(year)) return 'table';
    return libraryCovers(year) ? 'library' : 'statutory';
  }

  /** Whether a China date (`YYYY-MM-DD`) is a working day. */
  isWorkingDate(date: string): boolean {
    const year = Number(date.slice(0, 4));
    const statutory = () => statutoryHolidays(year).some((day) => day.date === date);
    const entered = this.table.get(year);
    if (entered) {
      if (entered.workdays.has(date)) return true;
      return !entered.holidays.has(date) && !statutory() && !isWeekend(date);
    }
    if (libraryCovers(year)) return isWorkday(date);
    return !isWeekend(date) && !statutory();
  }

  isWorkingDay(instant: Date): boolean {
    return this.isWorkingDate(chinaDate(instant));
  }

  /**
   * "Within N working days of receipt": the end of the Nth working day after the day of receipt
   * (the day of receipt itself does not count, whether or not it is a working day).
   */
  workingDaysAfter(receivedAt: Date, days: number): Date {
    let date = chinaDate(receivedAt);
    // No run of days off is longer than a few weeks; the bound keeps a bad table from looping.
    for (let counted = 0, step = 0; counted < days; step += 1) {
      if (step > 366) throw new Error('no working day within a year');
      date = addDays(date, 1);
      if (this.isWorkingDate(date)) counted += 1;
    }
    return endOfChinaDay(date);
  }
}

/** The calendar with no entered schedule: the library where it has data, the law beyond. */
export const BUILT_IN_CALENDAR = new WorkingCalendar();

/** Warn from 1 November when next year has no official schedule, and all year when this year has none. */
export const WARN_FROM_MONTH = 11;

export function scheduleWarning(calendar: WorkingCalendar, now: Date): string {
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const uncovered = (y: number) => `${y} 年的法定节假日安排尚未录入：期限暂按周末和法定节日计算，调休未计入。请管理员在“节假日安排”中录入国务院办公厅发布的 ${y} 年安排。`;
  if (calendar.sourceOf(year) === 'statutory') return uncovered(year);
  if (Number(today.slice(5, 7)) >= WARN_FROM_MONTH && calendar.sourceOf(year + 1) === 'statutory') return uncovered(year + 1);
  return '';
}
