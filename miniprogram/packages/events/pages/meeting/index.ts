import type { MeetingSuggestion } from '../../../../../typings/events';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { loadable } from '../../../../behaviors/loadable';
import { call, newRequestId } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { TICKET_STATUS_LABELS } from '../../../../shared/labels';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';
import { meetingRow } from '../../views';

const BLANK_SUGGESTION = { unitId: '', contactName: '', contactPhone: '', description: '' };
const suggestionRow = (item: MeetingSuggestion) => ({ ...item, statusLabel: item.answered ? '已答复' : `未答复 · ${TICKET_STATUS_LABELS[item.status]}` });

/**
 * One owners' meeting (业主恳谈会, seed 002 §6): the minutes once it is held, and the owners'
 * suggestions, each a suggestion ticket answered through the ticket; an unanswered one stays open here.
 */
Component({
  behaviors: [loadable, freshRequest],
  data: {
    id: '',
    meeting: null as ReturnType<typeof meetingRow> | null,
    suggestions: [] as ReturnType<typeof suggestionRow>[],
    minutesOpen: false,
    minutes: { attendance: 1, text: '' },
    suggestOpen: false,
    suggestion: { ...BLANK_SUGGESTION },
    busy: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ id: query.id ?? '' });
      void this.load();
    },
    async fetch() {
      if (!this.data.id) return this.fail('没有指定恳谈会');
      this.show(await call('meeting.get', { id: this.data.id }));
    },
    show(meeting: Parameters<typeof meetingRow>[0]) {
      this.setData({ meeting: meetingRow(meeting), suggestions: meeting.suggestions.map(suggestionRow) });
    },
    onToggleMinutes() {
      this.setData({ minutesOpen: !this.data.minutesOpen, minutes: { attendance: this.data.meeting?.minutes?.attendance ?? 1, text: this.data.meeting?.minutes?.text ?? '' } });
    },
    onMinutesField(event: WechatMiniprogram.CustomEvent<{ value: string | number }, Record<string, never>, { field: string }>) {
      this.setData({ [`minutes.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    async onSaveMinutes() {
      const { meeting, minutes } = this.data;
      if (!meeting) return;
      await whileBusy(this, 'busy', async () => {
        this.show(await call('meeting.minutes', { id: meeting.id, version: meeting.version, attendance: Number(minutes.attendance), text: minutes.text.trim() }));
        this.setData({ minutesOpen: false });
        wx.showToast({ title: '纪要已保存', icon: 'success' });
      });
    },
    onToggleSuggest() {
      this.setData({ suggestOpen: !this.data.suggestOpen, suggestion: { ...BLANK_SUGGESTION } });
    },
    onUnit(event: WechatMiniprogram.CustomEvent<{ unitId: string }>) {
      this.setData({ 'suggestion.unitId': event.detail.unitId });
    },
    onSuggestionField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [`suggestion.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    async onSaveSuggestion() {
      const { meeting, suggestion, requestId } = this.data;
      if (!meeting) return;
      if (!suggestion.unitId) {
        wx.showToast({ title: '请选择提建议业主的房屋', icon: 'none' });
        return;
      }
      if (!(await confirmModal('登记业主建议', '将登记为该业主的建议工单，业主可在“我的报事”中查看答复。', '登记'))) return;
      await whileBusy(this, 'busy', async () => {
        this.show(
          await call(
            'meeting.suggest',
            { id: meeting.id, unitId: suggestion.unitId, contactName: suggestion.contactName.trim(), contactPhone: suggestion.contactPhone.trim(), description: suggestion.description.trim() },
            { requestId },
          ),
        );
        this.setData({ suggestOpen: false, suggestion: { ...BLANK_SUGGESTION }, requestId: newRequestId() });
        wx.showToast({ title: '已登记为建议工单', icon: 'success' });
      });
    },
    onOpenTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/ticket/index', { id: event.currentTarget.dataset.id });
    },
  },
});
