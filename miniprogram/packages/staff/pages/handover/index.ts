import type { Page } from '../../../../../typings/domain';
import type { Handover, TicketSummary } from '../../../../../typings/tickets';
import { DESK_ROLES, communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { ApiError, call, messageOf, newRequestId, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { TICKET_KIND_LABELS, TICKET_STATUS_LABELS } from '../../../../shared/labels';
import { LIMITS, textLength } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { deskEntryView, type DeskEntryView } from '../desk-log/views';

type Tab = 'write' | 'history';

const FOLLOW_UP = LIMITS.ticket.followUp;

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
  /** The shift's calls and duty events, in the order they happened. */
  deskLines: DeskEntryView[];
}

function toOpen(ticket: TicketSummary): OpenTicket {
  return {
    id: ticket.id,
    number: ticket.number,
    title: `${TICKET_KIND_LABELS[ticket.kind]} · ${ticket.category}`,
    locationLabel: ticket.locationLabel,
    statusLabel: TICKET_STATUS_LABELS[ticket.status],
    dueText: chinaMinute(ticket.dueAt),
    overdue: ticket.overdue,
    picked: false,
    followUp: '',
  };
}

function toView(handover: Handover): HandoverView {
  return {
    id: handover.id,
    fromName: handover.fromName || '未填写姓名',
    createdAt: chinaMinute(handover.createdAt),
    summary: handover.summary,
    notes: handover.notes,
    acknowledged: !!handover.acknowledgedAt,
    fromMe: handover.fromMe,
    deskLines: [...handover.calls, ...handover.duty].sort((a, b) => a.at.localeCompare(b.at)).map(deskEntryView),
    acknowledgedText: handover.acknowledgedAt ? `${handover.acknowledgedBy || '接班人员'} 已于 ${chinaMinute(handover.acknowledgedAt)} 确认接班` : '',
  };
}

/** Shift handover (交接班, seed 001 四 维修 5) is the front desk's: what is open and what the next shift must follow up. */
Component({
  behaviors: [communityScope, pagedList<HandoverView>()],
  data: {
    tab: 'write' as Tab,
    openTickets: [] as OpenTicket[],
    /** Where the next page of open tickets starts; empty once all are shown. */
    openCursor: '',
    openLoading: false,
    openError: '',
    summary: '',
    summaryMax: LIMITS.ticket.handoverSummary[1],
    followUpMax: FOLLOW_UP[1],
    pickedCount: 0,
    shiftLines: [] as DeskEntryView[],
    submitting: false,
    /** One id per handover being written: a retry after a timeout does not hand over twice. */
    requestId: '',
    waitingCount: 0,
    historyLoading: false,
    historyError: '',
    acknowledgingId: '',
  },
  observers: {
    items(items: HandoverView[]) {
      this.setData({ waitingCount: items.filter((item) => !item.acknowledged).length });
    },
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ requestId: newRequestId(), tab: query.tab === 'history' ? 'history' : 'write', communityId: query.communityId ?? '' });
      void this.load();
    },
    onReachBottom() {
      if (this.data.tab === 'history') void this.loadMore();
    },
    async fetch() {
      if (await this.openScope(DESK_ROLES, '只有客服和客服经理参与交接班')) await Promise.all([this.loadOpen(), this.loadHistory()]);
    },
    communityChanged() {
      this.clearList();
      this.setData({ openTickets: [], openCursor: '', pickedCount: 0 });
      void this.load();
    },
    async loadOpen() {
      this.setData({ openLoading: true, openError: '' });
      try {
        const [page, shift] = await Promise.all([call('handover.open', { communityId: this.data.communityId }), call('desk.shift', { communityId: this.data.communityId })]);
        this.setData({ shiftLines: [...shift.calls, ...shift.duty].sort((a, b) => a.at.localeCompare(b.at)).map(deskEntryView) });
        this.showOpen(page.items, page.cursor, []);
      } catch (error) {
        this.setData({ openError: messageOf(error) });
      } finally {
        this.setData({ openLoading: false });
      }
    },
    /** The next page of open tickets, below those shown. */
    async onMoreOpen() {
      if (!this.data.openCursor || this.data.openLoading) return;
      this.setData({ openLoading: true });
      try {
        const page = await call('handover.open', { communityId: this.data.communityId, cursor: this.data.openCursor });
        this.showOpen(page.items, page.cursor, this.data.openTickets);
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ openLoading: false });
      }
    },
    /** Shows `before` then `tickets`, keeping what the user already picked and wrote for tickets still open. */
    showOpen(tickets: TicketSummary[], cursor: string | undefined, before: OpenTicket[]) {
      const kept = new Map(this.data.openTickets.filter((ticket) => ticket.picked).map((ticket) => [ticket.id, ticket]));
      const shown = new Set(before.map((ticket) => ticket.id));
      const added = tickets
        .filter((ticket) => !shown.has(ticket.id))
        .map((ticket) => ({ ...toOpen(ticket), ...(kept.has(ticket.id) ? { picked: true, followUp: kept.get(ticket.id)!.followUp } : {}) }));
      const openTickets = [...before, ...added];
      this.setData({ openTickets, openCursor: cursor ?? '', pickedCount: openTickets.filter((ticket) => ticket.picked).length });
    },
    async loadHistory() {
      this.setData({ historyLoading: true, historyError: '' });
      try {
        await this.firstPage();
      } catch (error) {
        this.setData({ historyError: messageOf(error) });
      } finally {
        this.setData({ historyLoading: false });
      }
    },
    async fetchPage(cursor?: string): Promise<Page<HandoverView>> {
      const page = await call('handover.list', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toView), cursor: page.cursor };
    },
    /** Handovers still waiting for the next shift come first; otherwise newest first, as listed. */
    arrange(items: HandoverView[]): HandoverView[] {
      return [...items.filter((item) => !item.acknowledged), ...items.filter((item) => item.acknowledged)];
    },

    onTabChange(event: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      this.setData({ tab: event.detail.value });
    },
    onSummaryInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ summary: event.detail.value });
    },
    updateOpen(id: string, patch: Partial<OpenTicket>) {
      const openTickets = this.data.openTickets.map((ticket) => (ticket.id === id ? { ...ticket, ...patch } : ticket));
      this.setData({ openTickets, pickedCount: openTickets.filter((ticket) => ticket.picked).length });
    },
    onPickTicket(event: WechatMiniprogram.CustomEvent<{ checked: boolean }, Record<string, never>, { id: string }>) {
      this.updateOpen(event.currentTarget.dataset.id, { picked: event.detail.checked });
    },
    onFollowUpInput(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { id: string }>) {
      this.updateOpen(event.currentTarget.dataset.id, { followUp: event.detail.value });
    },
    async onSubmit() {
      if (this.data.submitting) return;
      const summary = this.data.summary.trim();
      const picked = this.data.openTickets.filter((ticket) => ticket.picked);
      if (!summary && picked.length === 0) {
        wx.showToast({ title: '请填写交班情况，或勾选需要跟进的工单', icon: 'none' });
        return;
      }
      const missing = picked.find((ticket) => textLength(ticket.followUp) < FOLLOW_UP[0]);
      if (missing) {
        wx.showToast({ title: `请写明 ${missing.number} 需要跟进的事项（至少 ${FOLLOW_UP[0]} 个字）`, icon: 'none' });
        return;
      }
      await whileBusy(this, 'submitting', async () => {
        const notes = picked.map((ticket) => ({ ticketId: ticket.id, followUp: ticket.followUp.trim() }));
        await call('handover.create', { communityId: this.data.communityId, summary, notes }, { requestId: this.data.requestId });
        wx.showToast({ title: '已交班', icon: 'success' });
        this.setData({
          summary: '',
          requestId: newRequestId(),
          openTickets: this.data.openTickets.map((ticket) => ({ ...ticket, picked: false, followUp: '' })),
          pickedCount: 0,
          // Handed over: the next shift's records start now.
          shiftLines: [],
          tab: 'history',
        });
        await this.loadHistory();
      });
    },

    /** The next shift confirms; the server refuses the author (a handover is confirmed by someone else). */
    async onAcknowledge(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const id = event.currentTarget.dataset.id;
      if (this.data.acknowledgingId) return;
      this.setData({ acknowledgingId: id });
      try {
        const handover = toView(await call('handover.acknowledge', { id }));
        this.setData({ items: this.arrange(this.data.items.map((item) => (item.id === id ? handover : item))) });
        wx.showToast({ title: '已确认接班', icon: 'success' });
      } catch (error) {
        showError(error);
        // Someone else confirmed it first: show who.
        if (error instanceof ApiError && error.code === 'CONFLICT') void this.loadHistory();
      } finally {
        this.setData({ acknowledgingId: '' });
      }
    },
    onOpenTicket(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/ticket/index', { id: event.currentTarget.dataset.id });
    },
  },
});
