/** Patterns both the pages and the cloud function's schemas check. */
import { LIMITS, textLength } from './limits';

/** A mainland China mobile number, 11 digits. */
export const MOBILE = /^1[3-9]\d{9}$/;

/** The characters of a person's name as people write it: Han characters (any plane), Latin letters, the middle dot, spaces. */
export const PERSON_NAME_CHARACTERS = /^[\p{Script=Han}A-Za-z·\s]+$/u;

/** 统一社会信用代码 (GB 32100): 18 characters, on the contractor's business licence. */
export const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** What a page says when a name is missing, of the wrong length, or has other characters. */
export interface NameMessages {
  missing: string;
  length: string;
  characters: string;
}

/** The sentence for what is wrong with a person's name, or '' when the cloud accepts it. */
export function checkPersonName(name: string, messages: NameMessages): string {
  const length = textLength(name);
  const [min, max] = LIMITS.personName;
  if (length === 0) return messages.missing;
  if (length < min || length > max) return messages.length;
  if (!PERSON_NAME_CHARACTERS.test(name.trim())) return messages.characters;
  return '';
}

/** Whether the cloud would take `name` as a person's name. */
export function isPersonName(name: string): boolean {
  return checkPersonName(name, { missing: '-', length: '-', characters: '-' }) === '';
}
