import { deadlinesAtReceipt, majorNoticeDue } from '../../cloudfunctions/api/src/tickets/deadlines';
import { BUILT_IN_CALENDAR } from '../../cloudfunctions/api/src/time/calendar';

const china = (local: string): Date => new Date(`${local}+08:00`);

describe('deadlines fixed at receipt', () => {
  test('a complaint on the eve of National Day: feedback after the holiday, escalation by the clock', () => {
    const received = china('2026-09-30T17:00:00');
    const deadlines = deadlinesAtReceipt('complaint', received, BUILT_IN_CALENDAR);
    expect(deadlines.feedbackDue).toEqual(china('2026-10-09T23:59:59.999'));
    // "两日内未解决" counts calendar days: the manager hears of it during the holiday.
    expect(deadlines.escalateAt).toEqual(china('2026-10-02T17:00:00'));
    expect(deadlines.escalateHeadAt).toEqual(china('2026-10-03T17:00:00'));
  });

  test('a major complaint graded on the make-up Saturday must be notified by the end of Monday', () => {
    expect(majorNoticeDue(china('2026-10-10T09:00:00'), BUILT_IN_CALENDAR)).toEqual(china('2026-10-12T23:59:59.999'));
  });

  test('consultations and inquiries get a reply within 2 working days and no escalation', () => {
    const deadlines = deadlinesAtReceipt('inquiry', china('2026-10-09T10:00:00'), BUILT_IN_CALENDAR);
    expect(deadlines).toEqual({ feedbackDue: china('2026-10-12T23:59:59.999') });
  });

  test('repairs: urgent and routine promises', () => {
    const received = china('2026-11-23T10:00:00');
    expect(deadlinesAtReceipt('repair', received, BUILT_IN_CALENDAR, 'urgent')).toEqual({
      responseDue: china('2026-11-23T10:30:00'),
      completionDue: china('2026-11-23T14:00:00'),
    });
    expect(deadlinesAtReceipt('repair', received, BUILT_IN_CALENDAR, 'routine')).toEqual({
      responseDue: china('2026-11-23T12:00:00'),
      completionDue: china('2026-11-25T10:00:00'),
    });
  });
});
