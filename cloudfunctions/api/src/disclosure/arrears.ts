import { z } from 'zod';
import type { ArrearsRow } from '../../../../typings/disclosure';
import { RECORDS_DESK, inCommunity } from '../access';
import { command, findAll } from '../db';
import type { Route } from '../router';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { id } from '../validation';
import { OPEN_STATUSES, daysOverdueOf, outstandingOf, toBill, toReminder, type BillDocument } from './bills';

/**
 * The arrears list (欠费): every home with a bill still open after its due date, its overdue bills
 * together, the longest overdue first, with the reminders sent. Computed from the bills each time:
 * a bill paid, waived or reminded shows at once.
 */
export const listArrears: Route<'bill.arrears'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }, { caller, now }): Promise<ArrearsRow[]> {
    const _ = command();
    const overdue = await findAll<BillDocument>('bills', { communityId, status: _.in(OPEN_STATUSES), dueDate: _.lt(chinaDate(now)) });
    const viewer = await caller.viewer();
    const rows = new Map<string, ArrearsRow>();
    for (const bill of overdue.sort((a, b) => a.period.localeCompare(b.period))) {
      const row = rows.get(bill.unitId) ?? { unitId: bill.unitId, unitLabel: bill.unitLabel, bills: [], outstandingFen: 0, daysOverdue: 0, reminders: 0 };
      const daysOverdue = daysOverdueOf(bill, now);
      row.bills.push(toBill(bill, viewer, now));
      row.outstandingFen += outstandingOf(bill);
      row.daysOverdue = Math.max(row.daysOverdue, daysOverdue);
      for (const reminder of bill.reminders ?? []) {
        row.reminders += 1;
        if (!row.lastReminder || new Date(reminder.at).toISOString() > row.lastReminder.at) row.lastReminder = toReminder(reminder);
      }
      rows.set(bill.unitId, row);
    }
    return [...rows.values()].sort((a, b) => b.daysOverdue - a.daysOverdue || b.outstandingFen - a.outstandingFen || a.unitLabel.localeCompare(b.unitLabel));
  },
};
