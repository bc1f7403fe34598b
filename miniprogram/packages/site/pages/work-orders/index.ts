import type { Page } from '../../../../../typings/domain';
import type { WorkOrder, WorkOrderStatus } from '../../../../../typings/site';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, showError } from '../../../../services/api';
import { DEPARTMENT_LABELS, WORK_ORDER_STATUS_LABELS } from '../../../../shared/labels';
import { LIMITS, checkText } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { promptModal } from '../../../../utils/dialog';

const toRow = (order: WorkOrder) => ({
  ...order,
  departmentLabel: DEPARTMENT_LABELS[order.department],
  statusLabel: WORK_ORDER_STATUS_LABELS[order.status],
  raisedLine: `${chinaMinute(order.raisedAt)} ${order.raisedByName} · ${order.source}`,
  doneLine: order.doneAt ? `${chinaMinute(order.doneAt)} ${order.doneByName ?? ''}：${order.doneNote ?? ''}` : '',
  can: canOf(order.allowed),
});
type Row = ReturnType<typeof toRow>;

/** 内部工作联系单 (seed 001 五): what patrols found for the departments, and who did it when. */
Component({
  behaviors: [communityScope, pagedList<Row>()],
  data: {
    tab: 'open' as WorkOrderStatus,
    tabs: [
      { value: 'open', label: '待处理' },
      { value: 'done', label: '已完成' },
    ],
  },
  methods: {
    async fetch() {
      if (await this.openScope(['cs', 'tech', 'manager', 'admin'], '内部工作联系单仅对本小区员工开放')) await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const page = await call('workOrder.list', { communityId: this.data.communityId, status: this.data.tab, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toRow), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
    onTab(event: WechatMiniprogram.CustomEvent<{ value: WorkOrderStatus }>) {
      this.setData({ tab: event.detail.value });
      this.reloadList();
    },
    async onComplete(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const order = this.data.items[event.currentTarget.dataset.index];
      const note = await promptModal({ title: '处理完成', placeholder: '写明处理情况，如 已清理并检查周边', confirmText: '完成' });
      if (note === undefined) return;
      const problem = checkText(note, LIMITS.patrol.doneNote, '处理情况');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      try {
        await call('workOrder.complete', { id: order.id, version: order.version, note });
        wx.showToast({ title: '已完成', icon: 'success' });
      } catch (error) {
        showError(error);
      }
      this.reloadList();
    },
  },
});
