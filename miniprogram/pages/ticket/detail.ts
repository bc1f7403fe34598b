import type { TicketAction } from '../../../typings/actions';
import type { Charge, TicketDetail, TicketEvent } from '../../../typings/tickets';
import { versionedStep } from '../../behaviors/versioned-step';
import { call } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { getProfile } from '../../services/session';
import { LIMITS } from '../../shared/limits';
import { yuan, yuanLabel } from '../../shared/money';
import { pageUrl, type PageUrl } from '../../shared/routes';
import { chinaMinute } from '../../shared/time';
import { canOf } from '../../utils/actions';
import { confirmModal } from '../../utils/dialog';
import { ticketToShow } from '../../utils/ticket-timeline';
import { ticketRow, type TicketRow } from './views';

interface EventView {
  id: string;
  text: string;
  /** `2026-11-23 15:30 · 客服小王` */
  meta: string;
}

interface ChargeView {
  /** `¥80.00 × 1 = ¥80.00`, exact to the fen. */
  lines: { code: string; name: string; formula: string }[];
  total: string;
  status: Charge['status'];
}

interface DetailView extends TicketRow {
  description: string;
  photoUrls: string[];
  contact: string;
  preferredTime: string;
  appointmentAt: string;
  reworkCount: number;
  charge: ChargeView | null;
  outOfScope: { explanation: string; channel: string } | null;
  /** The notice an inquiry (质询) is about, and where to read that version. */
  subject: { title: string; version: number; url: PageUrl } | null;
  rating: { score: number; comment: string } | null;
  events: EventView[];
  replies: EventView[];
}

const [REASON_MIN, REASON_MAX] = LIMITS.ticket.reopenReason;

function eventView(event: TicketEvent): EventView {
  return { id: event.id, text: event.text, meta: `${chinaMinute(event.at)} · ${event.actorName}` };
}

function chargeView(charge: Charge): ChargeView {
  return {
    lines: charge.items.map((item) => ({ code: item.code, name: item.name, formula: `${yuanLabel(item.priceFen)} × ${item.quantity} = ${yuanLabel(item.amountFen)}` })),
    total: yuan(charge.totalFen),
    status: charge.status,
  };
}

function detailView(ticket: TicketDetail): DetailView {
  const subject = ticket.subject;
  return {
    ...ticketRow(ticket),
    description: ticket.description,
    photoUrls: ticket.photoUrls,
    contact: `${ticket.contactName} ${ticket.contactPhone}`,
    preferredTime: ticket.preferredTime ?? '',
    appointmentAt: chinaMinute(ticket.appointmentAt),
    reworkCount: ticket.reworkCount,
    charge: ticket.charge ? chargeView(ticket.charge) : null,
    outOfScope: ticket.outOfScope ?? null,
    subject: subject
      ? { title: subject.title, version: subject.version, url: pageUrl('pages/disclosure/detail', { seriesId: subject.seriesId, version: String(subject.version) }) }
      : null,
    rating: ticket.rating ?? null,
    events: ticket.events.map(eventView),
    replies: ticket.events.filter((event) => event.type === 'reply').map(eventView),
  };
}

