import { z } from 'zod';
import type { CalendarAction, HolidayYear } from '../../../../typings/calendar';
import { SCHEDULE_LIMITS, WEEKDAY_LABELS, isWeekend, weekdayOf } from '../../../../miniprogram/shared/holidays';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { ADMINS, MAINTAINERS, checkRoles, deploymentWide, staffAnywhere } from '../access';
import type { Caller } from '../caller';
import { findAll, findById, insert, isDuplicateKey, updateVersioned } from '../db';
import { AppError, conflict } from '../errors';
import type { Route } from '../router';
import { actorOf } from '../tickets/transition';
import { calendarDate, text, version } from '../validation';
import { WorkingCalendar, librarySchedule, scheduleWarning, statutoryHolidays, type HolidaySchedule } from './calendar';

/**
 * The holiday schedules admins enter from the State Council's yearly notice (国务院办公厅关于某年
 * 部分节假日安排的通知), one document per year. Deadlines are fixed when a ticket is received, so an
 * entry changes the deadlines of tickets received afterwards, never of those already set.
 */
interface HolidayScheduleDocument {
  _id: string;
  year: number;
  holidays: string[];
  workdays: string[];
  note: string;
  updatedBy: string;
  updatedByName: string;
  updatedAt: Date;
  version: number;
}

/** The working-day calendar with every entered schedule; read where a deadline is set. */
export async function loadCalendar(): Promise<WorkingCalendar> {
  return new WorkingCalendar(await enteredSchedules());
}

async function enteredSchedules(): Promise<HolidayScheduleDocument[]> {
  return findAll<HolidayScheduleDocument>('holidaySchedules', {}, 200);
}

/** Years a schedule may be entered for: this year and the next two (past deadlines are set). */
function editableYears(now: Date): { first: number; last: number } {
  const year = Number(chinaDate(now).slice(0, 4));
  return { first: year, last: year + 2 };
}

const saveInput = z.strictObject({
  year: z.number().int().min(2000).max(2099),
  holidays: z.array(calendarDate).min(1, '请至少填写一个放假日期').max(SCHEDULE_LIMITS.holidays),
  workdays: z.array(calendarDate).max(SCHEDULE_LIMITS.workdays),
  note: text(2, SCHEDULE_LIMITS.note),
  version,
});

/** Who enters schedules: the calendar is the company's, for every community. */
const EDITORS = deploymentWide(ADMINS);

export const saveHolidayYear: Route<'calendar.saveYear'> = {
  access: EDITORS,
  input: saveInput,
  async handle(input, { caller, now }) {
    const { first, last } = editableYears(now);
    if (input.year < first || input.year > last) throw new AppError('VALIDATION', `只能录入 ${first} 至 ${last} 年的节假日安排`);
    const holidays = [...new Set(input.holidays)].sort();
    const workdays = [...new Set(input.workdays)].sort();
    for (const date of [...holidays, ...workdays]) {
      if (!date.startsWith(`${input.year}-`)) throw new AppError('VALIDATION', `${date} 不在 ${input.year} 年内`);
    }
    const both = workdays.find((date) => holidays.includes(date));
    if (both) throw new AppError('VALIDATION', `${both} 不能既放假又上班`);
    const weekday = workdays.find((date) => !isWeekend(date));
    if (weekday) throw new AppError('VALIDATION', `调休上班日 ${weekday} 是${WEEKDAY_LABELS[weekdayOf(weekday)]}，本来就是工作日；只填写需要上班的周六、周日`);
    const actor = await actorOf(caller, 'staff');
    const fields = { year: input.year, holidays, workdays, note: input.note, updatedBy: actor.openid, updatedByName: actor.name, updatedAt: now };
    const docId = String(input.year);
    if (input.version === 0) {
      try {
        await insert('holidaySchedules', { _id: docId, ...fields, version: 1 });
      } catch (error) {
        if (isDuplicateKey(error)) throw conflict(`${input.year} 年的安排已由他人录入，请刷新后查看`);
        throw error;
      }
    } else if (!(await updateVersioned('holidaySchedules', docId, input.version, fields))) {
      throw conflict(`${input.year} 年的安排已被他人修改，请刷新后重试`);
    }
    const saved = (await findById<HolidayScheduleDocument>('holidaySchedules', docId))!;
    return yearView(input.year, new WorkingCalendar([saved]), saved, await editsFor(caller, now));
  },
};

export const calendarOverview: Route<'calendar.overview'> = {
  access: staffAnywhere(MAINTAINERS),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const entered = await enteredSchedules();
    const calendar = new WorkingCalendar(entered);
    const thisYear = Number(chinaDate(now).slice(0, 4));
    const years = new Set([thisYear, thisYear + 1, ...entered.map((doc) => doc.year).filter((year) => year >= thisYear - 1)]);
    const edits = await editsFor(caller, now);
    return {
      today: chinaDate(now),
      years: [...years].sort((a, b) => a - b).map((year) => yearView(year, calendar, entered.find((doc) => doc.year === year), edits)),
      warning: scheduleWarning(calendar, now),
    };
  },
};

/** Which years the caller may enter: the same access check as the save itself, so the rule lives once. */
async function editsFor(caller: Caller, now: Date): Promise<(year: number) => CalendarAction[]> {
  const refusal = await checkRoles(EDITORS, undefined, caller);
  const { first, last } = editableYears(now);
  return (year) => (!refusal && year >= first && year <= last ? ['editYear'] : []);
}

function yearView(year: number, calendar: WorkingCalendar, doc: HolidayScheduleDocument | undefined, edits: (year: number) => CalendarAction[]): HolidayYear {
  const source = calendar.sourceOf(year);
  const schedule: HolidaySchedule = source === 'table' && doc ? doc : source === 'library' ? librarySchedule(year) : { year, holidays: [], workdays: [] };
  return {
    year,
    source,
    holidays: [...schedule.holidays],
    workdays: [...schedule.workdays],
    statutory: statutoryHolidays(year),
    note: doc?.note ?? '',
    updatedByName: doc?.updatedByName ?? '',
    updatedAt: doc ? new Date(doc.updatedAt).toISOString() : '',
    version: doc?.version ?? 0,
    allowed: edits(year),
  };
}
