/** Masked forms shown to staff by default (seed 000 (七)): enough to recognise, not to use. */

/** `张伟` → `张*`, `欧阳娜娜` → `欧***`. */
export function maskName(name: string): string {
  const chars = Array.from(name);
  if (chars.length === 0) return '';
  return chars[0] + '*'.repeat(Math.max(1, chars.length - 1));
}

/** `13800000001` → `138****0001`; short numbers keep only their last two digits. */
export function maskPhone(phone: string): string {
  if (phone.length >= 7) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  return `${'*'.repeat(Math.max(0, phone.length - 2))}${phone.slice(-2)}`;
}
