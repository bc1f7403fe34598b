import type { Community } from '../../../../../typings/domain';
import { call, messageOf } from '../../../../services/api';

type Status = 'loading' | 'ready' | 'error';

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    communities: [] as Community[],
  },
  methods: {
    /** Reloads on every show, so a community saved on the edit page appears on return. */
    onShow() {
      this.load();
    },
    onRetry() {
      this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const communities = await call('community.list', {});
        this.setData({ status: 'ready', communities });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    onCreate() {
      wx.navigateTo({ url: '/packages/staff/pages/communities/edit' });
    },
    onEdit(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/packages/staff/pages/communities/edit?id=${encodeURIComponent(event.currentTarget.dataset.id)}` });
    },
  },
});
