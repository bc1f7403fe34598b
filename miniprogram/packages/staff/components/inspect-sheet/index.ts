/**
 * An inspection during the works (seed 002 §11 逐项): every check of the list recorded as passed,
 * failed (with what is wrong and a photo of the site) or not applicable; nothing is ticked in
 * advance. Any failed check makes it a violation the owner is told to put right, so that is
 * confirmed first.
 */
import { uploadProblem, type UploadChange, type UploadState } from '../../../../components/cloud-upload/state';
import type { InspectionResult } from '../../../../../typings/renovation';
import { INSPECTION_RESULT_LABELS } from '../../../../shared/labels';
import { COUNTS, LIMITS, checkText } from '../../../../shared/limits';
import { confirmModal } from '../../../../utils/dialog';
import { sheet } from '../sheet';

interface CheckDraft {
  code: string;
  label: string;
  /** Empty until the inspector records it. */
  result: InspectionResult | '';
  note: string;
}

const RESULT_OPTIONS = (['pass', 'fail', 'na'] as const).map((value) => ({ label: INSPECTION_RESULT_LABELS[value], value }));

/** A failed check must say what is wrong, which the cloud's limit alone does not ask. */
const FAILED_NOTE = [2, LIMITS.renovation.checkNote[1]] as const;

Component({
  behaviors: [sheet],
  properties: {
    /** The inspection checklist (`RenovationTerms.inspectionChecks`). */
    checklist: { type: Array, value: [] },
    extinguishers: { type: Number, value: 0 },
  },
  data: {
    checks: [] as CheckDraft[],
    failedCount: 0,
    openCount: 0,
    resultOptions: RESULT_OPTIONS,
    photos: [] as string[],
    photoState: 'done' as UploadState,
    noteMax: LIMITS.renovation.checkNote[1],
    photoMax: COUNTS.inspectionPhotos,
  },
  lifetimes: {
    attached() {
      const checklist = this.data.checklist as { code: string; label: string }[];
      const checks = checklist.map((check): CheckDraft => ({ code: check.code, label: check.label, result: '', note: '' }));
      this.setData({ checks, openCount: checks.length });
    },
  },
  methods: {
    update(code: string, patch: Partial<CheckDraft>) {
      const checks = this.data.checks.map((check) => (check.code === code ? { ...check, ...patch } : check));
      this.setData({ checks, failedCount: checks.filter((check) => check.result === 'fail').length, openCount: checks.filter((check) => !check.result).length });
    },
    onResult(event: WechatMiniprogram.CustomEvent<{ value: InspectionResult }, Record<string, never>, { code: string }>) {
      this.update(event.currentTarget.dataset.code, { result: event.detail.value });
    },
    onNote(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { code: string }>) {
      this.update(event.currentTarget.dataset.code, { note: event.detail.value });
    },
    onPhotos(event: WechatMiniprogram.CustomEvent<UploadChange>) {
      this.setData({ photos: event.detail.fileIDs, photoState: event.detail.state });
    },
    async onSubmit() {
      const failed = this.data.checks.filter((check) => check.result === 'fail');
      const open = this.data.checks.filter((check) => !check.result);
      const problem =
        (open.length > 0 ? `还有 ${open.length} 项未检查：${open[0].label}` : undefined) ??
        failed.map((check) => checkText(check.note, FAILED_NOTE, `“${check.label}”的问题说明`)).find(Boolean) ??
        uploadProblem(this.data.photoState, '照片') ??
        (failed.length > 0 && this.data.photos.length === 0 ? '有不合格项时请拍照留存现场情况' : undefined);
      if (!problem && failed.length > 0) {
        const content = `${failed.length} 项不合格：${failed.map((check) => check.label).join('、')}。提交后将记为违规并通知业主整改，确认提交？`;
        if (!(await confirmModal('记录违规', content, '确认提交'))) return;
      }
      const checks = this.data.checks.map((check) => ({ code: check.code, result: check.result as InspectionResult, note: check.note.trim() }));
      this.answer(problem, { checks, photos: this.data.photos });
    },
  },
});
