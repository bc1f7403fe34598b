import { BUILT_IN_CALENDAR, WorkingCalendar, endOfChinaDay, scheduleWarning, statutoryHolidays } from '../../cloudfunctions/api/src/time/calendar';
import { dateRanges, parseDateList, rangeLabel } from '../../miniprogram/shared/holidays';
import { chinaDate } from '../../miniprogram/shared/time';

const isWorkingDay = (instant: Date): boolean => BUILT_IN_CALENDAR.isWorkingDay(instant);
const workingDaysAfter = (instant: Date, days: number): Date => BUILT_IN_CALENDAR.workingDaysAfter(instant, days);

/** An instant given in China time. */
const china = (local: string): Date => new Date(`${local}+08:00`);

describe('working-day calendar (China time, 2026 holidays)', () => {
  test('the China date of an instant does not depend on the server zone', () => {
    expect(chinaDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(chinaDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
    expect(endOfChinaDay('2026-10-09').toISOString()).toBe('2026-10-09T15:59:59.999Z');
  });

  test('National Day 1–7 October are days off, Saturday 10 October is a make-up workday', () => {
    expect(isWorkingDay(china('2026-10-01T10:00:00'))).toBe(false);
    expect(isWorkingDay(china('2026-10-07T10:00:00'))).toBe(false);
    expect(isWorkingDay(china('2026-10-08T10:00:00'))).toBe(true);
    expect(isWorkingDay(china('2026-10-10T10:00:00'))).toBe(true);
    expect(isWorkingDay(china('2026-10-11T10:00:00'))).toBe(false);
  });

  test('a complaint received on the eve of the holiday is due two working days later, after the holiday', () => {
    expect(workingDaysAfter(china('2026-09-30T17:00:00'), 2)).toEqual(china('2026-10-09T23:59:59.999'));
  });

  test('a complaint received during the holiday counts from the first working day', () => {
    expect(workingDaysAfter(china('2026-10-03T09:00:00'), 2)).toEqual(china('2026-10-09T23:59:59.999'));
    expect(workingDaysAfter(china('2026-10-03T09:00:00'), 1)).toEqual(china('2026-10-08T23:59:59.999'));
  });

  test('the make-up Saturday counts as a working day', () => {
    expect(workingDaysAfter(china('2026-10-09T11:00:00'), 1)).toEqual(china('2026-10-10T23:59:59.999'));
    expect(workingDaysAfter(china('2026-10-09T11:00:00'), 2)).toEqual(china('2026-10-12T23:59:59.999'));
  });

  test('an ordinary week: Friday plus two working days is Tuesday', () => {
    expect(workingDaysAfter(china('2026-11-20T15:00:00'), 2)).toEqual(china('2026-11-24T23:59:59.999'));
  });

  test('late evening in China is already the next day for the calendar', () => {
    // 23:30 China time on Friday 20 Nov is 15:30 UTC the same day; still Friday in China.
    expect(workingDaysAfter(new Date('2026-11-20T15:30:00Z'), 1)).toEqual(china('2026-11-23T23:59:59.999'));
    // 00:30 China time on Saturday 21 Nov is 16:30 UTC on Friday; Saturday in China.
    expect(workingDaysAfter(new Date('2026-11-20T16:30:00Z'), 1)).toEqual(china('2026-11-23T23:59:59.999'));
  });
});

describe('years the library has no data for (chinese-days ends with 2026)', () => {
  test('the statutory holidays computed from the law are days off in the library for the years it covers', () => {
    for (const year of [2025, 2026]) {
      const days = statutoryHolidays(year);
      expect(days).toHaveLength(13);
      for (const day of days) expect({ ...day, working: BUILT_IN_CALENDAR.isWorkingDate(day.date) }).toEqual({ ...day, working: false });
    }
  });

  test('2027 has no official schedule yet: its source says so, and 元旦 is still a day off', () => {
    expect(BUILT_IN_CALENDAR.sourceOf(2026)).toBe('library');
    expect(BUILT_IN_CALENDAR.sourceOf(2027)).toBe('statutory');
    expect(BUILT_IN_CALENDAR.isWorkingDate('2027-01-01')).toBe(false);
    // Spring Festival 2027: 初一 is 6 February; 除夕 to 初三 are off, the Tuesday after is not.
    expect(statutoryHolidays(2027).filter((day) => day.name.startsWith('春节')).map((day) => day.date)).toEqual(['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08']);
    expect(BUILT_IN_CALENDAR.isWorkingDate('2027-02-08')).toBe(false);
    expect(BUILT_IN_CALENDAR.isWorkingDate('2027-02-09')).toBe(true);
  });

  test('a consultation received 2026-12-31 16:00 is due at the end of 2027-01-05', () => {
    expect(workingDaysAfter(china('2026-12-31T16:00:00'), 2)).toEqual(china('2027-01-05T23:59:59.999'));
  });

  test("an entered schedule replaces the law's minimum for its year: a make-up Saturday counts", () => {
    const entered = new WorkingCalendar([{ year: 2027, holidays: ['2027-01-01'], workdays: ['2027-01-02'] }]);
    expect(entered.sourceOf(2027)).toBe('table');
    expect(entered.workingDaysAfter(china('2026-12-31T16:00:00'), 2)).toEqual(china('2027-01-04T23:59:59.999'));
    // A statutory day stays off even if the entered list leaves it out.
    expect(entered.isWorkingDate('2027-10-01')).toBe(false);
  });

  test('the warning starts on 1 November (China time) while next year has no schedule, and stops once it is entered', () => {
    expect(scheduleWarning(BUILT_IN_CALENDAR, china('2026-10-31T23:59:00'))).toBe('');
    expect(scheduleWarning(BUILT_IN_CALENDAR, china('2026-11-01T00:00:00'))).toContain('2027 年的法定节假日安排尚未录入');
    const entered = new WorkingCalendar([{ year: 2027, holidays: ['2027-01-01'], workdays: [] }]);
    expect(scheduleWarning(entered, china('2026-11-01T00:00:00'))).toBe('');
    // Within a year that has none, all year.
    expect(scheduleWarning(BUILT_IN_CALENDAR, china('2027-03-01T09:00:00'))).toContain('2027 年的法定节假日安排尚未录入');
  });
});

describe('dates pasted from the State Council notice', () => {
  test('ranges, single days and the words around them', () => {
    const notice = '二、春节：2月5日至11日放假调休，共7天。2月14日（星期日）、2月20日（星期六）上班。';
    expect(parseDateList(notice.split('上班')[0].split('。')[0], 2027)).toEqual({
      dates: ['2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09', '2027-02-10', '2027-02-11'],
    });
    expect(parseDateList('2月14日（星期日）、2月20日（星期六）上班', 2027)).toEqual({ dates: ['2027-02-14', '2027-02-20'] });
    expect(parseDateList('2027-10-01 ~ 2027-10-07\n2027/1/1，１月１日', 2027)).toEqual({
      dates: ['2027-01-01', '2027-10-01', '2027-10-02', '2027-10-03', '2027-10-04', '2027-10-05', '2027-10-06', '2027-10-07'],
    });
  });

  test('a day that does not exist, another year, a backwards range: an error naming it', () => {
    expect(parseDateList('2月30日', 2027)).toEqual({ error: '“2月30日”不是存在的日期' });
    expect(parseDateList('2026-12-31', 2027)).toEqual({ error: '2026-12-31 不在 2027 年内' });
    expect(parseDateList('10月7日至1日', 2027)).toEqual({ error: '“10月7日至1日”的结束日期早于开始日期' });
  });

  test('consecutive days are shown as one range with its length', () => {
    const ranges = dateRanges(['2027-02-07', '2027-02-05', '2027-02-06', '2027-04-05']);
    expect(ranges.map(rangeLabel)).toEqual(['2月5日（周五）至 2月7日（周日），共 3 天', '4月5日（周一）']);
  });
});
