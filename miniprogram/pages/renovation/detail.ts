import type { RenovationAction } from '../../../typings/actions';
import type { InspectionResult, RenovationDetail, RenovationStatus, RenovationTerms } from '../../../typings/renovation';
import { consent } from '../../behaviors/consent';
import { loadable } from '../../behaviors/loadable';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { INSPECTION_RESULT_LABELS } from '../../shared/labels';
import { areaLabel } from '../../shared/money';
import { chinaMinute } from '../../shared/time';
import { canOf } from '../../utils/actions';
import { renovationRow, type RenovationRow } from './views';

/** What the owner is told in each status. */
const HINTS: Record<RenovationStatus, string> = {
  submitted: '物业正在核对您的房屋和申请材料，审核结果会通知您。',
  'needs-more': '物业请您补充或修改申请后重新提交。',
  approved: '请按批准的内容和工期施工，完工后申请验收。',
  rejected: '申请未获批准，如有疑问请联系物业客服。',
  completed: '装修已通过验收，本次装修手续办结。',
};

interface CheckView {
  label: string;
  result: InspectionResult;
  resultLabel: string;
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

interface View extends RenovationRow {
  statusHint: string;
  reason: string;
  reasonTitle: string;
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
  revisionCount: number;
  inspections: InspectionView[];
  completedAt: string;
}

function view(detail: RenovationDetail, terms: RenovationTerms | null): View {
  const form = detail.form;
  const itemOf = (code: string) => terms?.workItems.find((item) => item.code === code);
  const checkLabel = (code: string) => terms?.inspectionChecks.find((check) => check.code === code)?.label ?? code;
  return {
    ...renovationRow(detail),
    statusHint: HINTS[detail.status],
    reason: detail.reason ?? '',
    reasonTitle: detail.status === 'needs-more' ? '需补充的内容' : detail.status === 'rejected' ? '未通过原因' : '物业说明',
    area: areaLabel(form.areaCenti),
    extinguishers: detail.extinguishersRequired,
    contractor: form.contractor.company,
    contact: `${form.contractor.contactName} ${form.contractor.contactPhone}`,
    workers: form.contractor.workers,
    workItems: form.workItems.map((code) => ({ label: itemOf(code)?.label ?? code, structural: itemOf(code)?.structural ?? false })),
    attachmentCount: form.attachments.length,
    approvalDocCount: form.approvalDocs.length,
    existingBuilding: form.existingBuilding,
    agreement: `已签署（版本 ${form.agreementVersion}，${chinaMinute(detail.agreementSignedAt)}）`,
    revisionCount: detail.revisionCount,
    inspections: detail.inspections.map((inspection) => ({
      id: inspection.id,
      at: chinaMinute(inspection.at),
      inspectorName: inspection.inspectorName,
      checks: inspection.checks.map((check) => ({ label: checkLabel(check.code), result: check.result, resultLabel: INSPECTION_RESULT_LABELS[check.result], note: check.note })),
      photoCount: inspection.photoCount,
      violation: inspection.violation,
      fixed: Boolean(inspection.fixedAt),
      fixedAt: chinaMinute(inspection.fixedAt),
      fixNote: inspection.fixNote ?? '',
    })),
    completedAt: chinaMinute(detail.completedAt),
  };
}

Component({
  behaviors: [loadable, consent],
  data: {
    id: '',
    detail: null as View | null,
    can: {} as Partial<Record<RenovationAction, boolean>>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ id: query.id ?? '' });
      if (query.id) void this.load();
      else this.fail('没有找到这份装修申请');
    },
    onShow() {
      // Back from the resubmission form: show the new status.
      if (this.data.status === 'ready') void this.load();
    },
    async fetch() {
      const [detail, terms] = await Promise.all([
        call('renovation.get', { id: this.data.id }),
        // Labels only: without them the codes are shown.
        call('renovation.terms', {}).catch(() => null),
      ]);
      this.setData({ detail: view(detail, terms), can: canOf(detail.allowed) });
    },
    onResubmit() {
      void this.askConsentNow();
      navigateTo('pages/renovation/apply', { id: this.data.id });
    },
    onCopyPermit() {
      const permitNo = this.data.detail?.permitNo;
      if (permitNo) wx.setClipboardData({ data: permitNo });
    },
  },
});
