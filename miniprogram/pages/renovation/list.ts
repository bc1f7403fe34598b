import type { RenovationSummary } from '../../../typings/renovation';
import { reloadedOnReturn } from '../../behaviors/loadable';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { renovationRow, type RenovationRow } from './views';

interface ItemView extends RenovationRow {
  needsMore: boolean;
}

function itemView(summary: RenovationSummary): ItemView {
  return { ...renovationRow(summary), needsMore: summary.status === 'needs-more' };
}

Component({
  behaviors: [reloadedOnReturn],
  data: {
    items: [] as ItemView[],
  },
  methods: {
    async fetch() {
      this.setData({ items: (await call('renovation.mine', {})).map(itemView) });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('pages/renovation/detail', { id: event.currentTarget.dataset.id });
    },
    onNew() {
      navigateTo('pages/renovation/apply');
    },
  },
});
