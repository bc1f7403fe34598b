/**
 * 客户个性资料 in a home's file (seed 001 三(一)1 3)): hobbies, preferences and particular needs of
 * a resident. Everyone who reads the file sees whether they are kept and for whom (masked); the
 * information keeper reads them in full with a reason (logged by the cloud) and keeps them.
 */
import type { PreferencesSummary, RevealedPreferences } from '../../../../../typings/movein';
import { call } from '../../../../services/api';
import { checkText } from '../../../../shared/limits';
import { MOVE_IN_LIMITS } from '../../../../shared/movein';
import { chinaMinute } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { promptModal } from '../../../../utils/dialog';

const BLANK = { bindingId: '', hobbies: '', preferences: '', needs: '' };

Component({
  properties: {
    unitId: { type: String, value: '' },
    summary: { type: Object, value: { recorded: false, version: 0, canKeep: false } },
    /** The home's verified residents the preferences may be about: `{ value: bindingId, label }`. */
    residents: { type: Array, value: [] },
  },
  data: {
    line: '',
    revealed: null as RevealedPreferences | null,
    editing: false,
    form: { ...BLANK },
    limits: MOVE_IN_LIMITS,
    busy: false,
  },
  observers: {
    summary(summary: PreferencesSummary) {
      this.setData({
        line: summary.recorded ? `已登记：${summary.residentName ?? ''}，${chinaMinute(summary.updatedAt)} 更新${summary.canKeep ? '' : '（仅信息专管员可查看）'}` : '尚未登记',
      });
    },
  },
  methods: {
    async onReveal() {
      const reason = await promptModal({ title: '查看个性资料', placeholder: '查看事由（将记入访问日志）', confirmText: '查看' });
      if (reason === undefined) return;
      const problem = checkText(reason, MOVE_IN_LIMITS.revealReason, '查看事由');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      await whileBusy(this, 'busy', async () => {
        this.setData({ revealed: await call('unit.preferences.reveal', { unitId: this.data.unitId, reason }) });
      });
    },
    onEdit() {
      const { revealed } = this.data;
      const residents = this.data.residents as { value: string }[];
      this.setData({
        editing: true,
        form: revealed ? { bindingId: revealed.bindingId, hobbies: revealed.hobbies, preferences: revealed.preferences, needs: revealed.needs } : { ...BLANK, bindingId: residents[0]?.value ?? '' },
      });
    },
    onCancel() {
      this.setData({ editing: false });
    },
    onForm(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof typeof BLANK }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    async onSave() {
      const { form, unitId } = this.data;
      const summary = this.data.summary as PreferencesSummary;
      if (!form.bindingId) {
        wx.showToast({ title: '请选择住户', icon: 'none' });
        return;
      }
      const problem = [form.hobbies, form.preferences, form.needs].map((value) => checkText(value, MOVE_IN_LIMITS.preference, '内容')).find(Boolean);
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      await whileBusy(this, 'busy', async () => {
        const saved = await call('unit.preferences.save', { unitId, bindingId: form.bindingId, version: summary.version, hobbies: form.hobbies.trim(), preferences: form.preferences.trim(), needs: form.needs.trim() });
        wx.showToast({ title: '已保存', icon: 'success' });
        this.setData({ editing: false, revealed: null });
        this.triggerEvent('change', saved);
      });
    },
  },
});
