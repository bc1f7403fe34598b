import type { FileLoanAction, KeeperHandoverAction } from './actions';
import type { UnitFile } from './unit-file';

/**
 * Seed 001 三(一)2–3, 002 §2 ¶6: the lending list (《文件/资料/记录借阅清单》) of confidential files —
 * a home's file (户档案) or the company's records — approved by the CS manager; a government
 * authority's query also needs the general manager's consent. Lent, returned, overdue.
 */
export type FileLoanStatus = 'requested' | 'approved' | 'lent' | 'returned' | 'refused';

/** What is borrowed: one home's file, or company records named in words. */
export type LoanSubject = { kind: 'unit'; unitId: string; label: string } | { kind: 'records'; title: string };

/** What the desk checked of an authority's officer (seed 001 三(一)3). */
export interface AuthorityQuery {
  /** The body, e.g. 成都市公安局高新分局. */
  body: string;
  officerName: string;
  /** The document shown, e.g. 警官证, 工作证, 协助查询通知书. */
  documentType: string;
  documentNumber: string;
}

export interface Signature {
  name: string;
  at: string;
  note?: string;
}

export interface FileLoan {
  id: string;
  communityId: string;
  number: string;
  subject: LoanSubject;
  purpose: string;
  /** The China date by which it must be back. */
  dueOn: string;
  /** Present for an authority's query, registered by the desk for the officer. */
  authority?: AuthorityQuery;
  /** The staff member borrowing (for a query: who registered it). */
  borrowerName: string;
  requestedAt: string;
  status: FileLoanStatus;
  managerApproval?: Signature;
  /** The general manager's consent, which an authority's query needs. */
  headApproval?: Signature;
  refusal?: Signature;
  lent?: Signature;
  returned?: Signature;
  /** Lent and past its due date. */
  overdue: boolean;
  version: number;
  allowed: FileLoanAction[];
}

export type FileLoanFilter = 'open' | 'overdue' | 'all';

export interface FileLoanRequest {
  communityId: string;
  subject: { kind: 'unit'; unitId: string } | { kind: 'records'; title: string };
  purpose: string;
  dueOn: string;
  /** An authority's query: the desk checked the officer's document (`checked` must be true). */
  authority?: AuthorityQuery & { checked: true };
}

/** The borrower reading the lent home's file in the app, read-only until the due date. */
export interface LentFile {
  loan: FileLoan;
  file: UnitFile;
}

/** Seed 002 §2 ¶6: the important files handed over when the file keeper changes. */
export interface KeeperHandover {
  id: string;
  communityId: string;
  outgoingName: string;
  incomingName: string;
  items: { title: string; note: string }[];
  note: string;
  createdAt: string;
  status: 'open' | 'acknowledged';
  acknowledged?: Signature;
  version: number;
  allowed: KeeperHandoverAction[];
}
