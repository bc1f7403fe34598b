import type { Page } from '../../../../../typings/domain';
import type { Review, ReviewCandidate } from '../../../../../typings/review';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, showError } from '../../../../services/api';
import { redirectTo } from '../../../../services/navigation';
import { LIMITS } from '../../../../shared/limits';
import { chinaDate, chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';
import { whileBusy } from '../../../../utils/busy';
import { freshRequest } from '../../../../behaviors/fresh-request';

type CandidateRow = ReviewCandidate & { receivedText: string; reasonText: string };

/** Measures are due within two weeks unless the manager sets otherwise. */
const DEFAULT_DAYS = 14;

interface Fields {
  cause: string;
  responsibility: string;
  measures: string;
  deadline: string;
  progress: string;
}

/**
 * 自查整改 (seed 000 (二)4): opened from 管理看板 on the period's major, group and repeat
 * complaints; the manager writes the cause, responsibility, measures and deadline, keeps the
 * progress, and confirms it done. What the manager may do comes from the review's `allowed`.
 */
Component({
  behaviors: [pagedList<CandidateRow>(), freshRequest],
  data: {
    reviewId: '',
    /** A new review: the period whose complaints it may take up. */
    draft: null as { communityId: string; from: string; to: string } | null,
    chosen: [] as string[],
    review: null as (Review & { openedText: string; ticketText: string }) | null,
    can: {} as Partial<Record<Review['allowed'][number], boolean>>,
    fields: { cause: '', responsibility: '', measures: '', deadline: '', progress: '' } as Fields,
    outcome: '',
    today: '',
    limits: LIMITS.review,
    saving: false,
    datePickerVisible: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ today: chinaDate(Date.now()), 'fields.deadline': chinaDate(Date.now() + DEFAULT_DAYS * 86_400_000) });
      if (query.id) this.setData({ reviewId: query.id });
      else if (query.communityId && query.from && query.to) this.setData({ draft: { communityId: query.communityId, from: query.from, to: query.to } });
      else return this.fail('没有指定自查整改记录');
      void this.load();
    },
    async fetch() {
      const reviewId = this.data.reviewId;
      if (reviewId) {
        this.showReview(await call('review.get', { id: reviewId }));
        return;
      }
      // The first page (as many as one review takes) starts chosen; later pages are the manager's to tick.
      if (await this.firstPage()) this.setData({ chosen: this.data.items.map((candidate) => candidate.id) });
    },
    async fetchPage(cursor?: string): Promise<Page<CandidateRow>> {
      const found = await call('review.candidates', { ...this.data.draft!, ...(cursor ? { cursor } : {}) });
      return { items: found.items.map((candidate) => ({ ...candidate, receivedText: chinaMinute(candidate.receivedAt), reasonText: `${candidate.reasons.join('、')}投诉` })), cursor: found.cursor };
    },
    showReview(review: Review) {
      this.setData({
        review: { ...review, openedText: `${chinaMinute(review.openedAt)} ${review.openedByName} 发起`, ticketText: review.tickets.map((ticket) => `${ticket.number}（${ticket.reasons.join('、')}）`).join('\n') },
        can: canOf(review.allowed),
        fields: { cause: review.cause, responsibility: review.responsibility, measures: review.measures, deadline: review.deadline, progress: review.progress },
      });
    },
    onChoose(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ chosen: event.detail.value });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof Fields }>) {
      this.setData({ [`fields.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onOutcome(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ outcome: event.detail.value });
    },
    onOpenDate() {
      // A completed review keeps its deadline.
      if (!this.data.review || this.data.can.update) this.setData({ datePickerVisible: true });
    },
    onDateConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'fields.deadline': String(event.detail.value).slice(0, 10), datePickerVisible: false });
    },
    onDateClose() {
      this.setData({ datePickerVisible: false });
    },
    trimmed(): Fields {
      const f = this.data.fields;
      return { cause: f.cause.trim(), responsibility: f.responsibility.trim(), measures: f.measures.trim(), deadline: f.deadline, progress: f.progress.trim() };
    },
    async onStart() {
      const draft = this.data.draft;
      if (!draft || this.data.saving) return;
      if (!this.data.chosen.length) {
        wx.showToast({ title: '请至少选择一件投诉', icon: 'none' });
        return;
      }
      const { progress: _unused, ...fields } = this.trimmed();
      await whileBusy(this, 'saving', async () => {
        const review = await call('review.open', { communityId: draft.communityId, ticketIds: this.data.chosen, ...fields }, { requestId: this.data.requestId });
        wx.showToast({ title: '已发起自查整改', icon: 'success' });
        redirectTo('packages/staff/pages/review/index', { id: review.id });
      });
    },
    async onSave() {
      const review = this.data.review;
      if (!review || this.data.saving) return;
      await whileBusy(this, 'saving', async () => {
        this.showReview(await call('review.update', { id: review.id, version: review.version, ...this.trimmed() }));
        wx.showToast({ title: '已保存', icon: 'success' });
      });
    },
    async onComplete() {
      const review = this.data.review;
      const outcome = this.data.outcome.trim();
      if (!review || this.data.saving) return;
      if (outcome.length < LIMITS.review.outcome[0]) {
        wx.showToast({ title: '请写明整改结果', icon: 'none' });
        return;
      }
      if (!(await confirmModal('确认整改完成', '确认后该自查整改记录不能再修改。', '确认完成'))) return;
      this.setData({ saving: true });
      try {
        this.showReview(await call('review.complete', { id: review.id, version: review.version, outcome }));
        wx.showToast({ title: '已完成', icon: 'success' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
