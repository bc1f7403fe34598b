import type { VisitAction } from '../../../../../typings/actions';
import type { Visit } from '../../../../../typings/visits';
import { versionedStep } from '../../../../behaviors/versioned-step';
import { call, newRequestId, showError } from '../../../../services/api';
import { VISIT_STATUS_LABELS } from '../../../../shared/labels';
import { COUNTS, LIMITS, checkText } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';
import { visitSlots } from '../../utils/slots';

/** What a request becomes, in the words of the desk; the server files it under the kind's general category. */
type TicketKind = 'repair' | 'complaint' | 'consultation' | 'suggestion';
const TICKET_KINDS: { value: TicketKind; label: string }[] = [
  { value: 'repair', label: '报修' },
  { value: 'complaint', label: '投诉' },
  { value: 'consultation', label: '咨询' },
  { value: 'suggestion', label: '建议' },
];

const BLANK_INTERVIEW = { intervieweeName: '', intervieweePhone: '', topics: '', opinions: '', requests: [''] };

const visitView = (visit: Visit) => ({
  ...visit,
  statusLabel: VISIT_STATUS_LABELS[visit.status],
  proposedText: visit.proposedAt ? `${visit.proposedBy === 'owner' ? '业主希望改到' : '已向业主提出'} ${chinaMinute(visit.proposedAt)}` : '',
  bookedText: visit.bookedAt ? chinaMinute(visit.bookedAt) : '',
  recordedText: visit.interview ? `${visit.interview.recordedByName} ${chinaMinute(visit.interview.recordedAt)} 记录` : '',
});

/**
 * One visit of the plan (seed 000 (四)): a time proposed to the owner in advance, the owner's
 * counter-proposal accepted, then the interview form — topics, opinions, requests — and each
 * request made a ticket in one tap. Buttons are what the server allows.
 */
Component({
  behaviors: [versionedStep],
  data: {
    visit: null as ReturnType<typeof visitView> | null,
    can: {} as Partial<Record<VisitAction, boolean>>,
    slots: [] as { value: string; label: string }[],
    slot: '',
    byPhone: false,
    interview: { ...BLANK_INTERVIEW, requests: [''] },
    limits: LIMITS.visit,
    maxRequests: COUNTS.visitRequests,
    converting: -1,
    ticketKinds: TICKET_KINDS,
    ticketKind: 'repair' as TicketKind,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const slots = visitSlots(Date.now());
      this.setData({ slots, slot: slots[0]?.value ?? '' });
      this.openRecord(query.id, '没有指定拜访');
    },
    async fetch() {
      this.showRecord(await call('visit.get', { id: this.data.recordId }));
    },
    showRecord(record: { version: number }) {
      const visit = record as Visit;
      this.setData({ version: visit.version, visit: visitView(visit), can: canOf(visit.allowed) });
    },
    conflictNotice(message: string) {
      return { title: '拜访已更新', content: `${message}。页面已显示最新状态，请核对后再操作。` };
    },
    onSlot(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ slot: event.detail.value });
    },
    onByPhone(event: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ byPhone: event.detail.checked });
    },
    async onPropose() {
      const { slot, byPhone } = this.data;
      await this.step('visit.propose', { at: slot, ...(byPhone ? { byPhone } : {}) }, { done: byPhone ? '已登记约定时间' : '已发给业主确认', name: 'propose' });
    },
    async onAccept() {
      if (!(await confirmModal('确认时间', `按业主希望的时间（${this.data.visit?.proposedText.replace('业主希望改到 ', '') ?? ''}）上门？`, '确认'))) return;
      await this.step('visit.accept', {}, { done: '已预约', name: 'accept' });
    },
    onInterview(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'intervieweeName' | 'intervieweePhone' | 'topics' | 'opinions' }>) {
      this.setData({ [`interview.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onRequest(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { index: number }>) {
      this.setData({ [`interview.requests[${event.currentTarget.dataset.index}]`]: event.detail.value });
    },
    onAddRequest() {
      if (this.data.interview.requests.length < this.data.maxRequests) this.setData({ interview: { ...this.data.interview, requests: [...this.data.interview.requests, ''] } });
    },
    async onRecord() {
      const { interview } = this.data;
      const requests = interview.requests.map((text) => text.trim()).filter(Boolean);
      const problem =
        checkText(interview.topics, LIMITS.visit.topics, '访谈主题') ??
        checkText(interview.opinions, LIMITS.visit.opinions, '意见') ??
        requests.map((text) => checkText(text, LIMITS.visit.request, '诉求')).find(Boolean);
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (!(await confirmModal('提交访谈记录', '提交后访谈记录不能修改，诉求可逐条转为工单跟进。', '提交'))) return;
      const saved = await this.step(
        'visit.record',
        { intervieweeName: interview.intervieweeName.trim(), intervieweePhone: interview.intervieweePhone.trim(), topics: interview.topics.trim(), opinions: interview.opinions.trim(), requests },
        { done: '已记录', name: 'record' },
      );
      if (saved) this.setData({ interview: { ...BLANK_INTERVIEW, requests: [''] } });
    },
    onTicketKind(event: WechatMiniprogram.CustomEvent<{ value: TicketKind }>) {
      this.setData({ ticketKind: event.detail.value });
    },
    /** One tap: the request is registered as a ticket of the chosen kind (channel 来访) and linked here. */
    async onTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const index = event.currentTarget.dataset.index;
      this.setData({ converting: index });
      try {
        const ticket = await call('visit.ticket', { id: this.data.recordId, index, kind: this.data.ticketKind }, { requestId: newRequestId() });
        wx.showToast({ title: `已生成工单 ${ticket.number}`, icon: 'none' });
        await this.load();
      } catch (error) {
        showError(error);
        await this.load();
      } finally {
        this.setData({ converting: -1 });
      }
    },
  },
});
