import type { Page } from '../../../../../typings/domain';
import type { StaffRole } from '../../../../../typings/roles';
import type { ComplaintGrade, TicketKind, TicketStatus } from '../../../../../typings/tickets';
import { DESK_ROLES, communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { GRADE_LABELS, TICKET_KIND_LABELS, TICKET_STATUS_LABELS } from '../../../../shared/labels';
import { isPersonName } from '../../../../shared/patterns';
import { ticketRow, type TicketRow } from '../../../../pages/ticket/views';

/** Everyone who works tickets; technicians see only their own (the server enforces it). */
const INBOX_ROLES: StaffRole[] = ['cs', 'tech', 'manager', 'admin'];

/** What the desk typed into the search box: a ticket number opens it; 4 digits or a name list the caller's requests. */
type Query = { phoneTail: string } | { name: string };
const TICKET_NUMBER = /^[A-Za-z]{2}\d{8}-\d{4}$/;

function queryOf(text: string): Query | 'number' | undefined {
  if (TICKET_NUMBER.test(text)) return 'number';
  if (/^\d{4}$/.test(text)) return { phoneTail: text };
  return isPersonName(text) ? { name: text } : undefined;
}

const options = (all: string, labels: Record<string, string>, suffix = '') => [
  { label: all, value: '' },
  ...Object.entries(labels).map(([value, label]) => ({ label: `${label}${suffix}`, value })),
];

Component({
  behaviors: [communityScope, pagedList<TicketRow>()],
  data: {
    searchNumber: '',
    /** A search for a caller's requests replaces the inbox until cleared. */
    query: null as Query | null,
    queryLabel: '',
    /** Only the desk registers requests; a technician without desk roles sees only their own work. */
    canRegister: false,
    technicianOnly: false,
    kindOptions: options('全部类型', TICKET_KIND_LABELS),
    // Without a status the server lists every ticket still open.
    statusOptions: options('全部未办结', TICKET_STATUS_LABELS),
    gradeOptions: options('全部等级', GRADE_LABELS, '投诉'),
    kind: '',
    ticketStatus: '',
    grade: '',
    overdue: false,
    mine: false,
    /** From a workbench count: complaints escalated to this level or beyond (1 the manager, 2 the head). */
    escalated: 0 as 0 | 1 | 2,
    /** Set once the first list arrived, so coming back from a ticket refreshes it. */
    shown: false,
  },
  methods: {
    /** Opened from a workbench count: the list it counted. */
    onLoad(query: Record<string, string | undefined> = {}) {
      const escalated = Number(query.escalated ?? 0);
      this.setData({
        communityId: query.communityId ?? '',
        ticketStatus: query.status === 'submitted' || query.status === 'assigned' ? query.status : '',
        overdue: query.overdue === '1',
        mine: query.mine === '1',
        escalated: escalated === 1 || escalated === 2 ? (escalated as 1 | 2) : 0,
      });
      void this.load();
    },
    onShow() {
      // Back from a ticket: its status or deadline may have changed.
      if (this.data.shown && this.data.status === 'ready') void this.load();
    },
    async fetch() {
      if (!(await this.openScope(INBOX_ROLES, '您在任何小区都没有处理工单的岗位'))) return;
      const roles = this.rolesHere();
      const technicianOnly = roles.includes('tech') && !roles.some((role) => role !== 'tech' && INBOX_ROLES.includes(role));
      this.setData({ canRegister: roles.some((role) => DESK_ROLES.includes(role)), technicianOnly, mine: !technicianOnly && this.data.mine });
      if (await this.firstPage()) this.setData({ shown: true });
    },
    async fetchPage(cursor?: string): Promise<Page<TicketRow>> {
      const { communityId, kind, ticketStatus, grade, overdue, mine, escalated, query } = this.data;
      if (query) {
        const found = await call('ticket.search', {
          communityId,
          ...query,
          ...(kind ? { kind: kind as TicketKind } : {}),
          ...(ticketStatus ? { status: ticketStatus as TicketStatus } : {}),
          ...(cursor ? { cursor } : {}),
        });
        return { items: found.items.map(ticketRow), cursor: found.cursor };
      }
      const page = await call('ticket.inbox', {
        communityId,
        ...(kind ? { kind: kind as TicketKind } : {}),
        ...(ticketStatus ? { status: ticketStatus as TicketStatus } : {}),
        ...(grade ? { grade: grade as ComplaintGrade } : {}),
        ...(overdue ? { overdue: true } : {}),
        ...(mine ? { mine: true } : {}),
        ...(escalated ? { escalatedFrom: escalated } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.items.map(ticketRow), cursor: page.cursor };
    },
    /** Another community or filter starts from its first page. */
    communityChanged() {
      this.refilter({});
    },
    refilter(patch: Record<string, string | boolean | number | Query | null>) {
      this.setData(patch);
      this.reloadList();
    },
    onSearchInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ searchNumber: event.detail.value });
    },
    /** An owner on the phone quotes a ticket number (opened directly), their phone's last 4 digits or their name (their requests listed). */
    async onSearch() {
      const number = this.data.searchNumber.trim();
      if (!number) return;
      const query = queryOf(number);
      if (!query) {
        wx.showToast({ title: '请输入工单编号、手机尾号 4 位或业主姓名', icon: 'none' });
        return;
      }
      if (query !== 'number') {
        this.refilter({ query, queryLabel: 'phoneTail' in query ? `手机尾号 ${query.phoneTail}` : `姓名 ${query.name}` });
        return;
      }
      try {
        const found = await call('ticket.find', { communityId: this.data.communityId, number });
        navigateTo('packages/staff/pages/ticket/index', { id: found.id });
      } catch (error) {
        showError(error);
      }
    },
    onClearEscalated() {
      this.refilter({ escalated: 0 });
    },
    onClearSearch() {
      this.refilter({ query: null, queryLabel: '', searchNumber: '' });
    },
    onFilter(event: WechatMiniprogram.CustomEvent<{ value?: string; checked?: boolean }, Record<string, never>, { filter: string }>) {
      const { value, checked } = event.detail;
      this.refilter({ [event.currentTarget.dataset.filter]: checked ?? value ?? '' });
    },
    onOpenTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/ticket/index', { id: event.currentTarget.dataset.id });
    },
    onRegister() {
      navigateTo('packages/staff/pages/register/index', { communityId: this.data.communityId });
    },
  },
});
