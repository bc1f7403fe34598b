import { loadable } from '../../behaviors/loadable';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { countAsRead } from '../../services/notice-reads';
import { noticeSheet, type NoticeSheet } from './views';

/**
 * One notice for a resident, as it hangs on the board; a withdrawn one (opened from the history)
 * is marked 已作废 with its reason. Once shown, the opening is counted as read if the cloud says it counts.
 */
Component({
  behaviors: [loadable],
  data: {
    noticeId: '',
    sheet: null as NoticeSheet | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      if (!query.id) {
        this.fail('没有找到这条通知');
        return;
      }
      this.setData({ noticeId: query.id });
      void this.load();
    },
    async fetch() {
      const notice = await call('notice.get', { id: this.data.noticeId });
      this.setData({ sheet: noticeSheet(notice) });
      void countAsRead(notice);
    },
    onOpenNotice(event: WechatMiniprogram.CustomEvent<{ id: string }>) {
      navigateTo('pages/notice/detail', { id: event.detail.id });
    },
  },
});
