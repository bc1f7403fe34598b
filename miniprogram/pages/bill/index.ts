import type { Bill } from '../../../typings/disclosure';
import { reloadedOnReturn } from '../../behaviors/loadable';
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
  behaviors: [reloadedOnReturn],
  data: {
    bills: [] as BillView[],
  },
  methods: {
    async fetch() {
      this.setData({ bills: billsOf(await call('bill.mine', {})) });
    },
    onOpenStandards() {
      navigateTo('pages/disclosure/index');
    },
  },
});
