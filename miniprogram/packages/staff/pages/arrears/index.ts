import type { ArrearsRow, Bill } from '../../../../../typings/disclosure';
import type { Page } from '../../../../../typings/domain';
import type { StaffRole } from '../../../../../typings/roles';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { REMINDER_CHANNEL_LABELS } from '../../../../shared/labels';
import { yuan } from '../../../../shared/money';
import { chinaMinute } from '../../../../shared/time';

const ARREARS_ROLES: StaffRole[] = ['cs', 'manager', 'admin'];

interface RowView {
  unitId: string;
  unitLabel: string;
  outstandingFen: number;
  summary: string;
  reminded: string;
  bills: Bill[];
}

function rowView(row: ArrearsRow): RowView {
  const last = row.lastReminder;
  return {
    unitId: row.unitId,
    unitLabel: row.unitLabel,
    outstandingFen: row.outstandingFen,
    summary: `${row.bills.length} 期未缴清，共 ¥${yuan(row.outstandingFen)}，最长逾期 ${row.daysOverdue} 天`,
    reminded: last ? `已提醒 ${row.reminders} 次，最近 ${chinaMinute(last.at)} ${REMINDER_CHANNEL_LABELS[last.channel]}，期限至 ${last.deadline}` : '尚未提醒',
    bills: row.bills,
  };
}

/**
 * 欠费催缴 (seed 000 (五) 3): the homes with bills past their due date, the longest overdue first,
 * 20 homes a page; each bill's card records a payment, a courteous reminder with the time it gives,
 * or a manager's write-off. The list is the server's: a home leaves it once nothing is overdue.
 */
Component({
  behaviors: [communityScope, pagedList<RowView>()],
  data: {
    total: '',
  },
  observers: {
    items(items: RowView[]) {
      this.setData({ total: yuan(items.reduce((sum, row) => sum + row.outstandingFen, 0)) });
    },
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(ARREARS_ROLES, '欠费催缴仅对客服、客服经理和管理员开放。'))) return;
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<RowView>> {
      const page = await call('bill.arrears', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(rowView), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
    /** A payment, reminder or write-off went through: the list as the server now has it. */
    onBillChanged() {
      void this.load();
    },
  },
});
