import { z } from 'zod';
import type { BillStatus, Reconciliation } from '../../../../typings/disclosure';
import { RECORDS_DESK, inCommunity } from '../access';
import { command, findAll, sumsEach, type Where } from '../db';
import { excel, sheet } from '../excel';
import { storeExport } from '../files';
import type { Route } from '../router';
import { BILL_STATUS_LABELS, PAYMENT_CHANNEL_LABELS } from '../../../../miniprogram/shared/labels';
import { yuan } from '../../../../miniprogram/shared/money';
import { chinaMinute } from '../../../../miniprogram/shared/time';
import { calendarMonth, id } from '../validation';
import { BALANCE_FIELDS, FIGURE_KEYS, figuresOf, paymentsOf, type BillBalance, type BillDocument } from './bills';

type Figures = Omit<Reconciliation, 'communityId' | 'period'>;
const none = (): Figures => ({ bills: 0, issuedFen: 0, onlineFen: 0, deskFen: 0, refundedFen: 0, waivedFen: 0, outstandingFen: 0, paidBills: 0 });

/** `more` added to `figures`. */
function add(figures: Figures, more: Figures): Figures {
  const sum = { ...figures };
  for (const key of ['bills', ...FIGURE_KEYS] as const) sum[key] += more[key];
  return sum;
}

/**
 * Monthly reconciliation (对账) of a community's bills for a period, from the bills' own payment
 * records: issued, collected online and at the desk, refunded, waived and outstanding, which add
 * up — issued = online + desk − refunded + waived + outstanding. Each bill's share is `figuresOf`.
 */
function reconcile(bills: readonly ReconciledBill[]): Figures {
  return bills.filter((bill) => bill.status !== 'draft').reduce((sum, bill) => add(sum, { bills: 1, ...figuresOf(bill) }), none());
}

/** What a bill's figures are computed from: a period of a large community is thousands of bills, read without their items. */
type ReconciledBill = BillBalance & Pick<BillDocument, 'returned'>;
const RECONCILED_FIELDS = [...BALANCE_FIELDS, 'returned'];

/** The period's issued bills, by their statuses named (a list the index serves) rather than "not draft". */
const ISSUED = (Object.keys(BILL_STATUS_LABELS) as BillStatus[]).filter((status) => status !== 'draft');
const periodWhere = (communityId: string, period: string): Where => ({ communityId, period, status: command().in(ISSUED) });
const FIGURE_PATHS = Object.fromEntries(FIGURE_KEYS.map((key) => [key, `figures.${key}`])) as Record<(typeof FIGURE_KEYS)[number], string>;

export const reconcileBills: Route<'bill.reconcile'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, period: calendarMonth }),
  async handle({ communityId, period }): Promise<Reconciliation> {
    const where = periodWhere(communityId, period);
    // The bills keep their figures: the database adds them up, paid and unpaid apart.
    const groups = await sumsEach('bills', where, 'figures.paidBills', FIGURE_PATHS);
    let figures = none();
    for (const [paid, { count, ...sums }] of groups) if (paid !== null) figures = add(figures, { bills: count, ...sums });
    // Bills written before their figures were kept group under none: read, and computed here.
    if (groups.has(null)) figures = add(figures, reconcile(await findAll<ReconciledBill>('bills', { ...where, figures: command().exists(false) }, undefined, RECONCILED_FIELDS)));
    return { communityId, period, ...figures };
  },
};

/** The reconciliation and every payment, refund and write-off behind it, as .xlsx. */
export const exportReconciliation: Route<'bill.reconcileExport'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id, period: calendarMonth }),
  async handle({ communityId, period }, { now }) {
    const bills = await findAll<BillDocument>('bills', periodWhere(communityId, period));
    const figures = reconcile(bills);
    const workbook = new (await excel()).Workbook();
    sheet(
      workbook,
      '对账',
      [
        { header: '项目', key: 'item', width: 24 },
        { header: '金额（元）', key: 'amount', width: 16 },
      ],
      [
        { item: `账期 ${period} 账单数`, amount: figures.bills },
        { item: '应收（已发布账单合计）', amount: yuan(figures.issuedFen) },
        { item: '微信支付实收', amount: yuan(figures.onlineFen) },
        { item: '服务中心实收', amount: yuan(figures.deskFen) },
        { item: '退款', amount: yuan(figures.refundedFen) },
        { item: '减免', amount: yuan(figures.waivedFen) },
        { item: '未收', amount: yuan(figures.outstandingFen) },
        { item: '已缴清账单数', amount: figures.paidBills },
        { item: '导出时间', amount: chinaMinute(now) },
      ],
    );
    const rows: Record<string, unknown>[] = [];
    for (const bill of bills) {
      for (const payment of paymentsOf(bill)) {
        rows.push({
          unit: bill.unitLabel,
          kind: '收款',
          channel: PAYMENT_CHANNEL_LABELS[payment.channel],
          amount: yuan(payment.amountFen),
          receiptNo: payment.receiptNo,
          at: chinaMinute(payment.at),
          transactionId: payment.transactionId ?? '',
          note: '',
        });
        if (payment.refund) {
          rows.push({ unit: bill.unitLabel, kind: '退款', channel: PAYMENT_CHANNEL_LABELS[payment.channel], amount: yuan(-payment.amountFen), receiptNo: payment.receiptNo, at: chinaMinute(payment.refund.at), transactionId: payment.transactionId ?? '', note: payment.refund.reason });
        }
      }
      for (const returned of bill.returned ?? []) {
        rows.push({ unit: bill.unitLabel, kind: '收款后原路退回', channel: PAYMENT_CHANNEL_LABELS.wechat, amount: '0.00', receiptNo: '', at: chinaMinute(returned.at), transactionId: returned.orderId, note: `${yuan(returned.amountFen)} 元：${returned.reason}` });
      }
      if (bill.waiver) rows.push({ unit: bill.unitLabel, kind: '减免', channel: '', amount: yuan(bill.waiver.amountFen), receiptNo: '', at: chinaMinute(bill.waiver.at), transactionId: '', note: `${bill.waiver.byName}：${bill.waiver.reason}` });
    }
    sheet(
      workbook,
      '明细',
      [
        { header: '房屋', key: 'unit', width: 18 },
        { header: '类型', key: 'kind', width: 14 },
        { header: '方式', key: 'channel', width: 10 },
        { header: '金额（元）', key: 'amount', width: 12 },
        { header: '收据号', key: 'receiptNo', width: 18 },
        { header: '时间', key: 'at', width: 18 },
        { header: '交易单号', key: 'transactionId', width: 30 },
        { header: '说明', key: 'note', width: 40 },
      ],
      rows,
    );
    return storeExport(`reconciliation/${communityId}/${period}-${now.getTime()}.xlsx`, Buffer.from(await workbook.xlsx.writeBuffer()));
  },
};
