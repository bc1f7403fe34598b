import type { Disclosure } from '../../../typings/disclosure';
import { loadable } from '../../behaviors/loadable';
import { call, newRequestId, showError } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { LIMITS, textLength } from '../../shared/limits';
import { chinaMinute } from '../../shared/time';
import { whileBusy } from '../../utils/busy';
import { changeRow, noticeView, type ChangeRow, type NoticeView } from './views';

interface VersionRow {
  id: string;
  version: number;
  publishedAt: string;
  correctionNote: string;
  current: boolean;
}

interface DiffView {
  from: number;
  to: number;
  rows: ChangeRow[];
}

const [QUESTION_MIN, QUESTION_MAX] = LIMITS.disclosure.question;

/** Published versions, newest first (owners never see drafts). */
function publishedVersions(history: Disclosure[]): Disclosure[] {
  return history.filter((notice) => notice.status === 'published').sort((a, b) => b.version - a.version);
}

function versionRow(notice: Disclosure, currentVersion: number): VersionRow {
  return {
    id: notice.id,
    version: notice.version,
    publishedAt: chinaMinute(notice.publishedAt),
    correctionNote: notice.correctionNote ?? '',
    current: notice.version === currentVersion,
  };
}

/** The published versions of the series, as loaded (kept out of `data`: the page shows views). */
const loaded = new WeakMap<object, Disclosure[]>();

Component({
  behaviors: [loadable],
  data: {
    seriesId: '',
    /** The version to show (by id, else by number), the current one when neither is known. */
    wantedId: '',
    wantedVersion: 0,
    notice: null as NoticeView | null,
    /** The version shown is the current one (an older one says so and links to the current). */
    isCurrent: true,
    currentVersion: 0,
    versions: [] as VersionRow[],
    /** The older version being compared with the current one, while the answer is awaited. */
    comparing: 0,
    diff: null as DiffView | null,
    inquireVisible: false,
    question: '',
    questionMax: QUESTION_MAX,
    inquiring: false,
    /** One id per inquiry the owner means to send, reused if they retry. */
    inquiryRequestId: '',
    inquiry: null as { id: string; number: string } | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      if (!query.seriesId) {
        this.fail('没有找到这条公示');
        return;
      }
      this.setData({ seriesId: query.seriesId, wantedId: query.id ?? '', wantedVersion: Number(query.version ?? 0) });
      void this.load();
    },
    /** Loads the series' history and shows the version wanted. */
    async fetch() {
      const versions = publishedVersions(await call('disclosure.history', { seriesId: this.data.seriesId }));
      if (!versions.length) {
        this.fail('没有找到这条公示');
        return;
      }
      loaded.set(this, versions);
      const currentVersion = versions[0].version;
      this.setData({ currentVersion, versions: versions.map((notice) => versionRow(notice, currentVersion)) });
      const { wantedId, wantedVersion } = this.data;
      this.show(versions.find((notice) => notice.id === wantedId) ?? versions.find((notice) => notice.version === wantedVersion) ?? versions[0]);
    },
    show(notice: Disclosure) {
      this.setData({ notice: noticeView(notice), isCurrent: notice.version === this.data.currentVersion, wantedId: notice.id });
    },
    onOpenVersion(event: WechatMiniprogram.BaseEvent<Record<string, never>, { version: number }>) {
      const notice = loaded.get(this)?.find((candidate) => candidate.version === Number(event.currentTarget.dataset.version));
      if (notice) this.show(notice);
    },
    onOpenCurrent() {
      const current = loaded.get(this)?.[0];
      if (current) this.show(current);
    },
    /** What differs between an older version and the current one. */
    async onCompare(event: WechatMiniprogram.BaseEvent<Record<string, never>, { version: number }>) {
      const from = Number(event.currentTarget.dataset.version);
      const to = this.data.currentVersion;
      if (this.data.comparing || from >= to) return;
      this.setData({ comparing: from });
      try {
        const diff = await call('disclosure.diff', { seriesId: this.data.seriesId, from, to });
        this.setData({ diff: { from: diff.from, to: diff.to, rows: diff.changes.map(changeRow) } });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ comparing: 0 });
      }
    },
    onCloseDiff() {
      this.setData({ diff: null });
    },

    onInquire() {
      if (this.data.inquiring) return;
      this.setData({ inquireVisible: true, inquiryRequestId: this.data.inquiryRequestId || newRequestId() });
    },
    onQuestionInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ question: event.detail.value });
    },
    onInquireCancel() {
      this.setData({ inquireVisible: false });
    },
    async onInquireConfirm() {
      const notice = this.data.notice;
      if (!notice || this.data.inquiring) return;
      const question = this.data.question.trim();
      if (textLength(question) < QUESTION_MIN) {
        wx.showToast({ title: question ? `请至少写 ${QUESTION_MIN} 个字` : '请写下您的疑问', icon: 'none' });
        return;
      }
      if (textLength(question) > QUESTION_MAX) {
        wx.showToast({ title: `请不要超过 ${QUESTION_MAX} 个字`, icon: 'none' });
        return;
      }
      await whileBusy(this, 'inquiring', async () => {
        const ticket = await call('disclosure.inquire', { disclosureId: notice.id, question }, { requestId: this.data.inquiryRequestId });
        this.setData({ inquiry: { id: ticket.id, number: ticket.number }, inquireVisible: false, question: '', inquiryRequestId: '' });
        wx.showToast({ title: '质询已提交', icon: 'success' });
      });
    },
    onOpenTicket() {
      const inquiry = this.data.inquiry;
      if (inquiry) navigateTo('pages/ticket/detail', { id: inquiry.id });
    },
  },
});
