import type { Handover, TicketSummary } from '../../../../../typings/tickets';
import { ApiError, call, messageOf, newRequestId, showError } from '../../../../services/api';
import { formatDateTime } from '../../../../utils/time';
import { KIND_LABELS } from '../../../../pages/ticket/format';
import { initialCommunity, loadScope, type CommunityOption } from '../scope';
import { DESK_ROLES, STATUS_VIEW } from '../ticket-views';

type Status = 'loading' | 'ready' | 'error';
type Tab = 'write' | 'history';

/** Shift handover is the front desk's (seed 001 四 维修 5). */

/** The server's limits: a summary of at most 500 characters, each follow-up 2–200. */
const SUMMARY_MAX = 500;
const FOLLOW_UP = { min: 2, max: 200 };

interface OpenTicket {
  id: string;
  number: string;
  title: string;
  locationLabel: string;
  statusLabel: string;
  dueText: string;
  overdue: boolean;
  picked: boolean;
  followUp: string;
}

interface HandoverView {
  id: string;
  fromName: string;
  createdAt: string;
  summary: string;
  notes: { ticketId: string; number: string; followUp: string }[];
  acknowledged: boolean;
  acknowledgedText: string;
  /** The author waits for the next shift; only someone else can confirm. */
  fromMe: boolean;
}

function toOpen(ticket: TicketSummary): OpenTicket {
  return {
    id: ticket.id,
    number: ticket.number,
    title: `${KIND_LABELS[ticket.kind]} · ${ticket.category}`,
    locationLabel: ticket.locationLabel,
    statusLabel: STATUS_VIEW[ticket.status].label,
    dueText: ticket.dueAt ? formatDateTime(ticket.dueAt) : '',
    overdue: ticket.overdue,
    picked: false,
    followUp: '',
  };
}

function toView(handover: Handover): HandoverView {
  return {
    id: handover.id,
    fromName: handover.fromName || '未填写姓名',
    createdAt: formatDateTime(handover.createdAt),
    summary: handover.summary,
    notes: handover.notes,
    acknowledged: !!handover.acknowledgedAt,
    fromMe: handover.fromMe,
    acknowledgedText: handover.acknowledgedAt ? `${handover.acknowledgedBy || '接班人员'} 已于 ${formatDateTime(handover.acknowledgedAt)} 确认接班` : '',
  };
}

