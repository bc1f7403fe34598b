import type { Reconciliation } from '../../../../../typings/disclosure';
import { call, messageOf, showError } from '../../../../services/api';
import { openExported } from '../../../../services/documents';
import { yuan } from '../../../../shared/money';

interface Line {
  key: string;
  label: string;
  amount: string;
}

function linesOf(figures: Reconciliation): Line[] {
  return [
    { key: 'issued', label: `应收（${figures.bills} 份账单）`, amount: yuan(figures.issuedFen) },
    { key: 'online', label: '微信支付实收', amount: yuan(figures.onlineFen) },
    { key: 'desk', label: '服务中心实收', amount: yuan(figures.deskFen) },
    { key: 'refunded', label: '退款', amount: yuan(figures.refundedFen) },
    { key: 'waived', label: '减免', amount: yuan(figures.waivedFen) },
    { key: 'outstanding', label: `未收（已缴清 ${figures.paidBills} 份）`, amount: yuan(figures.outstandingFen) },
  ];
}

/**
 * 本期对账: a period's money as the bills recorded it (应收 = 实收 − 退款 + 减免 + 未收), with the
 * .xlsx of every payment, refund and write-off behind it. Reloads when the page's community or
 * period changes.
 */
Component({
  properties: {
    communityId: { type: String, value: '' },
    period: { type: String, value: '' },
  },
  data: {
    status: 'loading' as 'loading' | 'ready' | 'error',
    error: '',
    lines: [] as Line[],
    exporting: false,
  },
  observers: {
    'communityId, period'() {
      void this.load();
    },
  },
  methods: {
    async load() {
      const { communityId, period } = this.data;
      if (!communityId || !period) return;
      this.setData({ status: 'loading', error: '' });
      try {
        const figures = await call('bill.reconcile', { communityId, period });
        // A later period chosen meanwhile wins.
        if (communityId !== this.data.communityId || period !== this.data.period) return;
        this.setData({ status: 'ready', lines: linesOf(figures) });
      } catch (error) {
        this.setData({ status: 'error', error: messageOf(error) });
      }
    },
    async onExport() {
      if (this.data.exporting) return;
      this.setData({ exporting: true });
      try {
        await openExported(await call('bill.reconcileExport', { communityId: this.data.communityId, period: this.data.period }));
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ exporting: false });
      }
    },
  },
});
