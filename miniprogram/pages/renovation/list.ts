import type { RenovationStatus, RenovationSummary } from '../../../typings/renovation';
import { loadable } from '../../behaviors/loadable';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { chinaMinute } from '../../shared/time';

interface ItemView {
  id: string;
  unitLabel: string;
  status: RenovationStatus;
  permitNo: string;
  period: string;
  overdue: boolean;
  openViolations: number;
  submittedAt: string;
  needsMore: boolean;
}

function itemView(item: RenovationSummary): ItemView {
  return {
    id: item.id,
    unitLabel: item.unitLabel,
    status: item.status,
    permitNo: item.permitNo ?? '',
    period: `${item.startDate} 至 ${item.endDate}`,
    overdue: item.overdue,
    openViolations: item.openViolations,
    submittedAt: chinaMinute(item.submittedAt),
    needsMore: item.status === 'needs-more',
  };
}

Component({
  behaviors: [loadable],
  data: {
    items: [] as ItemView[],
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      // Back from an application or a resubmission: its status may have changed.
      if (this.data.status === 'ready') void this.load();
    },
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
