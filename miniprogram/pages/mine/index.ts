import type { ConsentTemplate } from '../../../typings/alerts';
import type { Profile } from '../../../typings/domain';
import { consent } from '../../behaviors/consent';
import { loadable } from '../../behaviors/loadable';
import { profile } from '../../behaviors/profile';
import { selectTab } from '../../custom-tab-bar/tabs';
import { call, newRequestId, showError } from '../../services/api';
import { openExported } from '../../services/documents';
import { navigateTo } from '../../services/navigation';
import { bindingView, grantLines, refreshProfile, type BindingView } from '../../services/session';
import type { PlainPagePath } from '../../shared/routes';
import { confirmModal } from '../../utils/dialog';

const DELETE_CONFIRMATION = '删除我的个人信息';

Component({
  behaviors: [loadable, profile, consent],
  data: {
    isStaff: false,
    staffName: '',
    grantLines: [] as string[],
    bindings: [] as BindingView[],
    exporting: false,
    deleting: false,
    /** 消息通知: each template with the messages left, as the cell says it. */
    noticeRows: [] as { purpose: string; templateId: string; label: string; text: string; remaining: number }[],
  },
  observers: {
    consentTemplates(templates: ConsentTemplate[]) {
      this.setData({
        noticeRows: templates.map((template) => ({
          purpose: template.purpose,
          templateId: template.templateId,
          label: template.label,
          remaining: template.remaining,
          text: template.remaining > 0 ? `还可接收 ${template.remaining} 次` : '次数已用完，收不到此类通知',
        })),
      });
    },
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      selectTab(this, 'mine');
      // Back on this tab: a binding may have been submitted or reviewed meanwhile.
      if (this.data.status === 'ready') this.refreshShownProfile();
    },
    async fetch() {
      this.showProfile(await refreshProfile());
    },
    showProfile(profile: Profile) {
      this.setData({
        isStaff: profile.isStaff,
        staffName: profile.staffName,
        grantLines: grantLines(profile.grants),
        bindings: profile.bindings.map(bindingView),
      });
    },
    /** One more message of a template: WeChat's dialog, from this tap. */
    async onTopUp(event: WechatMiniprogram.BaseEvent<Record<string, never>, { template: string }>) {
      if (await this.askConsentNow([event.currentTarget.dataset.template])) wx.showToast({ title: '已增加 1 次', icon: 'success' });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { page: PlainPagePath }>) {
      navigateTo(event.currentTarget.dataset.page);
    },

    /** A readable copy of everything we hold about the caller (an xlsx file behind a short-lived link). */
    async onExport() {
      if (this.data.exporting) return;
      this.setData({ exporting: true });
      try {
        await openExported(await call('me.export', {}));
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ exporting: false });
      }
    },

    async onDelete() {
      if (this.data.deleting) return;
      const confirmed = await confirmModal(
        '删除我的个人信息',
        '将删除：您的姓名、手机号、全部房屋绑定和上传的凭证图片，删除后无法恢复，需重新绑定房屋才能继续办理业务。\n将保留：您提交过的报修、投诉等工单记录，但其中不再含有您的姓名和电话。',
        '确认删除',
        '#d54941',
      );
      if (!confirmed) return;
      this.setData({ deleting: true });
      try {
        const removed = await call('me.delete', { confirm: DELETE_CONFIRMATION }, { requestId: newRequestId() });
        wx.showToast({ title: `已删除 ${removed.bindingsRemoved} 处房屋绑定`, icon: 'success', duration: 2500 });
        this.showProfile(await refreshProfile());
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ deleting: false });
      }
    },
  },
});
