/**
 * The platform's rules for subscribe-message field values ("订阅消息参数值内容限制说明"), by the kind
 * a template declares for each key (`thing1` → `thing`). Lengths count characters (code points),
 * so a Chinese character counts once.
 */

export const FIELD_KINDS = [
  'thing',
  'number',
  'letter',
  'symbol',
  'character_string',
  'time',
  'date',
  'amount',
  'phone_number',
  'car_number',
  'name',
  'phrase',
] as const;

export type FieldKind = (typeof FIELD_KINDS)[number];

export function isFieldKind(kind: string): kind is FieldKind {
  return (FIELD_KINDS as readonly string[]).includes(kind);
}

const HAN = /\p{Script=Han}/u;
// "Symbols" are Unicode punctuation and symbols (`-`, `+`, `#`, `：`, `¥`, …).
const SYMBOLS = /^[\p{P}\p{S}]{1,5}$/u;
const CHARACTER_STRING = /^[A-Za-z0-9\p{P}\p{S}]{1,32}$/u;
const PHONE_NUMBER = /^[0-9\p{P}\p{S}]{1,17}$/u;
const LATIN_NAME = /^[A-Za-z \p{P}\p{S}]+$/u;

const rules: Record<FieldKind, (value: string, length: number) => string | null> = {
  thing: (_v, length) => (length <= 20 ? null : 'must be at most 20 characters'),
  number: (v) => (/^\d+(\.\d+)?$/.test(v) && v.length <= 32 ? null : 'must be a number of at most 32 digits'),
  letter: (v) => (/^[A-Za-z]{1,32}$/.test(v) ? null : 'must be at most 32 letters'),
  symbol: (v) => (SYMBOLS.test(v) ? null : 'must be at most 5 symbols'),
  character_string: (v) => (CHARACTER_STRING.test(v) ? null : 'must be at most 32 letters, digits or symbols'),
  time: (v) => (momentsIn(v)?.every((m) => m.hasTime) ? null : 'must be a 24-hour time, optionally after a date (15:01, 2019年10月1日 15:01)'),
  date: (v) => (momentsIn(v)?.every((m) => m.hasDate) ? null : 'must be a date, optionally with a 24-hour time (2019年10月1日, 2019-10-01 15:01)'),
  amount: (v) =>
    /^\p{Sc}?\d{1,10}(\.\d{1,2})?元?$/u.test(v) ? null : 'must be one currency symbol and at most 10 digits (¥100.00)',
  phone_number: (v) => (PHONE_NUMBER.test(v) ? null : 'must be at most 17 digits or symbols'),
  car_number: (v, length) =>
    length <= 8 && /^[\p{Script=Han}A-Za-z0-9]([A-Za-z0-9]*[\p{Script=Han}A-Za-z0-9])?$/u.test(v)
      ? null
      : 'must be a plate of at most 8 characters (粤A8Z888挂)',
  name: (v, length) => {
    // A name with any Chinese character counts as a Chinese name.
    if (HAN.test(v)) return /^[\p{Script=Han}A-Za-z·]+$/u.test(v) && length <= 10 ? null : 'must be at most 10 Chinese characters';
    return LATIN_NAME.test(v) && length <= 20 ? null : 'must be at most 20 letters';
  },
  phrase: (v) => (/^\p{Script=Han}{1,5}$/u.test(v) ? null : 'must be at most 5 Chinese characters'),
};

/** Why `value` breaks the rule for `kind`, or null when WeChat would accept it. */
export function fieldValueProblem(kind: FieldKind, value: string): string | null {
  if (value.length === 0) return 'is empty';
  return rules[kind](value, [...value].length);
}

const CHINESE_DATE = /^(\d{4})年(\d{1,2})月(\d{1,2})日/;
const NUMERIC_DATE = /^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?=\s|$)/;
const TIME = /^([01]?\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;

interface Moment {
  hasDate: boolean;
  hasTime: boolean;
}

/** A date and/or time, or a range of two joined by `~`; null when any part is malformed. */
function momentsIn(value: string): Moment[] | null {
  const parts = value.split('~');
  if (parts.length > 2) return null;
  const moments = parts.map(momentOf);
  return moments.every((m): m is Moment => m !== null) ? moments : null;
}

function momentOf(text: string): Moment | null {
  let rest = text.trim();
  const date = leadingDate(rest);
  if (date) {
    if (!isCalendarDate(date.year, date.month, date.day)) return null;
    rest = rest.slice(date.length).trim();
  }
  if (!rest) return date ? { hasDate: true, hasTime: false } : null;
  return TIME.test(rest) ? { hasDate: date !== null, hasTime: true } : null;
}

function leadingDate(text: string): { length: number; year: number; month: number; day: number } | null {
  const chinese = CHINESE_DATE.exec(text);
  if (chinese) return { length: chinese[0].length, year: +chinese[1], month: +chinese[2], day: +chinese[3] };
  const numeric = NUMERIC_DATE.exec(text);
  if (numeric) return { length: numeric[0].length, year: +numeric[1], month: +numeric[3], day: +numeric[4] };
  return null;
}

function isCalendarDate(year: number, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}
