/** The staff renovation page's view of an application: WXML cannot look labels up in maps or format area and time. */
import type { RenovationDetail, RenovationStatus, RenovationTerms } from '../../../../../typings/renovation';
import { renovationRow, type RenovationRow } from '../../../../pages/renovation/views';
import { hundredths } from '../../../../shared/money';
import { chinaMinute } from '../../../../shared/time';

/** What staff do next in each status. */
const NEXT_STEPS: Record<RenovationStatus, string> = {
  submitted: '核对房屋名册和申请材料，批准、驳回或要求补充',
  'needs-more': '等待业主补充材料后重新提交',
  approved: '施工中：按巡查清单检查现场，完工后组织验收',
  rejected: '申请未通过，已告知业主原因',
  completed: '已竣工验收，申请办结',
};

/** What the application's `reason` holds in each status (the acceptance note once completed). */
const REASON_LABELS: Record<RenovationStatus, string> = {
  submitted: '上次要求补充',
  'needs-more': '需补充内容',
  approved: '审核意见',
  rejected: '未通过原因',
  completed: '验收意见',
};

interface InspectionView {
  id: string;
  at: string;
  inspectorName: string;
  failed: { code: string; label: string; note: string }[];
  passedCount: number;
  naCount: number;
  photoCount: number;
  violation: boolean;
  open: boolean;
  fixedAt: string;
  fixNote: string;
}

/** The list row's fields, and what only the whole application shows. */
export interface RenovationView extends RenovationRow {
  /** Short-lived links: staff open the drawings and the approval documents to check them. */
  documents: { label: string; url: string }[];
  nextStep: string;
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

export function renovationView(detail: RenovationDetail, terms: RenovationTerms | null): RenovationView {
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
    ...renovationRow(detail),
    nextStep: NEXT_STEPS[detail.status],
    startDate: form.startDate,
    endDate: form.endDate,
    contractor: { ...form.contractor },
    areaText: hundredths(form.areaCenti, 'fixed'),
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
    agreementSignedAt: chinaMinute(detail.agreementSignedAt),
    rosterText,
    rosterTheme,
    revisionCount: detail.revisionCount,
    reason: detail.reason ?? '',
    reasonLabel: REASON_LABELS[detail.status],
    inspections: detail.inspections.map((inspection) => ({
      id: inspection.id,
      at: chinaMinute(inspection.at),
      inspectorName: inspection.inspectorName,
      failed: inspection.checks
        .filter((check) => check.result === 'fail')
        .map((check) => ({ code: check.code, label: checks.get(check.code) ?? check.code, note: check.note })),
      passedCount: inspection.checks.filter((check) => check.result === 'pass').length,
      naCount: inspection.checks.filter((check) => check.result === 'na').length,
      photoCount: inspection.photoCount,
      violation: inspection.violation,
      open: inspection.violation && !inspection.fixedAt,
      fixedAt: inspection.fixedAt ? chinaMinute(inspection.fixedAt) : '',
      fixNote: inspection.fixNote ?? '',
    })),
    completedAt: detail.completedAt ? chinaMinute(detail.completedAt) : '',
  };
}
