import type { Role } from '../../../../typings/roles';
import type { AccountDocument } from '../caller';
import { ALL_COMMUNITIES, bootstrapAdmins } from '../caller';
import { command, findAll } from '../db';
import { TICKET_KIND_LABELS as KIND_LABELS } from '../../../../miniprogram/shared/labels';
import { pagePath } from '../../../../miniprogram/shared/routes';
import type { TicketDocument } from './model';
import { sendStatusMessage } from './notify';

const PAGE = (ticket: TicketDocument): string => pagePath('pages/ticket/detail', { id: ticket._id });

/** Tells the ticket's owner about a step they care about (once per ticket and step). */
export async function notifyOwner(ticket: TicketDocument, step: string, phrase: string, now: Date): Promise<void> {
  if (!ticket.ownerOpenid) return;
  await sendStatusMessage({
    key: `${ticket._id}:owner:${step}`,
    touser: ticket.ownerOpenid,
    number: ticket.number,
    title: `${KIND_LABELS[ticket.kind]}·${ticket.category}`,
    phrase,
    at: now,
    page: PAGE(ticket),
  });
}

/** Tells one staff member (the technician a ticket was assigned to). */
export async function notifyStaffMember(ticket: TicketDocument, openid: string, step: string, phrase: string, now: Date): Promise<void> {
  await sendStatusMessage({
    key: `${ticket._id}:${openid}:${step}`,
    touser: openid,
    number: ticket.number,
    title: `${KIND_LABELS[ticket.kind]}·${ticket.locationLabel}`,
    phrase,
    at: now,
    page: PAGE(ticket),
  });
}

/** The accounts holding `role` in the ticket's community (or in every community). */
export async function roleHolders(ticket: TicketDocument, role: Role): Promise<AccountDocument[]> {
  const _ = command();
  const holders = await findAll<AccountDocument>('accounts', {
    grants: _.elemMatch({ role, communityId: _.in([ticket.communityId, ALL_COMMUNITIES]) }),
  });
  if (role !== 'admin') return holders;
  // The deployment's own admins (ADMIN_OPENIDS) hold the head's role everywhere without a stored grant.
  const missing = [...bootstrapAdmins()].filter((openid) => !holders.some((holder) => holder._id === openid));
  if (!missing.length) return holders;
  const stored = await findAll<AccountDocument>('accounts', { _id: _.in(missing) });
  const epoch = new Date(0);
  return [
    ...holders,
    ...missing.map((openid) => stored.find((account) => account._id === openid) ?? { _id: openid, staffName: '', grants: [], createdAt: epoch, updatedAt: epoch, version: 0 }),
  ];
}

export const holderNames = (holders: AccountDocument[]): string[] => holders.map((holder) => holder.staffName || holder._id);

/** Tells every holder of `role` in the ticket's community (escalations, major complaints, rework). */
export async function notifyRole(
  ticket: TicketDocument,
  role: Role,
  step: string,
  phrase: string,
  now: Date,
  holders?: AccountDocument[],
): Promise<string[]> {
  holders ??= await roleHolders(ticket, role);
  for (const holder of holders) {
    await sendStatusMessage({
      key: `${ticket._id}:${holder._id}:${step}`,
      touser: holder._id,
      number: ticket.number,
      title: `${KIND_LABELS[ticket.kind]}·${ticket.locationLabel}`,
      phrase,
      at: now,
      page: PAGE(ticket),
    });
  }
  return holderNames(holders);
}
