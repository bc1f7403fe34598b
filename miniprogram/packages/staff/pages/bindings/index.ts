import type { Binding, BindingStatus } from '../../../../../typings/domain';
import { ApiError, call, messageOf, newRequestId, showError } from '../../../../services/api';
import { formatDateTime } from '../../../../utils/time';
import { BINDING_REVIEWERS, RELATION_LABELS, initialCommunity, loadScope, rolesIn } from '../scope';
import { confirmModal } from '../../../../utils/dialog';

type Status = 'loading' | 'ready' | 'error';
type Filter = Exclude<BindingStatus, 'withdrawn'>;

/** How a field compares with the roster, as a tag. */
interface Match {
  text: string;
  theme: 'success' | 'warning' | 'default';
}

interface BindingItem {
  id: string;
  version: number;
  unitLabel: string;
  relationLabel: string;
  name: string;
  phone: string;
  proofCount: number;
  nameMatch: Match;
  phoneMatch: Match;
  reason: string;
  createdAt: string;
  reviewedAt: string;
}

interface Revealed {
  id: string;
  name: string;
  phone: string;
  proofUrls: string[];
}

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'pending', label: '待审核' },
  { value: 'approved', label: '已通过' },
  { value: 'rejected', label: '未通过' },
];

/** Reasons staff give most often; one tap fills the reason, which can still be edited. */
const COMMON_REASONS = [
  '姓名与房屋名册不一致',
  '手机号与房屋名册不一致',
  '证明材料不清晰或不完整',
  '未能联系到业主本人核实',
  '所选房屋有误，请重新选择',
];

/** The server's limits: a rejection reason of 2–200 characters, a reveal reason of 4–200. */
const REASON_MAX = 200;
const REJECT_REASON_MIN = 2;
const REVEAL_REASON_MIN = 4;

function matchOf(value: boolean | undefined): Match {
  if (value === undefined) return { text: '未比对名册', theme: 'default' };
  return value ? { text: '与名册一致', theme: 'success' } : { text: '与名册不一致', theme: 'warning' };
}

