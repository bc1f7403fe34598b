import { z } from 'zod';
import type { Bill, BillItem, BillPayment, BillReminder, BillStatus, BillWaiver, PaymentChannel, Reconciliation, ReminderChannel } from '../../../../typings/disclosure';
import type { Page } from '../../../../typings/domain';
import { command, find, findAll, findById, insertMany, put, update, type Where } from '../db';
import { ADMINS, MAINTAINERS, RECORDS_DESK, anyone, inCommunity, onRecord } from '../access';
import { asResident, holdsAny } from '../caller';
import { AppError, conflict, notFound } from '../errors';
import { allowedActions, type Viewer } from '../policy';
import { billPolicy } from './policy';
import type { Route } from '../router';
import { loadCommunity } from '../communities/communities';
import { unitLabel, type UnitDocument } from '../communities/units';
import { residentsOf, type BindingDocument } from '../residents/bindings';
import { sumFen, yuan } from '../../../../miniprogram/shared/money';
import { pagePath } from '../../../../miniprogram/shared/routes';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { sendStatusMessage } from '../tickets/notify';
import { calendarDate, calendarMonth, cursor, id, text } from '../validation';
import { BILLING_DAYS, addDays, daysBetween } from '../../../../miniprogram/shared/billing';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import type { Caller } from '../caller';
import { onlinePaymentOpen } from '../payments/merchant';
import { currentVersion, loadDisclosure } from './disclosures';
import { MAX_BILL_FEN, billLineFen, quantityCentiFor } from './money';
import { assertCourteous, reminderTitle } from './wording';

