import type { TicketKind } from '../../../../typings/tickets';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { command, find } from '../db';
import type { Transaction } from '../transaction';
import { NUMBER_PREFIX } from './model';

interface CounterDocument {
  value: number;
}

const dayOf = (now: Date): string => chinaDate(now).replace(/-/g, '');
const format = (prefix: string, day: string, sequence: number): string => `${prefix}${day}-${String(sequence).padStart(4, '0')}`;

/**
 * A number people can quote on the phone: a prefix, the China date and a daily sequence per
 * community and prefix, e.g. `XK20261123-0007`. It is taken inside the transaction that stores
 * the record it numbers: if that record is not stored, neither is the counter's step, so numbers
 * are unique and have no gaps, however many are taken at once.
 */
export async function takeDailyNumber(transaction: Transaction, communityId: string, prefix: string, now: Date): Promise<string> {
  const day = dayOf(now);
  const key = `${communityId}:${prefix}:${day}`;
  const sequence = ((await transaction.get<CounterDocument>('counters', key))?.value ?? 0) + 1;
  await transaction.set('counters', key, { value: sequence });
  return format(prefix, day, sequence);
}

/** A ticket number to try: stored with its ticket, or refused by the unique index when another took it first. */
export interface TicketNumber {
  key: string;
  sequence: number;
  number: string;
}

/**
 * Ticket numbers need no counter: the tickets are their own. The unique index on
 * (communityId, number) lets one ticket have each number, and a number is tried only as the day's
 * highest plus one, so a ticket stored is the next number and a ticket not stored took none:
 * unique and gap-free, as with a counter, with one write instead of a transaction of six.
 *
 * The day's highest is read from the index, or known from this instance's last ticket of the day
 * (numbers are never removed, so what it knows is never above the highest: a guess can only be
 * refused, never leave a gap).
 */
const lastStored = new Map<string, number>();

async function highestOfDay(communityId: string, prefix: string, day: string): Promise<number> {
  const _ = command();
  const head = `${prefix}${day}-`;
  const [last] = await find<{ number: string }>(
    'tickets',
    // Every number of that prefix and day, and nothing else: '.' sorts right after '-'.
    { communityId, number: _.gte(head).and(_.lt(`${prefix}${day}.`)) },
    { orderBy: [['number', 'desc']], limit: 1, fields: ['number'] },
  );
  return last ? Number(last.number.slice(head.length)) : 0;
}

/** The number to try next; `fresh` reads the day's highest again (after a refusal, or in a transaction). */
export async function nextTicketNumber(communityId: string, kind: TicketKind, now: Date, fresh: boolean): Promise<TicketNumber> {
  const prefix = NUMBER_PREFIX[kind];
  const day = dayOf(now);
  const key = `${communityId}:${prefix}:${day}`;
  const known = fresh ? undefined : lastStored.get(key);
  const sequence = (known ?? (await highestOfDay(communityId, prefix, day))) + 1;
  return { key, sequence, number: format(prefix, day, sequence) };
}

/** The ticket with `taken` is stored: the next one of the day in this instance tries the number after. */
export function ticketNumberStored(taken: TicketNumber): void {
  // One instance serves a few communities a day: yesterday's entries are not kept for long.
  if (lastStored.size > 500) lastStored.clear();
  lastStored.set(taken.key, taken.sequence);
}

/** Another ticket holds that number (or a retry's ticket holds it already): forget the guess. */
export function ticketNumberRefused(tried: TicketNumber): void {
  lastStored.delete(tried.key);
}
