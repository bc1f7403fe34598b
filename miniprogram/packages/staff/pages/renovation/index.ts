import type { ActionInput } from '../../../../../typings/api';
import type { StaffRole } from '../../../../../typings/roles';
import type { InspectionCheck, RenovationDetail, RenovationStatus, RenovationTerms } from '../../../../../typings/renovation';
import { ApiError, call, messageOf, newRequestId, showError } from '../../../../services/api';
import { uploadToCloud } from '../../../../services/files';
import { refreshProfile } from '../../../../services/session';
import { formatDateTime } from '../../../../utils/time';
import { rolesIn } from '../scope';
import { confirmModal } from '../../../../utils/dialog';
import { checkText } from '../../../../utils/text';

type Status = 'loading' | 'ready' | 'error';
type Sheet = '' | 'reason' | 'inspect' | 'fix' | 'accept';
type ReasonDecision = 'reject' | 'more';

/** Roles that review, inspect and accept renovations; the server decides in the end. */
const RENOVATION_STAFF: StaffRole[] = ['cs', 'manager', 'admin'];

const STATUS_VIEW: Record<RenovationStatus, { label: string; theme: string; next: string }> = {
  submitted: { label: '待审核', theme: 'primary', next: '核对房屋名册和申请材料，批准、驳回或要求补充' },
  'needs-more': { label: '需补充', theme: 'warning', next: '等待业主补充材料后重新提交' },
  approved: { label: '已批准', theme: 'success', next: '施工中：按巡查清单检查现场，完工后组织验收' },
  rejected: { label: '未通过', theme: 'danger', next: '申请未通过，已告知业主原因' },
  completed: { label: '已验收', theme: 'default', next: '已竣工验收，申请办结' },
};

/** What the application's `reason` holds in each status (the acceptance note once completed). */
const REASON_LABELS: Record<RenovationStatus, string> = {
  submitted: '上次要求补充',
  'needs-more': '需补充内容',
  approved: '审核意见',
  rejected: '未通过原因',
  completed: '验收意见',
};

/** Reasons staff give most often; one tap fills the reason, which can still be edited. */
const COMMON_REASONS: Record<ReasonDecision, string[]> = {
  more: [
    '请补充装修施工图纸或方案说明',
    '请上传政府主管部门的批准文件',
    '请签署施工安全告知承诺',
    '施工单位信息不完整，请补充资质和联系人',
    '施工日期或施工人数需要核实，请更正',
  ],
  reject: [
    '拆改房屋主体结构，未取得批准文件',
    '装修内容违反装修管理规定的禁止行为',
    '申请人与房屋名册登记的业主不一致',
    '施工单位无相应资质',
  ],
};

/** Text limits, checked here first so the user is told before a round trip. */
const LIMITS = {
  reason: [2, 300],
  checkNote: [2, 200],
  fix: [2, 200],
  accept: [2, 300],
} as const;
const MAX_PHOTOS = 9;

/** Hundredths of a m² as `89.50`, exactly (integer arithmetic). */
function areaText(centi: number): string {
  return `${Math.floor(centi / 100)}.${String(centi % 100).padStart(2, '0')}`;
}

function showInfo(title: string, content: string): void {
  wx.showModal({ title, content, showCancel: false, confirmText: '知道了' });
}

interface InspectionView {
  id: string;
  at: string;
  inspectorName: string;
  failed: { code: string; label: string; note: string }[];
  passedCount: number;
  photoCount: number;
  violation: boolean;
  open: boolean;
  fixedAt: string;
  fixNote: string;
}

interface RenovationView {
  id: string;
  /** Short-lived links: staff open the drawings and the approval documents to check them. */
  documents: { label: string; url: string }[];
  unitLabel: string;
  status: RenovationStatus;
  statusLabel: string;
  statusTheme: string;
  nextStep: string;
  permitNo: string;
  overdue: boolean;
  openViolations: number;
  submittedAt: string;
  startDate: string;
  endDate: string;
  contractor: { company: string; licenceNo: string; contactName: string; contactPhone: string; workers: number };
  areaText: string;
  extinguishers: number;
  workItems: { code: string; label: string; structural: boolean }[];
  structural: boolean;
  attachmentCount: number;
  approvalDocCount: number;
  existingBuilding: boolean;
  commitmentText: string;
  commitmentOk: boolean;
  agreementVersion: string;
  agreementSignedAt: string;
  rosterText: string;
  rosterTheme: string;
  revisionCount: number;
  reason: string;
  reasonLabel: string;
  inspections: InspectionView[];
  completedAt: string;
}

