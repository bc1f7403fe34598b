import type { TicketAction } from '../../../../../typings/actions';
import type { RepairCategory, TicketDetail } from '../../../../../typings/tickets';
import { stepSheets } from '../../../../behaviors/step-sheets';
import { navigateTo } from '../../../../services/navigation';
import { call, messageOf } from '../../../../services/api';
import { LIMITS } from '../../../../shared/limits';
import { DAY_MS, chinaMinute, chinaWallTimeToIso, nextFullHour } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { whileBusy } from '../../../../utils/busy';
import { ticketToShow } from '../../../../utils/ticket-timeline';
import { confirmModal } from '../../../../utils/dialog';
import { ticketView, type TicketView } from './view';

type Sheet = '' | 'grade' | 'notice' | 'assign' | 'reply' | 'note' | 'work' | 'charge' | 'resolve' | 'visit' | 'valid' | 'invalid' | 'confirmation' | 'unanswered' | 'outOfScope';

/** Closing without the owner's answer cannot be undone: asked once more. */
const UNANSWERED_CONFIRM = { title: '按业主未回复办结', content: '办结后工单不能再由客服修改，业主会收到办结通知。确定办结吗？', confirmText: '办结' };

/** Visits are agreed at most this far ahead. */
const SCHEDULE_DAYS = 30;

Component({
  behaviors: [stepSheets],
  data: {
    ticket: null as TicketView | null,
    can: {} as Partial<Record<TicketAction, boolean>>,
    hasActions: false,
    /** Why paid work waits, while the owner has not answered the charge. */
    resolveHint: '',
    contact: null as { name: string; phone: string } | null,
    revealing: false,
    categories: [] as RepairCategory[],
    phrases: [] as string[],
    technicians: [] as { label: string; value: string }[],
    techniciansError: '',
    sheet: '' as Sheet,
    limits: LIMITS.ticket,
    unansweredConfirm: UNANSWERED_CONFIRM,
    validExtra: { valid: true },
    invalidExtra: { valid: false },
    schedulePickerVisible: false,
    scheduleValue: '',
    scheduleStart: '',
    scheduleEnd: '',
  },
  methods: {
    onUnitFile() {
      const ticket = this.data.ticket;
      if (ticket?.unitId) navigateTo('packages/staff/pages/unit-file/index', { communityId: ticket.communityId, unitId: ticket.unitId });
    },
    onLoad(query: Record<string, string | undefined> = {}) {
      this.openRecord(query.id, '没有指定工单');
    },
    /** The ticket, and what the sheets offer (prices, phrases). */
    async fetch() {
      const ticket = await call('ticket.get', { id: this.data.recordId });
      if (this.data.categories.length === 0) {
        const catalog = await call('ticket.catalog', { communityId: ticket.communityId });
        this.setData({ categories: catalog.categories, phrases: catalog.phrases });
      }
      // A sheet left open was for the ticket as it was (a step that met a conflict reloads it).
      this.setData({ sheet: '' });
      this.showRecord(ticket);
    },
    /** The buttons are the actions the server allows the caller now. */
    showRecord(answer: TicketDetail) {
      const ticket = ticketToShow(this, answer);
      if (!ticket) return void this.load();
      const can = canOf(ticket.allowed);
      const charging = ticket.charge?.status === 'proposed' && (ticket.status === 'accepted' || ticket.status === 'assigned');
      this.setData({
        version: ticket.version,
        ticket: ticketView(ticket, this.data.categories),
        can,
        hasActions: ticket.allowed.some((action) => action !== 'contact'),
        resolveHint: charging ? '业主尚未确认费用，确认后才能开始有偿维修并处理完成' : '',
      });
      if ((can.assign || can.reassign) && this.data.technicians.length === 0) void this.loadTechnicians(ticket.communityId);
    },
    conflictNotice(message: string) {
      return { title: '工单状态已变化', content: `${message}。页面已刷新为最新内容，请确认后再操作。` };
    },
    async loadTechnicians(communityId: string) {
      try {
        const technicians = await call('staff.technicians', { communityId });
        this.setData({
          technicians: technicians.map((tech) => ({ label: tech.name || '未填写姓名', value: tech.openid })),
          techniciansError: technicians.length === 0 ? '本小区还没有维修人员，请联系管理员邀请' : '',
        });
      } catch (error) {
        this.setData({ technicians: [], techniciansError: `无法加载维修人员名单：${messageOf(error)}` });
      }
    },

    onAccept() {
      void this.askConsentNow();
      void this.step('ticket.accept', {}, { done: '已受理' });
    },
    async onClose() {
      void this.askConsentNow();
      if (await confirmModal('办结工单', '办结后工单不能再处理或回复。确认办结？', '办结')) await this.step('ticket.close', {}, { done: '已办结' });
    },
    async onCheckIn() {
      void this.askConsentNow();
      if (await this.step('ticket.checkIn', {}, { done: '已签到' })) {
        const text = this.data.ticket?.checkInText;
        if (text) wx.showModal({ title: '到场签到', content: `签到时间 ${text}`, showCancel: false, confirmText: '知道了' });
      }
    },

    onSchedule() {
      if (this.data.busy) return;
      void this.askConsentNow();
      const now = Date.now();
      this.setData({
        schedulePickerVisible: true,
        scheduleStart: chinaMinute(now),
        scheduleEnd: chinaMinute(now + SCHEDULE_DAYS * DAY_MS),
        scheduleValue: chinaMinute(nextFullHour(now)),
      });
    },
    onScheduleCancel() {
      this.setData({ schedulePickerVisible: false });
    },
    onScheduleConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const picked = String(event.detail.value);
      this.setData({ schedulePickerVisible: false, scheduleValue: picked });
      void this.step('ticket.schedule', { at: chinaWallTimeToIso(picked) }, { done: '已约定上门时间' });
    },

    /** Shows the full phone to staff working the ticket; the server logs every such view. */
    async onRevealContact() {
      if (this.data.revealing) return;
      await whileBusy(this, 'revealing', async () => {
        this.setData({ contact: await call('ticket.contact', { id: this.data.recordId }) });
      });
    },
    onCallContact() {
      const phone = this.data.contact?.phone;
      if (phone) wx.makePhoneCall({ phoneNumber: phone });
    },
    onPreviewPhoto(event: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.previewImage({ urls: this.data.ticket?.photoUrls ?? [], current: event.currentTarget.dataset.url });
    },
  },
});
