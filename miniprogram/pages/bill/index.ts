import type { Bill } from '../../../typings/disclosure';
import { call, messageOf, showError } from '../../services/api';
import { billView, type BillView } from '../disclosure/format';

type Status = 'loading' | 'ready' | 'error';

/** Issued and paid bills, the latest period first, then by unit; drafts are the desk's business. */
function billsOf(bills: Bill[]): BillView[] {
  return bills
    .filter((bill) => bill.status !== 'draft')
    .sort((a, b) => b.period.localeCompare(a.period) || a.unitLabel.localeCompare(b.unitLabel))
    .map(billView);
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    bills: [] as BillView[],
  },
  methods: {
    onLoad() {
      this.load();
    },
    onShow() {
      if (this.data.status === 'ready') this.load();
    },
    onRetry() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().finally(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        this.setData({ status: 'ready', bills: billsOf(await call('bill.mine', {})) });
      } catch (error) {
        if (this.data.status === 'ready') showError(error);
        else this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    onOpenStandards() {
      wx.navigateTo({ url: '/pages/disclosure/index' });
    },
  },
});
