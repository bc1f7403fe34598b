/**
 * Tickets as the list rows and headers of the owner's and the staff's pages show them: WXML cannot
 * look labels up in maps or format time, so pages turn tickets into these views before `setData`.
 * Status and deadline are shown by the status-tag and deadline-label components from the codes.
 */
import type { ComplaintGrade, RepairCategory, TicketStatus, TicketSummary } from '../../../typings/tickets';
import { TICKET_KIND_LABELS, escalationLabel } from '../../shared/labels';
import { unitPrice } from '../../shared/money';
import { chinaMinute } from '../../shared/time';

export interface TicketRow {
  id: string;
  number: string;
  kindLabel: string;
  category: string;
  status: TicketStatus;
  confirmedByOwner: boolean;
  nextStep: string;
  summary: string;
  locationLabel: string;
  createdAt: string;
  /** The nearest open deadline (ISO); empty when nothing is due. */
  dueAt: string;
  overdue: boolean;
  /** Complaints only. */
  grade: ComplaintGrade | '';
  group: boolean;
  repeat: boolean;
  escalationText: string;
  assigneeName: string;
  /** A delivery defect repaired under the developer's warranty (开发商保修). */
  warranty: boolean;
}

export function ticketRow(ticket: TicketSummary): TicketRow {
  const complaint = ticket.kind === 'complaint';
  return {
    id: ticket.id,
    number: ticket.number,
    kindLabel: TICKET_KIND_LABELS[ticket.kind],
    category: ticket.category,
    status: ticket.status,
    confirmedByOwner: ticket.confirmedByOwner,
    nextStep: ticket.nextStep,
    summary: ticket.summary,
    locationLabel: ticket.locationLabel,
    createdAt: chinaMinute(ticket.createdAt),
    dueAt: ticket.dueAt ?? '',
    overdue: ticket.overdue,
    grade: complaint ? (ticket.grade ?? '') : '',
    group: complaint && ticket.flags.group,
    repeat: complaint && ticket.flags.repeat,
    escalationText: escalationLabel(ticket.escalationLevel),
    assigneeName: ticket.assigneeName ?? '',
    warranty: ticket.warranty === true,
  };
}

/** The published price of a repair item (明码标价): `免费` or `¥80.00/次`. */
/** What an item costs as published: free, its published price, or 收费 with the price still to be published. */
export function repairPrice(category: RepairCategory): string {
  if (!category.charged) return '免费';
  return category.published ? unitPrice(category.priceFen, category.unit) : '价格待公示';
}
