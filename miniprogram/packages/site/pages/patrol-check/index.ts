import type { Checkpoint, Department, PatrolRound } from '../../../../../typings/site';
import { uploadProblem, type UploadChange, type UploadState } from '../../../../components/cloud-upload/state';
import { loadable } from '../../../../behaviors/loadable';
import { call, newRequestId } from '../../../../services/api';
import { DEPARTMENT_LABELS } from '../../../../shared/labels';
import { COUNTS, LIMITS } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { freshRequest } from '../../../../behaviors/fresh-request';

type Verdict = '' | 'ok' | 'bad';

const BLANK = { point: null as Checkpoint | null, verdicts: [] as Verdict[], notes: [] as string[], photos: [] as string[], photoState: 'done' as UploadState, findingKind: 'ticket', category: '', department: 'engineering', description: '' };

const DEPARTMENT_OPTIONS = Object.entries(DEPARTMENT_LABELS).map(([value, label]) => ({ value, label }));

/**
 * Walking one route (seed 001 五): scan the code posted at a point to sign in there, answer every
 * item of its list — nothing is filled in beforehand — add photos, and turn a problem into a
 * repair ticket or an internal work order before leaving the point.
 */
Component({
  behaviors: [loadable, freshRequest],
  data: {
    routeId: '',
    round: null as (PatrolRound & { visitLines: string[] }) | null,
    ...BLANK,
    hasProblem: false,
    categories: [] as { value: string; label: string }[],
    departments: DEPARTMENT_OPTIONS,
    findingKinds: [
      { value: 'ticket', label: '报修工单' },
      { value: 'workOrder', label: '内部工作联系单' },
    ],
    verdictOptions: [
      { value: 'ok', label: '正常' },
      { value: 'bad', label: '有问题' },
    ],
    limits: LIMITS.patrol,
    photoMax: COUNTS.patrolPhotos,
    scanning: false,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ routeId: query.routeId ?? '' });
      if (query.routeId) void this.load();
      else this.fail('没有指定巡视路线');
    },
    async fetch() {
      const round = await call('patrol.round', { routeId: this.data.routeId });
      const visitLines = round.visits.map((visit) => `${chinaMinute(visit.at)} ${visit.checkpointName} · ${visit.byName}${visit.raised ? ` · ${visit.raised.number}` : ''}`);
      this.setData({ round: { ...round, visitLines } });
      if (!this.data.categories.length) {
        const catalog = await call('ticket.catalog', { communityId: round.route.communityId });
        this.setData({ categories: catalog.categories.map((category) => ({ value: category.code, label: category.name })) });
      }
    },
    onScan() {
      if (this.data.scanning) return;
      this.setData({ scanning: true });
      wx.scanCode({
        onlyFromCamera: true,
        scanType: ['qrCode'],
        success: (result) => {
          const point = this.data.round?.route.checkpoints.find((candidate) => candidate.code === result.result);
          if (!point) {
            wx.showModal({ title: '不是本路线的巡视点', content: '这个二维码不属于当前路线，请核对巡视点后重新扫码。', showCancel: false });
            return;
          }
          this.setData({ ...BLANK, point, verdicts: point.items.map((): Verdict => ''), notes: point.items.map(() => ''), hasProblem: false, requestId: newRequestId() });
        },
        complete: () => this.setData({ scanning: false }),
      });
    },
    onVerdict(event: WechatMiniprogram.CustomEvent<{ value: Verdict }, Record<string, never>, { index: number }>) {
      const verdicts = [...this.data.verdicts];
      verdicts[event.currentTarget.dataset.index] = event.detail.value;
      this.setData({ verdicts, hasProblem: verdicts.includes('bad') });
    },
    onNote(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number }>) {
      this.setData({ [`notes[${event.currentTarget.dataset.index}]`]: event.detail.value });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'findingKind' | 'category' | 'department' | 'description' }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    onPhotos(event: WechatMiniprogram.CustomEvent<UploadChange>) {
      this.setData({ photos: event.detail.fileIDs.filter(Boolean), photoState: event.detail.state });
    },
    onCancel() {
      this.setData({ ...BLANK, hasProblem: false });
    },
    async onSubmit() {
      const { point, verdicts, notes, photos, photoState, hasProblem, findingKind, category, department, description, routeId, requestId } = this.data;
      if (!point || this.data.saving) return;
      const uploading = uploadProblem(photoState, '照片');
      if (uploading) {
        wx.showToast({ title: uploading, icon: 'none' });
        return;
      }
      // Unanswered items are not sent: the cloud refuses a list with any missing, and says so.
      const answers = verdicts.flatMap((verdict, index) => (verdict ? [{ ok: verdict === 'ok', note: notes[index].trim() }] : []));
      const finding = hasProblem
        ? findingKind === 'ticket'
          ? { kind: 'ticket' as const, category, description: description.trim() }
          : { kind: 'workOrder' as const, department: department as Department, description: description.trim() }
        : undefined;
      await whileBusy(this, 'saving', async () => {
        const visit = await call('patrol.check', { routeId, code: point.code, answers, photos, ...(finding ? { finding } : {}) }, { requestId });
        wx.showToast({ title: visit.raised ? `已签到，已生成 ${visit.raised.number}` : `已签到 ${visit.checkpointName}`, icon: visit.raised ? 'none' : 'success' });
        this.setData({ ...BLANK, hasProblem: false, requestId: newRequestId() });
        await this.load();
      });
    },
  },
});