export interface BillDocument {
  /** community:period:unit, so generating again replaces a draft instead of adding one. */
  _id: string;
  communityId: string;
  unitId: string;
  unitLabel: string;
  period: string;
  items: BillItem[];
  totalFen: number;
  status: BillStatus;
  feeDisclosureId: string;
  /** China date, set when issued. */
  dueDate?: string;
  paidFen?: number;
  payments?: PaymentRecord[];
  reminders?: ReminderRecord[];
  waiver?: WaiverRecord;
  returned?: ReturnedRecord[];
  /** The latest payment's receipt number; bills paid before payments were recorded one by one have only this. */
  receiptNo?: string;
  /** When it was paid in full. */
  paidAt?: Date;
  paidBy?: string;
  /** Its share of the period's reconciliation, as its other fields make it (`billWrite`); bills written before it was kept have none. */
  figures?: BillFigures;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

/** One bill's share of its period's reconciliation (对账): the period's figures are the sum over its issued bills. */
export type BillFigures = Omit<Reconciliation, 'communityId' | 'period' | 'bills' | 'paidBills'> & {
  /** 1 when paid in full. */
  paidBills: 0 | 1;
};

export const FIGURE_KEYS = ['issuedFen', 'onlineFen', 'deskFen', 'refundedFen', 'waivedFen', 'outstandingFen', 'paidBills'] as const satisfies readonly (keyof BillFigures)[];

export interface PaymentRecord {
  id: string;
  amountFen: number;
  channel: PaymentChannel;
  receiptNo: string;
  at: Date;
  by: string;
  byName: string;
  transactionId?: string;
  refund?: { at: Date; reason: string; by: string; byName: string };
}

/** An online payment returned at once because the bill was already settled (never applied). */
export interface ReturnedRecord {
  orderId: string;
  amountFen: number;
  at: Date;
  reason: string;
}

interface ReminderRecord {
  at: Date;
  channel: ReminderChannel;
  by: string;
  byName: string;
  deadline: string;
  reached?: number;
}

interface WaiverRecord {
  amountFen: number;
  reason: string;
  by: string;
  byName: string;
  at: Date;
}

const PAGE_SIZE = 50;
const period = calendarMonth;
/** Bills an owner still has to pay. */
export const OPEN_STATUSES: BillStatus[] = ['issued', 'partial'];

/** The fields a bill's payments and balance are computed from (paymentsOf, paidOf, outstandingOf). */
export const BALANCE_FIELDS = ['status', 'totalFen', 'payments', 'waiver', 'receiptNo', 'paidAt', 'paidBy', 'updatedAt'] as const satisfies readonly (keyof BillDocument)[];
export type BillBalance = Pick<BillDocument, '_id' | (typeof BALANCE_FIELDS)[number]>;

/** The payments, with the one a bill paid before payments were kept one by one stood for. */
export function paymentsOf(doc: BillBalance): PaymentRecord[] {
  if (doc.payments) return doc.payments;
  if (doc.status !== 'paid') return [];
  return [{ id: `${doc._id}#1`, amountFen: doc.totalFen, channel: 'desk', receiptNo: doc.receiptNo ?? '', at: doc.paidAt ?? doc.updatedAt, by: doc.paidBy ?? '', byName: '' }];
}

/** What counts as paid: every payment not returned to the payer. */
export function paidOf(doc: BillBalance): number {
  return paymentsOf(doc)
    .filter((payment) => !payment.refund)
    .reduce((sum, payment) => sum + payment.amountFen, 0);
}

export function outstandingOf(doc: BillBalance): number {
  return Math.max(0, doc.totalFen - paidOf(doc) - (doc.waiver?.amountFen ?? 0));
}

/**
 * A bill's share of its period's reconciliation: what it was issued for; collected online and at
 * the desk, refunded, waived and outstanding, which add up (issued = online + desk − refunded +
 * waived + outstanding); whether it is paid in full.
 */
export function figuresOf(bill: BillBalance & Pick<BillDocument, 'returned'>): BillFigures {
  const figures: BillFigures = { issuedFen: bill.totalFen, onlineFen: 0, deskFen: 0, refundedFen: 0, waivedFen: bill.waiver?.amountFen ?? 0, outstandingFen: outstandingOf(bill), paidBills: bill.status === 'paid' ? 1 : 0 };
  // paymentsOf: a bill paid before payments were recorded one by one counts as the desk's payment, as its balance does.
  for (const payment of paymentsOf(bill)) {
    if (payment.channel === 'wechat') figures.onlineFen += payment.amountFen;
    else figures.deskFen += payment.amountFen;
    if (payment.refund) figures.refundedFen += payment.amountFen;
  }
  // Online payments that came after the bill was settled: collected, and returned at once.
  for (const returned of bill.returned ?? []) {
    figures.onlineFen += returned.amountFen;
    figures.refundedFen += returned.amountFen;
  }
  return figures;
}

/** `fields` to write to `bill`, with the figures they make: every write of a bill's balance goes through here, so its kept figures are never stale. */
export function billWrite(bill: BillDocument, fields: Partial<BillDocument>): Partial<BillDocument> {
  return { ...fields, figures: figuresOf({ ...bill, ...fields }) };
}

/** The status the payments and write-off make: paid when nothing is left, partial when some was paid. */
export function settledStatus(totalFen: number, paidFen: number, waiver?: WaiverRecord): BillStatus {
  if (waiver) return 'waived';
  if (totalFen - paidFen <= 0) return 'paid';
  return paidFen > 0 ? 'partial' : 'issued';
}

/** Days past the due date of a bill still open (0 otherwise). */
export function daysOverdueOf(doc: BillDocument, now: Date): number {
  if (!OPEN_STATUSES.includes(doc.status) || !doc.dueDate) return 0;
  return Math.max(0, daysBetween(doc.dueDate, chinaDate(now)));
}

const iso = (value: Date): string => new Date(value).toISOString();
const toPayment = (payment: PaymentRecord, refundable: boolean): BillPayment => ({
  id: payment.id,
  amountFen: payment.amountFen,
  channel: payment.channel,
  receiptNo: payment.receiptNo,
  at: iso(payment.at),
  byName: payment.byName,
  ...(payment.transactionId ? { transactionId: payment.transactionId } : {}),
  ...(payment.refund ? { refund: { at: iso(payment.refund.at), reason: payment.refund.reason, byName: payment.refund.byName } } : {}),
  refundable: refundable && payment.channel === 'wechat' && !payment.refund,
});
export const toReminder = (reminder: ReminderRecord): BillReminder => ({
  at: iso(reminder.at),
  channel: reminder.channel,
  byName: reminder.byName,
  deadline: reminder.deadline,
  ...(reminder.reached === undefined ? {} : { reached: reminder.reached }),
});
const toWaiver = (waiver: WaiverRecord): BillWaiver => ({ amountFen: waiver.amountFen, reason: waiver.reason, byName: waiver.byName, at: iso(waiver.at) });

/** `payable`: the caller may pay it in WeChat (the owner's list decides it: a payer of the home, online payment set up). */
export function toBill(doc: BillDocument, viewer: Viewer, now: Date, payable = false): Bill {
  const payments = paymentsOf(doc);
  const daysOverdue = daysOverdueOf(doc, now);
  const refunder = holdsAny(viewer.grants, MAINTAINERS, doc.communityId);
  return {
    id: doc._id,
    communityId: doc.communityId,
    unitId: doc.unitId,
    unitLabel: doc.unitLabel,
    period: doc.period,
    items: doc.items,
    totalFen: doc.totalFen,
    status: doc.status,
    ...(doc.dueDate ? { dueDate: doc.dueDate } : {}),
    paidFen: paidOf(doc),
    outstandingFen: outstandingOf(doc),
    overdue: daysOverdue > 0,
    daysOverdue,
    payments: payments.map((payment) => toPayment(payment, refunder)),
    returned: (doc.returned ?? []).map((returned) => ({ orderId: returned.orderId, amountFen: returned.amountFen, at: iso(returned.at), reason: returned.reason })),
    payable: payable && OPEN_STATUSES.includes(doc.status) && outstandingOf(doc) > 0,
    reminders: (doc.reminders ?? []).map(toReminder),
    ...(doc.waiver ? { waiver: toWaiver(doc.waiver) } : {}),
    receiptNo: payments.at(-1)?.receiptNo || doc.receiptNo,
    paidAt: doc.paidAt ? new Date(doc.paidAt).toISOString() : undefined,
    version: doc.version,
    allowed: allowedActions(billPolicy, doc, viewer, now),
  };
}

async function loadBill(billId: string): Promise<BillDocument> {
  const found = await findById<BillDocument>('bills', billId);
  if (!found) throw notFound('账单不存在');
  return found;
}

const tooLarge = (what: string): AppError =>
  new AppError('VALIDATION', `${what}超过单张账单上限 ${yuan(MAX_BILL_FEN)} 元，请核对收费标准的单价和计费单位`);

const bills = { policy: billPolicy, load: loadBill, versionOf: (bill: BillDocument) => bill.version, stale: '账单已被他人更新，请刷新后重试' };

/** Bills for every unit from the chosen items of a published fee standard: standard × quantity = amount. */
export const generateBills: Route<'bill.generate'> = {
  access: inCommunity(ADMINS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, period, feeDisclosureId: id, itemNames: z.array(z.string().min(1).max(40)).min(1, '至少选择一个收费项目').max(20) }),
  async handle({ communityId, period: billPeriod, feeDisclosureId, itemNames }, { now }) {
    await loadCommunity(communityId);
    const fees = await loadDisclosure(feeDisclosureId);
    if (fees.communityId !== communityId || fees.status !== 'published' || fees.content.kind !== 'fee-standard') {
      throw new AppError('VALIDATION', '请选择本小区已发布的收费标准');
    }
    // A corrected standard replaces the old one: bills follow the price owners now see published.
    const current = await currentVersion(fees.seriesId);
    if (current && current._id !== fees._id) {
      throw new AppError('VALIDATION', `该收费标准已更正为第 ${current.version} 版，请按现行版本生成账单`);
    }
    const feeItems = fees.content.items;
    const chosen = itemNames.map((name) => {
      const item = feeItems.find((fee) => fee.name === name);
      if (!item) throw new AppError('VALIDATION', `收费标准中没有“${name}”`);
      return item;
    });
    const units = await findAll<UnitDocument>('units', { communityId });
    if (!units.length) throw new AppError('VALIDATION', '该小区还没有房屋名册，请先导入');
    const existing = new Map((await findAll<BillDocument>('bills', { communityId, period: billPeriod })).map((bill) => [bill._id, bill]));
    const fresh: BillDocument[] = [];
    let replaced = 0;
    for (const unit of units) {
      const billId = `${communityId}:${billPeriod}:${unit._id}`;
      const before = existing.get(billId);
      if (before && before.status !== 'draft') continue;
      const items = chosen.map((fee): BillItem => {
        const quantityCenti = quantityCentiFor(fee.unit, unit.areaCenti);
        const amountFen = billLineFen(fee.priceFen, quantityCenti);
        if (amountFen === undefined) throw tooLarge(`“${fee.name}”对${unitLabel(unit)}的金额`);
        return { name: fee.name, priceFen: fee.priceFen, unit: fee.unit, quantityCenti, amountFen };
      });
      const totalFen = sumFen(items.map((item) => item.amountFen));
      if (totalFen > MAX_BILL_FEN) throw tooLarge(`${unitLabel(unit)}的账单合计`);
      const doc: BillDocument = {
        _id: billId,
        communityId,
        unitId: unit._id,
        unitLabel: unitLabel(unit),
        period: billPeriod,
        items,
        totalFen,
        status: 'draft',
        feeDisclosureId,
        createdAt: before?.createdAt ?? now,
        updatedAt: now,
        version: (before?.version ?? 0) + 1,
      };
      doc.figures = figuresOf(doc);
      if (before) {
        const { _id, ...fields } = doc;
        await put('bills', _id, fields);
        replaced += 1;
      } else {
        fresh.push(doc);
      }
    }
    await insertMany('bills', fresh.map((doc) => ({ ...doc })));
    return { created: fresh.length, replaced };
  },
};

