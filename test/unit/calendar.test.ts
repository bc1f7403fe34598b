import { endOfChinaDay, isWorkingDay, workingDaysAfter } from '../../cloudfunctions/api/src/time/calendar';
import { chinaDate } from '../../miniprogram/shared/time';

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
