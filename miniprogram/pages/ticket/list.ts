import { call, messageOf, showError } from '../../services/api';
import { summaryView, type SummaryView } from './format';

type Status = 'loading' | 'ready' | 'error';

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    items: [] as SummaryView[],
    cursor: '',
    loadingMore: false,
  },
  methods: {
    onLoad() {
      this.reload();
    },
    onShow() {
      // Back from a detail page: the owner may have confirmed or accepted something there.
      if (this.data.status === 'ready') this.reload();
    },
    onRetry() {
      this.reload();
    },
    onPullDownRefresh() {
      this.reload().finally(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      this.loadMore();
    },
    /** Loads the newest page; a refresh keeps what is shown until the answer arrives. */
    async reload() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const page = await call('ticket.mine', {});
        this.setData({ status: 'ready', items: page.items.map(summaryView), cursor: page.cursor ?? '' });
      } catch (error) {
        if (this.data.status === 'ready') showError(error);
        else this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    async loadMore() {
      if (!this.data.cursor || this.data.loadingMore || this.data.status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await call('ticket.mine', { cursor: this.data.cursor });
        this.setData({ items: [...this.data.items, ...page.items.map(summaryView)], cursor: page.cursor ?? '' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ loadingMore: false });
      }
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/pages/ticket/detail?id=${event.currentTarget.dataset.id}` });
    },
    onNew() {
      wx.navigateTo({ url: '/pages/ticket/new' });
    },
  },
});
