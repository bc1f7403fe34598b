import type { Bill, BillStatus, Disclosure } from '../../../../../typings/disclosure';
import type { Page } from '../../../../../typings/domain';
import type { StaffRole } from '../../../../../typings/roles';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, messageOf } from '../../../../services/api';
import { BILLING_DAYS, addDays } from '../../../../shared/billing';
import { BILL_STATUS_LABELS } from '../../../../shared/labels';
import { yuan } from '../../../../shared/money';
import { chinaDate, chinaMonth } from '../../../../shared/time';
import { confirmModal } from '../../../../utils/dialog';
import { perUnit } from '../../components/bill-card/view';

type Filter = 'all' | BillStatus;

const BILL_ROLES: StaffRole[] = ['cs', 'manager', 'admin'];
const FILTERS = [{ label: '全部', value: 'all' }, ...Object.entries(BILL_STATUS_LABELS).map(([value, label]) => ({ label, value }))];

interface FeeOption {
  label: string;
  value: string;
}

/** A published fee standard bills can be generated from, and the items charged to every unit by default (the property fee by floor area). */
function standardOf(disclosure: Disclosure): { id: string; title: string; items: FeeOption[]; defaults: string[] } | undefined {
  const content = disclosure.content;
  if (content.kind !== 'fee-standard') return undefined;
  return {
    id: disclosure.id,
    title: `${disclosure.title}（${disclosure.period}，第 ${disclosure.version} 版）`,
    items: content.items.map((item) => ({ label: `${item.name} ¥${yuan(item.priceFen)}${perUnit(item.unit)}`, value: item.name })),
    defaults: content.items.filter((item) => item.category === 'property' && item.unit === 'm2-month').map((item) => item.name),
  };
}

type Standard = NonNullable<ReturnType<typeof standardOf>>;

/**
 * Property bills (物业收费, seed 000 (六)): admins generate a month's bills from a published fee
 * standard and issue them with a due date; each bill's card (bill-card) records payments, reminders
 * and write-offs as the server allows.
 */