/** A China date within `days` of today (inclusive), or the sentence saying what is allowed. */
function withinDays(date: string, now: Date, [min, max]: readonly [number, number], what: string): void {
  const today = chinaDate(now);
  if (date < addDays(today, min) || date > addDays(today, max)) {
    throw new AppError('VALIDATION', `${what}须在 ${addDays(today, min)} 至 ${addDays(today, max)} 之间`);
  }
}

export const publishBills: Route<'bill.publish'> = {
  access: inCommunity(ADMINS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, period, dueDate: calendarDate }),
  async handle({ communityId, period: billPeriod, dueDate }, { now }) {
    withinDays(dueDate, now, BILLING_DAYS.due, '缴费截止日期');
    const issued = await update('bills', { communityId, period: billPeriod, status: 'draft' }, { status: 'issued', dueDate, updatedAt: now, version: command().inc(1) });
    if (!issued) throw new AppError('VALIDATION', '该账期没有待发布的账单');
    return { issued };
  },
};

export const listBills: Route<'bill.list'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, period, status: z.enum(['draft', 'issued', 'partial', 'paid', 'waived']).optional(), cursor }),
  async handle({ communityId, period: billPeriod, status, cursor: after }, { caller, now }) {
    const viewer = await caller.viewer();
    const where: Where = { communityId, period: billPeriod, ...(status ? { status } : {}), ...(after ? { _id: command().gt(after) } : {}) };
    const docs = await find<BillDocument>('bills', where, { orderBy: [['_id', 'asc']], limit: PAGE_SIZE });
    const page: Page<Bill> = { items: docs.map((doc) => toBill(doc, viewer, now)) };
    if (docs.length === PAGE_SIZE) page.cursor = docs[docs.length - 1]._id;
    return page;
  },
};

