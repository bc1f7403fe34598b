import type { Page } from '../../../../../typings/domain';
import type { CareFilter, CareRow } from '../../../../../typings/care';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { CARE_CATEGORY_LABELS, CARE_CONDITION_LABELS, CARE_METHOD_LABELS } from '../../../../shared/labels';
import { chinaMinute } from '../../../../shared/time';

const FILTERS: CareFilter[] = ['today', 'overdue', 'all'];

/** What is due, as the row says it: a missed day in red, today's contact, or the next date. */
function dueLine(row: CareRow): string {
  const next = row.contactDueOn <= row.visitDueOn ? `联系 ${row.contactDueOn}` : `看望 ${row.visitDueOn}`;
  if (row.overdue) return `已逾期：应于 ${row.contactDueOn < row.visitDueOn ? row.contactDueOn : row.visitDueOn} 联系或看望`;
  return row.due ? `今日待办：${next.startsWith('联系') ? '电话/微信联系' : '上门看望'}` : `下次${next}`;
}

const toRow = (row: CareRow) => ({
  ...row,
  categoryLabel: CARE_CATEGORY_LABELS[row.category],
  dueText: dueLine(row),
  lastText: row.lastContact
    ? `上次：${chinaMinute(row.lastContact.at)} ${CARE_METHOD_LABELS[row.lastContact.method]} · ${CARE_CONDITION_LABELS[row.lastContact.condition]}`
    : '还没有联系记录',
});
type Row = ReturnType<typeof toRow>;

/**
 * 特殊群体台账 (seed 000 (九)): the people one is responsible for (the whole ledger for the manager
 * and the information keeper), what is due today, and every contact or visit missed. Names are
 * masked here; a person's record opens only for those who may read it, and each opening is logged.
 */
Component({
  behaviors: [communityScope, pagedList<Row>()],
  data: {
    filter: 'today' as CareFilter,
    tabs: [
      { value: 'today', label: '今日待办' },
      { value: 'overdue', label: '逾期' },
      { value: 'all', label: '全部' },
    ],
    canKeep: false,
    wholeLedger: false,
    /** Opened from the workbench's count: only one's own people, as it counted. */
    mine: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const filter = FILTERS.find((candidate) => candidate === query.filter) ?? 'today';
      this.setData({ communityId: query.communityId ?? '', filter, mine: query.mine === '1' });
      void this.load();
    },
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'infokeeper'], '关怀台账仅对本小区的客服、客服经理和信息专管员开放'))) return;
      const roles = this.rolesHere();
      this.setData({ canKeep: roles.includes('manager'), wholeLedger: !this.data.mine && (roles.includes('manager') || roles.includes('infokeeper')) });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const { communityId, filter, mine } = this.data;
      const page = await call('care.list', { communityId, filter, ...(mine ? { mine } : {}), ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toRow), cursor: page.cursor };
    },
    communityChanged() {
      this.reloadList();
    },
    onTab(event: WechatMiniprogram.CustomEvent<{ value: CareFilter }>) {
      this.setData({ filter: event.detail.value });
      this.reloadList();
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/care/pages/person/index', { id: event.currentTarget.dataset.id });
    },
    onNew() {
      navigateTo('packages/care/pages/person/index', { communityId: this.data.communityId });
    },
    onShow() {
      // Back from a person's record: what was recorded there changes what is due.
      if (this.data.status === 'ready') this.reloadList();
    },
  },
});
