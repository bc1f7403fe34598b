import type { ComplaintGrade, TicketKind, TicketStatus, TicketSummary } from '../../../../../typings/tickets';
import type { StaffRole } from '../../../../../typings/roles';
import { call, messageOf, showError } from '../../../../services/api';
import { formatDateTime } from '../../../../utils/time';
import { KIND_LABELS } from '../../../../pages/ticket/format';
import { DESK_ROLES, GRADE_VIEW, STATUS_VIEW, escalationText } from '../ticket-views';
import { initialCommunity, loadScope, rolesIn, type CommunityOption } from '../scope';

type Status = 'loading' | 'ready' | 'error';

/** Everyone who works tickets; technicians see only their own (the server enforces it). */
const INBOX_ROLES: StaffRole[] = ['cs', 'tech', 'manager', 'admin'];


const KIND_OPTIONS = [{ label: '全部类型', value: '' }, ...Object.entries(KIND_LABELS).map(([value, label]) => ({ label, value }))];
const STATUS_OPTIONS = [
  // Without a status the server lists every ticket still open.
  { label: '全部未办结', value: '' },
  ...Object.entries(STATUS_VIEW).map(([value, view]) => ({ label: view.label, value })),
];
const GRADE_OPTIONS = [{ label: '全部等级', value: '' }, ...Object.entries(GRADE_VIEW).map(([value, view]) => ({ label: `${view.label}投诉`, value }))];

interface TicketRow {
  id: string;
  number: string;
  kindLabel: string;
  category: string;
  locationLabel: string;
  summary: string;
  statusLabel: string;
  statusTheme: string;
  dueText: string;
  overdue: boolean;
  gradeLabel: string;
  gradeTheme: string;
  group: boolean;
  repeat: boolean;
  escalationText: string;
  assigneeName: string;
}

function toRow(ticket: TicketSummary): TicketRow {
  const status = STATUS_VIEW[ticket.status];
  const grade = ticket.grade ? GRADE_VIEW[ticket.grade] : undefined;
  const isComplaint = ticket.kind === 'complaint';
  return {
    id: ticket.id,
    number: ticket.number,
    kindLabel: KIND_LABELS[ticket.kind],
    category: ticket.category,
    locationLabel: ticket.locationLabel,
    summary: ticket.summary,
    statusLabel: status.label,
    statusTheme: status.theme,
    dueText: ticket.dueAt ? formatDateTime(ticket.dueAt) : '',
    overdue: ticket.overdue,
    gradeLabel: isComplaint && grade ? grade.label : '',
    gradeTheme: grade?.theme ?? 'default',
    group: isComplaint && ticket.flags.group,
    repeat: isComplaint && ticket.flags.repeat,
    escalationText: escalationText(ticket.escalationLevel),
    assigneeName: ticket.assigneeName ?? '',
  };
}

