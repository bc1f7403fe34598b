import type { Bill, ReminderChannel } from '../../../../../typings/disclosure';
import { ApiError, call, messageOf } from '../../../../services/api';
import { BILLING_DAYS, addDays } from '../../../../shared/billing';
import { REMINDER_CHANNEL_LABELS } from '../../../../shared/labels';
import { LIMITS, checkText } from '../../../../shared/limits';
import { parseHundredths, yuan } from '../../../../shared/money';
import { chinaDate } from '../../../../shared/time';
import { confirmModal } from '../../../../utils/dialog';
import { openExported } from '../../../../services/documents';
import { billCardView, type BillCardView } from './view';

type Mode = '' | 'pay' | 'remind' | 'waive' | 'refund';

const CHANNELS = (Object.keys(REMINDER_CHANNEL_LABELS) as ReminderChannel[]).map((value) => ({ value, label: REMINDER_CHANNEL_LABELS[value] }));
const RECEIPT = /^[A-Za-z0-9-]{2,40}$/;

/**
 * One bill at the desk (物业账单, 欠费): its lines, paid and left, due date, payments, reminders and
 * write-off, with the steps the server allows on it — 登记缴费 (all or part, with the receipt
 * number), 提醒缴费 (by message, or a call, letter or visit made, with the time given to pay) and
 * 减免 (a manager's write-off with its reason). Each asks before it is sent; the page hears
 * `changed` with the bill as it now is, or `stale` when someone else changed it first.
 */