Component({
  behaviors: [versionedStep],
  data: {
    ticket: null as DetailView | null,
    can: {} as Partial<Record<TicketAction, boolean>>,
    /** Staff see a link to the workbench instead of the owner's buttons. */
    staffUrl: '',
    /** Progress messages stopped for lack of consent: the page offers to ask again. */
    notifyPaused: false,
    reopenVisible: false,
    reopenReason: '',
    reasonMax: REASON_MAX,
    score: 0,
    comment: '',
    commentMax: LIMITS.ticket.comment[1],
    rateTexts: ['很不满意', '不满意', '一般', '满意', '非常满意'],
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.openRecord(query.id, '没有找到这条工单');
      if (query.id) void this.showStaffLink(query.id);
    },
    async fetch() {
      this.showRecord(await call('ticket.get', { id: this.data.recordId }));
    },
    showRecord(answer: TicketDetail) {
      const ticket = ticketToShow(this, answer);
      if (!ticket) return void this.load();
      // Staff see the ticket here too; what they may do to it is on the workbench.
      const can = ticket.viewer === 'owner' ? canOf(ticket.allowed) : {};
      this.setData({ ticket: detailView(ticket), version: ticket.version, can, notifyPaused: ticket.notifyPaused === true });
    },
    conflictNotice(message: string) {
      const reason = /刷新/.test(message) ? '工单刚刚有了新的进展' : message;
      return { title: '工单已更新', content: `${reason}，已为您刷新到最新状态，请查看后再操作。` };
    },
    /** Staff get a way to the workbench; a profile that cannot load only means no link. */
    async showStaffLink(id: string) {
      try {
        if ((await getProfile()).isStaff) this.setData({ staffUrl: pageUrl('packages/staff/pages/ticket/index', { id }) });
      } catch {
        // The owner's view does not need the profile; staff can still reach the ticket from the workbench.
      }
    },

    async onAcceptCharge() {
      void this.askConsentNow();
      const charge = this.data.ticket?.charge;
      if (!charge || this.data.busy) return;
      if (await confirmModal('同意费用', `同意按 ¥${charge.total} 收费后，维修人员将开始有偿维修，费用在维修完成后支付。`, '同意')) {
        await this.step('ticket.respondCharge', { accept: true }, { done: '已同意费用', name: 'charge' });
      }
    },
    async onRefuseCharge() {
      void this.askConsentNow();
      if (!this.data.ticket?.charge || this.data.busy) return;
      if (await confirmModal('不同意费用', '不同意后不会进行有偿维修，客服会与您联系其他处理方式。', '不同意', '#d54941')) {
        await this.step('ticket.respondCharge', { accept: false }, { done: '已告知物业', name: 'charge' });
      }
    },
    async onConfirmResolved() {
      void this.askConsentNow();
      if (this.data.busy) return;
      if (await confirmModal('问题已解决', '确认问题已经解决？确认后客服将回访并办结工单。', '已解决')) {
        await this.step('ticket.confirm', {}, { done: '感谢您的确认', name: 'confirm' });
      }
    },
    onReopen() {
      void this.askConsentNow();
      if (!this.data.busy) this.setData({ reopenVisible: true, reopenReason: '' });
    },
    onReopenReasonInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reopenReason: event.detail.value });
    },
    onReopenCancel() {
      this.setData({ reopenVisible: false });
    },
    async onReopenConfirm() {
      const reason = this.data.reopenReason.trim();
      if (reason.length < REASON_MIN) {
        wx.showToast({ title: reason ? `请至少写 ${REASON_MIN} 个字` : '请说明哪里还没有解决', icon: 'none' });
        return;
      }
      if (await this.step('ticket.reopen', { reason }, { done: '已通知物业返修', name: 'reopen' })) this.setData({ reopenVisible: false, reopenReason: '' });
    },

    onScoreChange(event: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ score: event.detail.value });
    },
    onCommentInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ comment: event.detail.value });
    },
    async onRate() {
      void this.askConsentNow();
      if (this.data.busy) return;
      const score = this.data.score;
      if (score < 1) {
        wx.showToast({ title: '请先点亮星星打分', icon: 'none' });
        return;
      }
      const comment = this.data.comment.trim();
      if (await confirmModal('提交评价', `您的评价是 ${score} 星，提交后不能修改。`, '提交')) {
        await this.step('ticket.rate', { score, comment }, { done: '感谢您的评价', name: 'rate' });
      }
    },

    /** 通知次数已用完: the owner asks to keep receiving progress on this ticket. */
    async onResumeNotices() {
      if (await this.askConsentNow()) {
        wx.showToast({ title: '已开启进度通知', icon: 'success' });
        void this.load();
      }
    },
    onCopyNumber() {
      const number = this.data.ticket?.number;
      if (number) wx.setClipboardData({ data: number });
    },
    onPreviewPhoto(event: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.previewImage({ urls: this.data.ticket?.photoUrls ?? [], current: event.currentTarget.dataset.url });
    },
    onOpenWorkbench() {
      navigateTo('packages/staff/pages/ticket/index', { id: this.data.recordId });
    },
  },
});
