import type { Binding } from '../../../typings/domain';
import type { RenovationDetail, RenovationForm, RenovationTerms } from '../../../typings/renovation';
import { call, messageOf, newRequestId, showError } from '../../services/api';
import { uploadWithProgress } from '../../services/files';
import { getProfile, refreshProfile } from '../../services/session';

/** `locked`: the application opened with `?id=` is not waiting for additions, so it cannot be edited. */
type Status = 'loading' | 'ready' | 'error' | 'unbound' | 'locked';
type DateTarget = '' | 'start' | 'end';
type FileList = 'attachments' | 'approvalDocs';

interface Home {
  unitId: string;
  communityId: string;
  label: string;
}

interface WorkItemView {
  code: string;
  label: string;
  structural: boolean;
  note: string;
}

/** A chosen file as t-upload shows it, plus its cloud file id once uploaded. */
interface Upload {
  url: string;
  name: string;
  type: 'image';
  status: 'loading' | 'done' | 'failed';
  percent: number;
  fileID?: string;
}

const MAX_FILES = 9;
const MAX_WORKERS = 200;
const TEXT_MAX = 60;
/** Up to 999999.99 m²: six digits before the point and at most two after it. */
const AREA_PATTERN = /^(\d{1,6})(?:\.(\d{0,2}))?$/;
/** One 2 kg dry-powder extinguisher per 50 m² (5000 hundredths), any remainder counting as a full 50 m². */
const CENTI_PER_EXTINGUISHER = 5000;
/** The unified social credit code (统一社会信用代码) on the contractor's business licence, as the cloud checks it. */
const CREDIT_CODE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;
/** The cloud accepts up to 1000 m². */
const MAX_AREA_CENTI = 100_000;
const MOBILE = /^1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|heic)$/i;

function homesOf(bindings: Binding[]): Home[] {
  return bindings
    // Renovation is the owner's business: family members and tenants cannot apply (the cloud refuses them too).
    .filter((binding) => binding.status === 'approved' && binding.relation === 'owner')
    .map((binding) => ({ unitId: binding.unitId, communityId: binding.communityId, label: `${binding.communityName} ${binding.unitLabel}` }));
}

/**
 * The typed area in hundredths of a m², by string handling (no floating point): `89.5` → 8950.
 * Empty input is no area yet; anything else that is not a positive number with at most two
 * decimals is refused with a sentence.
 */
function parseArea(text: string): { centi: number; error: string } {
  const value = text.trim();
  if (!value) return { centi: 0, error: '' };
  if (/^\d+\.\d{3,}$/.test(value)) return { centi: 0, error: '面积最多保留两位小数，如 89.50' };
  const match = AREA_PATTERN.exec(value);
  if (!match) return { centi: 0, error: '请填写数字形式的面积，如 89.50' };
  const centi = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (centi <= 0) return { centi: 0, error: '面积须大于 0' };
  if (centi > MAX_AREA_CENTI) return { centi: 0, error: '装修面积不能超过 1000 m²' };
  return { centi, error: '' };
}

function extinguishersFor(areaCenti: number): number {
  return areaCenti > 0 ? Math.floor((areaCenti + CENTI_PER_EXTINGUISHER - 1) / CENTI_PER_EXTINGUISHER) : 0;
}

function areaText(centi: number): string {
  const fraction = centi % 100;
  return fraction ? `${Math.floor(centi / 100)}.${String(fraction).padStart(2, '0')}` : String(centi / 100);
}

