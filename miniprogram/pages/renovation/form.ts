/**
 * What the renovation application form checks before it is sent, as the cloud does
 * (cloudfunctions/api/src/renovation/applications.ts), and the area it turns into extinguishers.
 */
import { combinedState, uploadProblem, type UploadState } from '../../components/cloud-upload/state';
import { COUNTS, LIMITS, textLength } from '../../shared/limits';
import { parseHundredths } from '../../shared/money';
import { CREDIT_CODE, MOBILE } from '../../shared/patterns';
import { MAX_AREA_CENTI, requiredExtinguishers } from '../../shared/renovation';

/** A landline the contractor may give instead of a mobile; the cloud checks every published form. */
const LANDLINE = /^0\d{2,3}-?\d{7,8}$/;
const COMPANY_MAX = LIMITS.renovation.company[1];
const CONTACT_MIN = LIMITS.renovation.contactName[0];

/** The typed area in hundredths of a m² (`89.5` → 8950); empty input is no area yet. */
export function parseArea(text: string): { centi: number; error: string } {
  const parsed = parseHundredths(text, 6);
  if ('value' in parsed) {
    if (parsed.value <= 0) return { centi: 0, error: '面积须大于 0' };
    return parsed.value > MAX_AREA_CENTI ? { centi: 0, error: '装修面积不能超过 1000 m²' } : { centi: parsed.value, error: '' };
  }
  if (parsed.problem === 'empty') return { centi: 0, error: '' };
  return { centi: 0, error: parsed.problem === 'decimals' ? '面积最多保留两位小数，如 89.50' : '请填写数字形式的面积，如 89.50' };
}

export const extinguishersFor = (areaCenti: number): number => (areaCenti > 0 ? requiredExtinguishers(areaCenti) : 0);

/** The form as the page holds it. */
export interface ApplicationForm {
  company: string;
  licenceNo: string;
  contactName: string;
  contactPhone: string;
  workers: string;
  startDate: string;
  endDate: string;
  areaCenti: number;
  areaError: string;
  checkedItems: string[];
  files: { attachments: string[]; approvalDocs: string[] };
  fileStates: { attachments: UploadState; approvalDocs: UploadState };
  structuralChecked: boolean;
  structuralLabels: string;
  existingBuilding: boolean;
  safetyCommitmentSigned: boolean;
  termsRead: boolean;
  acknowledged: boolean;
}

/** The first reason the form cannot be sent, or '' when it can. */
export function problemOf(d: ApplicationForm): string {
  const workers = Number(d.workers);
  if (!d.company.trim()) return '请填写装修施工单位';
  if (textLength(d.company) > COMPANY_MAX) return `施工单位名称不能超过 ${COMPANY_MAX} 个字`;
  if (!d.licenceNo.trim()) return '请填写施工单位的营业执照或资质证书编号';
  if (!CREDIT_CODE.test(d.licenceNo.trim().toUpperCase())) return '请填写施工单位营业执照上的 18 位统一社会信用代码';
  if (textLength(d.contactName) < CONTACT_MIN) return '请填写现场负责人姓名';
  if (!MOBILE.test(d.contactPhone) && !LANDLINE.test(d.contactPhone)) return '请填写现场负责人的手机号或固定电话';
  if (!/^\d+$/.test(d.workers) || workers < 1 || workers > COUNTS.workers) return `施工人数应为 1–${COUNTS.workers} 人`;
  if (!d.startDate) return '请选择计划开工日期';
  if (!d.endDate) return '请选择计划完工日期';
  if (d.endDate < d.startDate) return '完工日期不能早于开工日期';
  if (d.areaError) return d.areaError;
  if (!d.areaCenti) return '请填写装修面积';
  if (!d.checkedItems.length) return '请勾选装修项目';
  const files = uploadProblem(combinedState([d.fileStates.attachments, d.fileStates.approvalDocs]), '文件');
  if (files) return files;
  if (d.structuralChecked && !d.files.approvalDocs.length) return `您勾选了“${d.structuralLabels}”，须先上传政府有关部门的批准文件才能提交`;
  if (d.existingBuilding && !d.safetyCommitmentSigned) return '既有建筑装修须阅读施工安全告知承诺并勾选“我已阅读并承诺”';
  if (!d.termsRead) return '请先阅读禁止行为和注意事项及管理服务协议';
  return d.acknowledged ? '' : '请勾选“我已阅读并同意”';
}
