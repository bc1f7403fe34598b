import type { Page } from '../../../../../typings/domain';
import type { Incident } from '../../../../../typings/incident';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { INCIDENT_STATUS_LABELS } from '../../../../shared/labels';
import { LIMITS, checkText } from '../../../../shared/limits';
import { chinaDate } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { freshRequest } from '../../../../behaviors/fresh-request';

interface IncidentRow {
  id: string;
  number: string;
  title: string;
  meta: string;
  statusLabel: string;
  signed: boolean;
}

const toRow = (incident: Incident): IncidentRow => ({
  id: incident.id,
  number: incident.number,
  title: incident.title,
  meta: `发生于 ${incident.occurredOn} · ${incident.recordedByName} 登记${incident.tickets.length ? ` · 关联 ${incident.tickets.length} 张工单` : ''}`,
  statusLabel: INCIDENT_STATUS_LABELS[incident.status],
  signed: incident.status === 'signed',
});

/** Ticket numbers as typed, separated by spaces, commas or new lines. */
const numbersIn = (text: string): string[] => text.split(/[\s,，、；;]+/).filter(Boolean);

/**
 * 质量事故登记 (seed 002 §3 ¶11–13): the register of service-quality incidents; the desk records one
 * with the tickets it concerns, and opens it to write the analysis the manager signs off.
 */
Component({
  behaviors: [communityScope, pagedList<IncidentRow>(), freshRequest],
  data: {
    canRecord: false,
    formOpen: false,
    title: '',
    occurredOn: chinaDate(Date.now()),
    /** An incident has happened: no date after today. */
    today: chinaDate(Date.now()),
    datePickerVisible: false,
    description: '',
    ticketText: '',
    limits: LIMITS.incident,
    saving: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'admin'], '质量事故登记仅对客服、客服经理和管理员开放'))) return;
      this.setData({ canRecord: this.rolesHere().some((role) => role === 'cs' || role === 'manager') });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<IncidentRow>> {
      const page = await call('incident.list', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toRow), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
    onToggleForm() {
      this.setData({ formOpen: !this.data.formOpen });
    },
    onOpenDate() {
      this.setData({ datePickerVisible: true });
    },
    onDateConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ occurredOn: String(event.detail.value).slice(0, 10), datePickerVisible: false });
    },
    onDateClose() {
      this.setData({ datePickerVisible: false });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    async onRecord() {
      const { title, occurredOn, description, ticketText, limits, communityId, requestId } = this.data;
      const problem = checkText(title, limits.title, '事故名称') ?? checkText(description, limits.description, '事故经过');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      await whileBusy(this, 'saving', async () => {
        try {
          const incident = await call('incident.record', { communityId, title: title.trim(), occurredOn, description: description.trim(), ticketNumbers: numbersIn(ticketText) }, { requestId });
          this.setData({ formOpen: false, title: '', description: '', ticketText: '', requestId: newRequestId() });
          wx.showToast({ title: `已登记 ${incident.number}`, icon: 'success' });
          navigateTo('packages/staff/pages/incident/index', { id: incident.id });
          this.reloadList();
        } catch (error) {
          showError(error);
        }
      });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/incident/index', { id: event.currentTarget.dataset.id });
    },
  },
});
