import type { Survey } from '../../../../../typings/events';
import { loadable } from '../../../../behaviors/loadable';
import { call, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { confirmModal } from '../../../../utils/dialog';
import { activityRow, inviteRow, surveyRow } from '../../views';

/**
 * 社区活动 for owners (seed 000 (八), 002 §6): the activities their community announced, with
 * sign-up (a waiting list once full) and cancellation; invitations to the owners' meetings; the
 * surveys to answer.
 */
Component({
  behaviors: [loadable],
  data: {
    activities: [] as ReturnType<typeof activityRow>[],
    meetings: [] as ReturnType<typeof inviteRow>[],
    surveys: [] as ReturnType<typeof surveyRow>[],
    busy: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      // Back from answering a survey: it shows as answered.
      if (this.data.status === 'ready') void this.load();
    },
    async fetch() {
      const [board, surveys] = await Promise.all([call('activity.board', {}), call('survey.mine', {})]);
      this.setData({ activities: board.activities.map(activityRow), meetings: board.meetings.map(inviteRow), surveys: surveys.map((survey: Survey) => surveyRow(survey)) });
    },
    async step(index: number, action: 'activity.signUp' | 'activity.cancel') {
      if (this.data.busy) return;
      const activity = this.data.activities[index];
      this.setData({ busy: true });
      try {
        const updated = activityRow(await call(action, { id: activity.id }));
        this.setData({ [`activities[${index}]`]: updated });
        const title = action === 'activity.cancel' ? '已取消报名' : updated.mine?.status === 'waiting' ? '名额已满，已加入候补' : '报名成功';
        wx.showToast({ title, icon: action === 'activity.signUp' && updated.mine?.status === 'waiting' ? 'none' : 'success' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ busy: false });
      }
    },
    onSignUp(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      void this.step(event.currentTarget.dataset.index, 'activity.signUp');
    },
    async onCancel(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const { index } = event.currentTarget.dataset;
      const activity = this.data.activities[index];
      const note = activity.mine?.status === 'confirmed' && activity.waiting > 0 ? '取消后名额将让给候补的业主，' : '';
      if (!(await confirmModal('取消报名', `确定取消报名「${activity.title}」吗？${note}取消后可再次报名（名额满时为候补）。`, '取消报名'))) return;
      await this.step(index, 'activity.cancel');
    },
    onAnswer(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/events/pages/answer/index', { id: event.currentTarget.dataset.id });
    },
  },
});
