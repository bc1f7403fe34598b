import type { Bill } from '../../../typings/disclosure';
import { reloadedOnReturn } from '../../behaviors/loadable';
import { call, showError } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { payBill } from '../../services/payment';
import { openExported } from '../../services/documents';
import { yuan } from '../../shared/money';
import { billView, type BillView } from '../disclosure/views';

/** Issued and paid bills, the latest period first, then by unit; drafts are the desk's business. */
function billsOf(bills: Bill[]): BillView[] {
  return bills
    .filter((bill) => bill.status !== 'draft')
    .sort((a, b) => b.period.localeCompare(a.period) || a.unitLabel.localeCompare(b.unitLabel))
    .map(billView);
}

Component({
  behaviors: [reloadedOnReturn],
  data: {
    bills: [] as BillView[],
    /** The bill being paid in WeChat. */
    payingId: '',
    /** The payment whose receipt is opening. */
    openingReceipt: '',
  },
  methods: {
    async fetch() {
      this.setData({ bills: billsOf(await call('bill.mine', {})) });
    },
    /** 微信支付: what is left of the bill, after the owner confirms the amount on WeChat's own sheet. */
    async onPay(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      const billId = event.currentTarget.dataset.id;
      if (this.data.payingId) return;
      this.setData({ payingId: billId });
      try {
        const outcome = await payBill(billId);
        // The paid bill shows at once, even if the refresh of the list after it fails.
        if (outcome.kind === 'paid' || outcome.kind === 'refunded') this.setData({ bills: this.data.bills.map((view) => (view.id === billId ? billView(outcome.bill) : view)) });
        if (outcome.kind === 'paid') wx.showToast({ title: `已缴费 ¥${yuan(outcome.bill.paidFen)}`, icon: 'success' });
        else if (outcome.kind === 'refunded') wx.showModal({ title: '已原路退回', content: '该账单已在服务中心缴清，本次微信支付已原路退回，请留意微信支付通知。', showCancel: false, confirmText: '知道了' });
        else if (outcome.kind === 'confirming') wx.showModal({ title: '支付结果确认中', content: '微信支付已完成，物业正在确认到账，稍后下拉刷新即可看到缴费记录。请勿重复支付。', showCancel: false, confirmText: '知道了' });
        if (outcome.kind !== 'cancelled') await this.fetch();
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ payingId: '' });
      }
    },
    /** 电子收据: the payment's receipt as PDF, opened in WeChat. */
    async onReceipt(event: WechatMiniprogram.BaseEvent<Record<string, never>, { bill: string; payment: string }>) {
      const { bill, payment } = event.currentTarget.dataset;
      if (this.data.openingReceipt) return;
      this.setData({ openingReceipt: payment });
      try {
        await openExported(await call('bill.receipt', { billId: bill, paymentId: payment }), 'pdf');
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ openingReceipt: '' });
      }
    },
    onOpenStandards() {
      navigateTo('pages/disclosure/index');
    },
  },
});
