import { loadable } from '../../behaviors/loadable';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { noticeSheet, type NoticeSheet } from './views';

/**
 * One notice for a resident, as it hangs on the board; a withdrawn one (opened from the history)
 * is marked 已作废 with its reason. The cloud counts the first opening as read.
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
      this.setData({ sheet: noticeSheet(await call('notice.get', { id: this.data.noticeId })) });
    },
    onOpenNotice(event: WechatMiniprogram.CustomEvent<{ id: string }>) {
      navigateTo('pages/notice/detail', { id: event.detail.id });
    },
  },
});