Component({
  behaviors: [communityScope, pagedList<Bill>()],
  data: {
    isAdmin: false,
    period: chinaMonth(Date.now()),
    periodPickerVisible: false,
    // generation (admins)
    standards: [] as Standard[],
    standardOptions: [] as FeeOption[],
    standardId: '',
    feeOptions: [] as FeeOption[],
    itemNames: [] as string[],
    generating: false,
    generated: '',
    publishing: false,
    /** The due date the period is issued with; the server takes today to 90 days on. */
    dueDate: addDays(chinaDate(Date.now()), 15),
    dueStart: chinaDate(Date.now()),
    dueEnd: addDays(chinaDate(Date.now()), BILLING_DAYS.due[1]),
    duePickerVisible: false,
    // the list
    filters: FILTERS,
    filter: 'all' as Filter,
    listStatus: 'loading' as 'loading' | 'ready' | 'error',
    listError: '',
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(BILL_ROLES, '物业账单仅对客服、客服经理和管理员开放。业主可以在“我的”里查看自己房屋的账单。'))) return;
      const isAdmin = this.rolesHere().includes('admin');
      this.setData({ isAdmin, generated: '' });
      await Promise.all([isAdmin ? this.loadStandards() : Promise.resolve(), this.loadBills()]);
    },
    communityChanged() {
      void this.load();
    },
    /** The published fee standards bills can be generated from. */
    async loadStandards() {
      try {
        const board = await call('disclosure.board', { communityId: this.data.communityId });
        const standards = board.map(standardOf).filter((item): item is Standard => item !== undefined);
        this.setData({ standards, standardOptions: standards.map((item) => ({ label: item.title, value: item.id })) });
        this.chooseStandard(standards[0]?.id ?? '');
      } catch (error) {
        this.setData({ standards: [], standardId: '', feeOptions: [], generated: `无法读取收费标准：${messageOf(error)}` });
      }
    },
    chooseStandard(id: string) {
      const standard = this.data.standards.find((item) => item.id === id);
      this.setData({ standardId: id, feeOptions: standard?.items ?? [], itemNames: standard?.defaults ?? [] });
    },
    /** The period's bills under the filter; the answer to an earlier period or filter is dropped. */
    async loadBills() {
      this.clearList();
      this.setData({ listStatus: 'loading', listError: '' });
      try {
        if (await this.firstPage()) this.setData({ listStatus: 'ready' });
      } catch (error) {
        this.setData({ listStatus: 'error', listError: messageOf(error) });
      }
    },
    async fetchPage(cursor?: string): Promise<Page<Bill>> {
      const filter = this.data.filter;
      const page = await call('bill.list', {
        communityId: this.data.communityId,
        period: this.data.period,
        ...(filter === 'all' ? {} : { status: filter }),
        ...(cursor ? { cursor } : {}),
      });
      return page;
    },

    onOpenPeriod() {
      this.setData({ periodPickerVisible: true });
    },
    onPeriodCancel() {
      this.setData({ periodPickerVisible: false });
    },
    onPeriodPicked(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const period = String(event.detail.value).slice(0, 7);
      this.setData({ periodPickerVisible: false });
      if (!/^\d{4}-\d{2}$/.test(period) || period === this.data.period) return;
      this.setData({ period, generated: '' });
      void this.loadBills();
    },
    onFilterChange(event: WechatMiniprogram.CustomEvent<{ value: Filter }>) {
      this.setData({ filter: event.detail.value });
      void this.loadBills();
    },
    onStandardChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.chooseStandard(event.detail.value);
    },
    onItemsChange(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ itemNames: [...event.detail.value] });
    },
    /** Runs an admin's bill operation with its busy flag; its result or refusal is shown under the form. */
    async operate(flag: 'generating' | 'publishing', run: () => Promise<string>) {
      this.setData({ [flag]: true, generated: '' });
      try {
        this.setData({ generated: await run(), filter: 'all' });
        await this.loadBills();
      } catch (error) {
        this.setData({ generated: messageOf(error) });
        wx.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      } finally {
        this.setData({ [flag]: false });
      }
    },
    async onGenerate() {
      const { generating, standardId, itemNames, period, communityId } = this.data;
      if (generating) return;
      if (!standardId) {
        wx.showToast({ title: '请先在“信息公示管理”发布收费标准', icon: 'none', duration: 3000 });
        return;
      }
      if (itemNames.length === 0) {
        wx.showToast({ title: '请至少选择一项收费', icon: 'none' });
        return;
      }
      const content = `将按所选收费项目（${itemNames.join('、')}）为本小区每户生成草稿账单，按面积计费的按建筑面积 × 单价计算。本期尚未发布的草稿会被替换；已发布的账单不变。草稿业主看不到。`;
      if (!(await confirmModal(`生成 ${period} 账单`, content, '生成'))) return;
      await this.operate('generating', async () => {
        const result = await call('bill.generate', { communityId, period, feeDisclosureId: standardId, itemNames });
        return `已生成 ${result.created} 份新账单，替换 ${result.replaced} 份草稿，请核对后发布。`;
      });
    },
    onOpenDue() {
      this.setData({ duePickerVisible: true });
    },
    onDuePicked(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ dueDate: String(event.detail.value).slice(0, 10), duePickerVisible: false });
    },
    onDueCancel() {
      this.setData({ duePickerVisible: false });
    },
    async onPublish() {
      if (this.data.publishing) return;
      const { dueDate } = this.data;
      const content = `发布后本期全部草稿账单变为待缴，缴费截止日期 ${dueDate}，业主即可在小程序查看，发布后不能撤回。请确认已核对金额。`;
      if (!(await confirmModal(`发布 ${this.data.period} 账单`, content, '确认发布'))) return;
      await this.operate('publishing', async () => {
        const { issued } = await call('bill.publish', { communityId: this.data.communityId, period: this.data.period, dueDate });
        wx.showToast({ title: `已发布 ${issued} 份账单`, icon: 'success' });
        return `已发布 ${issued} 份账单，${dueDate} 前缴清，业主现在可以查看。`;
      });
    },
    /** A card's step went through: its bill as it now is. */
    onBillChanged(event: WechatMiniprogram.CustomEvent<{ bill: Bill }>) {
      const bill = event.detail.bill;
      this.setData({ items: this.data.items.map((item) => (item.id === bill.id ? bill : item)) });
      // The period's money changed with it.
      (this.selectComponent('#reconciliation-card') as unknown as { load(): Promise<void> } | null)?.load();
    },
    onBillStale() {
      void this.loadBills();
    },
  },
});