interface Actions {
  review: boolean;
  inspect: boolean;
  fix: boolean;
  accept: boolean;
  any: boolean;
}

const NO_ACTIONS: Actions = { review: false, inspect: false, fix: false, accept: false, any: false };

interface CheckDraft {
  code: string;
  label: string;
  passed: boolean;
  note: string;
}

function toView(detail: RenovationDetail, terms: RenovationTerms | null): RenovationView {
  const status = STATUS_VIEW[detail.status];
  const items = new Map((terms?.workItems ?? []).map((item) => [item.code, item]));
  const checks = new Map((terms?.inspectionChecks ?? []).map((check) => [check.code, check.label]));
  const form = detail.form;
  const workItems = form.workItems.map((code) => ({ code, label: items.get(code)?.label ?? code, structural: items.get(code)?.structural ?? false }));
  let rosterText = '未核对';
  let rosterTheme = 'default';
  if (detail.rosterMatch === true) [rosterText, rosterTheme] = ['姓名一致', 'success'];
  if (detail.rosterMatch === false) [rosterText, rosterTheme] = ['不一致', 'warning'];
  let commitmentText = '非既有建筑，无需签署';
  if (form.existingBuilding) commitmentText = form.safetyCommitmentSigned ? '已签署' : '未签署';
  return {
    id: detail.id,
    unitLabel: detail.unitLabel,
    status: detail.status,
    statusLabel: status.label,
    statusTheme: status.theme,
    nextStep: status.next,
    permitNo: detail.permitNo ?? '',
    overdue: detail.overdue,
    openViolations: detail.openViolations,
    submittedAt: formatDateTime(detail.submittedAt),
    startDate: form.startDate,
    endDate: form.endDate,
    contractor: { ...form.contractor },
    areaText: areaText(form.areaCenti),
    extinguishers: detail.extinguishersRequired,
    workItems,
    structural: workItems.some((item) => item.structural),
    attachmentCount: form.attachments.length,
    approvalDocCount: form.approvalDocs.length,
    documents: [
      ...detail.approvalDocUrls.map((url, index) => ({ label: `批准文件 ${index + 1}`, url })),
      ...detail.attachmentUrls.map((url, index) => ({ label: `图纸/照片 ${index + 1}`, url })),
    ],
    existingBuilding: form.existingBuilding,
    commitmentText,
    commitmentOk: !form.existingBuilding || form.safetyCommitmentSigned,
    agreementVersion: form.agreementVersion,
    agreementSignedAt: formatDateTime(detail.agreementSignedAt),
    rosterText,
    rosterTheme,
    revisionCount: detail.revisionCount,
    reason: detail.reason ?? '',
    reasonLabel: REASON_LABELS[detail.status],
    inspections: detail.inspections.map((inspection) => ({
      id: inspection.id,
      at: formatDateTime(inspection.at),
      inspectorName: inspection.inspectorName,
      failed: inspection.checks
        .filter((check) => !check.passed)
        .map((check) => ({ code: check.code, label: checks.get(check.code) ?? check.code, note: check.note })),
      passedCount: inspection.checks.filter((check) => check.passed).length,
      photoCount: inspection.photoCount,
      violation: inspection.violation,
      open: inspection.violation && !inspection.fixedAt,
      fixedAt: inspection.fixedAt ? formatDateTime(inspection.fixedAt) : '',
      fixNote: inspection.fixNote ?? '',
    })),
    completedAt: detail.completedAt ? formatDateTime(detail.completedAt) : '',
  };
}

function actionsFor(detail: RenovationDetail, roles: StaffRole[]): Actions {
  const staff = roles.some((role) => RENOVATION_STAFF.includes(role));
  const approved = detail.status === 'approved';
  const actions: Actions = {
    review: staff && detail.status === 'submitted',
    inspect: staff && approved,
    fix: staff && approved && detail.openViolations > 0,
    accept: staff && approved,
    any: false,
  };
  actions.any = actions.review || actions.inspect || actions.accept;
  return actions;
}

