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

export type BillStatus = 'draft' | 'issued' | 'paid';

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
  receiptNo?: string;
  paidAt?: string;
  version: number;
  /** What the caller may do to this bill now, as the server decides. */
  allowed: BillAction[];
}
