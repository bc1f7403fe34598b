import type { PeriodTarget } from '../../../../typings/events';
import { chinaDate } from '../../../../miniprogram/shared/time';
import type { Caller } from '../caller';
import { find, type Where } from '../db';
import type { BindingDocument } from '../residents/bindings';

/** At most this many homes of one owner are read: a person owns a few. */
export const OWNER_HOMES = 20;

/** The caller's approved bindings as an owner: the communities whose activities, meetings and surveys reach them. */
export const ownerHomesWhere = (openid: string): Where => ({ openid, status: 'approved', relation: 'owner' });

export async function ownerHomes(openid: string): Promise<BindingDocument[]> {
  return find<BindingDocument>('bindings', ownerHomesWhere(openid), { limit: OWNER_HOMES });
}

export const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

/** The start of a China calendar year, as an instant. */
export const yearStart = (year: number): Date => new Date(`${year}-01-01T00:00:00+08:00`);

/**
 * Seed 002 §6's targets for this year so far: periods of `months` months (3: quarters, 6: halves),
 * each met when at least one of `held` (China dates of what took place) falls in it, missed once
 * it is over without one, open while it runs.
 */
export function periodTargets(now: Date, months: 3 | 6, held: readonly Date[]): PeriodTarget[] {
  const today = chinaDate(now);
  const year = Number(today.slice(0, 4));
  const current = Math.floor((Number(today.slice(5, 7)) - 1) / months);
  const targets: PeriodTarget[] = [];
  for (let period = 0; period <= current; period += 1) {
    const count = held.filter((at) => {
      const day = chinaDate(at);
      return Number(day.slice(0, 4)) === year && Math.floor((Number(day.slice(5, 7)) - 1) / months) === period;
    }).length;
    const label = months === 3 ? `${year} 年第 ${period + 1} 季度` : `${year} 年${period === 0 ? '上' : '下'}半年`;
    targets.push({ label, count, state: count > 0 ? 'met' : period < current ? 'missed' : 'open' });
  }
  return targets;
}
