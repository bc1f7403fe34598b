import type { MonthlyReport } from '../../../../../typings/board';
import { ALL_COMMUNITIES, communityScope } from '../../../../behaviors/community-scope';
import { call, showError } from '../../../../services/api';
import { getProfile } from '../../../../services/session';
import { openExported } from '../../../../services/documents';
import { navigateTo } from '../../../../services/navigation';
import { whileBusy } from '../../../../utils/busy';
import { reportingPeriods, type ReportingPeriod } from '../../../../shared/periods';
import { chinaDate, chinaMinute, monthLabel } from '../../../../shared/time';
import { boardView, trendRows, type BoardView, type TrendRow } from './view';

const COMPANY = '全部小区（全公司）';

const reportRow = (report: MonthlyReport) => ({
  month: report.month,
  label: monthLabel(report.month),
  note: `${chinaMinute(report.generatedAt)} 生成 · ${report.received} 件`,
  comment: report.comment?.text ?? '',
});

/**
 * 管理看板 (seed 002 §3–5; 000 (一)4): for a period, each target of the standards beside the
 * measured figure with its numerator and denominator, coloured against the target; every figure
 * opens the tickets behind it. Definitions: docs/kpi.md.
 */
Component({
  behaviors: [communityScope],
  data: {
    periods: [] as ReportingPeriod[],
    periodKey: 'thisMonth' as ReportingPeriod['key'],
    period: null as ReportingPeriod | null,
    board: null as BoardView | null,
    exporting: false,
    /** Another period's figures on their way. */
    boardLoading: false,
    /** 月报: the months the timer reported, newest first. */
    reports: [] as { month: string; label: string; note: string; comment: string }[],
    /** The month whose analysis (评语) is being written. */
    commentDraft: null as { month: string; text: string } | null,
    savingComment: false,
    openingReport: '',
    /** 自查整改 still open: shown here until the manager confirms them done. */
    reviews: [] as { id: string; number: string; note: string; overdue: boolean }[],
    /** The last 12 months, per figure. */
    trend: [] as TrendRow[],
    /** The figure whose trend the chart draws. */
    trendKey: 'complaintFeedback',
    trendRow: null as TrendRow | null,
  },
  methods: {
    onShow() {
      // Back from a review: what is still open may have changed (the figures have not).
      if (this.data.status === 'ready') void this.showReviews();
    },
    /** Everything, for the chosen community: on opening, on another community, on pull-down. */
    async fetch() {
      if (!(await this.openScope(['manager', 'admin'], '管理看板仅对客服经理和管理员开放'))) return;
      await this.offerCompany();
      const periods = reportingPeriods(chinaDate(Date.now()));
      const period = periods.find((candidate) => candidate.key === this.data.periodKey) ?? periods[0];
      const communityId = this.data.communityId;
      const [board, reports, trend] = await Promise.all([
        call('board.get', { communityId, from: period.from, to: period.to }),
        // The board shows without these if they cannot load.
        call('report.list', { communityId }).catch(() => []),
        call('board.trend', { communityId }).catch(() => []),
        this.showReviews(),
      ]);
      this.setData({ periods, period, board: boardView(board), trend: trendRows(trend), reports: reports.map(reportRow) });
      this.showTrend();
    },
    /** The open self-inspections; the board shows without them if they cannot load. */
    async showReviews() {
      const reviews = await call('review.list', { communityId: this.data.communityId, status: 'open' }).then((page) => page.items, () => []);
      this.setData({ reviews: reviews.map((review) => ({ id: review.id, number: review.number, overdue: review.overdue, note: `期限 ${review.deadline} · ${review.tickets.length} 件投诉` })) });
    },
    /** The deployment's admins also see the whole company (全部小区). */
    async offerCompany() {
      const everywhere = (await getProfile()).grants.some((grant) => grant.role === 'admin' && grant.communityId === ALL_COMMUNITIES);
      if (!everywhere || this.data.communities.some((option) => option.value === ALL_COMMUNITIES)) return;
      this.setData({ communities: [{ value: ALL_COMMUNITIES, label: COMPANY }, ...this.data.communities] });
    },
    communityChanged() {
      this.setData({ status: 'loading' });
      void this.load();
    },
    /** Another period: only its figures are computed again (the trend and the lists stay). */
    async onPeriod(event: WechatMiniprogram.CustomEvent<{ value: ReportingPeriod['key'] }>) {
      const period = this.data.periods.find((candidate) => candidate.key === event.detail.value);
      if (!period || this.data.boardLoading) return;
      this.setData({ periodKey: period.key });
      await whileBusy(this, 'boardLoading', async () => {
        const board = await call('board.get', { communityId: this.data.communityId, from: period.from, to: period.to });
        this.setData({ period, board: boardView(board) });
      });
    },
    /** The period's figures and tickets as .xlsx, to keep or pass on. */
    async onExport() {
      const period = this.data.period;
      if (!period || this.data.exporting) return;
      await whileBusy(this, 'exporting', async () => {
        await openExported(await call('board.export', { communityId: this.data.communityId, from: period.from, to: period.to }));
      });
    },
    /** A month's report: 表格 (.xlsx: the figures and tickets behind them) or PDF (the printed report). */
    async onOpenReport(event: WechatMiniprogram.BaseEvent<Record<string, never>, { month: string; format: 'xlsx' | 'pdf' }>) {
      const { month, format } = event.currentTarget.dataset;
      if (this.data.openingReport) return;
      this.setData({ openingReport: `${month}:${format}` });
      try {
        const file = await call('report.open', { communityId: this.data.communityId, month, format });
        await openExported(file, file.fileType);
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ openingReport: '' });
      }
    },
    onTrendFigure(event: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string }>) {
      this.setData({ trendKey: event.currentTarget.dataset.key });
      this.showTrend();
    },
    showTrend() {
      this.setData({ trendRow: this.data.trend.find((row) => row.key === this.data.trendKey) ?? this.data.trend[0] ?? null });
    },
    onWriteComment(event: WechatMiniprogram.BaseEvent<Record<string, never>, { month: string }>) {
      const month = event.currentTarget.dataset.month;
      this.setData({ commentDraft: { month, text: this.data.reports.find((report) => report.month === month)?.comment ?? '' } });
    },
    onCommentInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      if (this.data.commentDraft) this.setData({ 'commentDraft.text': event.detail.value });
    },
    onCommentCancel() {
      this.setData({ commentDraft: null });
    },
    async onCommentSave() {
      const draft = this.data.commentDraft;
      if (!draft || this.data.savingComment) return;
      await whileBusy(this, 'savingComment', async () => {
        const saved = await call('report.comment', { communityId: this.data.communityId, month: draft.month, comment: draft.text.trim() });
        this.setData({ commentDraft: null, reports: this.data.reports.map((report) => (report.month === saved.month ? reportRow(saved) : report)) });
        wx.showToast({ title: '评语已保存', icon: 'success' });
      });
    },
    onOpenReview(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/review/index', { id: event.currentTarget.dataset.id });
    },
    /** A self-inspection of this period's major, group and repeat complaints. */
    onStartReview() {
      const period = this.data.period;
      if (period) navigateTo('packages/staff/pages/review/index', { communityId: this.data.communityId, from: period.from, to: period.to });
    },
    /** The tickets behind a figure: those that missed it first (for 返修率, the reopened ones). */
    onFigure(event: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string }>) {
      const period = this.data.period;
      if (!period) return;
      const key = event.currentTarget.dataset.key;
      navigateTo('packages/staff/pages/board-tickets/index', {
        communityId: this.data.communityId,
        from: period.from,
        to: period.to,
        figure: key,
        part: key === 'rework' ? 'met' : 'missed',
      });
    },
  },
});
