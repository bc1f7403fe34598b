import type { RenovationStatus, RenovationSummary } from '../../../../../typings/renovation';
import type { StaffRole } from '../../../../../typings/roles';
import { call, messageOf, showError } from '../../../../services/api';
import { formatDateTime } from '../../../../utils/time';
import { initialCommunity, loadScope } from '../scope';

type Status = 'loading' | 'ready' | 'error';

/** Roles that review, inspect and accept renovations; the server decides in the end. */
const RENOVATION_STAFF: StaffRole[] = ['cs', 'manager', 'admin'];

const FILTERS: { value: RenovationStatus; label: string }[] = [
  { value: 'submitted', label: '待审核' },
  { value: 'needs-more', label: '需补充' },
  { value: 'approved', label: '已批准' },
  { value: 'rejected', label: '未通过' },
  { value: 'completed', label: '已验收' },
];

const STATUS_VIEW: Record<RenovationStatus, { label: string; theme: string }> = {
  submitted: { label: '待审核', theme: 'primary' },
  'needs-more': { label: '需补充', theme: 'warning' },
  approved: { label: '已批准', theme: 'success' },
  rejected: { label: '未通过', theme: 'danger' },
  completed: { label: '已验收', theme: 'default' },
};

const EMPTY_TEXT: Record<RenovationStatus, string> = {
  submitted: '没有待审核的装修申请',
  'needs-more': '没有等待业主补充材料的申请',
  approved: '没有已批准、施工中的装修',
  rejected: '没有未通过的申请',
  completed: '还没有验收完成的装修',
};

interface RenovationItem {
  id: string;
  unitLabel: string;
  statusLabel: string;
  statusTheme: string;
  period: string;
  permitNo: string;
  overdue: boolean;
  openViolations: number;
  submittedAt: string;
}

function toItem(summary: RenovationSummary): RenovationItem {
  const status = STATUS_VIEW[summary.status];
  return {
    id: summary.id,
    unitLabel: summary.unitLabel,
    statusLabel: status.label,
    statusTheme: status.theme,
    period: `${summary.startDate} 至 ${summary.endDate}`,
    permitNo: summary.permitNo ?? '',
    overdue: summary.overdue,
    openViolations: summary.openViolations,
    submittedAt: formatDateTime(summary.submittedAt),
  };
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    communityId: '',
    communityName: '',
    filters: FILTERS,
    filter: 'submitted' as RenovationStatus,
    emptyText: EMPTY_TEXT.submitted,
    items: [] as RenovationItem[],
    cursor: '',
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.start(query.communityId);
    },
    /** Back from an application: its status may have changed. */
    onShow() {
      if (this.data.status === 'ready') this.reload();
    },
    onRetry() {
      this.start(this.data.communityId);
    },
    onPullDownRefresh() {
      this.reload().finally(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      this.loadMore();
    },
    async start(requested: string | undefined) {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const { communities } = await loadScope(RENOVATION_STAFF);
        const community = initialCommunity(communities, requested);
        if (!community) {
          this.setData({ status: 'error', errorMessage: '您没有可管理装修的小区' });
          return;
        }
        this.setData({ communityId: community.value, communityName: community.label });
        await this.reload();
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    /** Loads the first page of the current filter. */
    async reload() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const page = await call('renovation.queue', { communityId: this.data.communityId, status: this.data.filter });
        this.setData({ status: 'ready', items: page.items.map(toItem), cursor: page.cursor ?? '' });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    async loadMore() {
      if (!this.data.cursor || this.data.loadingMore || this.data.status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await call('renovation.queue', { communityId: this.data.communityId, status: this.data.filter, cursor: this.data.cursor });
        this.setData({ items: [...this.data.items, ...page.items.map(toItem)], cursor: page.cursor ?? '' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ loadingMore: false });
      }
    },
    onFilterChange(event: WechatMiniprogram.CustomEvent<{ value: RenovationStatus }>) {
      const filter = event.detail.value;
      if (filter === this.data.filter) return;
      this.setData({ filter, emptyText: EMPTY_TEXT[filter], items: [], cursor: '', status: 'loading' });
      this.reload();
    },
    onOpen(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/packages/staff/pages/renovation/index?id=${encodeURIComponent(event.currentTarget.dataset.id)}` });
    },
  },
});
