import type { RenovationStatus, RenovationSummary } from '../../../typings/renovation';
import { call, messageOf, showError } from '../../services/api';

type Status = 'loading' | 'ready' | 'error';

const STATUS: Record<RenovationStatus, { label: string; theme: string }> = {
  submitted: { label: '待审核', theme: 'warning' },
  'needs-more': { label: '需补充', theme: 'danger' },
  approved: { label: '已批准', theme: 'success' },
  rejected: { label: '未通过', theme: 'default' },
  completed: { label: '已验收', theme: 'primary' },
};

interface ItemView {
  id: string;
  unitLabel: string;
  statusLabel: string;
  statusTheme: string;
  permitNo: string;
  period: string;
  overdue: boolean;
  openViolations: number;
  submittedAt: string;
  needsMore: boolean;
}

/** `2026-01-05 09:30` in China time. */
function chinaTime(iso: string): string {
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time + 8 * 60 * 60 * 1000).toISOString().slice(0, 16).replace('T', ' ');
}

function itemView(item: RenovationSummary): ItemView {
  const status = STATUS[item.status];
  return {
    id: item.id,
    unitLabel: item.unitLabel,
    statusLabel: status.label,
    statusTheme: status.theme,
    permitNo: item.permitNo ?? '',
    period: `${item.startDate} 至 ${item.endDate}`,
    overdue: item.overdue,
    openViolations: item.openViolations,
    submittedAt: chinaTime(item.submittedAt),
    needsMore: item.status === 'needs-more',
  };
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    items: [] as ItemView[],
  },
  methods: {
    onLoad() {
      this.reload();
    },
    onShow() {
      // Back from an application or a resubmission: its status may have changed.
      if (this.data.status === 'ready') this.reload();
    },
    onRetry() {
      this.reload();
    },
    onPullDownRefresh() {
      this.reload().finally(() => wx.stopPullDownRefresh());
    },
    async reload() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const items = await call('renovation.mine', {});
        this.setData({ status: 'ready', items: items.map(itemView) });
      } catch (error) {
        if (this.data.status === 'ready') showError(error);
        else this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/pages/renovation/detail?id=${event.currentTarget.dataset.id}` });
    },
    onNew() {
      wx.navigateTo({ url: '/pages/renovation/apply' });
    },
  },
});
