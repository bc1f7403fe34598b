import type { Page } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { DAY_MS, chinaDate, chinaWallTimeToIso } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { meetingRow, targetRow } from '../../views';

type Row = ReturnType<typeof meetingRow>;

const blankMeeting = () => ({ title: '', startsAt: `${chinaDate(Date.now() + 14 * DAY_MS)} 19:00`, place: '', agenda: '' });

/**
 * 业主恳谈会 (seed 002 §6): this year's half-years against the target of one meeting held each,
 * the meetings with their open suggestions, and the scheduling of the next one.
 */
Component({
  behaviors: [communityScope, pagedList<Row>(), freshRequest],
  data: {
    halves: [] as ReturnType<typeof targetRow>[],
    formOpen: false,
    form: blankMeeting(),
    timePickerVisible: false,
    saving: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'admin'], '业主恳谈会仅对本小区的客服、客服经理和管理员开放'))) return;
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const register = await call('meeting.list', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      if (!cursor) this.setData({ halves: register.halves.map(targetRow) });
      return { items: register.items.map(meetingRow), cursor: register.cursor };
    },
    communityChanged() {
      this.setData({ formOpen: false });
      this.reloadList();
    },
    communityLocked() {
      return this.data.formOpen;
    },
    onToggleForm() {
      this.setData({ formOpen: !this.data.formOpen, form: blankMeeting() });
    },
    onForm(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onOpenTime() {
      this.setData({ timePickerVisible: true });
    },
    onTimeConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.startsAt': String(event.detail.value).slice(0, 16), timePickerVisible: false });
    },
    onTimeClose() {
      this.setData({ timePickerVisible: false });
    },
    async onSave() {
      const { form, communityId, requestId } = this.data;
      await whileBusy(this, 'saving', async () => {
        const meeting = await call('meeting.save', { communityId, title: form.title.trim(), startsAt: chinaWallTimeToIso(form.startsAt), place: form.place.trim(), agenda: form.agenda.trim() }, { requestId });
        wx.showToast({ title: '已安排，业主可见邀请', icon: 'success' });
        this.setData({ formOpen: false, form: blankMeeting(), requestId: newRequestId() });
        navigateTo('packages/events/pages/meeting/index', { id: meeting.id });
        this.reloadList();
      });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/events/pages/meeting/index', { id: event.currentTarget.dataset.id });
    },
  },
});
