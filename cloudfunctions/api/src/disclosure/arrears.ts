import { z } from 'zod';
import type { ArrearsRow } from '../../../../typings/disclosure';
import type { Page } from '../../../../typings/domain';
import { RECORDS_DESK, inCommunity } from '../access';
import { command, find, findAll, type Where } from '../db';
import { decodeCursor, encodeCursor } from '../paging';
import type { Viewer } from '../policy';
import type { Route } from '../router';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { cursor, id } from '../validation';
import { OPEN_STATUSES, daysOverdueOf, outstandingOf, toBill, toReminder, type BillDocument } from './bills';

/**
 * The arrears list (欠费): every home with a bill still open after its due date, its overdue bills
 * together, the longest overdue first, with the reminders sent. Computed from the bills each time:
 * a bill paid, waived or reminded shows at once.
 *
 * A page holds up to 20 homes. The overdue bills are read earliest due first; a home joins the
 * page where its earliest overdue bill comes, and the page ends there (the cursor names that bill),
 * so a home is shown once, whole, on the page its longest-overdue bill falls in.
 */
const HOMES_PER_PAGE = 20;
/**
 * Bills scanned per page to find its homes (their home and due date only): a page may hold fewer
 * homes when many bills belong to homes already shown.
 */
const BILLS_SCANNED = 500;
const SCAN_PAGE = 100;
/** A home's overdue bills read at most (twenty years of monthly bills). */
const BILLS_PER_HOME = 240;

/** A bill's place in the earliest-due order: its due date (as the date's UTC midnight, ms) and id. */
interface Place {
  due: string;
  id: string;
}

const placeOf = (bill: BillDocument): Place => ({ due: bill.dueDate ?? '', id: bill._id });
const before = (a: Place, b: Place): boolean => a.due < b.due || (a.due === b.due && a.id < b.id);
const encodePlace = (place: Place): string => encodeCursor(Date.parse(`${place.due}T00:00:00Z`), place.id);

function decodePlace(value: string): Place {
  const { value: at, id: billId } = decodeCursor(value);
  return { due: at === null ? '' : new Date(at).toISOString().slice(0, 10), id: billId };
}

function rowOf(bills: BillDocument[], viewer: Viewer, now: Date): ArrearsRow {
  const row: ArrearsRow = { unitId: bills[0].unitId, unitLabel: bills[0].unitLabel, bills: [], outstandingFen: 0, daysOverdue: 0, reminders: 0 };
  for (const bill of [...bills].sort((a, b) => a.period.localeCompare(b.period))) {
    row.bills.push(toBill(bill, viewer, now));
    row.outstandingFen += outstandingOf(bill);
    row.daysOverdue = Math.max(row.daysOverdue, daysOverdueOf(bill, now));
    for (const reminder of bill.reminders ?? []) {
      row.reminders += 1;
      if (!row.lastReminder || new Date(reminder.at).toISOString() > row.lastReminder.at) row.lastReminder = toReminder(reminder);
    }
  }
  return row;
}

export const listArrears: Route<'bill.arrears'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor: cursor.optional() }),
  async handle({ communityId, cursor: after }, { caller, now }): Promise<Page<ArrearsRow>> {
    const _ = command();
    const overdue = { communityId, status: _.in(OPEN_STATUSES), dueDate: _.lt(chinaDate(now)) };
    const start = after ? decodePlace(after) : undefined;
    const following = (place: Place | undefined): Where =>
      (place ? _.and([overdue, _.or([{ dueDate: _.gt(place.due) }, { dueDate: place.due, _id: _.gt(place.id) }])]) : overdue) as unknown as Where;
    // Homes in the order their first bill comes after the cursor, up to a page of them: read a
    // hundred bills at a time (a page of homes is usually in the first), at most BILLS_SCANNED.
    const scanned: BillDocument[] = [];
    const firstSeen = new Map<string, Place>();
    for (let more = true; more && firstSeen.size < HOMES_PER_PAGE && scanned.length < BILLS_SCANNED; ) {
      const previous = scanned[scanned.length - 1];
      const asked = Math.min(SCAN_PAGE, BILLS_SCANNED - scanned.length);
      const page = await find<BillDocument>('bills', following(previous ? placeOf(previous) : start), { orderBy: [['dueDate', 'asc'], ['_id', 'asc']], limit: asked, fields: ['unitId', 'dueDate'] });
      scanned.push(...page);
      more = page.length === asked;
      for (const bill of page) {
        if (firstSeen.has(bill.unitId)) continue;
        if (firstSeen.size === HOMES_PER_PAGE) break;
        firstSeen.set(bill.unitId, placeOf(bill));
      }
    }
    const units = [...firstSeen.keys()];
    const bills = units.length
      ? await findAll<BillDocument>('bills', { unitId: _.in(units), status: _.in(OPEN_STATUSES), dueDate: _.lt(chinaDate(now)) }, units.length * BILLS_PER_HOME)
      : [];
    const byHome = new Map<string, BillDocument[]>();
    for (const bill of bills) byHome.set(bill.unitId, [...(byHome.get(bill.unitId) ?? []), bill]);
    const viewer = await caller.viewer();
    const rows: ArrearsRow[] = [];
    for (const unitId of units) {
      const own = (byHome.get(unitId) ?? []).filter((bill) => bill.communityId === communityId);
      // A home whose longest-overdue bill comes before the cursor was shown on an earlier page.
      const earliest = own.map(placeOf).reduce<Place | undefined>((first, place) => (!first || before(place, first) ? place : first), undefined);
      if (!earliest || (start && !before(start, earliest))) continue;
      rows.push(rowOf(own, viewer, now));
    }
    const last = units.length === HOMES_PER_PAGE ? firstSeen.get(units[units.length - 1]) : scanned.length === BILLS_SCANNED ? placeOf(scanned[scanned.length - 1]) : undefined;
    return { items: rows, ...(last ? { cursor: encodePlace(last) } : {}) };
  },
};
