import type { Page } from '../../../../../typings/domain';
import type { Visit } from '../../../../../typings/visits';
import { communityScope } from '../../../../behaviors/community-scope';
import { freshRequest } from '../../../../behaviors/fresh-request';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, showError } from '../../../../services/api';
import { openExported } from '../../../../services/documents';
import { navigateTo } from '../../../../services/navigation';
import { VISIT_STATUS_LABELS } from '../../../../shared/labels';
import { chinaMinute, chinaMonth, monthLabel } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';

/** `2027-03` moved by `months`. */
function shiftMonth(month: string, months: number): string {
  const [year, index] = month.split('-').map(Number);
  const moved = new Date(Date.UTC(year, index - 1 + months, 1));
  return `${moved.getUTCFullYear()}-${String(moved.getUTCMonth() + 1).padStart(2, '0')}`;
}

const toRow = (visit: Visit) => ({
  ...visit,
  statusLabel: VISIT_STATUS_LABELS[visit.status],
  timeText: visit.bookedAt ? `约定 ${chinaMinute(visit.bookedAt)}` : visit.proposedAt ? `${visit.proposedBy === 'owner' ? '业主希望' : '已约'} ${chinaMinute(visit.proposedAt)}` : '尚未预约',
});
type Row = ReturnType<typeof toRow>;

/**
 * 上门拜访计划 (seed 000 (四)): the month's visits of a community — which homes, by whom, and where
 * each booking stands. The manager adds homes to the plan and exports the month's archive.
 */
Component({
  behaviors: [communityScope, pagedList<Row>(), freshRequest],
  data: {
    month: '',
    monthText: '',
    canPlan: false,
    formOpen: false,
    form: { unitId: '', visitorOpenid: '' },
    visitors: [] as { value: string; label: string }[],
    saving: false,
    exporting: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const month = query.month && /^\d{4}-\d{2}$/.test(query.month) ? query.month : chinaMonth(Date.now());
      this.setData({ communityId: query.communityId ?? '', month, monthText: monthLabel(month) });
      void this.load();
    },
    async fetch() {
      if (!(await this.openScope(['cs', 'manager'], '拜访计划仅对本小区的客服和客服经理开放'))) return;
      this.setData({ canPlan: this.rolesHere().includes('manager') });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const page = await call('visit.plan', { communityId: this.data.communityId, month: this.data.month, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toRow), cursor: page.cursor };
    },
    communityChanged() {
      this.setData({ formOpen: false });
      this.reloadList();
    },
    onMonth(event: WechatMiniprogram.BaseEvent<Record<string, never>, { step: string }>) {
      const month = shiftMonth(this.data.month, Number(event.currentTarget.dataset.step));
      this.setData({ month, monthText: monthLabel(month), formOpen: false });
      this.reloadList();
    },
    async onToggleForm() {
      if (this.data.formOpen) {
        this.setData({ formOpen: false });
        return;
      }
      try {
        const members = await call('staff.list', { communityId: this.data.communityId });
        const visitors = members.filter((member) => member.roles.includes('cs') || member.roles.includes('manager')).map((member) => ({ value: member.openid, label: member.name }));
        this.setData({ visitors, form: { unitId: '', visitorOpenid: visitors[0]?.value ?? '' }, formOpen: true });
      } catch (error) {
        showError(error);
      }
    },
    onUnit(event: WechatMiniprogram.CustomEvent<{ unitId: string }>) {
      this.setData({ 'form.unitId': event.detail.unitId });
    },
    onVisitor(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ 'form.visitorOpenid': event.detail.value });
    },
    async onPlan() {
      const { form, communityId, month, requestId } = this.data;
      if (!form.unitId) {
        wx.showToast({ title: '请选择房屋', icon: 'none' });
        return;
      }
      await whileBusy(this, 'saving', async () => {
        await call('visit.create', { communityId, month, unitId: form.unitId, visitorOpenid: form.visitorOpenid }, { requestId });
        this.renewRequest();
        wx.showToast({ title: '已加入计划', icon: 'success' });
        this.setData({ formOpen: false });
        this.reloadList();
      });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/care/pages/visit/index', { id: event.currentTarget.dataset.id });
    },
    async onExport() {
      await whileBusy(this, 'exporting', async () => openExported(await call('visit.archive', { communityId: this.data.communityId, month: this.data.month })));
    },
    onShow() {
      if (this.data.status === 'ready') this.reloadList();
    },
  },
});
