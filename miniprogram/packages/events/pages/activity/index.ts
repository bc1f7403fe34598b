import type { Signup } from '../../../../../typings/events';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { loadable } from '../../../../behaviors/loadable';
import { uploadProblem, type UploadChange, type UploadState } from '../../../../components/cloud-upload/state';
import { call } from '../../../../services/api';
import { chinaMinute, chinaWallTimeToIso } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';
import { SIGNUP_LABELS, THEME_LABELS, activityRow } from '../../views';

const BLANK_REPORT = { attendance: 0, record: '', summary: '', rating: 0, lessons: '' };
const signupRow = (signup: Signup) => ({ ...signup, statusLabel: SIGNUP_LABELS[signup.status], when: chinaMinute(signup.at) });

/**
 * One activity (seed 000 (八)3): its plan, the notice and invitation sent to owners (发布), who
 * signed up and who waits, and once it took place the record with photos, summary and evaluation.
 */
Component({
  behaviors: [loadable, freshRequest],
  data: {
    id: '',
    activity: null as ReturnType<typeof activityRow> | null,
    signups: [] as ReturnType<typeof signupRow>[],
    signupCursor: '',
    reportOpen: false,
    report: { ...BLANK_REPORT },
    photos: [] as string[],
    photoState: 'done' as UploadState,
    editOpen: false,
    plan: { title: '', theme: 'fire', startsAt: '', place: '', budget: '', capacity: 1, description: '' },
    themeOptions: Object.entries(THEME_LABELS).map(([value, label]) => ({ value, label })),
    timePickerVisible: false,
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ id: query.id ?? '' });
      void this.load();
    },
    async fetch() {
      if (!this.data.id) return this.fail('没有指定活动');
      const [activity, signups] = await Promise.all([call('activity.get', { id: this.data.id }), call('activity.signups', { id: this.data.id })]);
      this.setData({ activity: activityRow(activity), signups: signups.items.map(signupRow), signupCursor: signups.cursor ?? '' });
    },
    async onMoreSignups() {
      const page = await call('activity.signups', { id: this.data.id, cursor: this.data.signupCursor });
      this.setData({ signups: [...this.data.signups, ...page.items.map(signupRow)], signupCursor: page.cursor ?? '' });
    },
    async onPublish() {
      const activity = this.data.activity;
      if (!activity) return;
      if (!(await confirmModal('发布活动通知', `发布后「${activity.title}」将通知本小区的已认证业主并开放报名，活动计划不能再修改。`, '发布'))) return;
      await whileBusy(this, 'busy', async () => {
        this.setData({ activity: activityRow(await call('activity.publish', { id: activity.id, version: activity.version })) });
        wx.showToast({ title: '已发布，业主可报名', icon: 'success' });
      });
    },
    onToggleEdit() {
      const activity = this.data.activity;
      if (!activity) return;
      this.setData({
        editOpen: !this.data.editOpen,
        plan: { title: activity.title, theme: activity.theme, startsAt: activity.when, place: activity.place, budget: activity.budget, capacity: activity.capacity, description: activity.description },
      });
    },
    onPlanField(event: WechatMiniprogram.CustomEvent<{ value: string | number }, Record<string, never>, { field: string }>) {
      this.setData({ [`plan.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onOpenTime() {
      this.setData({ timePickerVisible: true });
    },
    onTimeConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'plan.startsAt': String(event.detail.value).slice(0, 16), timePickerVisible: false });
    },
    onTimeClose() {
      this.setData({ timePickerVisible: false });
    },
    async onSavePlan() {
      const { activity, plan } = this.data;
      if (!activity) return;
      const budgetFen = Math.round(Number(plan.budget || '0') * 100);
      if (!Number.isFinite(budgetFen) || budgetFen < 0) {
        wx.showToast({ title: '请填写正确的预算金额', icon: 'none' });
        return;
      }
      await whileBusy(this, 'busy', async () => {
        const saved = await call('activity.save', {
          communityId: activity.communityId,
          id: activity.id,
          version: activity.version,
          title: plan.title.trim(),
          theme: plan.theme as typeof activity.theme,
          startsAt: chinaWallTimeToIso(plan.startsAt),
          place: plan.place.trim(),
          budgetFen,
          capacity: Number(plan.capacity),
          description: plan.description.trim(),
        }, { requestId: this.data.requestId });
        this.renewRequest();
        this.setData({ activity: activityRow(saved), editOpen: false });
        wx.showToast({ title: '计划已修改', icon: 'success' });
      });
    },
    onToggleReport() {
      this.setData({ reportOpen: !this.data.reportOpen, report: { ...BLANK_REPORT, attendance: this.data.activity?.confirmed ?? 0 }, photos: [], photoState: 'done' });
    },
    onReportField(event: WechatMiniprogram.CustomEvent<{ value: string | number }, Record<string, never>, { field: keyof typeof BLANK_REPORT }>) {
      this.setData({ [`report.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onPhotos(event: WechatMiniprogram.CustomEvent<UploadChange>) {
      this.setData({ photos: event.detail.fileIDs.filter(Boolean), photoState: event.detail.state });
    },
    async onSaveReport() {
      const { activity, report, photos, photoState } = this.data;
      if (!activity) return;
      const problem = uploadProblem(photoState, '照片') ?? (report.rating ? undefined : '请评估活动效果（1–5 星）');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (!(await confirmModal('登记活动记录', '登记后活动记为已举办，记录和总结不能再修改。', '登记'))) return;
      await whileBusy(this, 'busy', async () => {
        const saved = await call('activity.report', {
          id: activity.id,
          version: activity.version,
          attendance: Number(report.attendance),
          photos,
          record: report.record.trim(),
          summary: report.summary.trim(),
          rating: Number(report.rating),
          lessons: report.lessons.trim(),
        });
        this.setData({ activity: activityRow(saved), reportOpen: false });
        wx.showToast({ title: '已登记', icon: 'success' });
      });
    },
    onPreview(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      // Cloud file ids are image sources in WeChat, and stay the same while a temporary URL changes.
      const urls = this.data.activity?.report?.photos ?? [];
      wx.previewImage({ urls, current: urls[event.currentTarget.dataset.index] });
    },
  },
});
