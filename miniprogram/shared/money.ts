/**
 * Money is integer fen (1/100 yuan) and quantities are integer hundredths (m² × 100, count × 100)
 * on both sides: text is turned into integers by string handling, and integers into text by
 * integer arithmetic, so nothing is ever rounded by floating point.
 */

/** Fen to yuan with two decimals: `8000` → `80.00`, `-1050` → `-10.50`. */
export function yuan(fen: number): string {
  return `${fen < 0 ? '-' : ''}${hundredths(Math.abs(fen), 'fixed')}`;
}

/** Fen as a price, `¥80.00`. */
export function yuanLabel(fen: number): string {
  return `¥${yuan(fen)}`;
}

/** A price per unit (明码标价), `¥80.00/次`, `¥2.50/㎡·月`. */
export function unitPrice(fen: number, unit: string): string {
  return `${yuanLabel(fen)}/${unit}`;
}

/**
 * How a non-negative count of hundredths reads: `fixed` always with two decimals (`89.50`, `1.00`),
 * `short` whole numbers without them (`89.50`, `1`), `trimmed` without trailing zeros (`89.5`, `1`).
 */
export type HundredthsStyle = 'fixed' | 'short' | 'trimmed';

export function hundredths(value: number, style: HundredthsStyle): string {
  const whole = Math.floor(value / 100);
  const rest = value % 100;
  if (rest === 0 && style !== 'fixed') return String(whole);
  const decimals = String(rest).padStart(2, '0');
  return `${whole}.${style === 'trimmed' ? decimals.replace(/0$/, '') : decimals}`;
}

/** Floor area as people write it: `89.50 m²`, `56 m²`. */
export function areaLabel(centi: number): string {
  return `${hundredths(centi, 'short')} m²`;
}

export type HundredthsProblem = 'empty' | 'format' | 'decimals' | 'size';

/**
 * A typed decimal (`12.5`, `0.05`, `89.50`) as integer hundredths, by string handling only: at most
 * two decimals and `maxWholeDigits` digits before the point; signs and anything but digits and one
 * point are a `format` problem.
 */
export function parseHundredths(text: string, maxWholeDigits: number): { value: number } | { problem: HundredthsProblem } {
  const trimmed = text.trim();
  if (!trimmed) return { problem: 'empty' };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(trimmed);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return { problem: 'format' };
  const whole = match[1].replace(/^0+(?=\d)/, '');
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return { problem: 'decimals' };
  if (whole.length > maxWholeDigits) return { problem: 'size' };
  return { value: Number(whole || '0') * 100 + Number(decimals.padEnd(2, '0')) };
}

/** Nine digits of yuan keeps every sum of fen far inside the exact integer range. */
const MAX_YUAN_DIGITS = 9;

/** Yuan typed as text (`¥1,200.50` too) to integer fen, or the sentence saying what is wrong. */
export function parseYuan(text: string): { fen: number } | { error: string } {
  const parsed = parseHundredths(text.trim().replace(/^¥/, '').replace(/,/g, ''), MAX_YUAN_DIGITS);
  if ('value' in parsed) return { fen: parsed.value };
  switch (parsed.problem) {
    case 'empty':
      return { error: '请填写金额' };
    case 'format':
      return { error: `“${text}”不是有效的金额，如 2.50` };
    case 'decimals':
      return { error: `金额最多两位小数（到分）：${text}` };
    case 'size':
      return { error: `金额过大：${text}` };
  }
}

function exact(value: number, what: string): number {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${what} out of range`);
  return value;
}

/** Price × a whole quantity, exact to the fen. */
export function timesFen(priceFen: number, quantity: number): number {
  return exact(priceFen * quantity, 'amount');
}

/**
 * Price × a quantity in hundredths (a bill line: floor area × price per m²), rounded half up to the
 * fen — the one rounding rule, applied per line.
 */
export function lineAmountFen(priceFen: number, quantityCenti: number): number {
  return Math.floor((exact(priceFen * quantityCenti, 'amount') + 50) / 100);
}

export function sumFen(amounts: readonly number[]): number {
  return exact(
    amounts.reduce((sum, amount) => sum + amount, 0),
    'total',
  );
}
