import type { ConsentTemplate } from '../../../typings/alerts';
import type { Profile } from '../../../typings/domain';
import { consent } from '../../behaviors/consent';
import { loadable } from '../../behaviors/loadable';
import { profile } from '../../behaviors/profile';
import { selectTab } from '../../custom-tab-bar/tabs';
import { call, newRequestId, showError } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { bindingView, grantLines, refreshProfile, type BindingView } from '../../services/session';
import type { PlainPagePath } from '../../shared/routes';
import { confirmModal } from '../../utils/dialog';

const DELETE_CONFIRMATION = '删除我的个人信息';

/** `wx` callback APIs as promises, failing with their errMsg. */
function downloadFile(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: (result) => (result.statusCode === 200 ? resolve(result.tempFilePath) : reject(new Error(`HTTP ${result.statusCode}`))),
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
}

function openDocument(filePath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.openDocument({ filePath, fileType: 'xlsx', showMenu: true, success: () => resolve(), fail: (error) => reject(new Error(error.errMsg)) });
  });
}

function copyText(data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.setClipboardData({ data, success: () => resolve(), fail: (error) => reject(new Error(error.errMsg)) });
  });
}

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
        const exported = await call('me.export', {});
        try {
          await openDocument(await downloadFile(exported.url));
        } catch {
          // Some phones cannot open xlsx in WeChat: give the link to open elsewhere.
          await this.offerLink(exported.url, exported.expiresInSeconds);
        }
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ exporting: false });
      }
    },
    async offerLink(url: string, expiresInSeconds: number) {
      const minutes = Math.max(1, Math.floor(expiresInSeconds / 60));
      try {
        await copyText(url);
      } catch {
        wx.showModal({ title: '无法打开导出文件', content: '请稍后重试，或联系物业服务中心协助导出。', showCancel: false });
        return;
      }
      wx.showModal({
        title: '下载链接已复制',
        content: `无法在微信中直接打开文件，链接已复制，请在浏览器中打开下载（${minutes} 分钟内有效）。`,
        showCancel: false,
      });
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
