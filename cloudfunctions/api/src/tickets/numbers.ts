import type { TicketKind } from '../../../../typings/tickets';
import { database, writing } from '../db';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { NUMBER_PREFIX } from './model';

interface TransactionDoc {
  get(): Promise<{ data: { value?: number } | null }>;
  set(options: { data: Record<string, unknown> }): Promise<unknown>;
}
interface Transaction {
  collection(name: string): { doc(id: string): TransactionDoc };
}

/**
 * A number people can quote on the phone: a prefix, the China date and a daily sequence per
 * community and prefix, e.g. `BX20261123-0007`. The counter is read and bumped in one
 * transaction, so two records never share a number.
 */
export async function nextDailyNumber(communityId: string, prefix: string, now: Date): Promise<string> {
  const day = chinaDate(now).replace(/-/g, '');
  const key = `${communityId}:${prefix}:${day}`;
  const sequence = (await writing('counters', () => database().runTransaction(async (transaction: Transaction) => {
    const counter = transaction.collection('counters').doc(key);
    const current = await counter.get().then(
      (found) => found.data?.value ?? 0,
      () => 0,
    );
    await counter.set({ data: { value: current + 1 } });
    return current + 1;
  }))) as number;
  return `${prefix}${day}-${String(sequence).padStart(4, '0')}`;
}

export function nextTicketNumber(communityId: string, kind: TicketKind, now: Date): Promise<string> {
  return nextDailyNumber(communityId, NUMBER_PREFIX[kind], now);
}
