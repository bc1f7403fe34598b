import type { Role } from '../../../../typings/roles';
import { command, find, findById } from '../db';
import { AppError } from '../errors';
import type { TicketDocument } from './model';
import { TIMER } from './events';
import { transition } from './transition';
import { alertRole, holderNames, roleHolders } from './messages';

interface Level {
  level: number;
  deadline: 'escalateAt' | 'escalateHeadAt';
  to: Role;
  label: string;
}

/**
 * Seed 001 四 维修 6–7: a complaint unresolved 2 days after receipt goes to the manager; still
 * unresolved after a further period, to the service-centre head (the company admins here).
 */
const LEVELS: Level[] = [
  { level: 1, deadline: 'escalateAt', to: 'manager', label: '客服经理' },
  { level: 2, deadline: 'escalateHeadAt', to: 'admin', label: '服务中心负责人' },
];

/**
 * Run by the timer trigger. An escalation is a step of the ticket like any (`transition`): it
 * claims the ticket's next version, so a step taken at the same moment is never overwritten by
 * it nor it by the step (the deadline it moves stays the one its level sets), and a ticket is
 * never escalated twice even if two runs overlap.
 */
export async function escalateOverdueComplaints(now: Date): Promise<number> {
  const _ = command();
  let escalated = 0;
  for (const step of LEVELS) {
    for (;;) {
      const due = await find<TicketDocument>(
        'tickets',
        {
          kind: 'complaint',
          status: _.in(OPEN),
          escalationLevel: step.level - 1,
          [`deadlines.${step.deadline}`]: _.lte(now),
        },
        { limit: 50 },
      );
      if (!due.length) break;
      for (const ticket of due) {
        const holders = await roleHolders(ticket, step.to);
        const taken = await escalate(ticket, step, holderNames(holders), now);
        if (!taken) continue;
        escalated += 1;
        await alertRole(taken, step.to, 'escalation', `escalation-${step.level}`, '投诉升级', now, holders);
      }
      if (due.length < 50) break;
    }
  }
  return escalated;
}

const OPEN: TicketDocument['status'][] = ['submitted', 'accepted', 'assigned'];

/**
 * Takes the ticket to the step's level unless it got there, or was resolved, meanwhile. A step
 * that moved the ticket first makes the claim fail: the ticket is read again and tried once more.
 */
async function escalate(found: TicketDocument, step: Level, reached: string[], now: Date): Promise<TicketDocument | undefined> {
  let ticket: TicketDocument | undefined = found;
  for (let round = 0; round < 3 && ticket; round += 1) {
    if (ticket.escalationLevel !== step.level - 1 || !OPEN.includes(ticket.status)) return undefined;
    try {
      const taken = await transition(
        ticket,
        ticket.version,
        { escalationLevel: step.level },
        { type: `escalated-${step.level}`, text: `超时未解决，已升级至${step.label}${reached.length ? `（${reached.join('、')}）` : ''}`, ownerVisible: false },
        TIMER,
        now,
      );
      return taken.ticket;
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
    }
    ticket = await findById<TicketDocument>('tickets', found._id);
  }
  // Still moving after three tries: the next run (every 5 minutes) escalates it.
  return undefined;
}
