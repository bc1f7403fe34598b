/** Trimmed text within [min, max] characters, or the sentence telling the user what is missing. */
export function checkText(value: string, [min, max]: readonly [number, number], what: string): string | undefined {
  const length = Array.from(value.trim()).length;
  if (length === 0) return `请填写${what}`;
  if (length < min) return `${what}至少 ${min} 个字`;
  if (length > max) return `${what}不能超过 ${max} 个字`;
  return undefined;
}
