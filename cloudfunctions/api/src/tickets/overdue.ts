import { command, find, findById } from '../db';
import type { AccountDocument } from '../caller';
import { OPEN_STATUSES, type TicketDocument } from './model';
import { alertStaff, roleHolders } from './messages';

/**
 * Tickets that just passed their next deadline are alerted once per deadline: to the desk, and to
 * the technician holding it. Only deadlines passed within the window are looked at, so the timer's
 * run costs what is new, not every ticket ever late.
 */
const WINDOW_MS = 2 * 24 * 3600_000;
const BATCH = 100;

export async function alertOverdueTickets(now: Date): Promise<number> {
  const _ = command();
  const due = await find<TicketDocument>(
    'tickets',
    { status: _.in(OPEN_STATUSES), dueAt: _.and([_.lt(now), _.gte(new Date(now.getTime() - WINDOW_MS))]) },
    { orderBy: [['dueAt', 'asc']], limit: BATCH },
  );
  let alerted = 0;
  for (const ticket of due) {
    // The key names the deadline: a ticket late again for its next deadline is alerted again.
    const step = `overdue-${new Date(ticket.dueAt).getTime()}`;
    if (await findById('alerts', `${ticket._id}:${step}`)) continue;
    const desk = await roleHolders(ticket, 'cs');
    const technician = ticket.status === 'assigned' && ticket.assignee ? await findById<AccountDocument>('accounts', ticket.assignee.openid) : undefined;
    const recipients = technician && !desk.some((holder) => holder._id === technician._id) ? [...desk, technician] : desk;
    await alertStaff(ticket, 'overdue', step, '已超时', now, recipients);
    alerted += 1;
  }
  return alerted;
}
