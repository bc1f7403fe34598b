import { z } from 'zod';
import type { DisclosureChange, DisclosureContent, LedgerEntry, LedgerTotals } from '../../../../typings/disclosure';
import { FEE_UNIT_LABELS } from '../../../../miniprogram/shared/labels';
import { sumFen, yuanLabel } from '../../../../miniprogram/shared/money';
import { calendarDate, text } from '../validation';

const fen = z.number().int('金额须精确到分').min(0, '金额不能为负').max(10_000_000_000, '金额过大');

const ledgerEntry = z.strictObject({
  date: calendarDate,
  direction: z.enum(['income', 'expense']),
  category: text(1, 30),
  amountFen: fen.min(1, '金额须大于 0'),
  note: text(0, 100),
});

/** Every kind's rows, bounded so a notice stays a notice. */
export const contentSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('service-standard'),
    items: z.array(z.strictObject({ item: text(1, 40), standard: text(1, 300) })).min(1).max(100),
  }),
  z.strictObject({
    kind: z.literal('fee-standard'),
    items: z
      .array(
        z.strictObject({
          name: text(1, 40),
          category: z.enum(['property', 'parking', 'paid-service']),
          priceFen: fen,
          unit: z.enum(['m2-month', 'month', 'time', 'space-month']),
          basis: text(2, 100),
          note: text(0, 100),
          code: z.string().regex(/^[a-z][a-z0-9-]{1,29}$/, '项目代码为 2–30 位小写字母、数字或 -').optional(),
          urgency: z.enum(['urgent', 'routine']).optional(),
        }),
      )
      .min(1)
      .max(100)
      .refine((items) => new Set(items.map((item) => item.name)).size === items.length, '收费项目名称不能重复')
      .refine((items) => items.every((item) => !item.code || item.category === 'paid-service'), '只有有偿服务项目可以填写维修项目代码')
      .refine((items) => {
        const codes = items.flatMap((item) => (item.code ? [item.code] : []));
        return new Set(codes).size === codes.length;
      }, '项目代码不能重复'),
  }),
  z.strictObject({ kind: z.literal('common-income'), entries: z.array(ledgerEntry).min(1).max(2000) }),
  z.strictObject({ kind: z.literal('fund-statement'), entries: z.array(ledgerEntry).min(1).max(2000) }),
]);

/** Totals and balance of a statement, computed here and never typed in. */
export function ledgerTotals(entries: LedgerEntry[]): LedgerTotals {
  const incomeFen = sumFen(entries.filter((entry) => entry.direction === 'income').map((entry) => entry.amountFen));
  const expenseFen = sumFen(entries.filter((entry) => entry.direction === 'expense').map((entry) => entry.amountFen));
  return { incomeFen, expenseFen, balanceFen: incomeFen - expenseFen };
}

export function totalsOf(content: DisclosureContent): LedgerTotals | undefined {
  return content.kind === 'common-income' || content.kind === 'fund-statement' ? ledgerTotals(content.entries) : undefined;
}

/** Each row as a labelled line, so two versions compare row by row. */
function lines(content: DisclosureContent): Map<string, string> {
  switch (content.kind) {
    case 'service-standard':
      return new Map(content.items.map((item) => [item.item, item.standard]));
    case 'fee-standard':
      return new Map(
        content.items.map((item) => [item.name, `${yuanLabel(item.priceFen)}/${FEE_UNIT_LABELS[item.unit].per}；依据：${item.basis}${item.note ? `；${item.note}` : ''}`]),
      );
    default: {
      const counted = new Map<string, number>();
      return new Map(
        content.entries.map((entry) => {
          const base = `${entry.date} ${entry.direction === 'income' ? '收入' : '支出'} ${entry.category}${entry.note ? `（${entry.note}）` : ''}`;
          const seen = (counted.get(base) ?? 0) + 1;
          counted.set(base, seen);
          return [seen > 1 ? `${base} #${seen}` : base, yuanLabel(entry.amountFen)];
        }),
      );
    }
  }
}

/** What differs between two versions: rows added, removed or changed. */
export function differences(before: DisclosureContent, after: DisclosureContent): DisclosureChange[] {
  const old = lines(before);
  const now = lines(after);
  const changes: DisclosureChange[] = [];
  for (const [label, value] of old) {
    if (!now.has(label)) changes.push({ change: 'removed', label, before: value });
    else if (now.get(label) !== value) changes.push({ change: 'changed', label, before: value, after: now.get(label) });
  }
  for (const [label, value] of now) if (!old.has(label)) changes.push({ change: 'added', label, after: value });
  return changes;
}
