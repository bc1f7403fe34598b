import type { RenovationAction } from '../../../../../typings/actions';
import type { InspectionCheck, RenovationDetail, RenovationTerms } from '../../../../../typings/renovation';
import type { StaffRole } from '../../../../../typings/roles';
import { rolesIn } from '../../../../behaviors/community-scope';
import { stepSheets } from '../../../../behaviors/step-sheets';
import { call, messageOf } from '../../../../services/api';
import { refreshProfile } from '../../../../services/session';
import { LIMITS } from '../../../../shared/limits';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';
import { renovationView, type RenovationView } from './view';

type Sheet = '' | 'reason' | 'inspect' | 'fix' | 'accept';
type ReasonDecision = 'reject' | 'more';

/** Roles that review, inspect and accept renovations: other staff are told who acts instead. */
const RENOVATION_STAFF: StaffRole[] = ['cs', 'manager', 'admin'];

/** Reasons staff give most often; one tap fills the reason, which can still be edited. */
const COMMON_REASONS: Record<ReasonDecision, string[]> = {
  more: [
    '请补充装修施工图纸或方案说明',
    '请上传政府主管部门的批准文件',
    '请签署施工安全告知承诺',
    '施工单位信息不完整，请补充资质和联系人',
    '施工日期或施工人数需要核实，请更正',
  ],
  reject: ['拆改房屋主体结构，未取得批准文件', '装修内容违反装修管理规定的禁止行为', '申请人与房屋名册登记的业主不一致', '施工单位无相应资质'],
};

function showInfo(title: string, content: string): void {
  wx.showModal({ title, content, showCancel: false, confirmText: '知道了' });
}

Component({
  behaviors: [stepSheets],
  data: {
    renovation: null as RenovationView | null,
    terms: null as RenovationTerms | null,
    termsError: '',
    roles: [] as StaffRole[],
    can: {} as Partial<Record<RenovationAction, boolean>>,
    hasActions: false,
    /** Staff who may read but not act (a technician): told who acts instead. */
    readOnly: false,
    limits: LIMITS.renovation,
    sheet: '' as Sheet,
    reasonDecision: 'more' as ReasonDecision,
    commonReasons: COMMON_REASONS,
    fixInspectionId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.openRecord(query.id, '没有指定装修申请');
    },
    /** The application, the caller's roles in its community and the checklists' labels. */
    async fetch() {
      const [detail, profile] = await Promise.all([call('renovation.get', { id: this.data.recordId }), refreshProfile()]);
      if (!this.data.terms) await this.loadTerms();
      // A sheet left open was for the application as it was (a step that met a conflict reloads it).
      this.setData({ roles: rolesIn(profile, detail.communityId), sheet: '' });
      this.showRecord(detail);
    },
    /** The work items' and checks' labels; without them the page still shows the codes. */
    async loadTerms() {
      try {
        this.setData({ terms: await call('renovation.terms', {}), termsError: '' });
      } catch (error) {
        this.setData({ termsError: `无法加载巡查清单：${messageOf(error)}` });
      }
    },
    showRecord(detail: RenovationDetail) {
      this.setData({
        version: detail.version,
        renovation: renovationView(detail, this.data.terms),
        can: canOf(detail.allowed),
        hasActions: detail.allowed.length > 0,
        readOnly: !this.data.roles.some((role) => RENOVATION_STAFF.includes(role)),
      });
    },
    conflictNotice(message: string) {
      return { title: '申请状态已变化', content: `${message}。页面已刷新为最新内容，请确认后再操作。` };
    },

    async onApprove() {
      const renovation = this.data.renovation;
      if (!renovation || this.data.busy) return;
      void this.askConsentNow();
      const warning = renovation.rosterText === '不一致' ? '申请人与房屋名册登记的业主姓名不一致，' : '';
      const content = `${warning}确认批准 ${renovation.unitLabel} 的装修申请？批准后将发放装修许可证，业主可按申请日期施工。`;
      if (!(await confirmModal('批准装修申请', content, '批准'))) return;
      const detail = await this.step('renovation.review', { decision: 'approve' });
      if (detail) showInfo('已批准', detail.permitNo ? `装修许可证号：${detail.permitNo}。业主已收到通知。` : '已批准，业主已收到通知。');
    },
    onReview(event: WechatMiniprogram.BaseEvent<Record<string, never>, { decision: ReasonDecision }>) {
      if (this.data.busy) return;
      void this.askConsentNow();
      this.setData({ sheet: 'reason', reasonDecision: event.currentTarget.dataset.decision });
    },
    onInspect() {
      if (this.data.terms) this.setData({ sheet: 'inspect' });
      else wx.showToast({ title: this.data.termsError || '巡查清单未加载，请下拉刷新', icon: 'none' });
    },
    onFix(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      if (!this.data.busy) this.setData({ sheet: 'fix', fixInspectionId: event.currentTarget.dataset.id });
    },
    async onInspectSubmit(event: WechatMiniprogram.CustomEvent<{ checks: InspectionCheck[]; photos: string[] }>) {
      const failed = event.detail.checks.filter((check) => check.result === 'fail').length;
      if (!(await this.step('renovation.inspect', event.detail, { done: failed > 0 ? '' : '巡查合格，已记录' }))) return;
      this.setData({ sheet: '' });
      if (failed > 0) showInfo('已记录违规', `本次巡查发现 ${failed} 项违规，已通知业主整改。整改后请在本页记录整改情况。`);
    },

    /** Images open in the viewer; other documents (PDF, Word) are downloaded and opened. */
    onOpenDocument(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      const url = event.currentTarget.dataset.url;
      if (/\.(jpe?g|png|gif|webp|heic)(\?|$)/i.test(url)) {
        wx.previewImage({ urls: [url], current: url });
        return;
      }
      wx.downloadFile({
        url,
        success: (result) => wx.openDocument({ filePath: result.tempFilePath, showMenu: true, fail: () => wx.showToast({ title: '无法打开该文件', icon: 'none' }) }),
        fail: () => wx.showToast({ title: '文件下载失败，请稍后再试', icon: 'none' }),
      });
    },
    onCallContractor() {
      const phone = this.data.renovation?.contractor.contactPhone;
      if (phone && !phone.includes('*')) wx.makePhoneCall({ phoneNumber: phone });
    },
  },
});
