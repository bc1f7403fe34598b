import type { Page } from '../../../../../typings/domain';
import type { ActivityTheme } from '../../../../../typings/events';
import { communityScope } from '../../../../behaviors/community-scope';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { DAY_MS, chinaDate, chinaWallTimeToIso } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { THEME_LABELS, activityRow, targetRow } from '../../views';

type Row = ReturnType<typeof activityRow>;

const blankPlan = () => ({ title: '', theme: 'fire' as ActivityTheme, startsAt: `${chinaDate(Date.now() + 7 * DAY_MS)} 14:00`, place: '', budget: '', capacity: 30, description: '' });

/**
 * 社区文化活动 (seed 000 (八), 002 §6): this year's quarters against the target of one activity
 * held each, the activities newest first, and the plan of a new one.
 */
Component({
  behaviors: [communityScope, pagedList<Row>(), freshRequest],
  data: {
    quarters: [] as ReturnType<typeof targetRow>[],
    formOpen: false,
    form: blankPlan(),
    themeOptions: Object.entries(THEME_LABELS).map(([value, label]) => ({ value, label })),
    timePickerVisible: false,
    saving: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'admin'], '社区活动仅对本小区的客服、客服经理和管理员开放'))) return;
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const register = await call('activity.list', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      if (!cursor) this.setData({ quarters: register.quarters.map(targetRow) });
      return { items: register.items.map(activityRow), cursor: register.cursor };
    },
    communityChanged() {
      this.setData({ formOpen: false });
      this.reloadList();
    },
    communityLocked() {
      return this.data.formOpen;
    },
    onToggleForm() {
      this.setData({ formOpen: !this.data.formOpen, form: blankPlan() });
    },
    onForm(event: WechatMiniprogram.CustomEvent<{ value: string | number }, Record<string, never>, { field: string }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onOpenTime() {
      this.setData({ timePickerVisible: true });
    },
    onTimeConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.startsAt': String(event.detail.value).slice(0, 16), timePickerVisible: false });
    },
    onTimeClose() {
      this.setData({ timePickerVisible: false });
    },
    async onSave() {
      const { form, communityId, requestId } = this.data;
      const budgetFen = Math.round(Number(form.budget || '0') * 100);
      if (!Number.isFinite(budgetFen) || budgetFen < 0) {
        wx.showToast({ title: '请填写正确的预算金额', icon: 'none' });
        return;
      }
      await whileBusy(this, 'saving', async () => {
        const activity = await call(
          'activity.save',
          { communityId, title: form.title.trim(), theme: form.theme, startsAt: chinaWallTimeToIso(form.startsAt), place: form.place.trim(), budgetFen, capacity: Number(form.capacity), description: form.description.trim() },
          { requestId },
        );
        wx.showToast({ title: '活动计划已保存', icon: 'success' });
        this.setData({ formOpen: false, form: blankPlan(), requestId: newRequestId() });
        navigateTo('packages/events/pages/activity/index', { id: activity.id });
        this.reloadList();
      });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/events/pages/activity/index', { id: event.currentTarget.dataset.id });
    },
  },
});
