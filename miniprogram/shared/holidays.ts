/**
 * Dates of a holiday schedule as people write them and read them: the State Council's notice says
 * "2月5日至11日放假调休，共7天。2月14日（星期日）、2月20日（星期六）上班", an admin pastes that, and the
 * page and the function agree on which `YYYY-MM-DD` dates it names. Plain arithmetic on UTC dates,
 * so the phone's zone does not matter.
 */

export const WEEKDAY_LABELS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const;

/** The most dates one list may hold: a year has 13 statutory days plus bridging days. */
export const SCHEDULE_LIMITS = { holidays: 80, workdays: 30, note: 100 } as const;

const pad = (n: number): string => String(n).padStart(2, '0');

function utcOf(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

function dateOf(utc: Date): string {
  return `${utc.getUTCFullYear()}-${pad(utc.getUTCMonth() + 1)}-${pad(utc.getUTCDate())}`;
}

/** 0 Sunday … 6 Saturday. */
export function weekdayOf(date: string): number {
  return utcOf(date).getUTCDay();
}

export function isWeekend(date: string): boolean {
  const day = weekdayOf(date);
  return day === 0 || day === 6;
}

export function addDays(date: string, days: number): string {
  const utc = utcOf(date);
  utc.setUTCDate(utc.getUTCDate() + days);
  return dateOf(utc);
}

/** The date if it exists (`2027-02-30` does not). */
function realDate(year: number, month: number, day: number): string | undefined {
  const date = `${year}-${pad(month)}-${pad(day)}`;
  return month >= 1 && month <= 12 && day >= 1 && dateOf(utcOf(date)) === date ? date : undefined;
}

/** `2027-02-05`, `2027/2/5`, `2027年2月5日`, `2月5日`, `2.5` */
const DATE = String.raw`(?:(\d{4})\s*[年\-/.]\s*)?(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?`;
/** …then `至 2月11日`, `至11日`, `~ 2027-02-11` */
const RANGE_END = String.raw`\s*(?:至|到|~|～|—|–|－)\s*(?:${DATE}|(\d{1,2})\s*日)`;
const TOKEN = new RegExp(`${DATE}(?:${RANGE_END})?`, 'g');

const FULL_WIDTH = /[０-９／．]/g;

export type DateListResult = { dates: string[] } | { error: string };

/**
 * The dates a pasted text names in `year`, sorted and without repeats; words around them (放假,
 * 上班, 星期日, 共7天) are ignored. A date of another year, one that does not exist, or a range that
 * ends before it starts is an error naming it.
 */
export function parseDateList(text: string, year: number): DateListResult {
  const normal = text.replace(FULL_WIDTH, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const dates = new Set<string>();
  for (const match of normal.matchAll(TOKEN)) {
    const [written, y1, m1, d1, y2, m2, d2, dayOnly] = match;
    const startYear = y1 ? Number(y1) : year;
    const start = realDate(startYear, Number(m1), Number(d1));
    if (!start) return { error: `“${written.trim()}”不是存在的日期` };
    let end = start;
    if (m2 || dayOnly) {
      const found = dayOnly ? realDate(startYear, Number(m1), Number(dayOnly)) : realDate(y2 ? Number(y2) : startYear, Number(m2), Number(d2));
      if (!found) return { error: `“${written.trim()}”不是存在的日期` };
      end = found;
    }
    if (end < start) return { error: `“${written.trim()}”的结束日期早于开始日期` };
    for (let day = start, count = 0; day <= end; day = addDays(day, 1), count += 1) {
      if (count >= 31) return { error: `“${written.trim()}”超过 31 天，请分段填写` };
      if (!day.startsWith(`${year}-`)) return { error: `${day} 不在 ${year} 年内` };
      dates.add(day);
    }
  }
  return { dates: [...dates].sort() };
}

export interface DateRange {
  from: string;
  to: string;
  days: number;
}

/** Consecutive dates joined: the week of the Spring Festival is one range of 7 days. */
export function dateRanges(dates: readonly string[]): DateRange[] {
  const ranges: DateRange[] = [];
  for (const date of [...new Set(dates)].sort()) {
    const last = ranges[ranges.length - 1];
    if (last && addDays(last.to, 1) === date) {
      last.to = date;
      last.days += 1;
    } else {
      ranges.push({ from: date, to: date, days: 1 });
    }
  }
  return ranges;
}

/** `2月5日（周五）` */
export function dayLabel(date: string): string {
  return `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日（${WEEKDAY_LABELS[weekdayOf(date)]}）`;
}

/** `2月5日（周五）至 2月11日（周四），共 7 天`, or one day's label. */
export function rangeLabel(range: DateRange): string {
  return range.days === 1 ? dayLabel(range.from) : `${dayLabel(range.from)}至 ${dayLabel(range.to)}，共 ${range.days} 天`;
}
