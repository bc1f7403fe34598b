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

/**
 * The most one bill may ask for, per line and in total: ¥1,000,000. A published price times a
 * roster's floor area can exceed any sane bill (the price schema allows ¥100,000,000 for, say, a
 * parking space sold outright); such a bill is refused, not issued.
 */
export const MAX_BILL_FEN = 100_000_000;

/** The line's amount, or undefined when it is beyond what one bill may ask for. */
export function billLineFen(priceFen: number, quantityCenti: number): number | undefined {
  const hundredths = priceFen * quantityCenti;
  if (!Number.isSafeInteger(hundredths)) return undefined;
  const amount = lineAmountFen(priceFen, quantityCenti);
  return amount <= MAX_BILL_FEN ? amount : undefined;
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
