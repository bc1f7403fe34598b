import type { DeskEntry } from '../../../../../typings/desk';
import type { Page } from '../../../../../typings/domain';
import { DESK_ROLES, communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { LIMITS, checkText } from '../../../../shared/limits';
import { whileBusy } from '../../../../utils/busy';
import { deskEntryView, type DeskEntryView } from './views';

type Kind = DeskEntry['kind'];

const EMPTY_FORM = { callerName: '', unitLabel: '', topic: '', outcome: '', ticketNumber: '', event: '', reportedTo: '' };

/**
 * 来电与值班记录 (seed 001 一11, 四): the desk notes every call — including those that raise no
 * request — and the events of its duty shift, in a few seconds; the next handover carries them.
 */
Component({
  behaviors: [communityScope, pagedList<DeskEntryView>()],
  data: {
    kind: 'call' as Kind,
    kindOptions: [
      { label: '来电记录', value: 'call' },
      { label: '值班记录', value: 'duty' },
    ],
    form: { ...EMPTY_FORM },
    limits: LIMITS.desk,
    saving: false,
    /** One id per entry being written: a retry after a timeout does not record it twice. */
    requestId: '',
  },
  methods: {
    async fetch() {
      if (!this.data.requestId) this.setData({ requestId: newRequestId() });
      if (await this.openScope(DESK_ROLES, '来电与值班记录由客服和客服经理填写')) await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<DeskEntryView>> {
      const page = await call('desk.list', { communityId: this.data.communityId, kind: this.data.kind, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(deskEntryView), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
    onKind(event: WechatMiniprogram.CustomEvent<{ value: Kind }>) {
      this.setData({ kind: event.detail.value });
      this.reloadList();
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof typeof EMPTY_FORM }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    /** The first thing the cloud would refuse, said before sending. */
    problem(): string | undefined {
      const { form, kind, limits } = this.data;
      if (kind === 'duty') return checkText(form.event, limits.event, '值班事项') ?? checkText(form.reportedTo, limits.reportedTo, '报告对象');
      return (
        checkText(form.callerName, limits.callerName, '来电人') ??
        checkText(form.unitLabel, limits.unitLabel, '房号') ??
        checkText(form.topic, limits.topic, '来电事由') ??
        checkText(form.outcome, limits.outcome, '处理结果')
      );
    },
    async onSave() {
      if (this.data.saving) return;
      const problem = this.problem();
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const { form, kind, communityId, requestId } = this.data;
      await whileBusy(this, 'saving', async () => {
        try {
          if (kind === 'call') {
            const ticketNumber = form.ticketNumber.trim();
            await call(
              'desk.logCall',
              { communityId, callerName: form.callerName.trim(), unitLabel: form.unitLabel.trim(), topic: form.topic.trim(), outcome: form.outcome.trim(), ...(ticketNumber ? { ticketNumber } : {}) },
              { requestId },
            );
          } else {
            await call('desk.logDuty', { communityId, event: form.event.trim(), reportedTo: form.reportedTo.trim() }, { requestId });
          }
        } catch (error) {
          showError(error);
          return;
        }
        wx.showToast({ title: '已记录', icon: 'success' });
        this.setData({ form: { ...EMPTY_FORM }, requestId: newRequestId() });
        this.reloadList();
      });
    },
    onOpenTicket(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/staff/pages/ticket/index', { id: event.currentTarget.dataset.id });
    },
  },
});
