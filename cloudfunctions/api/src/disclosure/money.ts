import type { FeeUnit } from '../../../../typings/disclosure';

/**
 * What a bill line counts for one unit, in hundredths: its floor area for per-m² fees, else one.
 * The arithmetic on money is exact and lives in miniprogram/shared/money.ts.
 */
export function quantityCentiFor(unit: FeeUnit, areaCenti: number): number {
  return unit === 'm2-month' ? areaCenti : 100;
}
