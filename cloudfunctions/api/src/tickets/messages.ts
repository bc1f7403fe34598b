import type { Alert, AlertKind } from '../../../../typings/alerts';
import type { Role } from '../../../../typings/roles';
import { raiseAlert, toAlert } from '../alerts/alerts';
import type { AccountDocument } from '../caller';
import { holderNames, roleHolders } from '../accounts/holders';
import { TICKET_KIND_LABELS as KIND_LABELS } from '../../../../miniprogram/shared/labels';
import { pagePath } from '../../../../miniprogram/shared/routes';
import type { TicketDocument } from './model';
import { sendStatusMessage } from './notify';
import { templateIdOf } from '../alerts/templates';
import { update } from '../db';
import { maskPhone } from '../privacy/masking';

const PAGE = (ticket: TicketDocument): string => pagePath('pages/ticket/detail', { id: ticket._id });

/**
 * Tells the ticket's owner about a step they care about (once per ticket and step). `first`: this
 * call landed the only step that can reach this occasion (the ticket's acceptance, its first
 * dispatch), so a spend that fails means no consent and is not looked up (notify.ts).
 */
export async function notifyOwner(ticket: TicketDocument, step: string, phrase: string, now: Date, first?: true): Promise<void> {
  // No consent is left since the last message was dropped (consenting again clears the mark): not even tried.
  if (!ticket.ownerOpenid || ticket.notifyPaused) return;
  const { outcome } = await sendStatusMessage({
    key: `${ticket._id}:owner:${step}`,
    purpose: 'progress',
    subjectId: ticket._id,
    touser: ticket.ownerOpenid,
    number: ticket.number,
    title: `${KIND_LABELS[ticket.kind]}·${ticket.category}`,
    phrase,
    at: now,
    page: PAGE(ticket),
    ...(first ? { fresh: first } : {}),
  });
  // The ticket's page then offers to ask again (通知次数已用完); consenting clears it (notify.ts).
  if (outcome === 'no-quota' && templateIdOf('progress')) await update('tickets', { _id: ticket._id }, { notifyPaused: true });
}


/**
 * What a group post adds to the alert: the ticket's place and summary, never the owner's contact
 * (a phone number an owner typed into the description is masked too).
 */
function postLines(ticket: TicketDocument): string[] {
  const summary = Array.from(ticket.description.replace(/\s+/g, ' ').trim().replace(/1\d{10}/g, (phone) => maskPhone(phone)));
  return [`位置：${ticket.locationLabel}`, `内容：${summary.length > 60 ? `${summary.slice(0, 59).join('')}…` : summary.join('')}`];
}

/**
 * Alerts staff about a ticket (a dispatch to its technician; an escalation, major complaint,
 * rework or overdue to the holders of a role), recorded with whom it reached (alerts/alerts.ts).
 * Answers the alert raised, none when this occasion was alerted before. `held`: the step's own
 * version is in `step`, so the occasion is the caller's alone (alerts.ts).
 */
export async function alertStaff(
  ticket: TicketDocument,
  kind: AlertKind,
  step: string,
  phrase: string,
  now: Date,
  recipients: AccountDocument[],
  held?: true,
): Promise<Alert[]> {
  const raised = await raiseAlert({
    key: `${ticket._id}:${step}`,
    kind,
    communityId: ticket.communityId,
    subject: { type: 'ticket', id: ticket._id, number: ticket.number, title: `${KIND_LABELS[ticket.kind]}·${ticket.locationLabel}` },
    phrase,
    lines: postLines(ticket),
    recipients,
    page: PAGE(ticket),
    now,
    ...(held ? { held } : {}),
  });
  return raised ? [toAlert(raised)] : [];
}

/** Alerts every holder of `role` in the ticket's community. */
export async function alertRole(ticket: TicketDocument, role: Role, kind: AlertKind, step: string, phrase: string, now: Date, holders?: AccountDocument[]): Promise<Alert[]> {
  return alertStaff(ticket, kind, step, phrase, now, holders ?? (await roleHolders(ticket, role)));
}

export { holderNames, roleHolders };