type StepAction = 'renovation.review' | 'renovation.inspect' | 'renovation.fixViolation' | 'renovation.accept';
type StepExtra<A extends StepAction> = Omit<ActionInput<A>, 'id' | 'version'>;

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    renovationId: '',
    version: 0,
    renovation: null as RenovationView | null,
    terms: null as RenovationTerms | null,
    termsError: '',
    roles: [] as StaffRole[],
    actions: NO_ACTIONS,
    /** Staff who may read but not act (a technician): told who acts instead. */
    readOnly: false,
    busy: false,
    limits: LIMITS,

    sheet: '' as Sheet,
    reasonDecision: 'more' as ReasonDecision,
    commonReasons: [] as string[],
    reason: '',
    checks: [] as CheckDraft[],
    failedCount: 0,
    inspectFiles: [] as { url: string }[],
    photoMax: MAX_PHOTOS,
    fixInspectionId: '',
    fixNote: '',
    acceptNote: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ renovationId: query.id ?? '' });
      this.load();
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
    onRetry() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().finally(() => wx.stopPullDownRefresh());
    },
    /** Loads the application, the caller's roles in its community and the checklists' labels. */
    async load() {
      if (!this.data.renovationId) {
        this.setData({ status: 'error', errorMessage: '没有指定装修申请' });
        return;
      }
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const [detail, profile] = await Promise.all([call('renovation.get', { id: this.data.renovationId }), refreshProfile()]);
        if (!this.data.terms) await this.loadTerms();
        const roles = rolesIn(profile, detail.communityId);
        this.setData({ status: 'ready', roles });
        this.apply(detail);
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    /** The work items' and checks' labels; without them the page still shows the codes. */
    async loadTerms() {
      try {
        const terms = await call('renovation.terms', {});
        this.setData({ terms, termsError: '' });
      } catch (error) {
        this.setData({ termsError: `无法加载巡查清单：${messageOf(error)}` });
      }
    },
    apply(detail: RenovationDetail) {
      this.setData({
        version: detail.version,
        renovation: toView(detail, this.data.terms),
        actions: actionsFor(detail, this.data.roles),
        readOnly: !this.data.roles.some((role) => RENOVATION_STAFF.includes(role)),
      });
    },

    /**
     * Sends one step with the version the user saw. A CONFLICT means the application changed
     * meanwhile (a colleague acted, or the owner resubmitted): the user is told and sees it as it is now.
     */
    async step<A extends StepAction>(action: A, extra: StepExtra<A>, done: string): Promise<RenovationDetail | null> {
      if (this.data.busy) return null;
      this.setData({ busy: true });
      try {
        const input = { id: this.data.renovationId, version: this.data.version, ...extra } as ActionInput<A>;
        const detail = (await call(action, input, { requestId: newRequestId() })) as RenovationDetail;
        this.apply(detail);
        this.setData({ sheet: '' });
        if (done) wx.showToast({ title: done, icon: 'success' });
        return detail;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          showInfo('申请状态已变化', `${error.message}。页面已刷新为最新内容，请确认后再操作。`);
          this.setData({ sheet: '' });
          await this.load();
        } else {
          showError(error);
        }
        return null;
      } finally {
        this.setData({ busy: false });
      }
    },

    openSheet(sheet: Sheet, patch: Record<string, unknown> = {}) {
      if (this.data.busy) return;
      this.setData({ sheet, ...patch });
    },
    onSheetVisibleChange(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible) this.setData({ sheet: '' });
    },
    onSheetCancel() {
      this.setData({ sheet: '' });
    },

    async onApprove() {
      const renovation = this.data.renovation;
      if (!renovation || this.data.busy) return;
      const warning = renovation.rosterText === '不一致' ? '申请人与房屋名册登记的业主姓名不一致，' : '';
      const confirmed = await confirmModal(
        '批准装修申请',
        `${warning}确认批准 ${renovation.unitLabel} 的装修申请？批准后将发放装修许可证，业主可按申请日期施工。`,
        '批准',
      );
      if (!confirmed) return;
      const detail = await this.step('renovation.review', { decision: 'approve' }, '');
      if (detail) showInfo('已批准', detail.permitNo ? `装修许可证号：${detail.permitNo}。业主已收到通知。` : '已批准，业主已收到通知。');
    },
    onReject() {
      this.openSheet('reason', { reasonDecision: 'reject', commonReasons: COMMON_REASONS.reject, reason: '' });
    },
    onAskMore() {
      this.openSheet('reason', { reasonDecision: 'more', commonReasons: COMMON_REASONS.more, reason: '' });
    },
    onPickReason(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { reason: string }>) {
      this.setData({ reason: event.currentTarget.dataset.reason });
    },
    onReasonInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: event.detail.value });
    },
    async onReasonSubmit() {
      const more = this.data.reasonDecision === 'more';
      const problem = checkText(this.data.reason, LIMITS.reason, more ? '需要补充的内容' : '不通过的原因');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (!more) {
        const confirmed = await confirmModal('驳回装修申请', '驳回后业主需要重新申请，确认驳回？', '确认驳回');
        if (!confirmed) return;
      }
      await this.step('renovation.review', { decision: this.data.reasonDecision, reason: this.data.reason.trim() }, more ? '已通知业主补充' : '已驳回');
    },

    onInspect() {
      const terms = this.data.terms;
      if (!terms) {
        wx.showToast({ title: this.data.termsError || '巡查清单未加载，请下拉刷新', icon: 'none' });
        return;
      }
      const checks: CheckDraft[] = terms.inspectionChecks.map((check) => ({ code: check.code, label: check.label, passed: true, note: '' }));
      this.openSheet('inspect', { checks, failedCount: 0, inspectFiles: [] });
    },
    onCheckPassed(event: WechatMiniprogram.CustomEvent<{ value: boolean }, Record<string, never>, { code: string }>) {
      const code = event.currentTarget.dataset.code;
      const checks = this.data.checks.map((check) => (check.code === code ? { ...check, passed: event.detail.value } : check));
      this.setData({ checks, failedCount: checks.filter((check) => !check.passed).length });
    },
    onCheckNote(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { code: string }>) {
      const code = event.currentTarget.dataset.code;
      this.setData({ checks: this.data.checks.map((check) => (check.code === code ? { ...check, note: event.detail.value } : check)) });
    },
    onPhotosAdd(event: WechatMiniprogram.CustomEvent<{ files: { url: string }[] }>) {
      const added = event.detail.files.map((file) => ({ url: file.url }));
      this.setData({ inspectFiles: [...this.data.inspectFiles, ...added].slice(0, MAX_PHOTOS) });
    },
    onPhotoRemove(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ inspectFiles: this.data.inspectFiles.filter((_, index) => index !== event.detail.index) });
    },
    async onInspectSubmit() {
      const failed = this.data.checks.filter((check) => !check.passed);
      for (const check of failed) {
        const problem = checkText(check.note, LIMITS.checkNote, `“${check.label}”的问题说明`);
        if (problem) {
          wx.showToast({ title: problem, icon: 'none' });
          return;
        }
      }
      if (this.data.busy) return;
      if (failed.length > 0) {
        const confirmed = await confirmModal(
          '记录违规',
          `${failed.length} 项不合格：${failed.map((check) => check.label).join('、')}。提交后将记为违规并通知业主整改，确认提交？`,
          '确认提交',
        );
        if (!confirmed) return;
      }
      let photos: string[];
      this.setData({ busy: true });
      wx.showLoading({ title: '正在上传照片', mask: true });
      try {
        photos = await Promise.all(this.data.inspectFiles.map((file) => uploadToCloud(`renovations/inspections/${newRequestId()}.jpg`, file.url)));
      } catch (error) {
        showError(error);
        return;
      } finally {
        wx.hideLoading();
        this.setData({ busy: false });
      }
      const checks: InspectionCheck[] = this.data.checks.map((check) => ({ code: check.code, passed: check.passed, note: check.note.trim() }));
      const detail = await this.step('renovation.inspect', { checks, photos }, failed.length > 0 ? '' : '巡查合格，已记录');
      if (detail && failed.length > 0) showInfo('已记录违规', `本次巡查发现 ${failed.length} 项违规，已通知业主整改。整改后请在本页记录整改情况。`);
    },

    onFix(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      this.openSheet('fix', { fixInspectionId: event.currentTarget.dataset.id, fixNote: '' });
    },
    onFixInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ fixNote: event.detail.value });
    },
    onFixSubmit() {
      const problem = checkText(this.data.fixNote, LIMITS.fix, '整改情况');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      this.step('renovation.fixViolation', { inspectionId: this.data.fixInspectionId, note: this.data.fixNote.trim() }, '已记录整改');
    },

    onAccept() {
      if (this.data.renovation && this.data.renovation.openViolations > 0) {
        wx.showToast({ title: '还有违规未整改，整改后才能验收', icon: 'none' });
        return;
      }
      this.openSheet('accept', { acceptNote: '' });
    },
    onAcceptInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ acceptNote: event.detail.value });
    },
    async onAcceptSubmit() {
      const problem = checkText(this.data.acceptNote, LIMITS.accept, '验收情况');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const confirmed = await confirmModal('竣工验收', '确认装修已完工并验收合格？验收后申请办结，不能再巡查或修改。', '确认验收');
      if (!confirmed) return;
      await this.step('renovation.accept', { note: this.data.acceptNote.trim() }, '已验收');
    },

    onCallContractor() {
      const phone = this.data.renovation?.contractor.contactPhone;
      if (phone && !phone.includes('*')) wx.makePhoneCall({ phoneNumber: phone });
    },
  },
});
