/**
 * The reporting periods a manager picks on the board: this month so far, last month, this quarter
 * so far, last quarter — as China dates, inclusive.
 */
export interface ReportingPeriod {
  key: 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'lastQuarter';
  label: string;
  from: string;
  to: string;
}

const pad = (n: number): string => String(n).padStart(2, '0');
const firstOf = (year: number, month: number): string => `${year}-${pad(month)}-01`;
/** The last day of a month (1–12), by the day before the next month's first. */
const lastOf = (year: number, month: number): string => {
  const next = new Date(Date.UTC(year, month, 1) - 86_400_000);
  return `${next.getUTCFullYear()}-${pad(next.getUTCMonth() + 1)}-${pad(next.getUTCDate())}`;
};

/** The presets for a China date `today` (`2026-12-03`). */
export function reportingPeriods(today: string): ReportingPeriod[] {
  const [year, month] = today.split('-').map(Number);
  const previous = month === 1 ? { year: year - 1, month: 12 } : { year, month: month - 1 };
  const quarterStart = Math.floor((month - 1) / 3) * 3 + 1;
  const lastQuarter = quarterStart === 1 ? { year: year - 1, start: 10 } : { year, start: quarterStart - 3 };
  return [
    { key: 'thisMonth', label: '本月', from: firstOf(year, month), to: today },
    { key: 'lastMonth', label: '上月', from: firstOf(previous.year, previous.month), to: lastOf(previous.year, previous.month) },
    { key: 'thisQuarter', label: '本季度', from: firstOf(year, quarterStart), to: today },
    { key: 'lastQuarter', label: '上季度', from: firstOf(lastQuarter.year, lastQuarter.start), to: lastOf(lastQuarter.year, lastQuarter.start + 2) },
  ];
}
