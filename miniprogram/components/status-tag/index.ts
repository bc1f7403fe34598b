/**
 * A record's status as a TDesign tag, in the words and colours of whoever reads it: owners and
 * staff name some statuses differently (处理中 / 已派单) and colour them for what they must do.
 * Lists and detail pages give the status code; the words come from shared/labels.ts.
 */
import type { TicketStatus } from '../../../typings/tickets';
import {
  ACCESS_KIND_LABELS,
  BILL_STATUS_LABELS,
  BINDING_STATUS_LABELS,
  CHARGE_STATUS_LABELS,
  GRADE_LABELS,
  RENOVATION_STATUS_LABELS,
  TICKET_STATUS_LABELS,
  ownerTicketStatusLabel,
} from '../../shared/labels';

export type TagTheme = 'default' | 'primary' | 'success' | 'warning' | 'danger';
type Audience = 'owner' | 'staff';
/** Which record the status belongs to. */
export type StatusOf = 'ticket' | 'renovation' | 'bill' | 'binding' | 'charge' | 'grade' | 'access';

const THEMES: Record<StatusOf, Record<Audience, Record<string, TagTheme>>> = {
  ticket: {
    staff: { submitted: 'warning', accepted: 'primary', assigned: 'primary', resolved: 'success', closed: 'default' },
    owner: { submitted: 'warning', accepted: 'primary', assigned: 'primary', resolved: 'warning', closed: 'default' },
  },
  renovation: {
    staff: { submitted: 'primary', 'needs-more': 'warning', approved: 'success', rejected: 'danger', completed: 'default' },
    owner: { submitted: 'warning', 'needs-more': 'danger', approved: 'success', rejected: 'default', completed: 'primary' },
  },
  bill: {
    staff: { draft: 'default', issued: 'warning', paid: 'success' },
    owner: { draft: 'default', issued: 'warning', paid: 'success' },
  },
  binding: {
    staff: { pending: 'warning', approved: 'success', rejected: 'danger', withdrawn: 'default' },
    owner: { pending: 'warning', approved: 'success', rejected: 'danger', withdrawn: 'default' },
  },
  charge: {
    staff: { proposed: 'warning', accepted: 'success', refused: 'danger' },
    owner: { proposed: 'warning', accepted: 'success', refused: 'default' },
  },
  grade: {
    staff: { general: 'default', serious: 'warning', major: 'danger' },
    owner: { general: 'default', serious: 'warning', major: 'danger' },
  },
  access: {
    staff: { view: 'primary', export: 'warning', delete: 'danger' },
    owner: { view: 'primary', export: 'warning', delete: 'danger' },
  },
};

type Words = Readonly<Record<string, string>>;

const WORDS: Record<Exclude<StatusOf, 'ticket' | 'charge'>, Words> = {
  renovation: RENOVATION_STATUS_LABELS,
  bill: BILL_STATUS_LABELS,
  binding: BINDING_STATUS_LABELS,
  grade: GRADE_LABELS,
  access: ACCESS_KIND_LABELS,
};

function labelOf(of: StatusOf, status: string, audience: Audience, confirmed: boolean): string {
  if (of === 'ticket') {
    const ticketStatus = status as TicketStatus;
    return audience === 'owner' ? ownerTicketStatusLabel(ticketStatus, confirmed) : TICKET_STATUS_LABELS[ticketStatus];
  }
  const words: Words = of === 'charge' ? CHARGE_STATUS_LABELS[audience] : WORDS[of];
  return words[status] ?? status;
}

Component({
  options: { virtualHost: true },
  properties: {
    of: { type: String, value: 'ticket' },
    status: { type: String, value: '' },
    audience: { type: String, value: 'staff' },
    /** Tickets: the owner confirmed the resolution (the owner then reads 已确认解决). */
    confirmed: { type: Boolean, value: false },
    size: { type: String, value: 'medium' },
    variant: { type: String, value: 'light' },
    /** Words after the status, e.g. 投诉 after a grade. */
    suffix: { type: String, value: '' },
  },
  data: { label: '', theme: 'default' as TagTheme },
  observers: {
    'of, status, audience, confirmed'(of: StatusOf, status: string, audience: Audience, confirmed: boolean) {
      if (!status) return;
      const resolvedByOwner = of === 'ticket' && audience === 'owner' && status === 'resolved' && confirmed;
      this.setData({
        label: labelOf(of, status, audience, confirmed),
        theme: resolvedByOwner ? 'success' : (THEMES[of]?.[audience]?.[status] ?? 'default'),
      });
    },
  },
});