/** Handovers still waiting for the next shift come first; otherwise newest first, as listed. */
function waitingFirst(items: HandoverView[]): HandoverView[] {
  return [...items.filter((item) => !item.acknowledged), ...items.filter((item) => item.acknowledged)];
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    communities: [] as CommunityOption[],
    communityId: '',
    communityName: '',
    pickerVisible: false,
    tab: 'write' as Tab,

    openTickets: [] as OpenTicket[],
    openLoading: false,
    openError: '',
    summary: '',
    summaryMax: SUMMARY_MAX,
    followUpMax: FOLLOW_UP.max,
    pickedCount: 0,
    submitting: false,
    /** One id per handover being written: a retry after a timeout does not hand over twice. */
    requestId: '',

    handovers: [] as HandoverView[],
    waitingCount: 0,
    cursor: '',
    historyLoading: false,
    historyError: '',
    loadingMore: false,
    acknowledgingId: '',
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ requestId: newRequestId(), tab: query.tab === 'history' ? 'history' : 'write' });
      this.start(query.communityId);
    },
    onRetry() {
      this.start(this.data.communityId || undefined);
    },
    onPullDownRefresh() {
      this.refresh().finally(() => wx.stopPullDownRefresh());
    },
    onReachBottom() {
      if (this.data.tab === 'history') this.loadMore();
    },
    async start(requested: string | undefined) {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const { communities } = await loadScope(DESK_ROLES);
        const community = initialCommunity(communities, requested);
        if (!community) {
          this.setData({ status: 'error', errorMessage: '只有客服和客服经理参与交接班' });
          return;
        }
        this.setData({ status: 'ready', communities, communityId: community.value, communityName: community.label });
        await this.refresh();
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    refresh(): Promise<unknown> {
      return Promise.all([this.loadOpen(), this.loadHistory()]);
    },
    async loadOpen() {
      this.setData({ openLoading: true, openError: '' });
      try {
        const tickets = await call('handover.open', { communityId: this.data.communityId });
        // Keep what the user already picked and wrote for tickets that are still open.
        const kept = new Map(this.data.openTickets.filter((ticket) => ticket.picked).map((ticket) => [ticket.id, ticket]));
        const openTickets = tickets.map((ticket) => {
          const previous = kept.get(ticket.id);
          return previous ? { ...toOpen(ticket), picked: true, followUp: previous.followUp } : toOpen(ticket);
        });
        this.setData({ openTickets, pickedCount: openTickets.filter((ticket) => ticket.picked).length });
      } catch (error) {
        this.setData({ openError: messageOf(error) });
      } finally {
        this.setData({ openLoading: false });
      }
    },
    async loadHistory() {
      this.setData({ historyLoading: true, historyError: '' });
      try {
        const page = await call('handover.list', { communityId: this.data.communityId });
        this.showHandovers(page.items.map(toView), page.cursor ?? '');
      } catch (error) {
        this.setData({ historyError: messageOf(error) });
      } finally {
        this.setData({ historyLoading: false });
      }
    },
    async loadMore() {
      if (!this.data.cursor || this.data.loadingMore) return;
      this.setData({ loadingMore: true });
      try {
        const page = await call('handover.list', { communityId: this.data.communityId, cursor: this.data.cursor });
        this.showHandovers([...this.data.handovers, ...page.items.map(toView)], page.cursor ?? '');
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ loadingMore: false });
      }
    },
    showHandovers(items: HandoverView[], cursor: string) {
      const handovers = waitingFirst(items);
      this.setData({ handovers, cursor, waitingCount: handovers.filter((item) => !item.acknowledged).length });
    },

    onTabChange(event: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      this.setData({ tab: event.detail.value });
    },
    onOpenPicker() {
      if (this.data.communities.length > 1) this.setData({ pickerVisible: true });
    },
    onPickerClose() {
      this.setData({ pickerVisible: false });
    },
    onCommunityPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ pickerVisible: false });
      const community = this.data.communities.find((c) => c.value === event.detail.value[0]);
      if (!community || community.value === this.data.communityId) return;
      this.setData({ communityId: community.value, communityName: community.label, openTickets: [], pickedCount: 0, handovers: [], cursor: '' });
      this.refresh();
    },

    onSummaryInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ summary: event.detail.value });
    },
    onPickTicket(event: WechatMiniprogram.CustomEvent<{ checked: boolean }, Record<string, never>, { id: string }>) {
      const id = event.currentTarget.dataset.id;
      const openTickets = this.data.openTickets.map((ticket) => (ticket.id === id ? { ...ticket, picked: event.detail.checked } : ticket));
      this.setData({ openTickets, pickedCount: openTickets.filter((ticket) => ticket.picked).length });
    },
    onFollowUpInput(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { id: string }>) {
      const id = event.currentTarget.dataset.id;
      this.setData({ openTickets: this.data.openTickets.map((ticket) => (ticket.id === id ? { ...ticket, followUp: event.detail.value } : ticket)) });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const summary = this.data.summary.trim();
      const picked = this.data.openTickets.filter((ticket) => ticket.picked);
      if (!summary && picked.length === 0) {
        wx.showToast({ title: '请填写交班情况，或勾选需要跟进的工单', icon: 'none' });
        return;
      }
      const missing = picked.find((ticket) => Array.from(ticket.followUp.trim()).length < FOLLOW_UP.min);
      if (missing) {
        wx.showToast({ title: `请写明 ${missing.number} 需要跟进的事项（至少 ${FOLLOW_UP.min} 个字）`, icon: 'none' });
        return;
      }
      this.setData({ submitting: true });
      try {
        await call(
          'handover.create',
          { communityId: this.data.communityId, summary, notes: picked.map((ticket) => ({ ticketId: ticket.id, followUp: ticket.followUp.trim() })) },
          { requestId: this.data.requestId },
        );
        wx.showToast({ title: '已交班', icon: 'success' });
        this.setData({
          summary: '',
          requestId: newRequestId(),
          openTickets: this.data.openTickets.map((ticket) => ({ ...ticket, picked: false, followUp: '' })),
          pickedCount: 0,
          tab: 'history',
        });
        await this.loadHistory();
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ submitting: false });
      }
    },

    /** The next shift confirms; the server refuses the author (a handover is confirmed by someone else). */
    async onAcknowledge(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const id = event.currentTarget.dataset.id;
      if (this.data.acknowledgingId) return;
      this.setData({ acknowledgingId: id });
      try {
        const handover = await call('handover.acknowledge', { id });
        this.showHandovers(
          this.data.handovers.map((item) => (item.id === id ? toView(handover) : item)),
          this.data.cursor,
        );
        wx.showToast({ title: '已确认接班', icon: 'success' });
      } catch (error) {
        showError(error);
        // Someone else confirmed it first: show who.
        if (error instanceof ApiError && error.code === 'CONFLICT') this.loadHistory();
      } finally {
        this.setData({ acknowledgingId: '' });
      }
    },
    onOpenTicket(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/packages/staff/pages/ticket/index?id=${encodeURIComponent(event.currentTarget.dataset.id)}` });
    },
  },
});
