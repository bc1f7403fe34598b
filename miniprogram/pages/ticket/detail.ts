import type { TicketStep } from '../../../typings/api';
import type { Charge, TicketDetail, TicketEvent } from '../../../typings/tickets';
import { ApiError, call, messageOf, showError } from '../../services/api';
import { getProfile } from '../../services/session';
import { formatDateTime } from '../../utils/time';
import { summaryView, yuan, type SummaryView } from './format';
import { confirmModal } from '../../utils/dialog';

type Status = 'loading' | 'ready' | 'error';
type Busy = '' | 'charge' | 'confirm' | 'reopen' | 'rate';

interface ChargeLine {
  code: string;
  name: string;
  /** `¥80.00 × 1 = ¥80.00`, exact to the fen. */
  formula: string;
}

interface ChargeView {
  lines: ChargeLine[];
  total: string;
  status: Charge['status'];
  statusLabel: string;
}

interface EventView {
  id: string;
  text: string;
  /** `2026-11-23 15:30 · 客服小王` */
  meta: string;
}

interface DetailView extends SummaryView {
  description: string;
  photoUrls: string[];
  contact: string;
  preferredTime: string;
  appointmentAt: string;
  reworkCount: number;
  charge: ChargeView | null;
  outOfScope: { explanation: string; channel: string } | null;
  /** The notice an inquiry (质询) is about, and where to read that version. */
  subject: { title: string; version: number; url: string } | null;
  rating: { score: number; comment: string } | null;
  events: EventView[];
  replies: EventView[];
  confirmedByOwner: boolean;
  /** The owner may accept or refuse a proposed charge. */
  canRespondCharge: boolean;
  /** Resolved and not yet confirmed: 已解决 or 仍未解决. */
  canConfirm: boolean;
  /** Resolved or closed (not as out of scope), not rated yet. */
  canRate: boolean;
}

const CHARGE_STATUS: Record<Charge['status'], string> = {
  proposed: '待您确认',
  accepted: '您已同意',
  refused: '您未同意',
};

/** The cloud's limits for a reopen reason and a rating comment. */
const REASON_MIN = 2;
const REASON_MAX = 200;
const COMMENT_MAX = 200;

function eventView(event: TicketEvent): EventView {
  return { id: event.id, text: event.text, meta: `${formatDateTime(event.at)} · ${event.actorName}` };
}

function chargeView(charge: Charge): ChargeView {
  return {
    lines: charge.items.map((item) => ({
      code: item.code,
      name: item.name,
      formula: `¥${yuan(item.priceFen)} × ${item.quantity} = ¥${yuan(item.amountFen)}`,
    })),
    total: yuan(charge.totalFen),
    status: charge.status,
    statusLabel: CHARGE_STATUS[charge.status],
  };
}

