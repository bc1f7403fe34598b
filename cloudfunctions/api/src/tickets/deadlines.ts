import type { RepairPromise, RepairUrgency, TicketKind } from '../../../../typings/tickets';
import { hoursAfter, type WorkingCalendar } from '../time/calendar';
import type { Deadlines } from './model';

/** Default repair promises by urgency (急修 / 零修); a community can set its own (docs/service-rules.md). */
export const REPAIR_PROMISES: Record<RepairUrgency, RepairPromise> = {
  urgent: { responseMinutes: 30, completionHours: 4 },
  routine: { responseMinutes: 120, completionHours: 48 },
};

/** Hours after the manager escalation before a complaint goes to the service-centre head. */
export function headEscalationHours(): number {
  const configured = Number(process.env.HEAD_ESCALATION_HOURS);
  return Number.isFinite(configured) && configured > 0 ? configured : 24;
}

/** A repair's response and completion deadlines, from its receipt (or its reopening). */
export function repairDeadlines(receivedAt: Date, urgency: RepairUrgency = 'routine', promises: Record<RepairUrgency, RepairPromise> = REPAIR_PROMISES): Deadlines {
  const promise = promises[urgency];
  return {
    responseDue: new Date(receivedAt.getTime() + promise.responseMinutes * 60_000),
    completionDue: hoursAfter(receivedAt, promise.completionHours),
  };
}

/**
 * Deadlines fixed at receipt (seed 002 §3: feedback within 2 working days; seed 001 四 维修 6–7:
 * unresolved after 2 days → the manager, then the service-centre head). Working days are counted
 * on the calendar as it stands at receipt; a later change of the calendar does not move them.
 */
export function deadlinesAtReceipt(
  kind: TicketKind,
  receivedAt: Date,
  calendar: WorkingCalendar,
  urgency?: RepairUrgency,
  promises: Record<RepairUrgency, RepairPromise> = REPAIR_PROMISES,
): Deadlines {
  if (kind === 'repair') return repairDeadlines(receivedAt, urgency, promises);
  const feedbackDue = calendar.workingDaysAfter(receivedAt, 2);
  if (kind !== 'complaint') return { feedbackDue };
  const escalateAt = hoursAfter(receivedAt, 48);
  return { feedbackDue, escalateAt, escalateHeadAt: hoursAfter(escalateAt, headEscalationHours()) };
}

/** A major complaint: the relevant departments are told within 1 working day of grading. */
export function majorNoticeDue(gradedAt: Date, calendar: WorkingCalendar): Date {
  return calendar.workingDaysAfter(gradedAt, 1);
}
