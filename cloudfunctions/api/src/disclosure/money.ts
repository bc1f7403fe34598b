import type { FeeUnit } from '../../../../typings/disclosure';

/**
 * Money is integer fen everywhere; quantities are hundredths (m² × 100 or count × 100). The one
 * rounding rule: an amount of price × quantity is rounded half up to the fen, per bill line.
 */
export function lineAmountFen(priceFen: number, quantityCenti: number): number {
  const hundredths = priceFen * quantityCenti;
  if (!Number.isSafeInteger(hundredths)) throw new RangeError('amount out of range');
  return Math.floor((hundredths + 50) / 100);
}

export function sumFen(amounts: number[]): number {
  const total = amounts.reduce((sum, amount) => sum + amount, 0);
  if (!Number.isSafeInteger(total)) throw new RangeError('total out of range');
  return total;
}

/** What a bill line counts for one unit: its floor area for per-m² fees, else one. */
export function quantityCentiFor(unit: FeeUnit, areaCenti: number): number {
  return unit === 'm2-month' ? areaCenti : 100;
}

/** `12345` → `123.45`, for texts such as messages; pages format on their side. */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
