import type { Disclosure } from '../../../typings/disclosure';
import { call, messageOf, showError } from '../../services/api';
import { refreshProfile } from '../../services/session';
import { KIND_LABELS, KIND_ORDER, noticeView, type NoticeView } from './format';

type Status = 'loading' | 'ready' | 'error';

interface CommunityOption {
  value: string;
  label: string;
}

interface Section {
  kind: string;
  kindLabel: string;
  notices: NoticeView[];
}

/** Current versions grouped by kind in the board's order, the latest publication first in each. */
function sectionsOf(notices: Disclosure[]): Section[] {
  const latestFirst = [...notices].sort((a, b) => (b.publishedAt ?? '').localeCompare(a.publishedAt ?? ''));
  return KIND_ORDER.map((kind) => ({
    kind,
    kindLabel: KIND_LABELS[kind],
    notices: latestFirst.filter((notice) => notice.status === 'published' && notice.content.kind === kind).map(noticeView),
  })).filter((section) => section.notices.length > 0);
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    /** The communities where the caller is an approved resident. */
    communities: [] as CommunityOption[],
    communityId: '',
    /** The notices are being loaded for a community just chosen; the previous board stays until then. */
    switching: false,
    sections: [] as Section[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.load(query.communityId);
    },
    onRetry() {
      this.load(this.data.communityId || undefined);
    },
    onPullDownRefresh() {
      this.load(this.data.communityId || undefined).finally(() => wx.stopPullDownRefresh());
    },
    /** Finds the caller's communities, then shows the board of the one asked for (or the first). */
    async load(wanted?: string) {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const profile = await refreshProfile();
        const communities: CommunityOption[] = [];
        for (const binding of profile.bindings) {
          if (binding.status === 'approved' && !communities.some((c) => c.value === binding.communityId)) {
            communities.push({ value: binding.communityId, label: binding.communityName });
          }
        }
        // The cloud decides who may read a board; a community named in a link is asked for as it is.
        const communityId = wanted || communities[0]?.value || '';
        this.setData({ communities, communityId });
        if (!communityId) {
          this.setData({ status: 'ready', sections: [] });
          return;
        }
        const sections = sectionsOf(await call('disclosure.board', { communityId }));
        this.setData({ status: 'ready', sections });
      } catch (error) {
        if (this.data.status === 'ready') showError(error);
        else this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    async onCommunityChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const communityId = event.detail.value;
      if (!communityId || communityId === this.data.communityId || this.data.switching) return;
      const previous = this.data.communityId;
      this.setData({ communityId, switching: true });
      try {
        this.setData({ sections: sectionsOf(await call('disclosure.board', { communityId })) });
      } catch (error) {
        this.setData({ communityId: previous });
        showError(error);
      } finally {
        this.setData({ switching: false });
      }
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; series: string }>) {
      const { id, series } = event.currentTarget.dataset;
      wx.navigateTo({ url: `/pages/disclosure/detail?seriesId=${series}&id=${id}` });
    },
    onBind() {
      wx.navigateTo({ url: '/pages/bind/index' });
    },
  },
});