/** The bills of every home the caller is verified for; drafts are the office's and stay hidden. */
export const myBills: Route<'bill.mine'> = {
  access: anyone('只含本人已认证房屋的账单'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    const homes = await find<BindingDocument>('bindings', { openid: caller.openid, status: 'approved' }, { limit: 50 });
    if (!homes.length) return [];
    const docs = await find<BillDocument>(
      'bills',
      { unitId: command().in([...new Set(homes.map((home) => home.unitId))]), status: command().in(['issued', 'partial', 'paid', 'waived']) },
      { orderBy: [['period', 'desc']], limit: 100 },
    );
    const paying = onlinePaymentOpen() ? await unitsPaidBy(caller.openid, homes) : new Set<string>();
    return docs.map((doc) => toBill(doc, asResident(caller), now, paying.has(doc.unitId)));
  },
};

/**
 * The homes among the caller's whose bills they pay, as their own bindings record it (payersOf's
 * rule); an owner's binding from before `tenantPays` was kept asks payersOf.
 */
async function unitsPaidBy(openid: string, homes: BindingDocument[]): Promise<Set<string>> {
  const paid = new Set<string>();
  for (const home of homes) {
    const pays =
      home.relation === 'tenant'
        ? home.payer === true
        : home.relation === 'owner' && (home.tenantPays === undefined ? (await payersOf(home.unitId)).some((payer) => payer.openid === openid) : !home.tenantPays);
    if (pays) paid.add(home.unitId);
  }
  return paid;
}

const staffName = async (caller: Caller): Promise<string> => (await caller.account())?.staffName || '物业人员';

/**
 * Writes a bill's new state if nobody changed it since `version`; refuses otherwise. Answers the
 * bill as stored: the write changed exactly these fields of the version read, so it is not read again.
 */
async function saveBill(bill: BillDocument, changes: Partial<BillDocument>, now: Date): Promise<BillDocument> {
  const fields = billWrite(bill, changes);
  const changed = await update('bills', { _id: bill._id, version: bill.version }, { ...fields, updatedAt: now, version: command().inc(1) });
  if (changed !== 1) throw conflict(bills.stale);
  return { ...bill, ...fields, updatedAt: now, version: bill.version + 1 };
}

