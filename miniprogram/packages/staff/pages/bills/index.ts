import type { BillAction } from '../../../../../typings/actions';
import type { Bill, BillStatus, Disclosure } from '../../../../../typings/disclosure';
import type { Page } from '../../../../../typings/domain';
import type { StaffRole } from '../../../../../typings/roles';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { ApiError, call, messageOf } from '../../../../services/api';
import { BILL_STATUS_LABELS, FEE_UNIT_LABELS } from '../../../../shared/labels';
import { hundredths, yuan } from '../../../../shared/money';
import { chinaMinute, chinaMonth } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';

type Filter = 'all' | BillStatus;

const BILL_ROLES: StaffRole[] = ['cs', 'manager', 'admin'];
const FILTERS = [{ label: '全部', value: 'all' }, ...Object.entries(BILL_STATUS_LABELS).map(([value, label]) => ({ label, value }))];
const RECEIPT_MAX = 40;

/** `元/㎡·月`: what a price is counted per, in yuan. */
const perUnit = (unit: keyof typeof FEE_UNIT_LABELS): string => `元/${FEE_UNIT_LABELS[unit].per}`;

interface BillView {
  id: string;
  version: number;
  unitLabel: string;
  status: BillStatus;
  items: { name: string; line: string; amount: string }[];
  total: string;
  receiptNo: string;
  paidAt: string;
  can: Partial<Record<BillAction, boolean>>;
}

function billView(bill: Bill): BillView {
  return {
    id: bill.id,
    version: bill.version,
    unitLabel: bill.unitLabel,
    status: bill.status,
    items: bill.items.map((item) => ({
      name: item.name,
      line: `${yuan(item.priceFen)}${perUnit(item.unit)} × ${hundredths(item.quantityCenti, 'trimmed')}${FEE_UNIT_LABELS[item.unit].quantity}`,
      amount: yuan(item.amountFen),
    })),
    total: yuan(bill.totalFen),
    receiptNo: bill.receiptNo ?? '',
    paidAt: chinaMinute(bill.paidAt),
    can: canOf(bill.allowed),
  };
}

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
 * standard and issue them; the desk records payments with a receipt number and sends courteous
 * reminders (the wording is the server's and never threatens to cut water, power, heating or gas).
 */
Component({
  behaviors: [communityScope, pagedList<BillView>()],
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
    // the list
    filters: FILTERS,
    filter: 'all' as Filter,
    listStatus: 'loading' as 'loading' | 'ready' | 'error',
    listError: '',
    // marking paid
    payingId: '',
    receiptNo: '',
    receiptError: '',
    marking: false,
    remindingId: '',
    reached: {} as Record<string, string>,
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
      this.setData({ listStatus: 'loading', listError: '', payingId: '' });
      try {
        if (await this.firstPage()) this.setData({ listStatus: 'ready' });
      } catch (error) {
        this.setData({ listStatus: 'error', listError: messageOf(error) });
      }
    },
    async fetchPage(cursor?: string): Promise<Page<BillView>> {
      const filter = this.data.filter;
      const page = await call('bill.list', {
        communityId: this.data.communityId,
        period: this.data.period,
        ...(filter === 'all' ? {} : { status: filter }),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.items.map(billView), cursor: page.cursor };
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
    async onPublish() {
      if (this.data.publishing) return;
      const content = '发布后本期全部草稿账单变为待缴，业主即可在小程序查看，发布后不能撤回。请确认已核对金额。';
      if (!(await confirmModal(`发布 ${this.data.period} 账单`, content, '确认发布'))) return;
      await this.operate('publishing', async () => {
        const { issued } = await call('bill.publish', { communityId: this.data.communityId, period: this.data.period });
        wx.showToast({ title: `已发布 ${issued} 份账单`, icon: 'success' });
        return `已发布 ${issued} 份账单，业主现在可以查看。`;
      });
    },

    onStartPaid(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      this.setData({ payingId: event.currentTarget.dataset.id, receiptNo: '', receiptError: '' });
    },
    onCancelPaid() {
      this.setData({ payingId: '', receiptNo: '', receiptError: '' });
    },
    onReceipt(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ receiptNo: event.detail.value, receiptError: '' });
    },
    async onConfirmPaid() {
      const bill = this.data.items.find((item) => item.id === this.data.payingId);
      if (this.data.marking || !bill) return;
      const receiptNo = this.data.receiptNo.trim();
      if (!receiptNo || receiptNo.length > RECEIPT_MAX) {
        this.setData({ receiptError: `请填写收据号（不超过 ${RECEIPT_MAX} 个字符）` });
        return;
      }
      const content = `${bill.unitLabel} ${this.data.period} 账单 ¥${bill.total}，收据号 ${receiptNo}。登记后业主会看到已缴和收据号。`;
      if (!(await confirmModal('登记已缴', content, '确认登记'))) return;
      this.setData({ marking: true });
      try {
        const paid = billView(await call('bill.markPaid', { id: bill.id, version: bill.version, receiptNo }));
        this.setData({ items: this.data.items.map((item) => (item.id === paid.id ? paid : item)), payingId: '', receiptNo: '' });
        wx.showToast({ title: '已登记缴费', icon: 'success' });
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') {
          wx.showModal({ title: '账单已变化', content: '这份账单刚被其他同事处理过，已为您刷新，请核对。', showCancel: false, confirmText: '知道了' });
          await this.loadBills();
        } else {
          this.setData({ receiptError: messageOf(error) });
        }
      } finally {
        this.setData({ marking: false });
      }
    },
    async onRemind(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const bill = this.data.items.find((item) => item.id === event.currentTarget.dataset.id);
      if (this.data.remindingId || !bill) return;
      const content = `将以物业服务中心名义，礼貌提醒 ${bill.unitLabel} 的住户查看 ${this.data.period} 账单（¥${bill.total}）。`;
      if (!(await confirmModal('发送缴费提醒', content, '发送'))) return;
      this.setData({ remindingId: bill.id });
      try {
        const { reached } = await call('bill.remind', { id: bill.id });
        const text = reached > 0 ? `已提醒 ${reached} 位住户` : '该房屋暂无可接收提醒的住户，请电话或上门沟通';
        this.setData({ reached: { ...this.data.reached, [bill.id]: text } });
        wx.showToast({ title: text, icon: 'none', duration: 3000 });
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      } finally {
        this.setData({ remindingId: '' });
      }
    },
  },
});
