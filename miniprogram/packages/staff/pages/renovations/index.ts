import type { Page } from '../../../../../typings/domain';
import type { RenovationStatus } from '../../../../../typings/renovation';
import type { StaffRole } from '../../../../../typings/roles';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { renovationRow, type RenovationRow } from '../../../../pages/renovation/views';
import { RENOVATION_STATUS_LABELS } from '../../../../shared/labels';

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

Component({
  behaviors: [communityScope, pagedList<RenovationRow>()],
  data: {
    filters: FILTERS,
    filter: 'submitted' as RenovationStatus,
    emptyText: EMPTY_TEXT.submitted,
  },
  methods: {
    /** Back from an application: its status may have changed. */
    onShow() {
      if (this.data.status === 'ready') void this.load();
    },
    async fetch() {
      if (await this.openScope(RENOVATION_STAFF, '您没有可管理装修的小区')) await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<RenovationRow>> {
      const page = await call('renovation.queue', { communityId: this.data.communityId, status: this.data.filter, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(renovationRow), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
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
