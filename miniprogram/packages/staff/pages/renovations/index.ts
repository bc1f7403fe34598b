import type { Page } from '../../../../../typings/domain';
import type { RenovationStatus, RenovationSummary } from '../../../../../typings/renovation';
import type { StaffRole } from '../../../../../typings/roles';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { RENOVATION_STATUS_LABELS } from '../../../../shared/labels';
import { chinaMinute } from '../../../../shared/time';

/** Roles that review, inspect and accept renovations; the server decides in the end. */
const RENOVATION_STAFF: StaffRole[] = ['cs', 'manager', 'admin'];

const FILTERS = Object.entries(RENOVATION_STATUS_LABELS).map(([value, label]) => ({ value, label }));

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
  status: RenovationStatus;
  period: string;
  permitNo: string;
  overdue: boolean;
  openViolations: number;
  submittedAt: string;
}

function toItem(summary: RenovationSummary): RenovationItem {
  return {
    id: summary.id,
    unitLabel: summary.unitLabel,
    status: summary.status,
    period: `${summary.startDate} 至 ${summary.endDate}`,
    permitNo: summary.permitNo ?? '',
    overdue: summary.overdue,
    openViolations: summary.openViolations,
    submittedAt: chinaMinute(summary.submittedAt),
  };
}

Component({
  behaviors: [communityScope, pagedList<RenovationItem>()],
  data: {
    filters: FILTERS,
    filter: 'submitted' as RenovationStatus,
    emptyText: EMPTY_TEXT.submitted,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ communityId: query.communityId ?? '' });
      void this.load();
    },
    /** Back from an application: its status may have changed. */
    onShow() {
      if (this.data.status === 'ready') void this.load();
    },
    async fetch() {
      if (await this.openScope(RENOVATION_STAFF, '您没有可管理装修的小区')) await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<RenovationItem>> {
      const page = await call('renovation.queue', { communityId: this.data.communityId, status: this.data.filter, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toItem), cursor: page.cursor };
    },
    communityChanged() {
      this.clearList();
      this.setData({ status: 'loading' });
      void this.load();
    },
    onFilterChange(event: WechatMiniprogram.CustomEvent<{ value: RenovationStatus }>) {
      const filter = event.detail.value;
      if (filter === this.data.filter) return;
      this.setData({ filter, emptyText: EMPTY_TEXT[filter] });
      this.communityChanged();
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/renovation/index', { id: event.currentTarget.dataset.id });
    },
  },
});
