/**
 * How disclosures (物业服务双晒) and bills read to owners, shared by the board, the notice detail
 * and the bill page. Money is integer fen throughout and formatted with integer arithmetic only;
 * WXML cannot look labels up in maps, so pages turn notices into these views before `setData`.
 */
import type {
  Bill,
  BillItem,
  Disclosure,
  DisclosureChange,
  DisclosureKind,
  FeeCategory,
  FeeUnit,
  LedgerEntry,
  LedgerTotals,
} from '../../../typings/disclosure';
import { formatDateTime } from '../../utils/time';
import { yuan } from '../ticket/format';

export const KIND_LABELS: Record<DisclosureKind, string> = {
  'service-standard': '服务标准',
  'fee-standard': '收费标准',
  'common-income': '共有部分经营收益收支',
  'fund-statement': '酬金制资金收支',
};

/** The order of the board's sections. */
export const KIND_ORDER: DisclosureKind[] = ['service-standard', 'fee-standard', 'common-income', 'fund-statement'];

export const CATEGORY_LABELS: Record<FeeCategory, string> = {
  property: '物业服务费',
  parking: '停车服务费',
  'paid-service': '有偿服务',
};

/** What a price is counted per: `¥2.50/㎡·月`. */
export const UNIT_LABELS: Record<FeeUnit, string> = {
  'm2-month': '㎡·月',
  month: '月',
  time: '次',
  'space-month': '个·月',
};

/** What a bill's quantity counts: floor area, months, uses, parking spaces. */
const QUANTITY_UNITS: Record<FeeUnit, string> = {
  'm2-month': '㎡',
  month: '个月',
  time: '次',
  'space-month': '个',
};

/** The published standard of a fee: `¥2.50/㎡·月`. */
export function standardLabel(priceFen: number, unit: FeeUnit): string {
  return `¥${yuan(priceFen)}/${UNIT_LABELS[unit]}`;
}

/** Hundredths to a decimal, integers only: `8950` → `89.50`; whole counts stay whole (`100` → `1`) except floor area. */
export function quantityLabel(quantityCenti: number, unit: FeeUnit): string {
  const whole = Math.floor(quantityCenti / 100);
  const rest = quantityCenti % 100;
  const number = unit !== 'm2-month' && rest === 0 ? String(whole) : `${whole}.${String(rest).padStart(2, '0')}`;
  return `${number}${QUANTITY_UNITS[unit]}`;
}

/** `2026-11` → `2026年11月`. */
export function monthLabel(period: string): string {
  const match = /^(\d{4})-(\d{2})$/.exec(period);
  return match ? `${match[1]}年${Number(match[2])}月` : period;
}

export interface ServiceRow {
  key: string;
  item: string;
  standard: string;
}

export interface FeeRow {
  key: string;
  name: string;
  categoryLabel: string;
  /** `¥2.50/㎡·月` */
  standard: string;
  basis: string;
  note: string;
}

export interface EntryRow {
  key: string;
  date: string;
  directionLabel: string;
  income: boolean;
  category: string;
  /** `+¥1200.00` or `-¥300.00` */
  amount: string;
  note: string;
}

export interface TotalsView {
  income: string;
  expense: string;
  balance: string;
  negative: boolean;
}

export interface NoticeView {
  id: string;
  seriesId: string;
  kind: DisclosureKind;
  kindLabel: string;
  title: string;
  period: string;
  version: number;
  /** A later version corrected an earlier one: 已更正 with its note. */
  corrected: boolean;
  correctionNote: string;
  publishedAt: string;
  services: ServiceRow[];
  fees: FeeRow[];
  /** Income and expense statements only. */
  ledger: boolean;
  totals: TotalsView | null;
  entries: EntryRow[];
}

/** Totals as the server computed them; computed here (in fen) only if an answer lacks them. */
function totalsOf(entries: LedgerEntry[], totals?: LedgerTotals): LedgerTotals {
  if (totals) return totals;
  let incomeFen = 0;
  let expenseFen = 0;
  for (const entry of entries) {
    if (entry.direction === 'income') incomeFen += entry.amountFen;
    else expenseFen += entry.amountFen;
  }
  return { incomeFen, expenseFen, balanceFen: incomeFen - expenseFen };
}

