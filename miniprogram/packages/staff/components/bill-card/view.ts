import type { BillAction } from '../../../../../typings/actions';
import type { Bill, BillStatus } from '../../../../../typings/disclosure';
import { FEE_UNIT_LABELS, PAYMENT_CHANNEL_LABELS, REMINDER_CHANNEL_LABELS } from '../../../../shared/labels';
import { hundredths, yuan } from '../../../../shared/money';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';

/** `元/㎡·月`: what a price is counted per, in yuan. */
export const perUnit = (unit: keyof typeof FEE_UNIT_LABELS): string => `元/${FEE_UNIT_LABELS[unit].per}`;

const dayText = (date: string): string => `${Number(date.slice(5, 7))}月${Number(date.slice(8, 10))}日`;

export interface BillCardView {
  id: string;
  version: number;
  unitLabel: string;
  status: BillStatus;
  items: { name: string; line: string; amount: string }[];
  total: string;
  paid: string;
  outstanding: string;
  /** `1月20日前缴清`, `已逾期 21 天（应于 1月20日前缴清）`, or empty. */
  due: string;
  overdue: boolean;
  /** Each payment, with what the caller may do about it: its receipt, and a refund for a manager. */
  payments: { id: string; text: string; refundable: boolean }[];
  log: string[];
  can: Partial<Record<BillAction, boolean>>;
}

/** What the desk sees of a bill: its lines, what is paid and left, when it is due, and what was done about it. */
export function billCardView(bill: Bill): BillCardView {
  const open = bill.status === 'issued' || bill.status === 'partial';
  const due = !bill.dueDate || !open ? '' : bill.overdue ? `已逾期 ${bill.daysOverdue} 天（应于${dayText(bill.dueDate)}前缴清）` : `${dayText(bill.dueDate)}前缴清`;
  return {
    id: bill.id,
    version: bill.version,
    unitLabel: bill.unitLabel,
    status: bill.status,
    items: bill.items.map((item) => ({
      name: item.name,
      line: `${yuan(item.priceFen)}${perUnit(item.unit)} × ${hundredths(item.quantityCenti, 'trimmed')}${FEE_UNIT_LABELS[item.unit].quantity}`,
      amount: yuan(item.amountFen),
    })),
    total: yuan(bill.totalFen),
    paid: yuan(bill.paidFen),
    outstanding: yuan(bill.outstandingFen),
    due,
    overdue: bill.overdue,
    payments: bill.payments.map((payment) => ({
      id: payment.id,
      text: `${chinaMinute(payment.at)} ${PAYMENT_CHANNEL_LABELS[payment.channel]}收款 ¥${yuan(payment.amountFen)}，收据号 ${payment.receiptNo}${payment.byName ? `（${payment.byName}）` : ''}${
        payment.refund ? `；${chinaMinute(payment.refund.at)} ${payment.refund.byName}退款：${payment.refund.reason}` : ''
      }`,
      refundable: Boolean(payment.refundable),
    })),
    log: [
      ...bill.returned.map((item) => `${chinaMinute(item.at)} 微信支付 ¥${yuan(item.amountFen)} 已自动原路退回（账单已缴清）`),
      ...bill.reminders.map(
        (reminder) =>
          `${chinaMinute(reminder.at)} ${reminder.byName}${REMINDER_CHANNEL_LABELS[reminder.channel]}提醒，给予期限至${dayText(reminder.deadline)}${reminder.reached === undefined ? '' : `，送达 ${reminder.reached} 位住户`}`,
      ),
      ...(bill.waiver ? [`${chinaMinute(bill.waiver.at)} ${bill.waiver.byName}批准减免 ¥${yuan(bill.waiver.amountFen)}：${bill.waiver.reason}`] : []),
    ],
    can: canOf(bill.allowed),
  };
}