function uploadedAs(fileIDs: string[]): Upload[] {
  // A cloud file id is a valid image source in WeChat.
  return fileIDs.map((fileID, index) => ({ url: fileID, name: `文件${index + 1}`, type: 'image', status: 'done', percent: 100, fileID }));
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    pendingReview: false,
    /** Verified for a home, but as family or tenant: only the owner may apply. */
    notOwner: false,
    homes: [] as Home[],
    homeIndex: 0,
    homeLabel: '',
    terms: null as RenovationTerms | null,
    workItems: [] as WorkItemView[],
    checkedItems: [] as string[],
    structuralChecked: false,
    structuralLabels: '',
    company: '',
    licenceNo: '',
    contactName: '',
    contactPhone: '',
    workers: '',
    startDate: '',
    endDate: '',
    today: '',
    dateTarget: '' as DateTarget,
    dateValue: '',
    dateStart: '',
    area: '',
    areaCenti: 0,
    areaError: '',
    extinguishers: 0,
    attachments: [] as Upload[],
    approvalDocs: [] as Upload[],
    maxFiles: MAX_FILES,
    existingBuilding: false,
    safetyCommitmentSigned: false,
    termsVisible: false,
    termsRead: false,
    acknowledged: false,
    /** Why the form cannot be sent yet (the first problem), shown above the button. */
    blockReason: '',
    submitting: false,
    /** One id per filled-in form: a double tap or a retry after a timeout submits once. */
    requestId: '',
    /** Set when resubmitting an application that staff asked to complete. */
    editId: '',
    version: 0,
    reason: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ requestId: newRequestId(), editId: query.id ?? '' });
      this.start();
    },
    onRetry() {
      this.start();
    },
    async start() {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        let profile = await getProfile();
        if (!homesOf(profile.bindings).length) profile = await refreshProfile();
        const homes = homesOf(profile.bindings);
        if (!homes.length) {
          this.setData({
            status: 'unbound',
            pendingReview: profile.bindings.some((binding) => binding.status === 'pending'),
            notOwner: profile.bindings.some((binding) => binding.status === 'approved'),
          });
          return;
        }
        const [terms, existing] = await Promise.all([
          call('renovation.terms', {}),
          this.data.editId ? call('renovation.get', { id: this.data.editId }) : Promise.resolve(null),
        ]);
        const workItems = terms.workItems.map((item) => ({ ...item, note: item.structural ? '结构 · 须上传政府批准文件' : '' }));
        // The earliest start date is the cloud's today, which is the date it checks.
        this.setData({ homes, homeIndex: 0, homeLabel: homes[0].label, terms, workItems, today: terms.today });
        if (existing) {
          if (existing.status !== 'needs-more') {
            this.setData({ status: 'locked' });
            return;
          }
          this.prefill(existing);
        }
        this.setData({ status: 'ready' });
        this.refreshBlock();
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    /** Fills the form with the application staff asked to complete; the terms are read and signed again. */
    prefill(existing: RenovationDetail) {
      const form = existing.form;
      const index = this.data.homes.findIndex((home) => home.unitId === form.unitId);
      this.setData({
        homeIndex: Math.max(index, 0),
        homeLabel: index >= 0 ? this.data.homes[index].label : existing.unitLabel,
        company: form.contractor.company,
        licenceNo: form.contractor.licenceNo,
        contactName: form.contractor.contactName,
        contactPhone: form.contractor.contactPhone,
        workers: String(form.contractor.workers),
        startDate: form.startDate,
        endDate: form.endDate,
        area: areaText(form.areaCenti),
        areaCenti: form.areaCenti,
        extinguishers: extinguishersFor(form.areaCenti),
        attachments: uploadedAs(form.attachments),
        approvalDocs: uploadedAs(form.approvalDocs),
        existingBuilding: form.existingBuilding,
        version: existing.version,
        reason: existing.reason ?? '',
      });
      this.setItems(form.workItems.filter((code) => this.data.workItems.some((item) => item.code === code)));
    },

    onPickHome() {
      if (this.data.homes.length < 2 || this.data.editId) return;
      wx.showActionSheet({
        itemList: this.data.homes.map((home) => home.label),
        success: ({ tapIndex }) => this.setData({ homeIndex: tapIndex, homeLabel: this.data.homes[tapIndex].label }),
      });
    },
    onCompanyChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ company: event.detail.value });
      this.refreshBlock();
    },
    onLicenceChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ licenceNo: event.detail.value });
      this.refreshBlock();
    },
    onContactNameChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactName: event.detail.value });
      this.refreshBlock();
    },
    onContactPhoneChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ contactPhone: event.detail.value.trim() });
      this.refreshBlock();
    },
    onWorkersChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ workers: event.detail.value.trim() });
      this.refreshBlock();
    },

    /** The count of extinguishers follows every keystroke. */
    onAreaChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const area = event.detail.value;
      const { centi, error } = parseArea(area);
      this.setData({ area, areaCenti: centi, areaError: error, extinguishers: extinguishersFor(centi) });
      this.refreshBlock();
    },

    onPickStart() {
      this.setData({ dateTarget: 'start', dateStart: this.data.today, dateValue: this.data.startDate || this.data.today });
    },
    onPickEnd() {
      const from = this.data.startDate || this.data.today;
      this.setData({ dateTarget: 'end', dateStart: from, dateValue: this.data.endDate && this.data.endDate >= from ? this.data.endDate : from });
    },
    onDateConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const value = String(event.detail.value).slice(0, 10);
      const target = this.data.dateTarget;
      this.setData({ dateTarget: '' });
      if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return;
      if (target === 'start') {
        // An end date before the new start no longer makes sense.
        this.setData({ startDate: value, ...(this.data.endDate && this.data.endDate < value ? { endDate: '' } : {}) });
      }
      if (target === 'end') this.setData({ endDate: value });
      this.refreshBlock();
    },
    onDateClose(event: WechatMiniprogram.CustomEvent<{ trigger?: string }>) {
      // TDesign fires close on cancel, on the overlay and also just before confirm: the confirm handler still needs to know which date it is.
      if (event.detail.trigger !== 'confirm-btn') this.setData({ dateTarget: '' });
    },

    setItems(checkedItems: string[]) {
      const structural = this.data.workItems.filter((item) => item.structural && checkedItems.includes(item.code));
      this.setData({
        checkedItems,
        structuralChecked: structural.length > 0,
        structuralLabels: structural.map((item) => item.label).join('、'),
      });
    },
    onItemsChange(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setItems(event.detail.value);
      this.refreshBlock();
    },

    onExistingChange(event: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ existingBuilding: Boolean(event.detail.value), safetyCommitmentSigned: false });
      this.refreshBlock();
    },
    onCommitmentChange(event: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ safetyCommitmentSigned: Boolean(event.detail.checked) });
      this.refreshBlock();
    },

    onOpenTerms() {
      this.setData({ termsVisible: true });
    },
    onTermsVisibleChange(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      this.setData({ termsVisible: event.detail.visible });
    },
    /** Closing the terms with the button at their end counts as having read them. */
    onTermsRead() {
      this.setData({ termsVisible: false, termsRead: true });
      this.refreshBlock();
    },
    onAgreeChange(event: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      if (event.detail.checked && !this.data.termsRead) {
        this.setData({ acknowledged: false, termsVisible: true });
        this.hint('请先阅读禁止行为和注意事项及管理服务协议');
        return;
      }
      this.setData({ acknowledged: Boolean(event.detail.checked) });
      this.refreshBlock();
    },

    onFileAdd(event: WechatMiniprogram.CustomEvent<{ files: { url: string; name: string }[] }, Record<string, never>, { list: FileList }>) {
      const list = event.currentTarget.dataset.list;
      const room = MAX_FILES - this.data[list].length;
      const added = event.detail.files
        .slice(0, room)
        .map((file): Upload => ({ url: file.url, name: file.name, type: 'image', status: 'loading', percent: 0 }));
      this.setData({ [list]: [...this.data[list], ...added] });
      for (const file of added) this.upload(list, file.url);
      this.refreshBlock();
    },
    async upload(list: FileList, url: string) {
      this.patchFile(list, url, { status: 'loading', percent: 0 });
      const extension = IMAGE_EXTENSION.exec(url)?.[0].toLowerCase() ?? '.jpg';
      try {
        const fileID = await uploadWithProgress(`renovations/${newRequestId()}${extension}`, url, (percent) => this.patchFile(list, url, { percent }));
        this.patchFile(list, url, { status: 'done', percent: 100, fileID });
      } catch (error) {
        if (this.patchFile(list, url, { status: 'failed' })) showError(error);
      }
      this.refreshBlock();
    },
    patchFile(list: FileList, url: string, patch: Partial<Upload>): boolean {
      const index = this.data[list].findIndex((file) => file.url === url);
      if (index < 0) return false;
      this.setData({ [`${list}[${index}]`]: { ...this.data[list][index], ...patch } });
      return true;
    },
    onFileRemove(event: WechatMiniprogram.CustomEvent<{ index: number }, Record<string, never>, { list: FileList }>) {
      const list = event.currentTarget.dataset.list;
      this.setData({ [list]: this.data[list].filter((_, index) => index !== event.detail.index) });
      this.refreshBlock();
    },
    onFileClick(event: WechatMiniprogram.CustomEvent<{ index: number }, Record<string, never>, { list: FileList }>) {
      const list = event.currentTarget.dataset.list;
      const file = this.data[list][event.detail.index];
      if (file?.status === 'failed') this.upload(list, file.url);
    },
    onFileFail(event: WechatMiniprogram.CustomEvent<{ errMsg?: string }>) {
      const reason = event.detail.errMsg ?? '';
      if (/cancel/.test(reason)) return;
      this.hint(/privacy|auth/i.test(reason) ? '需要您同意隐私保护指引后才能选择图片' : '未能选择图片，请重试');
    },

    /** The first reason the form cannot be sent, or '' when it can. */
    problem(): string {
      const d = this.data;
      const workers = Number(d.workers);
      const phone = d.contactPhone;
      const pending = [...d.attachments, ...d.approvalDocs];
      if (!d.company.trim()) return '请填写装修施工单位';
      if (d.company.trim().length > TEXT_MAX) return `施工单位名称不能超过 ${TEXT_MAX} 个字`;
      if (!d.licenceNo.trim()) return '请填写施工单位的营业执照或资质证书编号';
      if (!CREDIT_CODE.test(d.licenceNo.trim().toUpperCase())) return '请填写施工单位营业执照上的 18 位统一社会信用代码';
      if ([...d.contactName.trim()].length < 2) return '请填写现场负责人姓名';
      if (!MOBILE.test(phone) && !LANDLINE.test(phone)) return '请填写现场负责人的手机号或固定电话';
      if (!/^\d+$/.test(d.workers) || workers < 1 || workers > MAX_WORKERS) return `施工人数应为 1–${MAX_WORKERS} 人`;
      if (!d.startDate) return '请选择计划开工日期';
      if (!d.endDate) return '请选择计划完工日期';
      if (d.endDate < d.startDate) return '完工日期不能早于开工日期';
      if (d.areaError) return d.areaError;
      if (!d.areaCenti) return '请填写装修面积';
      if (!d.checkedItems.length) return '请勾选装修项目';
      if (pending.some((file) => file.status === 'loading')) return '文件正在上传，请稍候再提交';
      if (pending.some((file) => file.status === 'failed')) return '有文件上传失败，请点击该文件重试或删除';
      if (d.structuralChecked && !d.approvalDocs.length) return `您勾选了“${d.structuralLabels}”，须先上传政府有关部门的批准文件才能提交`;
      if (d.existingBuilding && !d.safetyCommitmentSigned) return '既有建筑装修须阅读施工安全告知承诺并勾选“我已阅读并承诺”';
      if (!d.termsRead) return '请先阅读禁止行为和注意事项及管理服务协议';
      if (!d.acknowledged) return '请勾选“我已阅读并同意”';
      return '';
    },
    refreshBlock() {
      if (this.data.status === 'ready') this.setData({ blockReason: this.problem() });
    },
    form(): RenovationForm {
      const d = this.data;
      return {
        unitId: d.homes[d.homeIndex].unitId,
        contractor: {
          company: d.company.trim(),
          licenceNo: d.licenceNo.trim().toUpperCase(),
          contactName: d.contactName.trim(),
          contactPhone: d.contactPhone,
          workers: Number(d.workers),
        },
        startDate: d.startDate,
        endDate: d.endDate,
        areaCenti: d.areaCenti,
        workItems: d.checkedItems,
        attachments: d.attachments.map((file) => file.fileID ?? ''),
        approvalDocs: d.structuralChecked ? d.approvalDocs.map((file) => file.fileID ?? '') : [],
        existingBuilding: d.existingBuilding,
        safetyCommitmentSigned: d.existingBuilding && d.safetyCommitmentSigned,
        agreementVersion: d.terms?.agreementVersion ?? '',
        acknowledgedTerms: d.acknowledged,
      };
    },
    onSubmit() {
      if (this.data.submitting || this.data.status !== 'ready') return;
      const problem = this.problem();
      this.setData({ blockReason: problem });
      if (problem) {
        this.hint(problem);
        return;
      }
      this.setData({ submitting: true });
      const extinguishers = this.data.extinguishers;
      wx.showModal({
        title: this.data.editId ? '重新提交装修申请' : '提交装修申请',
        content: `提交后由物业审核，审核期间不能修改。施工现场须配备 ${extinguishers} 个 2 公斤干粉灭火器。确认提交吗？`,
        confirmText: '确认提交',
        success: (result) => {
          if (result.confirm) this.submit();
          else this.setData({ submitting: false });
        },
        fail: () => this.setData({ submitting: false }),
      });
    },
    async submit() {
      const { editId, version, requestId } = this.data;
      try {
        const saved = editId
          ? await call('renovation.resubmit', { ...this.form(), id: editId, version }, { requestId })
          : await call('renovation.apply', this.form(), { requestId });
        wx.showToast({ title: editId ? '已重新提交' : '申请已提交', icon: 'success' });
        wx.redirectTo({ url: `/pages/renovation/detail?id=${saved.id}` });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ submitting: false });
      }
    },

    onViewDetail() {
      wx.redirectTo({ url: `/pages/renovation/detail?id=${this.data.editId}` });
    },
    onBind() {
      wx.navigateTo({ url: '/pages/bind/index' });
    },
    hint(message: string) {
      wx.showToast({ title: message, icon: 'none', duration: 2500 });
    },
  },
});
