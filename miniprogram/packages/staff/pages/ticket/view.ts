/** The staff ticket page's view of a ticket: WXML cannot look labels up in maps or format money and time. */
import type { Charge, ComplaintGrade, RepairCategory, TicketDetail, TicketKind, TicketStatus } from '../../../../../typings/tickets';
import { CHANNEL_LABELS, SATISFACTION_LABELS, TICKET_KIND_LABELS, escalationLabel } from '../../../../shared/labels';
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

export interface TicketView {
  number: string;
  kind: TicketKind;
  kindLabel: string;
  category: string;
  status: TicketStatus;
  nextStep: string;
  locationLabel: string;
  description: string;
  photoUrls: string[];
  channelLabel: string;
  createdAt: string;
  dueText: string;
  overdue: boolean;
  grade: ComplaintGrade | '';
  group: boolean;
  repeat: boolean;
  escalationText: string;
  assigneeName: string;
  preferredTime: string;
  contactName: string;
  contactPhone: string;
  appointmentText: string;
  checkInText: string;
  checkInTheme: string;
  charge: ChargeView | null;
  returnVisitText: string;
  ratingText: string;
  outOfScope: { explanation: string; channel: string } | null;
  reworkCount: number;
  events: EventView[];
}

function punctualityText(checkIn: NonNullable<TicketDetail['checkIn']>): string {
  if (checkIn.punctuality === 'early') return `提前 ${-checkIn.minutesOff} 分钟`;
  if (checkIn.punctuality === 'late') return `迟到 ${checkIn.minutesOff} 分钟`;
  return '准时';
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
    number: ticket.number,
    kind: ticket.kind,
    kindLabel: TICKET_KIND_LABELS[ticket.kind],
    category: ticket.category,
    status: ticket.status,
    nextStep: ticket.nextStep,
    locationLabel: ticket.locationLabel,
    description: ticket.description,
    photoUrls: ticket.photoUrls,
    channelLabel: CHANNEL_LABELS[ticket.channel],
    createdAt: chinaMinute(ticket.createdAt),
    dueText: chinaMinute(ticket.dueAt),
    overdue: ticket.overdue,
    grade: ticket.grade ?? '',
    group: ticket.flags.group,
    repeat: ticket.flags.repeat,
    escalationText: escalationLabel(ticket.escalationLevel),
    assigneeName: ticket.assigneeName ?? '',
    preferredTime: ticket.preferredTime ?? '',
    contactName: ticket.contactName,
    contactPhone: ticket.contactPhone,
    appointmentText: chinaMinute(ticket.appointmentAt),
    checkInText: ticket.checkIn ? `${chinaMinute(ticket.checkIn.at)}，${punctualityText(ticket.checkIn)}` : '',
    checkInTheme: ticket.checkIn?.punctuality === 'on-time' ? 'success' : 'warning',
    charge: ticket.charge ? chargeView(ticket.charge, units) : null,
    returnVisitText: visit ? `${SATISFACTION_LABELS[visit.satisfaction]}：${visit.note}（${chinaMinute(visit.at)}）` : '',
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
