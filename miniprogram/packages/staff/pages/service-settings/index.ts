import type { RepairPromise, RepairUrgency } from '../../../../../typings/tickets';
import { call, messageOf, showError } from '../../../../services/api';
import { confirmModal } from '../../../../utils/dialog';
import { initialCommunity, loadScope, type CommunityOption } from '../scope';

type Status = 'loading' | 'ready' | 'error';

const PHRASE_MIN = 2;
const PHRASE_MAX = 100;
const MAX_PHRASES = 30;

/**
 * Managers keep the courteous standard phrases (文明用语, seed 001 二) staff start replies from,
 * and the community's repair promises (急修 / 零修) that set each new repair's deadlines.
 */
Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    communities: [] as CommunityOption[],
    communityId: '',
    communityName: '',
    pickerVisible: false,
    phrases: [] as string[],
    newPhrase: '',
    phraseMax: PHRASE_MAX,
    promises: null as Record<RepairUrgency, RepairPromise> | null,
    savingPhrases: false,
    savingPromises: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.start(query.communityId);
    },
    onRetry() {
      this.start(this.data.communityId || undefined);
    },
    async start(requested: string | undefined) {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const { communities } = await loadScope(['manager', 'admin']);
        const community = initialCommunity(communities, requested);
        if (!community) {
          this.setData({ status: 'error', errorMessage: '只有客服经理和管理员可以修改服务设置' });
          return;
        }
        this.setData({ communities });
        await this.show(community);
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    async show(community: CommunityOption) {
      this.setData({ status: 'loading', communityId: community.value, communityName: community.label });
      const [catalog, promises] = await Promise.all([
        call('ticket.catalog', { communityId: community.value }),
        call('repairPromises.get', { communityId: community.value }),
      ]);
      this.setData({ status: 'ready', phrases: catalog.phrases, promises, newPhrase: '' });
    },
    onOpenPicker() {
      if (this.data.communities.length > 1) this.setData({ pickerVisible: true });
    },
    onPickerCancel() {
      this.setData({ pickerVisible: false });
    },
    onPickCommunity(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ pickerVisible: false });
      const community = this.data.communities.find((item) => item.value === event.detail.value[0]);
      if (community) this.show(community).catch((error) => this.setData({ status: 'error', errorMessage: messageOf(error) }));
    },
    onNewPhrase(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ newPhrase: event.detail.value });
    },
    onAddPhrase() {
      const phrase = this.data.newPhrase.trim();
      if (phrase.length < PHRASE_MIN) {
        wx.showToast({ title: `常用语至少 ${PHRASE_MIN} 个字`, icon: 'none' });
        return;
      }
      if (this.data.phrases.includes(phrase)) {
        wx.showToast({ title: '已有这条常用语', icon: 'none' });
        return;
      }
      if (this.data.phrases.length >= MAX_PHRASES) {
        wx.showToast({ title: `最多 ${MAX_PHRASES} 条`, icon: 'none' });
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
