import type { NoticeStatus } from '../../../../../typings/notice';
import type { Page } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { noticeCard, type NoticeCard } from '../../../../pages/notice/views';

/** The register's filters: everything, or one status. */
const FILTERS: { value: NoticeStatus | 'all'; label: string }[] = [
  { value: 'all', label: '全部' },
  { value: 'draft', label: '草稿' },
  { value: 'published', label: '已发布' },
  { value: 'withdrawn', label: '已作废' },
];

/**
 * 通知公告 (seed 000 (六)2, 001 三(二)): the community's notices with their status and read counts
 * (已读 / 应读); the desk drafts one, the manager publishes or withdraws it on the notice's page.
 */
Component({
  behaviors: [communityScope, pagedList<NoticeCard>()],
  data: {
    filters: FILTERS,
    filter: 'all' as NoticeStatus | 'all',
    /** The server says whether the caller may draft here. */
    canDraft: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'admin'], '通知公告仅对客服、客服经理和管理员开放'))) return;
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<NoticeCard>> {
      const { filter, communityId } = this.data;
      const register = await call('notice.list', { communityId, ...(filter === 'all' ? {} : { status: filter }), ...(cursor ? { cursor } : {}) });
      this.setData({ canDraft: register.canDraft });
      return { items: register.items.map(noticeCard), cursor: register.cursor };
    },
    /** Back from a notice just published or withdrawn: the register shows it as it is now. */
    onShow() {
      if (this.data.status === 'ready') void this.load();
    },
    communityChanged() {
      this.reloadList();
    },
    onFilter(event: WechatMiniprogram.CustomEvent<{ value: NoticeStatus | 'all' }>) {
      if (event.detail.value === this.data.filter) return;
      this.setData({ filter: event.detail.value });
      this.reloadList();
    },
    onNew() {
      navigateTo('packages/site/pages/notices/notice', { communityId: this.data.communityId });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/site/pages/notices/notice', { id: event.currentTarget.dataset.id });
    },
  },
});
