import type { IncidentAction } from '../../../../../typings/actions';
import type { Incident } from '../../../../../typings/incident';
import { versionedStep } from '../../../../behaviors/versioned-step';
import { call } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { INCIDENT_STATUS_LABELS } from '../../../../shared/labels';
import { LIMITS, checkText } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';

const PARTS = [
  { field: 'cause', label: '原因' },
  { field: 'responsibility', label: '责任' },
  { field: 'corrective', label: '纠正措施' },
  { field: 'preventive', label: '预防措施' },
] as const;

type Part = (typeof PARTS)[number]['field'];

/**
 * One quality incident (seed 002 §3 ¶12): what happened and its tickets; the desk writes cause,
 * responsibility, corrective and preventive measures; the manager signs it off, after which it stays
 * as recorded. The buttons are the ones the server allows.
 */
Component({
  behaviors: [versionedStep],
  data: {
    incident: null as (Incident & { statusLabel: string; recordedText: string; signedText: string }) | null,
    parts: PARTS,
    draft: { cause: '', responsibility: '', corrective: '', preventive: '' } as Record<Part, string>,
    ticketText: '',
    note: '',
    limits: LIMITS.incident,
    can: {} as Partial<Record<IncidentAction, boolean>>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.openRecord(query.id, '没有指定事故记录');
    },
    async fetch() {
      this.showRecord(await call('incident.get', { id: this.data.recordId }));
    },
    showRecord(record: { version: number }) {
      const incident = record as Incident;
      this.setData({
        version: incident.version,
        incident: {
          ...incident,
          statusLabel: INCIDENT_STATUS_LABELS[incident.status],
          recordedText: `${incident.recordedByName} 于 ${chinaMinute(incident.recordedAt)} 登记`,
          signedText: incident.signedAt ? `${incident.signedByName ?? ''} 于 ${chinaMinute(incident.signedAt)} 签认${incident.signOffNote ? `：${incident.signOffNote}` : ''}` : '',
        },
        draft: { cause: incident.cause, responsibility: incident.responsibility, corrective: incident.corrective, preventive: incident.preventive },
        ticketText: incident.tickets.map((ticket) => ticket.number).join(' '),
        can: canOf(incident.allowed),
      });
    },
    conflictNotice(message: string) {
      return { title: '记录已更新', content: `${message}。页面已显示最新内容，请核对后再操作。` };
    },
    onPart(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: Part }>) {
      this.setData({ [`draft.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'ticketText' | 'note' }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    async onAnalyse() {
      const { draft, limits, ticketText } = this.data;
      const problem = PARTS.map((part) => checkText(draft[part.field], limits.analysis, part.label)).find(Boolean);
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const parts = Object.fromEntries(PARTS.map((part) => [part.field, draft[part.field].trim()])) as Record<Part, string>;
      await this.step('incident.analyse', { ...parts, ticketNumbers: ticketText.split(/[\s,，、；;]+/).filter(Boolean) }, { done: '已保存', name: 'analyse' });
    },
    async onSignOff() {
      if (!(await confirmModal('签认事故记录', '签认后记录存档，不能再修改。确定签认吗？', '签认'))) return;
      await this.step('incident.signOff', { note: this.data.note.trim() }, { done: '已签认', name: 'signOff' });
    },
    onOpenTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/ticket/index', { id: event.currentTarget.dataset.id });
    },
  },
});
