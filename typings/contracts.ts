import type { ContractAction, ShopAction } from './actions';

/** Seed 002 §2 ¶14: the contract list (合同清单) with each contract's term. */
export type ContractStatus = 'active' | 'ended';

/** Where a contract stands by its dates: valid, within 60 days of its end, or past it. */
export type ContractTerm = 'valid' | 'expiring' | 'expired';

export interface ContractFields {
  party: string;
  subject: string;
  startOn: string;
  endOn: string;
  amountFen: number;
  fileIds: string[];
}

export interface Contract extends ContractFields {
  id: string;
  communityId: string;
  number: string;
  status: ContractStatus;
  term: ContractTerm;
  /** Days from today to the end date; negative once expired. */
  daysLeft: number;
  recordedByName: string;
  recordedAt: string;
  ended?: { name: string; note: string; at: string };
  version: number;
  allowed: ContractAction[];
}

export interface ContractDetail extends Contract {
  /** The attached files with links valid for a few minutes. */
  files: { fileID: string; url: string }[];
}

/** `due`: ending within 30 days or ended already, what the workbench counts. */
export type ContractFilter = 'all' | 'due';

/** Seed 002 §8: a shop (商铺) with its papers and its fire-facility checks. */
export type ShopStatus = 'open' | 'closed';

export interface ShopLicence {
  /** e.g. 营业执照, 食品经营许可证. */
  name: string;
  number: string;
  expiresOn: string;
}

export interface ShopFields {
  name: string;
  tenant: string;
  business: string;
  licences: ShopLicence[];
  /** A fire-facility check every so many days (30 unless set). */
  fireCheckEveryDays: number;
}

export type FireCheckResult = 'pass' | 'fail';

export interface FireCheck {
  id: string;
  checkedOn: string;
  items: string[];
  result: FireCheckResult;
  /** What was required of the tenant after a failure. */
  followUp: string;
  note: string;
  checkedByName: string;
  recordedAt: string;
}

export interface Shop extends ShopFields {
  id: string;
  communityId: string;
  status: ShopStatus;
  /** The next fire check falls due on this China date. */
  nextCheckOn: string;
  /** Due today or overdue. */
  checkDue: boolean;
  checkOverdue: boolean;
  lastCheck?: { checkedOn: string; result: FireCheckResult };
  /** The licences past their expiry date. */
  expiredLicences: string[];
  registeredAt: string;
  version: number;
  allowed: ShopAction[];
}

export interface ShopDetail extends Shop {
  checks: FireCheck[];
}

export type ShopFilter = 'all' | 'due';

export interface FireCheckInput {
  checkedOn: string;
  items: string[];
  result: FireCheckResult;
  followUp: string;
  note: string;
}
