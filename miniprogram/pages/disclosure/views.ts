/**
 * How disclosures (物业服务双晒) and bills read to owners, shared by the board, the notice detail
 * and the bill page: WXML cannot look labels up in maps or format money and time, so pages turn
 * notices and bills into these views before `setData`.
 */
import type { DisclosureAction } from '../../../typings/actions';
import type { Bill, BillItem, BillStatus, Disclosure, DisclosureChange, DisclosureKind, FeeUnit, LedgerEntry } from '../../../typings/disclosure';
import { DISCLOSURE_KIND_LABELS, FEE_CATEGORY_LABELS, FEE_UNIT_LABELS, PAYMENT_CHANNEL_LABELS } from '../../shared/labels';
import { hundredths, unitPrice, yuan, yuanLabel } from '../../shared/money';
import { chinaMinute, monthLabel } from '../../shared/time';
import { canOf } from '../../utils/actions';

/** The order of the board's sections. */
export const KIND_ORDER: DisclosureKind[] = ['service-standard', 'fee-standard', 'common-income', 'fund-statement'];

/** The published standard of a fee: `¥2.50/㎡·月`. */
export function standardLabel(priceFen: number, unit: FeeUnit): string {
  return unitPrice(priceFen, FEE_UNIT_LABELS[unit].per);
}

/** A bill line's quantity: floor area with two decimals (`89.50㎡`), whole counts as they are (`1个月`). */
function quantityLabel(quantityCenti: number, unit: FeeUnit): string {
  return `${hundredths(quantityCenti, unit === 'm2-month' ? 'fixed' : 'short')}${FEE_UNIT_LABELS[unit].quantity}`;
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
  can: Partial<Record<DisclosureAction, boolean>>;
}

function entryRow(entry: LedgerEntry, index: number): EntryRow {
  const income = entry.direction === 'income';
  return {
    key: `${index}`,
    date: entry.date,
    directionLabel: income ? '收入' : '支出',
    income,
    category: entry.category,
    amount: `${income ? '+' : '-'}${yuanLabel(entry.amountFen)}`,
    note: entry.note,
  };
}

export function noticeView(notice: Disclosure): NoticeView {
  const content = notice.content;
  const view: NoticeView = {
    id: notice.id,
    seriesId: notice.seriesId,
    kind: content.kind,
    kindLabel: DISCLOSURE_KIND_LABELS[content.kind],
    title: notice.title,
    period: notice.period,
    version: notice.version,
    corrected: notice.version > 1,
    correctionNote: notice.correctionNote ?? '',
    publishedAt: chinaMinute(notice.publishedAt),
    services: [],
    fees: [],
    ledger: false,
    totals: null,
    entries: [],
    can: canOf(notice.allowed),
  };
  switch (content.kind) {
    case 'service-standard':
      view.services = content.items.map((item, index) => ({ key: `${index}`, item: item.item, standard: item.standard }));
      break;
    case 'fee-standard':
      view.fees = content.items.map((item, index) => ({
        key: `${index}`,
        name: item.name,
        categoryLabel: FEE_CATEGORY_LABELS[item.category].label,
        standard: standardLabel(item.priceFen, item.unit),
        basis: item.basis,
        note: item.note,
      }));
      break;
    case 'common-income':
    case 'fund-statement': {
      const totals = notice.totals ?? { incomeFen: 0, expenseFen: 0, balanceFen: 0 };
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
  status: BillStatus;
  paid: boolean;
  /** Still to pay (issued or part paid). */
  open: boolean;
  outstanding: string;
  paidSoFar: string;
  /** `请于 1月20日前缴纳`, or `已逾期 3 天，请尽快缴纳`. */
  due: string;
  overdue: boolean;
  /** Each payment: when, how much, how, and its receipt number. */
  payments: { key: string; text: string; receiptNo: string }[];
  /** The office's latest reminder and the time it gave. */
  reminder: string;
  waiver: string;
  /** Online payments returned because the bill was already settled. */
  returned: string[];
  /** The owner may pay what is left in WeChat. */
  payable: boolean;
  receiptNo: string;
  paidAt: string;
}

const dayLabel = (date: string): string => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

function billLine(item: BillItem, index: number): BillLine {
  return {
    key: `${index}`,
    name: item.name,
    formula: `${standardLabel(item.priceFen, item.unit)} × ${quantityLabel(item.quantityCenti, item.unit)} = ${yuanLabel(item.amountFen)}`,
  };
}

export function billView(bill: Bill): BillView {
  const paid = bill.status === 'paid';
  const open = bill.status === 'issued' || bill.status === 'partial';
  const reminder = bill.reminders[bill.reminders.length - 1];
  return {
    id: bill.id,
    unitLabel: bill.unitLabel,
    period: bill.period,
    periodLabel: monthLabel(bill.period),
    lines: bill.items.map(billLine),
    total: yuan(bill.totalFen),
    status: bill.status,
    paid,
    open,
    outstanding: yuan(bill.outstandingFen),
    paidSoFar: yuan(bill.paidFen),
    due: !open || !bill.dueDate ? '' : bill.overdue ? `已逾期 ${bill.daysOverdue} 天，请尽快缴纳` : `请于${dayLabel(bill.dueDate)}前缴纳`,
    overdue: bill.overdue,
    payments: bill.payments.map((payment) => ({
      key: payment.id,
      text: `${chinaMinute(payment.at)} ${PAYMENT_CHANNEL_LABELS[payment.channel]}缴费 ${yuanLabel(payment.amountFen)}${payment.refund ? `（已退款：${payment.refund.reason}）` : ''}`,
      receiptNo: payment.receiptNo,
    })),
    reminder: open && reminder ? `物业服务中心已于${chinaMinute(reminder.at)}提醒缴费，请于${dayLabel(reminder.deadline)}前缴纳` : '',
    waiver: bill.waiver ? `已减免 ${yuanLabel(bill.waiver.amountFen)}：${bill.waiver.reason}` : '',
    returned: bill.returned.map((item) => `${chinaMinute(item.at)} 微信支付 ${yuanLabel(item.amountFen)} 已原路退回：${item.reason}`),
    payable: bill.payable,
    receiptNo: bill.receiptNo ?? '',
    paidAt: chinaMinute(bill.paidAt),
  };
}
