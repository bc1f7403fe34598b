import type {
  Charge,
  ComplaintGrade,
  ConfirmationChannel,
  RepairUrgency,
  Satisfaction,
  TicketChannel,
  TicketKind,
  TicketStatus,
  TicketSubject,
  TicketSummary,
} from '../../../../typings/tickets';
import { findById } from '../db';
import { pastTimerSteps } from './events';
import { notFound } from '../errors';
import { allowedActions, type Viewer } from '../policy';
import { ticketPolicy } from './policy';

import type { BoardFacts } from './boardFacts';

export interface Deadlines {
  /** Complaints: feedback to the owner (2 working days of receipt). */
  feedbackDue?: Date;
  /** Complaints: unresolved by then → the manager (2 days after receipt). */
  escalateAt?: Date;
  /** Then → the service-centre head. */
  escalateHeadAt?: Date;
  /** Major complaints: relevant departments notified (1 working day). */
  majorNoticeDue?: Date;
  /** Repairs: someone responds. */
  responseDue?: Date;
  /** Repairs: the work is done. */
  completionDue?: Date;
}

export interface TicketDocument {
  _id: string;
  number: string;
  kind: TicketKind;
  category: string;
  urgency?: RepairUrgency;
  communityId: string;
  unitId: string;
  locationLabel: string;
  description: string;
  photos: string[];
  preferredTime: string;
  contactName: string;
  contactPhone: string;
  /** The phone's last 4 digits, for the desk to find a caller's requests (seed 002 §2 取阅). */
  phoneTail?: string;
  channel: TicketChannel;
  /** The owner who follows the ticket in the mini-program, if any. */
  ownerOpenid: string;
  createdBy: string;
  /** Who it shows as having submitted it (业主, or the staff member who registered it): its first step, 已提交. */
  createdByName?: string;
  status: TicketStatus;
  grade?: ComplaintGrade;
  flags: { group: boolean; repeat: boolean };
  assignee?: { openid: string; name: string };
  charge?: Charge;
  deadlines: Deadlines;
  /** Set once each: feedback given, resolution, … (for KPIs and the inbox). */
  acceptedAt?: Date;
  feedbackAt?: Date;
  majorNoticeAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  escalationLevel: number;
  confirmedByOwner: boolean;
  reworkCount: number;
  /** A progress message to the owner was dropped for lack of consent, and they have not consented since. */
  notifyPaused?: boolean;
  /** The first version a step reached by claiming it (transition.ts); older events are the timeline's as they are. */
  claimsFrom?: number;
  /** The claim of the step that brought the ticket to its version. */
  lastClaim?: string;
  rating?: { score: number; comment: string };
  appointmentAt?: Date;
  /** When the current appointment was agreed: a check-in before it belongs to an earlier visit. */
  visitScheduledAt?: Date;
  checkIn?: { at: Date; punctuality: 'on-time' | 'early' | 'late'; minutesOff: number };
  workPhotos?: string[];
  outOfScope?: { explanation: string; channel: string };
  subject?: TicketSubject;
  /** A defect found at delivery acceptance (房屋交付验收), repaired under the developer's warranty (开发商保修). */
  warranty?: { moveInId: string; defectId: string };
  returnVisit?: { satisfaction: Satisfaction; note: string; at: Date; by: string };
  /** Set with `confirmedByOwner`: who confirmed, and how (cleared when the owner reopens it). */
  confirmation?: { source: 'owner' | ConfirmationChannel; answeredBy?: string; said?: string; recordedBy?: string; at: Date };
  unanswered?: { attempts: string; at: Date };
  validity?: { valid: boolean; reason: string; byName: string; at: Date };
  /**
   * The nearest open deadline, kept in step with the fields above so the inbox can sort and
   * filter on it; `NO_DEADLINE` when none is open, so such tickets sort last.
   */
  dueAt: Date;
  /** What the management board reads of it, kept in step with the fields above (boardFacts.ts); absent on tickets last written before it was kept. */
  boardFacts?: BoardFacts;
  /** The deadline (a past `dueAt`) an overdue alert was raised for: the timer skips it after that. */
  overdueAlertFor?: Date;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** Ticket-number prefixes the owner can say on the phone: 报修 BX, 投诉 TS, … */
export const NUMBER_PREFIX: Record<TicketKind, string> = {
  repair: 'BX',
  complaint: 'TS',
  consultation: 'ZX',
  suggestion: 'JY',
  inquiry: 'ZQ',
};

export const OPEN_STATUSES: TicketStatus[] = ['submitted', 'accepted', 'assigned', 'resolved'];

export async function loadTicket(ticketId: string): Promise<TicketDocument> {
  const found = await findById<TicketDocument>('tickets', ticketId);
  if (!found) throw notFound('工单不存在');
  return found;
}

/** Tickets as routes see them: steps name the version the caller saw. */
export const ticketRecords = {
  policy: ticketPolicy,
  load: loadTicket,
  versionOf: (ticket: TicketDocument) => ticket.version,
  seenAs: pastTimerSteps,
  stale: '工单已被他人更新，请刷新后重试',
};

/** The deadline that matters next for this ticket, if it is still open. */
export function nextDeadline(ticket: TicketDocument): Date | undefined {
  if (ticket.status === 'closed') return undefined;
  const d = ticket.deadlines;
  const candidates: (Date | undefined)[] =
    ticket.kind === 'repair'
      ? [ticket.acceptedAt ? undefined : d.responseDue, ticket.resolvedAt ? undefined : d.completionDue]
      : [
          ticket.feedbackAt ? undefined : d.feedbackDue,
          ticket.grade === 'major' && !ticket.majorNoticeAt ? d.majorNoticeDue : undefined,
          ticket.resolvedAt ? undefined : ticket.escalationLevel === 0 ? d.escalateAt : ticket.escalationLevel === 1 ? d.escalateHeadAt : undefined,
        ];
  const times = candidates.filter((value): value is Date => value !== undefined).map((value) => new Date(value));
  return times.length ? new Date(Math.min(...times.map((time) => time.getTime()))) : undefined;
}

export const NO_DEADLINE = new Date('9999-12-31T00:00:00.000Z');

export function dueAtFor(ticket: TicketDocument): Date {
  return nextDeadline(ticket) ?? NO_DEADLINE;
}

/** What happens next, said for whoever reads it. */
export function nextStep(ticket: TicketDocument): string {
  switch (ticket.status) {
    case 'submitted':
      return '等待物业客服受理';
    case 'accepted':
      return ticket.kind === 'repair' ? '客服正在安排维修人员' : '客服正在处理，会尽快答复您';
    case 'assigned':
      if (ticket.charge?.status === 'proposed') return '请确认维修费用后再开始有偿维修';
      return `维修人员${ticket.assignee?.name ?? ''}将上门处理`;
    case 'resolved':
      return ticket.confirmedByOwner ? '等待客服回访' : '请确认处理结果，或告诉我们问题仍未解决';
    case 'closed':
      return '已办结，感谢您的支持';
  }
}

/** A ticket as lists show it to `viewer`, with the actions open to them. */
export function toSummary(ticket: TicketDocument, now: Date, viewer: Viewer): TicketSummary {
  const due = nextDeadline(ticket);
  return {
    id: ticket._id,
    number: ticket.number,
    kind: ticket.kind,
    category: ticket.category,
    status: ticket.status,
    communityId: ticket.communityId,
    unitId: ticket.unitId,
    locationLabel: ticket.locationLabel,
    summary: Array.from(ticket.description).slice(0, 40).join(''),
    createdAt: new Date(ticket.createdAt).toISOString(),
    nextStep: nextStep(ticket),
    dueAt: due?.toISOString(),
    overdue: due !== undefined && due.getTime() < now.getTime(),
    grade: ticket.grade,
    flags: ticket.flags,
    escalationLevel: ticket.escalationLevel,
    assigneeName: ticket.assignee?.name,
    confirmedByOwner: ticket.confirmedByOwner,
    ...(ticket.warranty ? { warranty: true } : {}),
    allowed: allowedActions(ticketPolicy, ticket, viewer, now),
  };
}
