/** The staff ticket page's view of a ticket: WXML cannot look labels up in maps or format money and time. */
import type { Alert } from '../../../../../typings/alerts';
import type { Charge, RepairCategory, TicketDetail, TicketKind } from '../../../../../typings/tickets';
import { type TicketRow, ticketRow } from '../../../../pages/ticket/views';
import { CHANNEL_LABELS, CONFIRMATION_SOURCE_LABELS, SATISFACTION_LABELS } from '../../../../shared/labels';
import { yuanLabel } from '../../../../shared/money';
import { chinaMinute } from '../../../../shared/time';

interface EventView {
  id: string;
  text: string;
  meta: string;
  internal: boolean;
}

interface ChargeView {
  items: { code: string; name: string; quantityText: string; amountText: string }[];
  totalText: string;
  status: Charge['status'];
}

/** The header's fields are the list row's; the rest is what only the whole ticket shows. */
export interface TicketView extends TicketRow {
  kind: TicketKind;
  communityId: string;
  /** The home, for its file (户档案); empty for a common area. */
  unitId: string;
  description: string;
  photoUrls: string[];
  channelLabel: string;
  dueText: string;
  preferredTime: string;
  contactName: string;
  contactPhone: string;
  appointmentText: string;
  checkInText: string;
  checkInTheme: string;
  charge: ChargeView | null;
  returnVisitText: string;
  confirmationText: string;
  validityText: string;
  unansweredText: string;
  ratingText: string;
  outOfScope: { explanation: string; channel: string } | null;
  reworkCount: number;
  events: EventView[];
  alerts: Alert[];
  /** Alerts that had to reach someone and reached nobody (未送达). */
  unreachedCount: number;
}

function punctualityText(checkIn: NonNullable<TicketDetail['checkIn']>): string {
  if (checkIn.punctuality === 'early') return `提前 ${-checkIn.minutesOff} 分钟`;
  if (checkIn.punctuality === 'late') return `迟到 ${checkIn.minutesOff} 分钟`;
  return '准时';
}

/** `电话，业主本人：已经不漏了（客服小王 2026-12-01 10:00 记录）` */
function confirmationText(confirmation: TicketDetail['confirmation']): string {
  if (!confirmation) return '';
  if (confirmation.source === 'owner') return `${CONFIRMATION_SOURCE_LABELS.owner}（${chinaMinute(confirmation.at)}）`;
  return `${CONFIRMATION_SOURCE_LABELS[confirmation.source]}，${confirmation.answeredBy ?? ''}：${confirmation.said ?? ''}（${confirmation.recordedBy ?? ''} ${chinaMinute(confirmation.at)} 记录）`;
}

function chargeView(charge: Charge, units: Map<string, string>): ChargeView {
  return {
    items: charge.items.map((item) => ({
      code: item.code,
      name: item.name,
      quantityText: `${yuanLabel(item.priceFen)} × ${item.quantity}${units.get(item.code) ?? ''}`,
      amountText: yuanLabel(item.amountFen),
    })),
    totalText: yuanLabel(charge.totalFen),
    status: charge.status,
  };
}

export function ticketView(ticket: TicketDetail, categories: RepairCategory[]): TicketView {
  const units = new Map(categories.map((category) => [category.code, category.unit]));
  const visit = ticket.returnVisit;
  return {
    ...ticketRow(ticket),
    kind: ticket.kind,
    communityId: ticket.communityId,
    unitId: ticket.unitId,
    description: ticket.description,
    photoUrls: ticket.photoUrls,
    alerts: ticket.alerts ?? [],
    unreachedCount: (ticket.alerts ?? []).filter((alert) => alert.unreached && !alert.acknowledged).length,
    channelLabel: CHANNEL_LABELS[ticket.channel],
    dueText: chinaMinute(ticket.dueAt),
    preferredTime: ticket.preferredTime ?? '',
    contactName: ticket.contactName,
    contactPhone: ticket.contactPhone,
    appointmentText: chinaMinute(ticket.appointmentAt),
    checkInText: ticket.checkIn ? `${chinaMinute(ticket.checkIn.at)}，${punctualityText(ticket.checkIn)}` : '',
    checkInTheme: ticket.checkIn?.punctuality === 'on-time' ? 'success' : 'warning',
    charge: ticket.charge ? chargeView(ticket.charge, units) : null,
    returnVisitText: visit ? `${SATISFACTION_LABELS[visit.satisfaction]}：${visit.note}（${chinaMinute(visit.at)}）` : '',
    confirmationText: confirmationText(ticket.confirmation),
    validityText: ticket.validity ? `${ticket.validity.valid ? '有效投诉' : '无效投诉'}：${ticket.validity.reason}（${ticket.validity.byName} ${chinaMinute(ticket.validity.at)}）` : '',
    unansweredText: ticket.unanswered ? `${ticket.unanswered.attempts}（${chinaMinute(ticket.unanswered.at)} 按业主未回复办结）` : '',
    ratingText: ticket.rating ? `${ticket.rating.score} 星${ticket.rating.comment ? `：${ticket.rating.comment}` : ''}` : '',
    outOfScope: ticket.outOfScope ?? null,
    reworkCount: ticket.reworkCount,
    events: ticket.events.map((event) => ({
      id: event.id,
      text: event.text,
      meta: `${event.actorName} · ${chinaMinute(event.at)}`,
      internal: !event.ownerVisible,
    })),
  };
}
