/** Small figures the product benches share. */

/** An instant in ms, from a Date or an ISO string (documents read through the SDK hold either). */
export const time = (value: unknown): number => (value instanceof Date ? value.getTime() : new Date(value as string).getTime());

/** The q-quantile of times already sorted ascending (nearest rank). */
export const pct = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

export const median = (values: number[]): number => pct([...values].sort((a, b) => a - b), 0.5);
