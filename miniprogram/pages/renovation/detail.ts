import type { RenovationDetail, RenovationStatus, RenovationTerms } from '../../../typings/renovation';
import { call, messageOf, showError } from '../../services/api';

type Status = 'loading' | 'ready' | 'error';

const STATUS: Record<RenovationStatus, { label: string; theme: string; hint: string }> = {
  submitted: { label: '待审核', theme: 'warning', hint: '物业正在核对您的房屋和申请材料，审核结果会通知您。' },
  'needs-more': { label: '需补充', theme: 'danger', hint: '物业请您补充或修改申请后重新提交。' },
  approved: { label: '已批准', theme: 'success', hint: '请按批准的内容和工期施工，完工后申请验收。' },
  rejected: { label: '未通过', theme: 'default', hint: '申请未获批准，如有疑问请联系物业客服。' },
  completed: { label: '已验收', theme: 'primary', hint: '装修已通过验收，本次装修手续办结。' },
};

interface CheckView {
  label: string;
  passed: boolean;
  note: string;
}

interface InspectionView {
  id: string;
  at: string;
  inspectorName: string;
  checks: CheckView[];
  photoCount: number;
  violation: boolean;
  fixed: boolean;
  fixedAt: string;
  fixNote: string;
}

interface View {
  id: string;
  unitLabel: string;
  statusLabel: string;
  statusTheme: string;
  statusHint: string;
  needsMore: boolean;
  reason: string;
  reasonTitle: string;
  permitNo: string;
  period: string;
  overdue: boolean;
  openViolations: number;
  area: string;
  extinguishers: number;
  contractor: string;
  contact: string;
  workers: number;
  workItems: { label: string; structural: boolean }[];
  attachmentCount: number;
  approvalDocCount: number;
  existingBuilding: boolean;
  agreement: string;
  submittedAt: string;
  revisionCount: number;
  inspections: InspectionView[];
  completedAt: string;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

function chinaTime(iso: string | undefined): string {
  if (!iso) return '';
  const time = Date.parse(iso);
  if (Number.isNaN(time)) return iso;
  return new Date(time + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
}

function areaLabel(centi: number): string {
  const fraction = centi % 100;
  return `${Math.floor(centi / 100)}${fraction ? `.${String(fraction).padStart(2, '0')}` : ''} m²`;
}

function view(detail: RenovationDetail, terms: RenovationTerms | null): View {
  const status = STATUS[detail.status];
  const form = detail.form;
  const itemOf = (code: string) => terms?.workItems.find((item) => item.code === code);
  const checkLabel = (code: string) => terms?.inspectionChecks.find((check) => check.code === code)?.label ?? code;
  return {
    id: detail.id,
    unitLabel: detail.unitLabel,
    statusLabel: status.label,
    statusTheme: status.theme,
    statusHint: status.hint,
    needsMore: detail.status === 'needs-more',
    reason: detail.reason ?? '',
    reasonTitle: detail.status === 'needs-more' ? '需补充的内容' : detail.status === 'rejected' ? '未通过原因' : '物业说明',
    permitNo: detail.permitNo ?? '',
    period: `${detail.startDate} 至 ${detail.endDate}`,
    overdue: detail.overdue,
    openViolations: detail.openViolations,
    area: areaLabel(form.areaCenti),
    extinguishers: detail.extinguishersRequired,
    contractor: form.contractor.company,
    contact: `${form.contractor.contactName} ${form.contractor.contactPhone}`,
    workers: form.contractor.workers,
    workItems: form.workItems.map((code) => ({ label: itemOf(code)?.label ?? code, structural: itemOf(code)?.structural ?? false })),
    attachmentCount: form.attachments.length,
    approvalDocCount: form.approvalDocs.length,
    existingBuilding: form.existingBuilding,
    agreement: `已签署（版本 ${form.agreementVersion}，${chinaTime(detail.agreementSignedAt)}）`,
    submittedAt: chinaTime(detail.submittedAt),
    revisionCount: detail.revisionCount,
    inspections: detail.inspections.map((inspection) => ({
      id: inspection.id,
      at: chinaTime(inspection.at),
      inspectorName: inspection.inspectorName,
      checks: inspection.checks.map((check) => ({ label: checkLabel(check.code), passed: check.passed, note: check.note })),
      photoCount: inspection.photoCount,
      violation: inspection.violation,
      fixed: Boolean(inspection.fixedAt),
      fixedAt: chinaTime(inspection.fixedAt),
      fixNote: inspection.fixNote ?? '',
    })),
    completedAt: chinaTime(detail.completedAt),
  };
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    id: '',
    detail: null as View | null,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ id: query.id ?? '' });
      this.load();
    },
    onShow() {
      // Back from the resubmission form: show the new status.
      if (this.data.status === 'ready') this.load();
    },
    onRetry() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().finally(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (!this.data.id) {
        this.setData({ status: 'error', errorMessage: '没有找到这份装修申请' });
        return;
      }
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const [detail, terms] = await Promise.all([
          call('renovation.get', { id: this.data.id }),
          // Labels only: without them the codes are shown.
          call('renovation.terms', {}).catch(() => null),
        ]);
        this.setData({ status: 'ready', detail: view(detail, terms) });
      } catch (error) {
        if (this.data.status === 'ready') showError(error);
        else this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    onResubmit() {
      wx.navigateTo({ url: `/pages/renovation/apply?id=${this.data.id}` });
    },
    onCopyPermit() {
      const permitNo = this.data.detail?.permitNo;
      if (permitNo) wx.setClipboardData({ data: permitNo });
    },
  },
});