function toItem(binding: Binding): BindingItem {
  return {
    id: binding.id,
    version: binding.version,
    unitLabel: binding.unitLabel,
    relationLabel: RELATION_LABELS[binding.relation],
    name: binding.name,
    phone: binding.phone,
    proofCount: binding.proofCount,
    nameMatch: matchOf(binding.rosterMatch?.name),
    phoneMatch: matchOf(binding.rosterMatch?.phone),
    reason: binding.reason ?? '',
    createdAt: formatDateTime(binding.createdAt),
    reviewedAt: binding.reviewedAt ? formatDateTime(binding.reviewedAt) : '',
  };
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    communityId: '',
    communityName: '',
    filters: FILTERS,
    filter: 'pending' as Filter,
    items: [] as BindingItem[],
    cursor: '',
    loadingMore: false,
    canReview: false,
    /** Only the information keeper may see personal data in full. */
    canReveal: false,
    busyId: '',
    commonReasons: COMMON_REASONS,
    reasonMax: REASON_MAX,
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
    onLoad(query: Record<string, string | undefined> = {}) {
      this.start(query.communityId);
    },
    onRetry() {
      this.start(this.data.communityId);
    },
    onPullDownRefresh() {
      this.reload().finally(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      this.loadMore();
    },
    async start(requested: string | undefined) {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const { profile, communities } = await loadScope([...BINDING_REVIEWERS, 'infokeeper']);
        const community = initialCommunity(communities, requested);
        if (!community) {
          this.setData({ status: 'error', errorMessage: '您没有可审核的小区' });
          return;
        }
        const roles = rolesIn(profile, community.value);
        this.setData({
          communityId: community.value,
          communityName: community.label,
          canReview: roles.some((role) => BINDING_REVIEWERS.includes(role)),
          canReveal: roles.includes('infokeeper'),
        });
        await this.reload();
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    /** Loads the first page of the current filter. */
    async reload() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const page = await call('binding.queue', { communityId: this.data.communityId, status: this.data.filter });
        this.setData({ status: 'ready', items: page.items.map(toItem), cursor: page.cursor ?? '', revealed: null });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    async loadMore() {
      if (!this.data.cursor || this.data.loadingMore || this.data.status !== 'ready') return;
      this.setData({ loadingMore: true });
      try {
        const page = await call('binding.queue', { communityId: this.data.communityId, status: this.data.filter, cursor: this.data.cursor });
        this.setData({ items: [...this.data.items, ...page.items.map(toItem)], cursor: page.cursor ?? '' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ loadingMore: false });
      }
    },
    onFilterChange(event: WechatMiniprogram.CustomEvent<{ value: Filter }>) {
      if (event.detail.value === this.data.filter) return;
      this.setData({ filter: event.detail.value, items: [], cursor: '', status: 'loading' });
      this.reload();
    },

    itemById(id: string): BindingItem | undefined {
      return this.data.items.find((item) => item.id === id);
    },
    /** Sends a decision; a CONFLICT means a colleague decided first, so the list is refreshed. */
    async review(item: BindingItem, decision: 'approve' | 'reject', reason?: string): Promise<boolean> {
      this.setData({ busyId: item.id });
      try {
        await call('binding.review', { id: item.id, version: item.version, decision, reason }, { requestId: newRequestId() });
        this.setData({ items: this.data.items.filter((other) => other.id !== item.id) });
        wx.showToast({ title: decision === 'approve' ? '已通过认证' : '已驳回申请', icon: 'success' });
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          wx.showModal({ title: '已被处理', content: '这条申请已由其他同事处理，列表已刷新。', showCancel: false, confirmText: '知道了' });
          this.reload();
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
      const confirmed = await confirmModal('通过认证', `确认 ${item.relationLabel} ${item.name}（${item.unitLabel}）的身份已核实？通过后对方即成为该房屋的住户。`, '通过');
      if (confirmed) await this.review(item, 'approve');
    },

    onReject(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      if (this.data.busyId) return;
      this.setData({ rejectVisible: true, rejectId: event.currentTarget.dataset.id, rejectReason: '' });
    },
    onPickReason(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { reason: string }>) {
      this.setData({ rejectReason: event.currentTarget.dataset.reason });
    },
    onRejectReasonInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ rejectReason: event.detail.value });
    },
    onRejectCancel() {
      this.setData({ rejectVisible: false });
    },
    async onRejectConfirm() {
      const reason = this.data.rejectReason.trim();
      if (reason.length < REJECT_REASON_MIN) {
        wx.showToast({ title: reason ? `原因至少 ${REJECT_REASON_MIN} 个字` : '请选择或填写不通过的原因', icon: 'none' });
        return;
      }
      const item = this.itemById(this.data.rejectId);
      if (!item) {
        this.setData({ rejectVisible: false });
        return;
      }
      if (await this.review(item, 'reject', reason)) this.setData({ rejectVisible: false, rejectReason: '' });
    },

    onReveal(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      this.setData({ revealVisible: true, revealId: event.currentTarget.dataset.id, revealReason: '' });
    },
    onRevealReasonInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ revealReason: event.detail.value });
    },
    onRevealCancel() {
      this.setData({ revealVisible: false });
    },
    async onRevealConfirm() {
      const reason = this.data.revealReason.trim();
      if (reason.length < REVEAL_REASON_MIN) {
        wx.showToast({ title: reason ? `查看原因至少 ${REVEAL_REASON_MIN} 个字` : '请填写查看原因，查看会被记录', icon: 'none' });
        return;
      }
      if (this.data.revealing) return;
      const id = this.data.revealId;
      this.setData({ revealing: true });
      try {
        const person = await call('binding.reveal', { id, reason });
        this.setData({ revealVisible: false, revealReason: '', revealed: { id, ...person } });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ revealing: false });
      }
    },
    onHideRevealed() {
      this.setData({ revealed: null });
    },
    onPreviewProof(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      const urls = this.data.revealed?.proofUrls ?? [];
      wx.previewImage({ urls, current: event.currentTarget.dataset.url });
    },
  },
});
