import type { CustodyAction, KeyAction, PatrolRouteAction, WorkOrderAction } from './actions';

/**
 * The site's daily registers (seed 001 五; 002 §7¶3, §12, §13): patrol routes and their rounds,
 * internal work orders raised on a patrol, the key list and its loans, and what the desk receives
 * for residents.
 */

/** 园区巡视 and 清洁巡查 twice a day; each vacant home at least once a month (001 五 4). */
export type PatrolKind = 'site' | 'cleaning' | 'vacant';

export interface Checkpoint {
  id: string;
  name: string;
  /** What is checked at this point, every item every time (逐项检查，严禁抽查). */
  items: string[];
  /** What its printed QR code holds, which the patrol scans to sign in. */
  code: string;
}

/** One window a round must be walked in: a half day, or a month for vacant homes. */
export interface PatrolWindow {
  key: string;
  label: string;
  startsAt: string;
  endsAt: string;
}

export interface PatrolRoute {
  id: string;
  communityId: string;
  name: string;
  kind: PatrolKind;
  /** A vacant home's route names the home. */
  unitId?: string;
  unitLabel?: string;
  checkpoints: Checkpoint[];
  version: number;
  allowed: PatrolRouteAction[];
}

export interface PatrolAnswer {
  item: string;
  ok: boolean;
  note: string;
}

/** Damage found on a round: a repair ticket, or an internal work order to a department, the same day. */
export type PatrolFinding =
  | { kind: 'ticket'; category: string; description: string }
  | { kind: 'workOrder'; department: Department; description: string };

export interface PatrolVisit {
  id: string;
  routeId: string;
  checkpointId: string;
  checkpointName: string;
  window: string;
  at: string;
  byName: string;
  answers: PatrolAnswer[];
  photos: string[];
  /** What the finding became. */
  raised?: { kind: 'ticket' | 'workOrder'; id: string; number: string };
}

/** A route's round in one window: which points were signed in at. */
export interface PatrolRound {
  route: PatrolRoute;
  window: PatrolWindow;
  visits: PatrolVisit[];
  done: number;
  total: number;
}

/** A window that ended with points not visited. */
export interface MissedRound {
  routeId: string;
  routeName: string;
  kind: PatrolKind;
  window: PatrolWindow;
  done: number;
  total: number;
}

/** 内部工作联系单 go to the departments of the service centre. */
export type Department = 'engineering' | 'cleaning' | 'greenery' | 'security' | 'service';

export type WorkOrderStatus = 'open' | 'done';

export interface WorkOrder {
  id: string;
  communityId: string;
  number: string;
  department: Department;
  description: string;
  photos: string[];
  source: string;
  status: WorkOrderStatus;
  raisedByName: string;
  raisedAt: string;
  doneByName?: string;
  doneAt?: string;
  doneNote?: string;
  version: number;
  allowed: WorkOrderAction[];
}

/** Common-area keys (公用钥匙管理清单), and owners' keys left with the desk on their authorisation. */
export type KeyKind = 'common' | 'owner';

export type KeyAuthorisation = 'awaiting' | 'confirmed' | 'declined';

export interface KeyLoan {
  id: string;
  borrowerName: string;
  reason: string;
  lentAt: string;
  lentByName: string;
  dueAt: string;
  returnedAt?: string;
  returnedToName?: string;
  overdue: boolean;
}

export interface KeyRecord {
  id: string;
  communityId: string;
  kind: KeyKind;
  name: string;
  opens: string;
  keptAt: string;
  copies: number;
  /** Copies not lent out now. */
  available: number;
  unitId?: string;
  unitLabel?: string;
  authorisation?: { status: KeyAuthorisation; byName?: string; at?: string };
  /** Loans not yet returned. */
  loans: KeyLoan[];
  version: number;
  allowed: KeyAction[];
}

/** An open loan in the register, with its key. */
export interface KeyLoanRow extends KeyLoan {
  keyId: string;
  keyName: string;
  communityId: string;
}

/** 收交记录: parcels, documents, items and cash received for residents (002 §7¶3, §13). */
export type CustodyKind = 'parcel' | 'document' | 'item' | 'cash';

export type CustodyStatus = 'held' | 'collected';

export interface CustodyItem {
  id: string;
  communityId: string;
  number: string;
  kind: CustodyKind;
  description: string;
  amountFen?: number;
  fromName: string;
  unitId: string;
  unitLabel: string;
  forName: string;
  receivedByName: string;
  receivedAt: string;
  status: CustodyStatus;
  /** Who took it and how: the resident confirming in the mini-program, or the desk recording a hand-over. */
  collected?: { toName: string; how: 'owner' | 'desk'; byName: string; at: string };
  version: number;
  allowed: CustodyAction[];
}
