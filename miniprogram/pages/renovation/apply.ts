import type { RenovationDetail, RenovationForm, RenovationTerms } from '../../../typings/renovation';
import { consent } from '../../behaviors/consent';
import { loadable } from '../../behaviors/loadable';
import type { UploadChange, UploadState } from '../../components/cloud-upload/state';
import { call, newRequestId, showError } from '../../services/api';
import { navigateTo, redirectTo } from '../../services/navigation';
import { profileWithHomes, type Home } from '../../services/session';
import { COUNTS } from '../../shared/limits';
import { hundredths } from '../../shared/money';
import { extinguishersFor, parseArea, problemOf } from './form';

type DateTarget = '' | 'start' | 'end';
type FileList = 'attachments' | 'approvalDocs';

interface WorkItemView {
  code: string;
  label: string;
  structural: boolean;
  note: string;
}

Component({
  behaviors: [loadable, consent],
  data: {
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
    files: { attachments: [] as string[], approvalDocs: [] as string[] },
    fileStates: { attachments: 'done' as UploadState, approvalDocs: 'done' as UploadState },
    maxFiles: COUNTS.renovationFiles,
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
      void this.load();
    },
    async fetch() {
      const { profile, homes } = await profileWithHomes(true);
      if (!homes.length) {
        const bindings = profile.bindings;
        this.setData({ status: 'unbound', pendingReview: bindings.some((b) => b.status === 'pending'), notOwner: bindings.some((b) => b.status === 'approved') });
        return;
      }
      const [terms, existing] = await Promise.all([
        call('renovation.terms', {}),
        this.data.editId ? call('renovation.get', { id: this.data.editId }) : Promise.resolve(null),
      ]);
      const workItems = terms.workItems.map((item) => ({ ...item, note: item.structural ? '结构 · 须上传政府批准文件' : '' }));
      // The earliest start date is the cloud's today, which is the date it checks.
      this.setData({ homes, homeIndex: 0, homeLabel: homes[0].label, terms, workItems, today: terms.today });
      if (existing && existing.status !== 'needs-more') {
        this.setData({ status: 'locked' });
        return;
      }
      if (existing) this.prefill(existing);
      this.setData({ status: 'ready' });
      this.refreshBlock();
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
        area: hundredths(form.areaCenti, 'short'),
        areaCenti: form.areaCenti,
        extinguishers: extinguishersFor(form.areaCenti),
        files: { attachments: form.attachments, approvalDocs: form.approvalDocs },
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
    /** A contractor field; numbers are kept without the spaces a keyboard may add. */
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string; trim?: boolean }>) {
      const { field, trim } = event.currentTarget.dataset;
      this.setData({ [field]: trim ? event.detail.value.trim() : event.detail.value });
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
      // An end date before the new start no longer makes sense.
      if (target === 'start') this.setData({ startDate: value, ...(this.data.endDate && this.data.endDate < value ? { endDate: '' } : {}) });
      if (target === 'end') this.setData({ endDate: value });
      this.refreshBlock();
    },
    onDateClose(event: WechatMiniprogram.CustomEvent<{ trigger?: string }>) {
      // TDesign fires close on cancel, on the overlay and also just before confirm: the confirm handler still needs to know which date it is.
      if (event.detail.trigger !== 'confirm-btn') this.setData({ dateTarget: '' });
    },

    setItems(checkedItems: string[]) {
      const structural = this.data.workItems.filter((item) => item.structural && checkedItems.includes(item.code));
      this.setData({ checkedItems, structuralChecked: structural.length > 0, structuralLabels: structural.map((item) => item.label).join('、') });
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
    onFiles(event: WechatMiniprogram.CustomEvent<UploadChange, Record<string, never>, { list: FileList }>) {
      const list = event.currentTarget.dataset.list;
      this.setData({ [`files.${list}`]: event.detail.fileIDs, [`fileStates.${list}`]: event.detail.state });
      this.refreshBlock();
    },

    /** The first reason the form cannot be sent, or '' when it can. */
    problem(): string {
      return problemOf(this.data);
    },
    refreshBlock() {
      if (this.data.status === 'ready') this.setData({ blockReason: this.problem() });
    },
    form(): RenovationForm {
      const d = this.data;
      return {
        unitId: d.homes[d.homeIndex].unitId,
        contractor: { company: d.company.trim(), licenceNo: d.licenceNo.trim().toUpperCase(), contactName: d.contactName.trim(), contactPhone: d.contactPhone, workers: Number(d.workers) },
        startDate: d.startDate,
        endDate: d.endDate,
        areaCenti: d.areaCenti,
        workItems: d.checkedItems,
        attachments: d.files.attachments,
        approvalDocs: d.structuralChecked ? d.files.approvalDocs : [],
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
      // The review's decision comes as a progress message: asked here, in the tap, while none is left.
      void this.askConsentNow();
      wx.showModal({
        title: this.data.editId ? '重新提交装修申请' : '提交装修申请',
        content: `提交后由物业审核，审核期间不能修改。施工现场须配备 ${this.data.extinguishers} 个 2 公斤干粉灭火器。确认提交吗？`,
        confirmText: '确认提交',
        success: (result) => (result.confirm ? void this.submit() : this.setData({ submitting: false })),
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
        redirectTo('pages/renovation/detail', { id: saved.id });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ submitting: false });
      }
    },
    onViewDetail() {
      redirectTo('pages/renovation/detail', { id: this.data.editId });
    },
    onBind() {
      navigateTo('pages/bind/index');
    },
    hint(message: string) {
      wx.showToast({ title: message, icon: 'none', duration: 2500 });
    },
  },
});
