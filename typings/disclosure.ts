/** The disclosure board (物业服务双晒) and owners' bills. Types only. All money is integer fen. */
import type { BillAction, DisclosureAction } from './actions';

export type DisclosureKind = 'service-standard' | 'fee-standard' | 'common-income' | 'fund-statement';
export type FeeCategory = 'property' | 'parking' | 'paid-service';
/** How a fee is counted: per m² of floor area per month, per month, per use, per parking space per month. */
export type FeeUnit = 'm2-month' | 'month' | 'time' | 'space-month';

/** One service standard: what is done and to what level (服务标准). */
export interface ServiceStandardItem {
  item: string;
  standard: string;
}

/** One published fee (明码标价): item, standard with unit, and its basis (收费依据). */
export interface FeeItem {
  name: string;
  category: FeeCategory;
  priceFen: number;
  unit: FeeUnit;
  basis: string;
  note: string;
  /**
   * A paid service's repair item (`drain-block`, or a new one): the repair catalogue and charges
   * take its price from here. Required for paid services.
   */
  code?: string;
  /** How fast the repair is due (paid services). */
  urgency?: 'urgent' | 'routine';
}

/** One dated line of a statement: common-part operating income or expense, or a fund movement. */
export interface LedgerEntry {
  date: string;
  direction: 'income' | 'expense';
  category: string;
  amountFen: number;
  note: string;
}

export type DisclosureContent =
  | { kind: 'service-standard'; items: ServiceStandardItem[] }
  | { kind: 'fee-standard'; items: FeeItem[] }
  | { kind: 'common-income'; entries: LedgerEntry[] }
  | { kind: 'fund-statement'; entries: LedgerEntry[] };

/** Computed by the server from the entries, never typed. */
export interface LedgerTotals {
  incomeFen: number;
  expenseFen: number;
  balanceFen: number;
}

export interface Disclosure {
  id: string;
  /** All versions of one notice share a series; a correction is the next version. */
  seriesId: string;
  communityId: string;
  title: string;
  /** e.g. `2026年第三季度`, `2026年` */
  period: string;
  version: number;
  status: 'draft' | 'published';
  content: DisclosureContent;
  totals?: LedgerTotals;
  /** What changed and why; required from version 2 on. */
  correctionNote?: string;
  publishedAt?: string;
  updatedAt: string;
  /** Optimistic concurrency for drafts. */
  revision: number;
  /** What the caller may do to this version now, as the server decides. */
  allowed: DisclosureAction[];
}

export interface DisclosureChange {
  change: 'added' | 'removed' | 'changed';
  label: string;
  before?: string;
  after?: string;
}

export interface DisclosureDiff {
  seriesId: string;
  from: number;
  to: number;
  changes: DisclosureChange[];
}

export interface BillItem {
  name: string;
  priceFen: number;
  unit: FeeUnit;
  /** Quantity in hundredths (floor area m² × 100, or count × 100), so area × price stays exact. */
  quantityCenti: number;
  amountFen: number;
}

/**
 * draft (the office's), issued (待缴), partial (部分缴费), paid, waived (已减免, the rest written off
 * with a reason by a manager). Overdue is not a status: an issued or partial bill past its due date.
 */
export type BillStatus = 'draft' | 'issued' | 'partial' | 'paid' | 'waived';

export type PaymentChannel = 'desk' | 'wechat';

/** How the office reminded a payer (seed 000 (五) 3 催告): a subscribe message, or recorded after a call, letter or visit. */
export type ReminderChannel = 'message' | 'phone' | 'letter' | 'visit';

export interface BillPayment {
  id: string;
  amountFen: number;
  channel: PaymentChannel;
  /** The receipt's number (the desk's paper receipt, or the electronic one). */
  receiptNo: string;
  at: string;
  byName: string;
  /** WeChat Pay's transaction id (online payments). */
  transactionId?: string;
  /** Returned to the payer (by an authorised clerk): it no longer counts as paid. */
  refund?: { at: string; reason: string; byName: string };
  /** The caller may refund it (a manager or admin, an online payment not yet refunded). */
  refundable?: boolean;
}

/** An online payment that arrived after the bill was settled at the desk: returned at once, never collected twice. */
export interface BillReturnedPayment {
  orderId: string;
  amountFen: number;
  at: string;
  reason: string;
}

/** What `wx.requestPayment` takes, as unifiedOrder returns it. */
export interface PaymentParams {
  timeStamp: string;
  nonceStr: string;
  package: string;
  signType: 'MD5' | 'HMAC-SHA256' | 'RSA';
  paySign: string;
}

/** pending: ordered, waiting for WeChat's notice; paid: applied to the bill; refunded; closed: replaced or abandoned. */
export type OrderStatus = 'pending' | 'paid' | 'refunded' | 'closed';

export interface BillReminder {
  at: string;
  channel: ReminderChannel;
  byName: string;
  /** The reasonable time given to pay (China date). */
  deadline: string;
  /** Subscribe messages that reached someone (message channel only). */
  reached?: number;
}

export interface BillWaiver {
  amountFen: number;
  reason: string;
  /** Who approved it (a manager or admin). */
  byName: string;
  at: string;
}

export interface Bill {
  id: string;
  communityId: string;
  unitId: string;
  unitLabel: string;
  /** `YYYY-MM` */
  period: string;
  items: BillItem[];
  totalFen: number;
  status: BillStatus;
  /** China date by which it is due, set when issued. */
  dueDate?: string;
  paidFen: number;
  /** What is left to pay: total − paid − waived. */
  outstandingFen: number;
  /** Issued or partly paid, and past its due date. */
  overdue: boolean;
  /** Days past the due date (0 when not overdue). */
  daysOverdue: number;
  payments: BillPayment[];
  reminders: BillReminder[];
  waiver?: BillWaiver;
  returned: BillReturnedPayment[];
  /** The caller may pay what is left in WeChat (a payer of the home, online payment set up, bill open). */
  payable: boolean;
  /** The latest payment's receipt number (kept for the lists). */
  receiptNo?: string;
  /** When it was paid in full. */
  paidAt?: string;
  version: number;
  /** What the caller may do to this bill now, as the server decides. */
  allowed: BillAction[];
}

/** One home in arrears (欠费): its overdue bills together. */
export interface ArrearsRow {
  unitId: string;
  unitLabel: string;
  /** Its overdue bills, oldest period first. */
  bills: Bill[];
  outstandingFen: number;
  /** The oldest bill's days past due. */
  daysOverdue: number;
  reminders: number;
  lastReminder?: BillReminder;
}

/**
 * A period's reconciliation (对账), from the bills' payment records, in fen:
 * issued = online + desk − refunded + waived + outstanding.
 */
export interface Reconciliation {
  communityId: string;
  period: string;
  /** Bills issued for the period. */
  bills: number;
  paidBills: number;
  issuedFen: number;
  /** Collected in WeChat (online payments returned at once included). */
  onlineFen: number;
  deskFen: number;
  refundedFen: number;
  waivedFen: number;
  outstandingFen: number;
}