Component({
  data: {
    searchNumber: '',
    status: 'loading' as Status,
    errorMessage: '',
    communities: [] as CommunityOption[],
    /** The caller's roles in each community they may open the inbox for. */
    rolesByCommunity: {} as Record<string, StaffRole[]>,
    communityId: '',
    communityName: '',
    pickerVisible: false,
    /** Only the desk registers requests; a technician without desk roles sees only their own work. */
    canRegister: false,
    technicianOnly: false,
    kindOptions: KIND_OPTIONS,
    statusOptions: STATUS_OPTIONS,
    gradeOptions: GRADE_OPTIONS,
    kind: '',
    ticketStatus: '',
    grade: '',
    overdue: false,
    mine: false,
    items: [] as TicketRow[],
    cursor: '',
    loadingMore: false,
    /** Set once the first list arrived, so coming back from a ticket refreshes it. */
    shown: false,
    /** Numbers the list requests; the answer to an older one (a filter changed meanwhile) is dropped. */
    loadSeq: 0,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.start(query.communityId);
    },
    onShow() {
      // Back from a ticket: its status or deadline may have changed.
      if (this.data.shown && this.data.status === 'ready') this.reload();
    },
    onRetry() {
      if (this.data.communityId) this.reload();
      else this.start(undefined);
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
        const { profile, communities } = await loadScope(INBOX_ROLES);
        const community = initialCommunity(communities, requested);
        if (!community) {
          this.setData({ status: 'error', errorMessage: '您在任何小区都没有处理工单的岗位' });
          return;
        }
        const rolesByCommunity: Record<string, StaffRole[]> = {};
        for (const c of communities) rolesByCommunity[c.value] = rolesIn(profile, c.value);
        this.setData({ communities, rolesByCommunity });
        this.choose(community);
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    choose(community: CommunityOption) {
      const roles = this.data.rolesByCommunity[community.value] ?? [];
      const technicianOnly = roles.includes('tech') && !roles.some((role) => role !== 'tech' && INBOX_ROLES.includes(role));
      this.setData({
        communityId: community.value,
        communityName: community.label,
        canRegister: roles.some((role) => DESK_ROLES.includes(role)),
        technicianOnly,
        mine: technicianOnly ? false : this.data.mine,
        items: [],
        cursor: '',
      });
      this.reload();
    },
    filters() {
      const { communityId, kind, ticketStatus, grade, overdue, mine } = this.data;
      return {
        communityId,
        ...(kind ? { kind: kind as TicketKind } : {}),
        ...(ticketStatus ? { status: ticketStatus as TicketStatus } : {}),
        ...(grade ? { grade: grade as ComplaintGrade } : {}),
        ...(overdue ? { overdue: true } : {}),
        ...(mine ? { mine: true } : {}),
      };
    },
    /** Loads the first page for the current community and filters. */
    async reload() {
      const load = this.data.loadSeq + 1;
      this.setData({ loadSeq: load });
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const page = await call('ticket.inbox', this.filters());
        if (load !== this.data.loadSeq) return;
        this.setData({ status: 'ready', items: page.items.map(toRow), cursor: page.cursor ?? '', shown: true });
      } catch (error) {
        if (load !== this.data.loadSeq) return;
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    async loadMore() {
      if (!this.data.cursor || this.data.loadingMore || this.data.status !== 'ready') return;
      const load = this.data.loadSeq;
      this.setData({ loadingMore: true });
      try {
        const page = await call('ticket.inbox', { ...this.filters(), cursor: this.data.cursor });
        if (load !== this.data.loadSeq) return;
        this.setData({ items: [...this.data.items, ...page.items.map(toRow)], cursor: page.cursor ?? '' });
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ loadingMore: false });
      }
    },
    /** A new filter starts from the first page. */
    refilter(patch: Record<string, string | boolean>) {
      this.setData({ ...patch, items: [], cursor: '', status: 'loading' });
      this.reload();
    },
    onSearchInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ searchNumber: event.detail.value });
    },
    /** An owner on the phone quotes a ticket number: open that ticket directly. */
    async onSearch() {
      const number = this.data.searchNumber.trim();
      if (!number) return;
      try {
        const found = await call('ticket.find', { communityId: this.data.communityId, number });
        wx.navigateTo({ url: `/packages/staff/pages/ticket/index?id=${found.id}` });
      } catch (error) {
        showError(error);
      }
    },
    onKindChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.refilter({ kind: event.detail.value });
    },
    onStatusChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.refilter({ ticketStatus: event.detail.value });
    },
    onGradeChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.refilter({ grade: event.detail.value });
    },
    onOverdueChange(event: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.refilter({ overdue: event.detail.checked });
    },
    onMineChange(event: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.refilter({ mine: event.detail.checked });
    },
    onOpenTicket(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      wx.navigateTo({ url: `/packages/staff/pages/ticket/index?id=${encodeURIComponent(event.currentTarget.dataset.id)}` });
    },
    onRegister() {
      wx.navigateTo({ url: `/packages/staff/pages/register/index?communityId=${encodeURIComponent(this.data.communityId)}` });
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
      this.setData({ status: 'loading' });
      this.choose(community);
    },
  },
});
