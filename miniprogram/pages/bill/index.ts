import type { Bill } from '../../../typings/disclosure';
import { loadable } from '../../behaviors/loadable';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { billView, type BillView } from '../disclosure/views';

/** Issued and paid bills, the latest period first, then by unit; drafts are the desk's business. */
function billsOf(bills: Bill[]): BillView[] {
  return bills
    .filter((bill) => bill.status !== 'draft')
    .sort((a, b) => b.period.localeCompare(a.period) || a.unitLabel.localeCompare(b.unitLabel))
    .map(billView);
}

Component({
  behaviors: [loadable],
  data: {
    bills: [] as BillView[],
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      if (this.data.status === 'ready') void this.load();
    },
    async fetch() {
      this.setData({ bills: billsOf(await call('bill.mine', {})) });
    },
    onOpenStandards() {
      navigateTo('pages/disclosure/index');
    },
  },
});
