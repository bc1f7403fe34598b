import type { BindingAction } from '../../../../../typings/actions';
import type { Binding, BindingStatus, Page } from '../../../../../typings/domain';
import type { StaffRole } from '../../../../../typings/roles';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { ApiError, call, newRequestId, showError } from '../../../../services/api';
import { BINDING_STATUS_LABELS, RELATION_LABELS } from '../../../../shared/labels';
import { LIMITS, textLength } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';

type Filter = Exclude<BindingStatus, 'withdrawn'>;

/** Who opens the queue: the desk and admins decide, the information keeper reads it. */
const BINDING_REVIEWERS: StaffRole[] = ['cs', 'manager', 'admin'];

/** How a field compares with the roster, as a tag. */
interface Match {
  text: string;
  theme: 'success' | 'warning' | 'default';
}

interface BindingItem {
  id: string;
  version: number;
  unitLabel: string;
  relation: Binding['relation'];
  relationLabel: string;
  /** An approved tenant who pays the bills. */
  payer: boolean;
  name: string;
  phone: string;
  proofCount: number;
  nameMatch: Match;
  phoneMatch: Match;
  reason: string;
  createdAt: string;
  reviewedAt: string;
  can: Partial<Record<BindingAction, boolean>>;
}

interface Revealed {
  id: string;
  name: string;
  phone: string;
  proofUrls: string[];
}

const FILTERS = (['pending', 'approved', 'rejected'] as const).map((value) => ({ value, label: BINDING_STATUS_LABELS[value] }));

/** Reasons staff give most often; one tap fills the reason, which can still be edited. */
const COMMON_REASONS = ['姓名与房屋名册不一致', '手机号与房屋名册不一致', '证明材料不清晰或不完整', '未能联系到业主本人核实', '所选房屋有误，请重新选择'];

const REJECT_REASON_MIN = LIMITS.binding.rejectReason[0];
const REVEAL_REASON_MIN = LIMITS.binding.revealReason[0];

function matchOf(value: boolean | undefined): Match {
  if (value === undefined) return { text: '未比对名册', theme: 'default' };
  return value ? { text: '与名册一致', theme: 'success' } : { text: '与名册不一致', theme: 'warning' };
}

function toItem(binding: Binding): BindingItem {
  return {
    id: binding.id,
    version: binding.version,
    unitLabel: binding.unitLabel,
    relation: binding.relation,
    relationLabel: RELATION_LABELS[binding.relation],
    payer: binding.payer,
    name: binding.name,
    phone: binding.phone,
    proofCount: binding.proofCount,
    nameMatch: matchOf(binding.rosterMatch?.name),
    phoneMatch: matchOf(binding.rosterMatch?.phone),
    reason: binding.reason ?? '',
    createdAt: chinaMinute(binding.createdAt),
    reviewedAt: chinaMinute(binding.reviewedAt),
    can: canOf(binding.allowed),
  };
}

