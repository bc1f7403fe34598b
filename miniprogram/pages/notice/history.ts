import type { Page } from '../../../typings/domain';
import { pagedList } from '../../behaviors/paged-list';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { noticeCard, type NoticeCard } from './views';

/**
 * Every notice published to the resident in a community, newest first; withdrawn ones stay, marked
 * 已作废 (seed 002 §2 ¶10), and open with their reason.
 */
Component({
  behaviors: [pagedList<NoticeCard>()],
  data: {
    communityId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      if (!query.communityId) {
        this.fail('没有指定小区');
        return;
      }
      this.setData({ communityId: query.communityId });
      void this.load();
    },
    async fetch() {
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<NoticeCard>> {
      const page = await call('notice.history', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(noticeCard), cursor: page.cursor };
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('pages/notice/detail', { id: event.currentTarget.dataset.id });
    },
  },
});