function detailView(ticket: TicketDetail): DetailView {
  const done = ticket.status === 'resolved' || ticket.status === 'closed';
  return {
    ...summaryView(ticket),
    description: ticket.description,
    photoUrls: ticket.photoUrls,
    contact: `${ticket.contactName} ${ticket.contactPhone}`,
    preferredTime: ticket.preferredTime ?? '',
    appointmentAt: ticket.appointmentAt ? formatDateTime(ticket.appointmentAt) : '',
    reworkCount: ticket.reworkCount,
    charge: ticket.charge ? chargeView(ticket.charge) : null,
    outOfScope: ticket.outOfScope ?? null,
    subject: ticket.subject
      ? {
          title: ticket.subject.title,
          version: ticket.subject.version,
          url: `/pages/disclosure/detail?seriesId=${ticket.subject.seriesId}&version=${ticket.subject.version}`,
        }
      : null,
    rating: ticket.rating ?? null,
    events: ticket.events.map(eventView),
    replies: ticket.events.filter((event) => event.type === 'reply').map(eventView),
    confirmedByOwner: ticket.confirmedByOwner,
    canRespondCharge: ticket.status === 'assigned' && ticket.charge?.status === 'proposed',
    canConfirm: ticket.status === 'resolved' && !ticket.confirmedByOwner,
    canRate: done && !ticket.rating && !ticket.outOfScope,
  };
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    id: '',
    /** The version the owner saw; every step names it, so a change made meanwhile is a CONFLICT, not an overwrite. */
    version: 0,
    ticket: null as DetailView | null,
    /** The ticket's owner may act on it; staff see a link to the workbench instead. */
    ownerView: false,
    staffUrl: '',
    busy: '' as Busy,
    reopenVisible: false,
    reopenReason: '',
    reasonMax: REASON_MAX,
    score: 0,
    comment: '',
    commentMax: COMMENT_MAX,
    rateTexts: ['很不满意', '不满意', '一般', '满意', '非常满意'],
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      if (!query.id) {
        this.setData({ status: 'error', errorMessage: '没有找到这条工单' });
        return;
      }
      this.setData({ id: query.id });
      this.load();
      this.showStaffLink(query.id);
    },
    onRetry() {
      this.load();
    },
    onPullDownRefresh() {
      this.load().finally(() => wx.stopPullDownRefresh());
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        this.show(await call('ticket.get', { id: this.data.id }));
        this.setData({ status: 'ready' });
      } catch (error) {
        if (this.data.status === 'ready') showError(error);
        else this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    show(ticket: TicketDetail) {
      this.setData({ ticket: detailView(ticket), version: ticket.version, ownerView: ticket.viewer === 'owner' });
    },
    /** Staff get a way to the workbench; a profile that cannot load only means no link. */
    async showStaffLink(id: string) {
      try {
        const profile = await getProfile();
        if (profile.isStaff) this.setData({ staffUrl: `/packages/staff/pages/ticket/index?id=${id}` });
      } catch {
        // The owner's view does not need the profile; staff can still reach the ticket from the workbench.
      }
    },

    /**
     * Runs one step on the version shown. A CONFLICT means the ticket changed meanwhile (or the step
     * no longer applies): the ticket is reloaded and the owner told, nothing is overwritten.
     */
    async act(busy: Exclude<Busy, ''>, step: (at: TicketStep) => Promise<TicketDetail>, done: string): Promise<boolean> {
      if (this.data.busy) return false;
      this.setData({ busy });
      try {
        this.show(await step({ id: this.data.id, version: this.data.version }));
        wx.showToast({ title: done, icon: 'success' });
        return true;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          await this.load();
          const reason = /刷新/.test(error.message) ? '工单刚刚有了新的进展' : error.message;
          wx.showModal({ title: '工单已更新', content: `${reason}，已为您刷新到最新状态，请查看后再操作。`, showCancel: false, confirmText: '知道了' });
        } else {
          showError(error);
        }
        return false;
      } finally {
        this.setData({ busy: '' });
      }
    },

    async onAcceptCharge() {
      const charge = this.data.ticket?.charge;
      if (!charge || this.data.busy) return;
      const agreed = await confirmModal('同意费用', `同意按 ¥${charge.total} 收费后，维修人员将开始有偿维修，费用在维修完成后支付。`, '同意');
      if (agreed) await this.act('charge', (at) => call('ticket.respondCharge', { ...at, accept: true }), '已同意费用');
    },
    async onRefuseCharge() {
      if (!this.data.ticket?.charge || this.data.busy) return;
      const refused = await confirmModal('不同意费用', '不同意后不会进行有偿维修，客服会与您联系其他处理方式。', '不同意', '#d54941');
      if (refused) await this.act('charge', (at) => call('ticket.respondCharge', { ...at, accept: false }), '已告知物业');
    },

    async onConfirmResolved() {
      if (this.data.busy) return;
      const confirmed = await confirmModal('问题已解决', '确认问题已经解决？确认后客服将回访并办结工单。', '已解决');
      if (confirmed) await this.act('confirm', (at) => call('ticket.confirm', at), '感谢您的确认');
    },
    onReopen() {
      if (this.data.busy) return;
      this.setData({ reopenVisible: true, reopenReason: '' });
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
      const reopened = await this.act('reopen', (at) => call('ticket.reopen', { ...at, reason }), '已通知物业返修');
      if (reopened) this.setData({ reopenVisible: false, reopenReason: '' });
    },

    onScoreChange(event: WechatMiniprogram.CustomEvent<{ value: number }>) {
      this.setData({ score: event.detail.value });
    },
    onCommentInput(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ comment: event.detail.value });
    },
    async onRate() {
      if (this.data.busy) return;
      const score = this.data.score;
      if (score < 1) {
        wx.showToast({ title: '请先点亮星星打分', icon: 'none' });
        return;
      }
      const comment = this.data.comment.trim();
      const confirmed = await confirmModal('提交评价', `您的评价是 ${score} 星，提交后不能修改。`, '提交');
      if (confirmed) await this.act('rate', (at) => call('ticket.rate', { ...at, score, comment }), '感谢您的评价');
    },

    onCopyNumber() {
      const number = this.data.ticket?.number;
      if (number) wx.setClipboardData({ data: number });
    },
    onPreviewPhoto(event: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      wx.previewImage({ urls: this.data.ticket?.photoUrls ?? [], current: event.currentTarget.dataset.url });
    },
    onOpenWorkbench() {
      if (this.data.staffUrl) wx.navigateTo({ url: this.data.staffUrl });
    },
  },
});
