import type { FeeUnit } from '../../../../typings/disclosure';
import { lineAmountFen } from '../../../../miniprogram/shared/money';

/**
 * The most one bill may ask for, per line and in total: ¥1,000,000. A published price times a
 * roster's floor area can exceed any sane bill (the price schema allows ¥100,000,000 for, say, a
 * parking space sold outright); such a bill is refused, not issued. The arithmetic on money is
 * exact and lives in miniprogram/shared/money.ts.
 */
export const MAX_BILL_FEN = 100_000_000;

/** The line's amount, or undefined when it is beyond what one bill may ask for. */
export function billLineFen(priceFen: number, quantityCenti: number): number | undefined {
  if (!Number.isSafeInteger(priceFen * quantityCenti)) return undefined;
  const amount = lineAmountFen(priceFen, quantityCenti);
  return amount <= MAX_BILL_FEN ? amount : undefined;
}

/** What a bill line counts for one unit, in hundredths: its floor area for per-m² fees, else one. */
export function quantityCentiFor(unit: FeeUnit, areaCenti: number): number {
  return unit === 'm2-month' ? areaCenti : 100;
}
