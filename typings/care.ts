/** The special-group care ledger (特殊群体台账, seed 000 (九)): who is cared for, by whom, and every contact. */
import type { CareAction } from './actions';

/** 空巢老人, 独居老人, 残疾人, 困难群众. */
export type CareCategory = 'emptyNest' | 'aloneElderly' | 'disabled' | 'hardship';

/** 独居, 与配偶同住, 与家人同住, 其他. */
export type LivingSituation = 'alone' | 'withSpouse' | 'withFamily' | 'other';

/** 电话, 微信, 上门. */
export type CareMethod = 'phone' | 'wechat' | 'visit';

/** 正常 / 异常: an abnormal contact alerts the manager at once. */
export type CareCondition = 'normal' | 'abnormal';

export type CareFilter = 'all' | 'today' | 'overdue';

/** 每日联系、每周看望 by default; the manager may set other intervals. */
export interface CarePlan {
  contactEveryDays: number;
  visitEveryDays: number;
}

export interface EmergencyContact {
  name: string;
  relation: string;
  phone: string;
}

/** A person as the ledger lists them: the name masked, no phones, no health notes. */
export interface CareRow {
  id: string;
  communityId: string;
  maskedName: string;
  category: CareCategory;
  unitLabel: string;
  responsibleName: string;
  /** China dates: the next contact and the next visit are due on these days. */
  contactDueOn: string;
  visitDueOn: string;
  /** Something is due today or earlier. */
  due: boolean;
  /** A contact or visit was not recorded by the end of its day. */
  overdue: boolean;
  lastContact?: { at: string; method: CareMethod; condition: CareCondition };
}

export interface CareContact {
  id: string;
  at: string;
  method: CareMethod;
  condition: CareCondition;
  note: string;
  byName: string;
}

/** The whole record: read only by its responsible staff, the manager and the information keeper, and every reading logged. */
export interface CarePerson extends CareRow {
  name: string;
  livingSituation: LivingSituation;
  unitId?: string;
  address: string;
  phone?: string;
  emergencyContact: EmergencyContact;
  healthNotes: string;
  consent: { by: 'self' | 'guardian'; recordedAt: string; recordedByName: string };
  plan: CarePlan;
  responsibleOpenid: string;
  /** The latest contacts, newest first. */
  contacts: CareContact[];
  version: number;
  allowed: CareAction[];
}

export interface CarePersonInput {
  communityId: string;
  id?: string;
  version?: number;
  name: string;
  category: CareCategory;
  livingSituation: LivingSituation;
  unitId?: string;
  address: string;
  phone?: string;
  emergencyContact: EmergencyContact;
  healthNotes: string;
  /** The person (or their guardian) agreed to be on the ledger. */
  consent: { given: true; by: 'self' | 'guardian' };
  responsibleOpenid: string;
  plan: CarePlan;
}

export interface CareContactInput {
  id: string;
  method: CareMethod;
  condition: CareCondition;
  note: string;
}

/** After an abnormal contact the staff member is shown whom to call next. */
export interface CareContactResult {
  person: CarePerson;
  alerted: boolean;
  emergencyContact?: EmergencyContact;
}
