/**
 * How tickets read to owners, shared by the new-request, list and detail pages: kind and status
 * words, published prices, deadlines in China time. WXML cannot look labels up in maps, so pages
 * turn tickets into these views before `setData`.
 */
import type { RepairCategory, TicketKind, TicketStatus, TicketSummary } from '../../../typings/tickets';
import { formatDateTime } from '../../utils/time';

export const KIND_LABELS: Record<TicketKind, string> = {
  repair: '报修',
  complaint: '投诉',
  consultation: '咨询',
  suggestion: '建议',
  inquiry: '质询',
};

/** What the cloud accepts as categories for kinds other than repair (cloudfunctions/api/src/tickets/catalog.ts). */

/** Fen to yuan with two decimals, in integers only: `8000` → `80.00`, `-1050` → `-10.50`. */
export function yuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** The published price of a repair item (明码标价): `免费` or `¥80.00/次`. */
export function priceLabel(category: RepairCategory): string {
  return category.charged ? `¥${yuan(category.priceFen)}/${category.unit}` : '免费';
}

export type TagTheme = 'default' | 'primary' | 'success' | 'warning' | 'danger';

export interface StatusView {
  label: string;
  theme: TagTheme;
}

/**
 * The status as the owner reads it. A resolved ticket waits for the owner to confirm; once they
 * have, only the return visit is left.
 */
export function statusView(ticket: { status: TicketStatus; confirmedByOwner: boolean }): StatusView {
  switch (ticket.status) {
    case 'submitted':
      return { label: '待受理', theme: 'warning' };
    case 'accepted':
      return { label: '已受理', theme: 'primary' };
    case 'assigned':
      return { label: '处理中', theme: 'primary' };
    case 'resolved':
      return ticket.confirmedByOwner ? { label: '已确认解决', theme: 'success' } : { label: '待确认', theme: 'warning' };
    case 'closed':
      return { label: '已办结', theme: 'default' };
  }
}

/** A ticket as a list row or detail header shows it. */
export interface SummaryView {
  id: string;
  number: string;
  kindLabel: string;
  category: string;
  statusLabel: string;
  statusTheme: TagTheme;
  nextStep: string;
  summary: string;
  locationLabel: string;
  createdAt: string;
  /** `2026-11-24 17:30`, China time; empty when nothing is due. */
  dueAt: string;
  overdue: boolean;
}

export function summaryView(ticket: TicketSummary): SummaryView {
  const status = statusView(ticket);
  return {
    id: ticket.id,
    number: ticket.number,
    kindLabel: KIND_LABELS[ticket.kind],
    category: ticket.category,
    statusLabel: status.label,
    statusTheme: status.theme,
    nextStep: ticket.nextStep,
    summary: ticket.summary,
    locationLabel: ticket.locationLabel,
    createdAt: formatDateTime(ticket.createdAt),
    dueAt: ticket.dueAt ? formatDateTime(ticket.dueAt) : '',
    overdue: ticket.overdue,
  };
}