/** A payment's effect on its bill: the payment added, and paid in full once nothing is left. */
export function withPayment(bill: BillDocument, payment: PaymentRecord): Partial<BillDocument> {
  const payments = [...paymentsOf(bill), payment];
  const paidFen = paidOf({ ...bill, payments });
  const status = settledStatus(bill.totalFen, paidFen);
  return {
    payments,
    paidFen,
    receiptNo: payment.receiptNo,
    status,
    ...(status === 'paid' ? { paidAt: payment.at, paidBy: payment.by } : {}),
  };
}

export const markPaid: Route<'bill.markPaid'> = onRecord(bills, {
  actions: ['markPaid'],
  input: z.strictObject({
    id: z.string().min(1).max(120),
    version: z.number().int().min(0),
    receiptNo: z.string().trim().regex(/^[A-Za-z0-9-]{2,40}$/, '收据号为 2–40 位字母、数字或 -'),
    amountFen: z.number().int('金额以分为单位').min(1, '缴费金额须大于 0').max(MAX_BILL_FEN).optional(),
  }),
  async handle({ receiptNo, amountFen }, { caller, now, record: bill }) {
    const outstanding = outstandingOf(bill);
    const amount = amountFen ?? outstanding;
    if (amount > outstanding) throw new AppError('VALIDATION', `缴费金额超过待缴金额 ¥${yuan(outstanding)}`);
    const payment: PaymentRecord = {
      id: `${bill._id}#${paymentsOf(bill).length + 1}`,
      amountFen: amount,
      channel: 'desk',
      receiptNo,
      at: now,
      by: caller.openid,
      byName: await staffName(caller),
    };
    return toBill(await saveBill(bill, withPayment(bill, payment), now), await caller.viewer(), now);
  },
});

/** A manager writes off what is left, with the reason (an approved hardship case, a disputed charge settled). */
export const waiveBill: Route<'bill.waive'> = onRecord(bills, {
  actions: ['waive'],
  input: z.strictObject({ id: z.string().min(1).max(120), version: z.number().int().min(0), reason: text(...LIMITS.bill.waiveReason) }),
  async handle({ reason }, { caller, now, record: bill }) {
    const waiver: WaiverRecord = { amountFen: outstandingOf(bill), reason, by: caller.openid, byName: await staffName(caller), at: now };
    return toBill(await saveBill(bill, { waiver, status: 'waived' }, now), await caller.viewer(), now);
  },
});

/** Who pays a unit's bills: a tenant approved as the payer, else its verified owners; family members are never asked. */
export async function payersOf(unitId: string): Promise<BindingDocument[]> {
  const residents = await residentsOf(unitId, {});
  const tenants = residents.filter((resident) => resident.relation === 'tenant' && resident.payer === true);
  return tenants.length ? tenants : residents.filter((resident) => resident.relation === 'owner');
}

/**
 * A reminder, recorded with its channel, who sent it and the time it gives to pay (seed 000 (五) 3:
 * 催告其在合理期限内支付). By message it reaches the unit's payers (at most once a day per bill);
 * a call, letter or visit made by the desk is recorded as such.
 */
export const remindBill: Route<'bill.remind'> = onRecord(bills, {
  actions: ['remind'],
  input: z.strictObject({
    id: z.string().min(1).max(120),
    // Optional: the write is guarded by the version read anyway; a list may lack it.
    version: z.number().int().min(0).optional(),
    channel: z.enum(['message', 'phone', 'letter', 'visit']),
    deadline: calendarDate,
  }),
  async handle({ channel, deadline }, { caller, now, record: bill }) {
    withinDays(deadline, now, BILLING_DAYS.reminder, '给予的缴费期限');
    let reached: number | undefined;
    if (channel === 'message') {
      const title = reminderTitle(yuan(outstandingOf(bill)), deadline);
      assertCourteous(title);
      reached = 0;
      for (const openid of new Set((await payersOf(bill.unitId)).map((payer) => payer.openid))) {
        const { outcome } = await sendStatusMessage({
          key: `${bill._id}:${openid}:remind:${chinaDate(now)}`,
          purpose: 'progress',
          subjectId: bill._id,
          touser: openid,
          number: bill.period,
          title,
          phrase: '待缴费',
          at: now,
          page: pagePath('pages/bill/index'),
        });
        if (outcome === 'sent') reached += 1;
      }
    }
    const reminder: ReminderRecord = { at: now, channel, by: caller.openid, byName: await staffName(caller), deadline, ...(reached === undefined ? {} : { reached }) };
    const saved = await saveBill(bill, { reminders: [...(bill.reminders ?? []), reminder] }, now);
    return { reached: reached ?? 0, bill: toBill(saved, await caller.viewer(), now) };
  },
});
