import { CronExpressionParser } from 'cron-parser';

/**
 * Timer triggers are evaluated in Asia/Shanghai: that is the zone the WeChat cloud reads
 * trigger schedules in, while function code itself runs in UTC.
 */
export const TRIGGER_TIME_ZONE = 'Asia/Shanghai';

/** The cloud accepts years in this range in the seventh cron field. */
const FIRST_YEAR = 1970;
const LAST_YEAR = 2099;

const shanghaiYear = new Intl.DateTimeFormat('en-US', { timeZone: TRIGGER_TIME_ZONE, year: 'numeric' });

/**
 * The cloud's seven-field cron (`second minute hour day month weekday year`). cron-parser
 * evaluates the first six fields; the year field is checked here because cron-parser has none.
 */
export class CloudCron {
  private constructor(
    readonly expression: string,
    private readonly sixFields: string,
    private readonly years: ReadonlySet<number>,
  ) {}

  /** Throws a readable Error when the expression is not a valid seven-field cron. */
  static parse(expression: string): CloudCron {
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 7) {
      throw new Error(`cron "${expression}" must have 7 fields (second minute hour day month weekday year)`);
    }
    const sixFields = fields.slice(0, 6).join(' ');
    try {
      CronExpressionParser.parse(sixFields, { tz: TRIGGER_TIME_ZONE });
    } catch (error) {
      throw new Error(`cron "${expression}": ${error instanceof Error ? error.message : String(error)}`);
    }
    return new CloudCron(expression, sixFields, parseYears(fields[6], expression));
  }

  /** The latest scheduled instant at or before `at`, or null if the schedule never fired by then. */
  latestAtOrBefore(at: Date): Date | null {
    // cron-parser's prev() is strictly before its current date; one millisecond later makes it inclusive.
    let cursor = at.getTime() + 1;
    for (;;) {
      const candidate = previous(this.sixFields, cursor);
      if (!candidate) return null;
      const year = Number(shanghaiYear.format(candidate));
      if (this.years.has(year)) return candidate;
      const earlier = latestYearBefore(this.years, year);
      if (earlier === undefined) return null;
      // Jump to the end of the latest allowed year instead of stepping through every occurrence.
      cursor = startOfShanghaiYear(earlier + 1);
    }
  }
}

function previous(sixFields: string, beforeMs: number): Date | null {
  try {
    return CronExpressionParser.parse(sixFields, { currentDate: new Date(beforeMs), tz: TRIGGER_TIME_ZONE })
      .prev()
      .toDate();
  } catch {
    // prev() gives up (its loop limit) when a schedule has no occurrence within its search range.
    return null;
  }
}

function latestYearBefore(years: ReadonlySet<number>, year: number): number | undefined {
  for (let y = Math.min(year - 1, LAST_YEAR); y >= FIRST_YEAR; y -= 1) if (years.has(y)) return y;
  return undefined;
}

/** Midnight of 1 January in Asia/Shanghai (UTC+8 all year: China has no daylight saving time). */
function startOfShanghaiYear(year: number): number {
  return Date.UTC(year, 0, 1) - 8 * 60 * 60 * 1000;
}

/** Parses `*`, `2026`, `2026-2028`, `*\/2`, `2026/2`, `2026-2030/2` and comma lists of them. */
function parseYears(field: string, expression: string): Set<number> {
  const years = new Set<number>();
  for (const part of field.split(',')) {
    const match = /^(\*|(\d{4})(?:-(\d{4}))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`cron "${expression}": invalid year field "${field}"`);
    const [, , from, to, stepText] = match;
    const first = from ? Number(from) : FIRST_YEAR;
    const last = to ? Number(to) : from && !stepText ? first : LAST_YEAR;
    const step = stepText ? Number(stepText) : 1;
    if (first < FIRST_YEAR || last > LAST_YEAR || first > last || step < 1) {
      throw new Error(`cron "${expression}": year field "${field}" must lie within ${FIRST_YEAR}-${LAST_YEAR}`);
    }
    for (let year = first; year <= last; year += step) years.add(year);
  }
  return years;
}
