import type { TicketKind } from '../../../../typings/tickets';
import { chinaDate } from '../../../../miniprogram/shared/time';
import type { Transaction } from '../transaction';
import { NUMBER_PREFIX } from './model';

interface CounterDocument {
  value: number;
}

/**
 * A number people can quote on the phone: a prefix, the China date and a daily sequence per
 * community and prefix, e.g. `BX20261123-0007`. It is taken inside the transaction that stores
 * the record it numbers: if that record is not stored, neither is the counter's step, so numbers
 * are unique and have no gaps, however many are taken at once.
 */
export async function takeDailyNumber(transaction: Transaction, communityId: string, prefix: string, now: Date): Promise<string> {
  const day = chinaDate(now).replace(/-/g, '');
  const key = `${communityId}:${prefix}:${day}`;
  const sequence = ((await transaction.get<CounterDocument>('counters', key))?.value ?? 0) + 1;
  await transaction.set('counters', key, { value: sequence });
  return `${prefix}${day}-${String(sequence).padStart(4, '0')}`;
}

export function takeTicketNumber(transaction: Transaction, communityId: string, kind: TicketKind, now: Date): Promise<string> {
  return takeDailyNumber(transaction, communityId, NUMBER_PREFIX[kind], now);
}
