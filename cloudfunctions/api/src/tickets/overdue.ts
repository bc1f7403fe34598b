import { command, find, findById, update, type Where } from '../db';
import { afterCursor, encodeCursor } from '../paging';
import type { AccountDocument } from '../caller';
import { OPEN_STATUSES, type TicketDocument } from './model';
import { alertStaff, roleHolders } from './messages';

/**
 * Tickets that just passed their next deadline are alerted once per deadline: to the desk, and to
 * the technician holding it. Only deadlines passed within the window are looked at, so the timer's
 * run costs what is new, not every ticket ever late.
 */
const WINDOW_MS = 2 * 24 * 3600_000;
const BATCH = 20;

export async function alertOverdueTickets(now: Date): Promise<number> {
  const _ = command();
  const window = { status: _.in(OPEN_STATUSES), dueAt: _.and([_.lt(now), _.gte(new Date(now.getTime() - WINDOW_MS))]) };
  const holders = new Map<string, AccountDocument[]>();
  let alerted = 0;
  let after: string | undefined;
  // Every ticket of the window, a page at a time: those already alerted for this deadline must not
  // keep newer ones out of a single batch.
  for (;;) {
    const where = after ? (_.and([window, afterCursor('dueAt', 'asc', after)]) as unknown as Where) : window;
    const page = await find<TicketDocument>('tickets', where, { orderBy: [['dueAt', 'asc'], ['_id', 'asc']], limit: BATCH });
    for (const ticket of page) {
      const due = new Date(ticket.dueAt).getTime();
      if (ticket.overdueAlertFor && new Date(ticket.overdueAlertFor).getTime() === due) continue;
      if (!holders.has(ticket.communityId)) holders.set(ticket.communityId, await roleHolders(ticket, 'cs'));
      const desk = holders.get(ticket.communityId)!;
      const technician = ticket.status === 'assigned' && ticket.assignee ? await findById<AccountDocument>('accounts', ticket.assignee.openid) : undefined;
      const recipients = technician && !desk.some((holder) => holder._id === technician._id) ? [...desk, technician] : desk;
      // The key names the deadline: a ticket late again for its next deadline is alerted again.
      await alertStaff(ticket, 'overdue', `overdue-${due}`, '已超时', now, recipients);
      // Noted on the ticket so later runs skip it without a read of its alert.
      await update('tickets', { _id: ticket._id, dueAt: ticket.dueAt }, { overdueAlertFor: ticket.dueAt });
      alerted += 1;
    }
    if (page.length < BATCH) return alerted;
    const last = page[page.length - 1];
    after = encodeCursor(new Date(last.dueAt), last._id);
  }
}
