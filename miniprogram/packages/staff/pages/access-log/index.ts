import type { AccessKind, AccessLogEntry } from '../../../../../typings/domain';
import { call, messageOf, showError } from '../../../../services/api';
import { formatDateTime } from '../../../../utils/time';
import { initialCommunity, loadScope, type CommunityOption } from '../scope';

type Status = 'loading' | 'ready' | 'error';

interface EntryView {
  id: string;
  actor: string;
  kindLabel: string;
  kindTheme: 'primary' | 'warning' | 'danger';
  subject: string;
  fields: string;
  reason: string;
  at: string;
}

const KINDS: Record<AccessKind, { label: string; theme: EntryView['kindTheme'] }> = {
  view: { label: '查看', theme: 'primary' },
  export: { label: '导出', theme: 'warning' },
  delete: { label: '删除', theme: 'danger' },
};

function toView(entry: AccessLogEntry): EntryView {
  const kind = KINDS[entry.kind];
  return {
    id: entry.id,
    actor: entry.actorName || '未填写姓名的用户',
    kindLabel: kind.label,
    kindTheme: kind.theme,
    subject: entry.subject,
    fields: entry.fields.join('、'),
    reason: entry.reason || '未填写',
    at: formatDateTime(entry.at),
  };
}

/** Read-only by design: the log has no edit or delete action anywhere, here or on the server. */
Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    communities: [] as CommunityOption[],
    communityId: '',
    communityName: '',
    pickerVisible: false,
    entries: [] as EntryView[],
    cursor: '',
    loadingMore: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.start(query.communityId);
    },
    onRetry() {
      if (this.data.communityId) this.reload();
      else this.start(undefined);
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
        const { communities } = await loadScope(['manager', 'admin']);
        const community = initialCommunity(communities, requested);
        if (!community) {
          this.setData({ status: 'error', errorMessage: '您没有可查阅访问记录的小区' });
          return;
        }
        this.setData({ communities, communityId: community.value, communityName: community.label });
        await this.reload();
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    async reload() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const page = await call('accessLog.list', { communityId: this.data.communityId });
        this.setData({ status: 'ready', entries: page.items.map(toView), cursor: page.cursor ?? '' });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    async loadMore() {
      if (!this.data.cursor || this.data.loadingMore || this.data.status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await call('accessLog.list', { communityId: this.data.communityId, cursor: this.data.cursor });
        this.setData({ entries: [...this.data.entries, ...page.items.map(toView)], cursor: page.cursor ?? '' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ loadingMore: false });
      }
    },
    onOpenPicker() {
      if (this.data.communities.length > 1) this.setData({ pickerVisible: true });
    },
    onPickerClose() {
      this.setData({ pickerVisible: false });
    },
    onCommunityPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ pickerVisible: false });
      const community = this.data.communities.find((c) => c.value === event.detail.value[0]);
      if (!community || community.value === this.data.communityId) return;
      this.setData({ communityId: community.value, communityName: community.label, entries: [], cursor: '', status: 'loading' });
      this.reload();
    },
  },
});
