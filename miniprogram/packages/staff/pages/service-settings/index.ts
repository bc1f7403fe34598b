import type { RepairPromise, RepairUrgency } from '../../../../../typings/tickets';
import { communityScope } from '../../../../behaviors/community-scope';
import { call, showError } from '../../../../services/api';
import { COUNTS, LIMITS, textLength } from '../../../../shared/limits';
import { confirmModal } from '../../../../utils/dialog';

const [PHRASE_MIN, PHRASE_MAX] = LIMITS.ticket.phrase;

/**
 * Managers keep the courteous standard phrases (文明用语, seed 001 二) staff start replies from,
 * and the community's repair promises (急修 / 零修) that set each new repair's deadlines.
 */
Component({
  behaviors: [communityScope],
  data: {
    phrases: [] as string[],
    newPhrase: '',
    phraseMax: PHRASE_MAX,
    promises: null as Record<RepairUrgency, RepairPromise> | null,
    savingPhrases: false,
    savingPromises: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['manager', 'admin'], '只有客服经理和管理员可以修改服务设置'))) return;
      const communityId = this.data.communityId;
      const [catalog, promises] = await Promise.all([call('ticket.catalog', { communityId }), call('repairPromises.get', { communityId })]);
      this.setData({ phrases: catalog.phrases, promises, newPhrase: '' });
    },
    communityChanged() {
      this.setData({ status: 'loading' });
      void this.load();
    },
    onNewPhrase(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ newPhrase: event.detail.value });
    },
    onAddPhrase() {
      const phrase = this.data.newPhrase.trim();
      if (textLength(phrase) < PHRASE_MIN) {
        wx.showToast({ title: `常用语至少 ${PHRASE_MIN} 个字`, icon: 'none' });
        return;
      }
      if (this.data.phrases.includes(phrase)) {
        wx.showToast({ title: '已有这条常用语', icon: 'none' });
        return;
      }
      if (this.data.phrases.length >= COUNTS.phrases) {
        wx.showToast({ title: `最多 ${COUNTS.phrases} 条`, icon: 'none' });
        return;
      }
      this.setData({ phrases: [...this.data.phrases, phrase], newPhrase: '' });
    },
    onRemovePhrase(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { index: number }>) {
      if (this.data.phrases.length <= 1) {
        wx.showToast({ title: '至少保留一条常用语', icon: 'none' });
        return;
      }
      this.setData({ phrases: this.data.phrases.filter((_, index) => index !== event.currentTarget.dataset.index) });
    },
    async onSavePhrases() {
      if (this.data.savingPhrases) return;
      this.setData({ savingPhrases: true });
      try {
        const saved = await call('phrases.save', { communityId: this.data.communityId, phrases: this.data.phrases });
        this.setData({ phrases: saved.phrases });
        wx.showToast({ title: '常用语已保存', icon: 'success' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ savingPhrases: false });
      }
    },
    onPromiseChange(event: WechatMiniprogram.CustomEvent<{ value: number }, Record<string, never>, { urgency: RepairUrgency; field: keyof RepairPromise }>) {
      const { urgency, field } = event.currentTarget.dataset;
      const promises = this.data.promises;
      if (!promises) return;
      this.setData({ promises: { ...promises, [urgency]: { ...promises[urgency], [field]: Number(event.detail.value) } } });
    },
    async onSavePromises() {
      const promises = this.data.promises;
      if (!promises || this.data.savingPromises) return;
      const confirmed = await confirmModal('保存服务时限', '新的时限只用于之后提交的报修，已有工单的时限不变。', '保存');
      if (!confirmed) return;
      this.setData({ savingPromises: true });
      try {
        const saved = await call('repairPromises.save', { communityId: this.data.communityId, ...promises });
        this.setData({ promises: saved });
        wx.showToast({ title: '服务时限已保存', icon: 'success' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ savingPromises: false });
      }
    },
  },
});