Component({
  behaviors: [communityScope, pagedList<BindingItem>()],
  data: {
    filters: FILTERS,
    filter: 'pending' as Filter,
    busyId: '',
    commonReasons: COMMON_REASONS,
    reasonMax: LIMITS.binding.rejectReason[1],
    rejectVisible: false,
    rejectId: '',
    rejectReason: '',
    revealVisible: false,
    revealId: '',
    revealReason: '',
    revealing: false,
    revealed: null as Revealed | null,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope([...BINDING_REVIEWERS, 'infokeeper'], '您没有可审核的小区'))) return;
      if (await this.firstPage()) this.setData({ revealed: null });
    },
    async fetchPage(cursor?: string): Promise<Page<BindingItem>> {
      const page = await call('binding.queue', { communityId: this.data.communityId, status: this.data.filter, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toItem), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
    onFilterChange(event: WechatMiniprogram.CustomEvent<{ value: Filter }>) {
      if (event.detail.value === this.data.filter) return;
      this.setData({ filter: event.detail.value });
      this.communityChanged();
    },

    itemById(id: string): BindingItem | undefined {
      return this.data.items.find((item) => item.id === id);
    },
    /** Sends a decision; a CONFLICT means a colleague decided first, so the list is refreshed. */
    async review(item: BindingItem, decision: 'approve' | 'reject', reason?: string, payer?: true): Promise<boolean> {
      this.setData({ busyId: item.id });
      try {
        await call('binding.review', { id: item.id, version: item.version, decision, reason, ...(payer ? { payer } : {}) }, { requestId: newRequestId() });
        this.setData({ items: this.data.items.filter((other) => other.id !== item.id) });
        wx.showToast({ title: decision === 'approve' ? '已通过认证' : '已驳回申请', icon: 'success' });
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          wx.showModal({ title: '已被处理', content: '这条申请已由其他同事处理，列表已刷新。', showCancel: false, confirmText: '知道了' });
          void this.load();
        } else {
          showError(error);
        }
        return false;
      } finally {
        this.setData({ busyId: '' });
      }
    },
    async onApprove(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const item = this.itemById(event.currentTarget.dataset.id);
      if (!item || this.data.busyId) return;
      const content = `确认 ${item.relationLabel} ${item.name}（${item.unitLabel}）的身份已核实？通过后对方即成为该房屋的住户。`;
      if (await confirmModal('通过认证', content, '通过')) await this.review(item, 'approve');
    },
    /** A tenant who pays the property fee instead of the owner: bill reminders go to them. */
    async onApprovePayer(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const item = this.itemById(event.currentTarget.dataset.id);
      if (!item || this.data.busyId) return;
      const content = `确认租户 ${item.name}（${item.unitLabel}）的身份已核实，并由其缴纳物业费？之后的缴费提醒将发给该租户，不再发给业主。`;
      if (await confirmModal('通过并设为缴费人', content, '通过')) await this.review(item, 'approve', undefined, true);
    },
    onReject(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      if (!this.data.busyId) this.setData({ rejectVisible: true, rejectId: event.currentTarget.dataset.id, rejectReason: '' });
    },
    onPickReason(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { reason: string }>) {
      this.setData({ rejectReason: event.currentTarget.dataset.reason });
    },
    onDialogField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'rejectReason' | 'revealReason' }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    onDialogCancel() {
      this.setData({ rejectVisible: false, revealVisible: false });
    },
    async onRejectConfirm() {
      const reason = this.data.rejectReason.trim();
      if (textLength(reason) < REJECT_REASON_MIN) {
        wx.showToast({ title: reason ? `原因至少 ${REJECT_REASON_MIN} 个字` : '请选择或填写不通过的原因', icon: 'none' });
        return;
      }
      const item = this.itemById(this.data.rejectId);
      if (!item) this.setData({ rejectVisible: false });
      else if (await this.review(item, 'reject', reason)) this.setData({ rejectVisible: false, rejectReason: '' });
    },

    onReveal(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      this.setData({ revealVisible: true, revealId: event.currentTarget.dataset.id, revealReason: '' });
    },
    async onRevealConfirm() {
      const reason = this.data.revealReason.trim();
      if (textLength(reason) < REVEAL_REASON_MIN) {
        wx.showToast({ title: reason ? `查看原因至少 ${REVEAL_REASON_MIN} 个字` : '请填写查看原因，查看会被记录', icon: 'none' });
        return;
      }
      if (this.data.revealing) return;
      const id = this.data.revealId;
      await whileBusy(this, 'revealing', async () => {
        const person = await call('binding.reveal', { id, reason });
        this.setData({ revealVisible: false, revealReason: '', revealed: { id, ...person } });
      });
    },
    onHideRevealed() {
      this.setData({ revealed: null });
    },
    onPreviewProof(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      wx.previewImage({ urls: this.data.revealed?.proofUrls ?? [], current: event.currentTarget.dataset.url });
    },
  },
});
