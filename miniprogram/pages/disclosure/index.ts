import type { Disclosure } from '../../../typings/disclosure';
import { loadable } from '../../behaviors/loadable';
import { call, showError } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { refreshProfile } from '../../services/session';
import { DISCLOSURE_KIND_LABELS } from '../../shared/labels';
import { KIND_ORDER, noticeView, type NoticeView } from './views';
import { noticeCard, type NoticeCard } from '../notice/views';

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
    kindLabel: DISCLOSURE_KIND_LABELS[kind],
    notices: latestFirst.filter((notice) => notice.status === 'published' && notice.content.kind === kind).map(noticeView),
  })).filter((section) => section.notices.length > 0);
}

/** The board of one community: its notices in force (公告/通知) above its disclosures. */
async function boardOf(communityId: string): Promise<{ notices: NoticeCard[]; sections: Section[] }> {
  const [notices, disclosures] = await Promise.all([call('notice.board', { communityId }), call('disclosure.board', { communityId })]);
  return { notices: notices.map(noticeCard), sections: sectionsOf(disclosures) };
}

Component({
  behaviors: [loadable],
  data: {
    /** The communities where the caller is an approved resident. */
    communities: [] as CommunityOption[],
    communityId: '',
    /** The notices are being loaded for a community just chosen; the previous board stays until then. */
    switching: false,
    sections: [] as Section[],
    /** Notices in force, newest first: what an owner should see first. */
    notices: [] as NoticeCard[],
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ communityId: query.communityId ?? '' });
      void this.load();
    },
    /** Finds the caller's communities, then shows the board of the one asked for (or the first). */
    async fetch() {
      const profile = await refreshProfile();
      const communities: CommunityOption[] = [];
      for (const binding of profile.bindings) {
        if (binding.status === 'approved' && !communities.some((c) => c.value === binding.communityId)) {
          communities.push({ value: binding.communityId, label: binding.communityName });
        }
      }
      // The cloud decides who may read a board; a community named in a link is asked for as it is.
      const communityId = this.data.communityId || communities[0]?.value || '';
      this.setData({ communities, communityId });
      this.setData(communityId ? await boardOf(communityId) : { notices: [], sections: [] });
    },
    async onCommunityChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const communityId = event.detail.value;
      if (!communityId || communityId === this.data.communityId || this.data.switching) return;
      const previous = this.data.communityId;
      this.setData({ communityId, switching: true });
      try {
        this.setData(await boardOf(communityId));
      } catch (error) {
        this.setData({ communityId: previous });
        showError(error);
      } finally {
        this.setData({ switching: false });
      }
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; series: string }>) {
      const { id, series } = event.currentTarget.dataset;
      navigateTo('pages/disclosure/detail', { seriesId: series, id });
    },
    onOpenNotice(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('pages/notice/detail', { id: event.currentTarget.dataset.id });
    },
    onNoticeHistory() {
      navigateTo('pages/notice/history', { communityId: this.data.communityId });
    },
    onBind() {
      navigateTo('pages/bind/index');
    },
  },
});