Component({
  properties: {
    bill: { type: Object, value: null },
    /** The list's row, for the card's id (`bill-<row>`). */
    row: { type: Number, value: 0 },
  },
  data: {
    view: null as BillCardView | null,
    mode: '' as Mode,
    busy: false,
    error: '',
    amount: '',
    receiptNo: '',
    channels: CHANNELS,
    channel: 'message' as ReminderChannel,
    deadline: '',
    deadlineStart: '',
    deadlineEnd: '',
    pickerVisible: false,
    reason: '',
    reasonLimit: LIMITS.bill.waiveReason,
    /** The online payment being refunded. */
    refundId: '',
    openingReceipt: '',
  },
  observers: {
    bill(bill: Bill | null) {
      this.setData({ view: bill ? billCardView(bill) : null, mode: '', error: '' });
    },
  },
  methods: {
    onStart(event: WechatMiniprogram.BaseEvent<Record<string, never>, { mode: Mode; payment?: string }>) {
      const mode = event.currentTarget.dataset.mode;
      const today = chinaDate(Date.now());
      const bill = this.data.bill as unknown as Bill;
      this.setData({
        mode,
        error: '',
        amount: yuan(bill.outstandingFen),
        receiptNo: '',
        channel: 'message',
        deadlineStart: addDays(today, BILLING_DAYS.reminder[0]),
        deadlineEnd: addDays(today, BILLING_DAYS.reminder[1]),
        deadline: addDays(today, 15),
        reason: '',
        refundId: event.currentTarget.dataset.payment ?? '',
      });
    },
    onCancel() {
      this.setData({ mode: '', error: '' });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value, error: '' });
    },
    onOpenDeadline() {
      this.setData({ pickerVisible: true });
    },
    onDeadline(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ deadline: String(event.detail.value).slice(0, 10), pickerVisible: false });
    },
    onDeadlineClose() {
      this.setData({ pickerVisible: false });
    },
    /** Asks, sends, and hands the page the bill as it now is; a refusal stays under the form. */
    async run(title: string, content: string, confirmText: string, send: () => Promise<Bill>, done: string) {
      if (this.data.busy || !(await confirmModal(title, content, confirmText))) return;
      this.setData({ busy: true });
      try {
        const bill = await send();
        wx.showToast({ title: done, icon: 'success' });
        this.triggerEvent('changed', { bill });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          wx.showModal({ title: '账单已变化', content: '这份账单刚被其他同事处理过，已为您刷新，请核对。', showCancel: false, confirmText: '知道了' });
          this.triggerEvent('stale');
        } else {
          this.setData({ error: messageOf(error) });
        }
      } finally {
        this.setData({ busy: false });
      }
    },
    async onConfirmPay() {
      const view = this.data.view!;
      const receiptNo = this.data.receiptNo.trim();
      const amount = parseHundredths(this.data.amount, 9);
      if (!('value' in amount) || amount.value <= 0) return this.setData({ error: '请填写缴费金额（元，最多两位小数）' });
      if (amount.value > (this.data.bill as unknown as Bill).outstandingFen) return this.setData({ error: `缴费金额超过待缴金额 ¥${view.outstanding}` });
      if (!RECEIPT.test(receiptNo)) return this.setData({ error: '请填写收据号：2–40 位字母、数字或 -' });
      const part = amount.value < (this.data.bill as unknown as Bill).outstandingFen;
      await this.run(
        '登记缴费',
        `${view.unitLabel} 收款 ¥${yuan(amount.value)}${part ? '（部分缴费）' : ''}，收据号 ${receiptNo}。登记后业主会看到缴费记录。`,
        '确认登记',
        () => call('bill.markPaid', { id: view.id, version: view.version, receiptNo, amountFen: amount.value }),
        '已登记缴费',
      );
    },
    async onConfirmRemind() {
      const view = this.data.view!;
      const { channel, deadline } = this.data;
      const how = channel === 'message' ? '以物业服务中心名义向该户缴费人发送小程序消息' : `记录已${REMINDER_CHANNEL_LABELS[channel]}提醒`;
      await this.run(
        '缴费提醒',
        `${how}：待缴 ¥${view.outstanding}，请于 ${deadline} 前缴纳。提醒内容礼貌告知，不涉及停水停电等。`,
        channel === 'message' ? '发送' : '记录',
        async () => {
          const { reached, bill } = await call('bill.remind', { id: view.id, version: view.version, channel, deadline });
          if (channel === 'message' && reached === 0) {
            wx.showModal({ title: '提醒未送达', content: '该房屋暂无可接收消息的缴费人，已记录本次提醒；请电话或上门沟通。', showCancel: false, confirmText: '知道了' });
          }
          return bill;
        },
        '已记录提醒',
      );
    },
    async onConfirmRefund() {
      const problem = checkText(this.data.reason, LIMITS.bill.refundReason, '退款原因');
      if (problem) return this.setData({ error: problem });
      await this.run(
        '退款',
        `该笔微信支付将原路退回付款人，账单恢复为未缴。退款后不能撤回。`,
        '确认退款',
        () => call('pay.refund', { orderId: this.data.refundId, reason: this.data.reason.trim() }),
        '已退款',
      );
    },
    /** A payment's electronic receipt, as the owner gets it. */
    async onReceipt(event: WechatMiniprogram.BaseEvent<Record<string, never>, { payment: string }>) {
      const payment = event.currentTarget.dataset.payment;
      if (this.data.openingReceipt) return;
      this.setData({ openingReceipt: payment });
      try {
        await openExported(await call('bill.receipt', { billId: this.data.view!.id, paymentId: payment }), 'pdf');
      } catch (error) {
        this.setData({ error: messageOf(error) });
      } finally {
        this.setData({ openingReceipt: '' });
      }
    },
    async onConfirmWaive() {
      const view = this.data.view!;
      const problem = checkText(this.data.reason, LIMITS.bill.waiveReason, '减免原因');
      if (problem) return this.setData({ error: problem });
      await this.run(
        '减免账单',
        `${view.unitLabel} 剩余 ¥${view.outstanding} 将予以减免，减免后不能撤回。`,
        '确认减免',
        () => call('bill.waive', { id: view.id, version: view.version, reason: this.data.reason.trim() }),
        '已减免',
      );
    },
  },
});
