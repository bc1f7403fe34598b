/**
 * Bounds on the shape of a call's data, checked before anything else reads it: nesting, number
 * of values and text size. The deepest real input (a disclosure's rows) is 6 levels; the largest
 * (a ledger of 2,000 rows) about 14,000 values and 600 KB. Walked without recursion, so a hostile
 * call cannot exhaust the stack of the check itself.
 */
export const INPUT_LIMITS = { depth: 16, values: 50_000, characters: 2_000_000 } as const;

/** Why `event` is out of bounds, as a sentence for the caller; undefined when it is within them. */
export function inputProblem(event: unknown): string | undefined {
  const pending: [value: unknown, depth: number][] = [[event, 0]];
  let values = 0;
  let characters = 0;
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    values += 1;
    if (values > INPUT_LIMITS.values) return '输入有误：内容条目过多';
    if (typeof value === 'string') characters += value.length;
    if (value === null || typeof value !== 'object') continue;
    if (depth >= INPUT_LIMITS.depth) return '输入有误：内容层级过深';
    if (Array.isArray(value)) {
      for (const item of value) pending.push([item, depth + 1]);
    } else {
      for (const [key, item] of Object.entries(value)) {
        characters += key.length;
        pending.push([item, depth + 1]);
      }
    }
    if (characters > INPUT_LIMITS.characters) return '输入有误：内容过大';
  }
  return characters > INPUT_LIMITS.characters ? '输入有误：内容过大' : undefined;
}
