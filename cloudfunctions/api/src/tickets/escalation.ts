import type { Role } from '../../../../typings/roles';
import { command, find } from '../db';
import { atomically } from '../transaction';
import { dueAtFor, type TicketDocument } from './model';
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
 * Run by the timer trigger. Each step is claimed with a conditional update on the escalation
 * level, so a ticket is never escalated twice even if two runs overlap.
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
          status: _.in(['submitted', 'accepted', 'assigned']),
          escalationLevel: step.level - 1,
          [`deadlines.${step.deadline}`]: _.lte(now),
        },
        { limit: 50 },
      );
      if (!due.length) break;
      for (const ticket of due) {
        const escalatedTicket = { ...ticket, escalationLevel: step.level };
        const holders = await roleHolders(ticket, step.to);
        const reached = holderNames(holders);
        // The step and its event together, claimed on the level: an overlapping run finds it taken.
        const claimed = await atomically(['tickets', 'ticketEvents'], async (transaction) => {
          const current = await transaction.get<TicketDocument>('tickets', ticket._id);
          if (current?.escalationLevel !== step.level - 1) return false;
          await transaction.update('tickets', ticket._id, { escalationLevel: step.level, dueAt: dueAtFor({ ...current, escalationLevel: step.level }) });
          await transaction.insert('ticketEvents', {
            _id: `${ticket._id}-escalated-${step.level}`,
            ticketId: ticket._id,
            type: `escalated-${step.level}`,
            text: `超时未解决，已升级至${step.label}${reached.length ? `（${reached.join('、')}）` : ''}`,
            actorOpenid: 'system',
            actorName: '系统',
            ownerVisible: false,
            at: now,
          });
          return true;
        });
        if (!claimed) continue;
        escalated += 1;
        await alertRole(escalatedTicket, step.to, 'escalation', `escalation-${step.level}`, '投诉升级', now, holders);
      }
      if (due.length < 50) break;
    }
  }
  return escalated;
}
