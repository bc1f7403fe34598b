import type { Visit } from '../../../../../typings/visits';
import { loadable } from '../../../../behaviors/loadable';
import { ApiError, call, newRequestId, showError } from '../../../../services/api';
import { VISIT_STATUS_LABELS } from '../../../../shared/labels';
import { chinaMinute } from '../../../../shared/time';
import { confirmModal } from '../../../../utils/dialog';
import { visitSlots } from '../../utils/slots';

const visitView = (visit: Visit) => ({
  id: visit.id,
  version: visit.version,
  unitLabel: visit.unitLabel,
  visitorName: visit.visitorName,
  statusLabel: VISIT_STATUS_LABELS[visit.status],
  canAnswer: visit.allowed.includes('answer'),
  timeText: visit.bookedAt
    ? `约定时间：${chinaMinute(visit.bookedAt)}`
    : visit.proposedAt
      ? visit.proposedBy === 'owner'
        ? `您希望改到 ${chinaMinute(visit.proposedAt)}，等待物业确认`
        : `物业提出的时间：${chinaMinute(visit.proposedAt)}`
      : '',
});
type VisitView = ReturnType<typeof visitView>;

/**
 * 上门拜访预约 (seed 000 (四)): the times the service centre proposes to visit the owner's home, which
 * the owner accepts or answers with a time that suits them better.
 */
Component({
  behaviors: [loadable],
  data: {
    visits: [] as VisitView[],
    slots: [] as { value: string; label: string }[],
    counterFor: '',
    slot: '',
    busy: false,
  },
  methods: {
    onLoad() {
      const slots = visitSlots(Date.now());
      this.setData({ slots, slot: slots[0]?.value ?? '' });
      void this.load();
    },
    async fetch() {
      this.setData({ visits: (await call('visit.mine', {})).map(visitView), counterFor: '' });
    },
    async answer(visit: VisitView, accept: boolean) {
      this.setData({ busy: true });
      try {
        await call('visit.answer', { id: visit.id, version: visit.version, accept, ...(accept ? {} : { at: this.data.slot }) }, { requestId: newRequestId() });
        wx.showToast({ title: accept ? '已确认' : '已告知物业', icon: 'success' });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') wx.showModal({ title: '预约已变更', content: `${error.message}。页面已显示最新的预约。`, showCancel: false, confirmText: '知道了' });
        else showError(error);
      } finally {
        this.setData({ busy: false });
        await this.load();
      }
    },
    async onAccept(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const visit = this.data.visits[event.currentTarget.dataset.index];
      if (!visit || !(await confirmModal('确认预约', `${visit.timeText.replace('物业提出的时间：', '')} 在家接待${visit.visitorName}的拜访？`, '确认'))) return;
      await this.answer(visit, true);
    },
    onOpenCounter(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      this.setData({ counterFor: event.currentTarget.dataset.id });
    },
    onSlot(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ slot: event.detail.value });
    },
    async onCounter(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const visit = this.data.visits[event.currentTarget.dataset.index];
      if (visit) await this.answer(visit, false);
    },
  },
});