function entryRow(entry: LedgerEntry, index: number): EntryRow {
  const income = entry.direction === 'income';
  return {
    key: `${index}`,
    date: entry.date,
    directionLabel: income ? '收入' : '支出',
    income,
    category: entry.category,
    amount: `${income ? '+' : '-'}¥${yuan(entry.amountFen)}`,
    note: entry.note,
  };
}

export function noticeView(notice: Disclosure): NoticeView {
  const content = notice.content;
  const view: NoticeView = {
    id: notice.id,
    seriesId: notice.seriesId,
    kind: content.kind,
    kindLabel: KIND_LABELS[content.kind],
    title: notice.title,
    period: notice.period,
    version: notice.version,
    corrected: notice.version > 1,
    correctionNote: notice.correctionNote ?? '',
    publishedAt: notice.publishedAt ? formatDateTime(notice.publishedAt) : '',
    services: [],
    fees: [],
    ledger: false,
    totals: null,
    entries: [],
  };
  switch (content.kind) {
    case 'service-standard':
      view.services = content.items.map((item, index) => ({ key: `${index}`, item: item.item, standard: item.standard }));
      break;
    case 'fee-standard':
      view.fees = content.items.map((item, index) => ({
        key: `${index}`,
        name: item.name,
        categoryLabel: CATEGORY_LABELS[item.category],
        standard: standardLabel(item.priceFen, item.unit),
        basis: item.basis,
        note: item.note,
      }));
      break;
    case 'common-income':
    case 'fund-statement': {
      const totals = totalsOf(content.entries, notice.totals);
      const sorted = content.entries.map((entry, index) => ({ entry, index })).sort((a, b) => (a.entry.date < b.entry.date ? -1 : a.entry.date > b.entry.date ? 1 : a.index - b.index));
      view.ledger = true;
      view.totals = {
        income: yuan(totals.incomeFen),
        expense: yuan(totals.expenseFen),
        balance: yuan(totals.balanceFen),
        negative: totals.balanceFen < 0,
      };
      view.entries = sorted.map(({ entry, index }) => entryRow(entry, index));
      break;
    }
  }
  return view;
}

export interface ChangeRow {
  key: string;
  label: string;
  changeLabel: string;
  theme: 'success' | 'danger' | 'warning';
  before: string;
  after: string;
}

const CHANGE_LABELS: Record<DisclosureChange['change'], { label: string; theme: ChangeRow['theme'] }> = {
  added: { label: '新增', theme: 'success' },
  removed: { label: '删除', theme: 'danger' },
  changed: { label: '修改', theme: 'warning' },
};

export function changeRow(change: DisclosureChange, index: number): ChangeRow {
  const look = CHANGE_LABELS[change.change];
  return { key: `${index}`, label: change.label, changeLabel: look.label, theme: look.theme, before: change.before ?? '', after: change.after ?? '' };
}

export interface BillLine {
  key: string;
  name: string;
  /** `¥2.50/㎡·月 × 89.50㎡ = ¥223.75` */
  formula: string;
}

export interface BillView {
  id: string;
  unitLabel: string;
  period: string;
  periodLabel: string;
  lines: BillLine[];
  total: string;
  paid: boolean;
  statusLabel: string;
  statusTheme: 'warning' | 'success';
  receiptNo: string;
  paidAt: string;
}

function billLine(item: BillItem, index: number): BillLine {
  return {
    key: `${index}`,
    name: item.name,
    formula: `${standardLabel(item.priceFen, item.unit)} × ${quantityLabel(item.quantityCenti, item.unit)} = ¥${yuan(item.amountFen)}`,
  };
}

export function billView(bill: Bill): BillView {
  const paid = bill.status === 'paid';
  return {
    id: bill.id,
    unitLabel: bill.unitLabel,
    period: bill.period,
    periodLabel: monthLabel(bill.period),
    lines: bill.items.map(billLine),
    total: yuan(bill.totalFen),
    paid,
    statusLabel: paid ? '已缴' : '待缴',
    statusTheme: paid ? 'success' : 'warning',
    receiptNo: bill.receiptNo ?? '',
    paidAt: bill.paidAt ? formatDateTime(bill.paidAt) : '',
  };
}
