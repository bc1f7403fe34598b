import type { Bill, BillStatus, Disclosure, FeeUnit } from '../../../../../typings/disclosure';
import type { StaffRole } from '../../../../../typings/roles';
import { ApiError, call, messageOf } from '../../../../services/api';
import { formatDateTime } from '../../../../utils/time';
import { yuan } from '../../../../pages/ticket/format';
import { initialCommunity, loadScope, rolesIn, type CommunityOption } from '../scope';

type Status = 'loading' | 'ready' | 'error';
type Filter = 'all' | BillStatus;

const BILL_ROLES: StaffRole[] = ['cs', 'manager', 'admin'];

const STATUS_LABELS: Record<BillStatus, { label: string; theme: 'default' | 'warning' | 'success' }> = {
  draft: { label: '草稿', theme: 'default' },
  issued: { label: '待缴', theme: 'warning' },
  paid: { label: '已缴', theme: 'success' },
};

const FILTERS: { label: string; value: Filter }[] = [
  { label: '全部', value: 'all' },
  { label: '草稿', value: 'draft' },
  { label: '待缴', value: 'issued' },
  { label: '已缴', value: 'paid' },
];

/** The price's unit and how a quantity reads: `元/㎡·月` and `89.5㎡`. */
const UNIT_TEXT: Record<FeeUnit, { price: string; quantity: string }> = {
  'm2-month': { price: '元/㎡·月', quantity: '㎡' },
  month: { price: '元/月', quantity: '个月' },
  time: { price: '元/次', quantity: '次' },
  'space-month': { price: '元/个·月', quantity: '个' },
};

const RECEIPT_MAX = 40;

/** Hundredths to a plain number, in integers only: `8950` → `89.5`, `100` → `1`. */
function centiText(centi: number): string {
  const whole = Math.floor(centi / 100);
  const rest = centi % 100;
  if (rest === 0) return String(whole);
  return `${whole}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** `YYYY-MM` of today in China time. */
function thisMonth(now = Date.now()): string {
  const china = new Date(now + 8 * 3600_000);
  return `${china.getUTCFullYear()}-${String(china.getUTCMonth() + 1).padStart(2, '0')}`;
}

interface ItemView {
  name: string;
  line: string;
  amount: string;
}

interface BillView {
  id: string;
  version: number;
  unitLabel: string;
  status: BillStatus;
  statusLabel: string;
  statusTheme: string;
  items: ItemView[];
  total: string;
  receiptNo: string;
  paidAt: string;
}

function billView(bill: Bill): BillView {
  const status = STATUS_LABELS[bill.status];
  return {
    id: bill.id,
    version: bill.version,
    unitLabel: bill.unitLabel,
    status: bill.status,
    statusLabel: status.label,
    statusTheme: status.theme,
    items: bill.items.map((item) => ({
      name: item.name,
      line: `${yuan(item.priceFen)}${UNIT_TEXT[item.unit].price} × ${centiText(item.quantityCenti)}${UNIT_TEXT[item.unit].quantity}`,
      amount: yuan(item.amountFen),
    })),
    total: yuan(bill.totalFen),
    receiptNo: bill.receiptNo ?? '',
    paidAt: bill.paidAt ? formatDateTime(bill.paidAt) : '',
  };
}

interface FeeOption {
  label: string;
  value: string;
}

interface StandardView {
  id: string;
  title: string;
  items: FeeOption[];
}

function standardView(disclosure: Disclosure): StandardView | undefined {
  if (disclosure.content.kind !== 'fee-standard') return undefined;
  return {
    id: disclosure.id,
    title: `${disclosure.title}（${disclosure.period}，第 ${disclosure.version} 版）`,
    items: disclosure.content.items.map((item) => ({ label: `${item.name} ¥${yuan(item.priceFen)}${UNIT_TEXT[item.unit].price}`, value: item.name })),
  };
}

/** Items charged to every unit by default: the property fee counted by floor area. */
function defaultItems(disclosure: Disclosure | undefined): string[] {
  if (!disclosure || disclosure.content.kind !== 'fee-standard') return [];
  return disclosure.content.items.filter((item) => item.category === 'property' && item.unit === 'm2-month').map((item) => item.name);
}

const confirm = (title: string, content: string, confirmText: string): Promise<boolean> =>
  new Promise((resolve) =>
    wx.showModal({ title, content, confirmText, success: (result) => resolve(result.confirm), fail: () => resolve(false) }),
  );

/**
 * Property bills (物业收费, seed 000 (六)): admins generate a month's bills from a published fee
 * standard and issue them; the desk records payments with a receipt number and sends courteous
 * reminders (the wording is the server's and never threatens to cut water, power, heating or gas).
 */
Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    communities: [] as CommunityOption[],
    communityId: '',
    communityName: '',
    pickerVisible: false,
    isAdmin: false,
    /** Communities where the caller is an admin (generates and issues bills). */
    adminIn: [] as string[],
    period: thisMonth(),
    periodPickerVisible: false,
    // generation (admins)
    standards: [] as StandardView[],
    rawStandards: [] as Disclosure[],
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
    listStatus: 'loading' as Status,
    /** Counts list requests; answers to all but the latest are dropped. */
    listToken: 0,
    listError: '',
    bills: [] as BillView[],
    cursor: '',
    loadingMore: false,
    // marking paid
    payingId: '',
    receiptNo: '',
    receiptError: '',
    marking: false,
    remindingId: '',
    reached: {} as Record<string, string>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.start(query.communityId);
    },
    onReachBottom() {
      this.loadMore();
    },
    onRetry() {
      this.start(this.data.communityId || undefined);
    },
    async start(requested: string | undefined) {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const { profile, communities } = await loadScope(BILL_ROLES);
        const community = initialCommunity(communities, requested);
        if (!community) {
          this.setData({ status: 'error', errorMessage: '物业账单仅对客服、客服经理和管理员开放。业主可以在“我的”里查看自己房屋的账单。' });
          return;
        }
        const adminIn = communities.filter((item) => rolesIn(profile, item.value).includes('admin')).map((item) => item.value);
        this.setData({ communities, adminIn });
        await this.show(community);
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    async show(community: CommunityOption) {
      const isAdmin = this.data.adminIn.includes(community.value);
      this.setData({ communityId: community.value, communityName: community.label, isAdmin, generated: '', status: 'ready' });
      await Promise.all([isAdmin ? this.loadStandards() : Promise.resolve(), this.loadBills()]);
    },
    /** The published fee standards bills can be generated from. */
    async loadStandards() {
      try {
        const board = await call('disclosure.board', { communityId: this.data.communityId });
        const fees = board.filter((item) => item.content.kind === 'fee-standard');
        const standards = fees.map(standardView).filter((item): item is StandardView => item !== undefined);
        const first = fees[0];
        this.setData({
          rawStandards: fees,
          standards,
          standardOptions: standards.map((item) => ({ label: item.title, value: item.id })),
          standardId: first?.id ?? '',
          feeOptions: standards[0]?.items ?? [],
          itemNames: defaultItems(first),
        });
      } catch (error) {
        this.setData({ standards: [], standardId: '', feeOptions: [], generated: `无法读取收费标准：${messageOf(error)}` });
      }
    },
    async loadBills() {
      // Only the latest request may fill the list: an earlier one (another period or filter) may answer later.
      const token = this.data.listToken + 1;
      this.setData({ listToken: token, listStatus: 'loading', listError: '', bills: [], cursor: '', payingId: '' });
      try {
        const page = await call('bill.list', this.query());
        if (token !== this.data.listToken) return;
        this.setData({ listStatus: 'ready', bills: page.items.map(billView), cursor: page.cursor ?? '' });
      } catch (error) {
        if (token !== this.data.listToken) return;
        this.setData({ listStatus: 'error', listError: messageOf(error) });
      }
    },
    query(cursor?: string) {
      const filter = this.data.filter;
      return {
        communityId: this.data.communityId,
        period: this.data.period,
        ...(filter === 'all' ? {} : { status: filter }),
        ...(cursor ? { cursor } : {}),
      };
    },
    async loadMore() {
      if (!this.data.cursor || this.data.loadingMore || this.data.listStatus !== 'ready') return;
      this.setData({ loadingMore: true });
      const token = this.data.listToken;
      try {
        const page = await call('bill.list', this.query(this.data.cursor));
        if (token !== this.data.listToken) return;
        this.setData({ bills: [...this.data.bills, ...page.items.map(billView)], cursor: page.cursor ?? '' });
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      } finally {
        this.setData({ loadingMore: false });
      }
    },

    onOpenPicker() {
      if (this.data.communities.length > 1) this.setData({ pickerVisible: true });
    },
    onPickerCancel() {
      this.setData({ pickerVisible: false });
    },
    onPickCommunity(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ pickerVisible: false });
      const community = this.data.communities.find((item) => item.value === event.detail.value[0]);
      if (community) this.show(community).catch((error) => this.setData({ status: 'error', errorMessage: messageOf(error) }));
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
      this.loadBills();
    },
    onFilterChange(event: WechatMiniprogram.CustomEvent<{ value: Filter }>) {
      this.setData({ filter: event.detail.value });
      this.loadBills();
    },

    onStandardChange(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      const id = event.detail.value;
      const standard = this.data.standards.find((item) => item.id === id);
      const raw = this.data.rawStandards.find((item) => item.id === id);
      this.setData({ standardId: id, feeOptions: standard?.items ?? [], itemNames: defaultItems(raw) });
    },
    onItemsChange(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ itemNames: [...event.detail.value] });
    },
    async onGenerate() {
      if (this.data.generating) return;
      if (!this.data.standardId) {
        wx.showToast({ title: '请先在“信息公示管理”发布收费标准', icon: 'none', duration: 3000 });
        return;
      }
      if (this.data.itemNames.length === 0) {
        wx.showToast({ title: '请至少选择一项收费', icon: 'none' });
        return;
      }
      const ok = await confirm(
        `生成 ${this.data.period} 账单`,
        `将按所选收费项目（${this.data.itemNames.join('、')}）为本小区每户生成草稿账单，按面积计费的按建筑面积 × 单价计算。本期尚未发布的草稿会被替换；已发布的账单不变。草稿业主看不到。`,
        '生成',
      );
      if (!ok) return;
      this.setData({ generating: true, generated: '' });
      try {
        const result = await call('bill.generate', {
          communityId: this.data.communityId,
          period: this.data.period,
          feeDisclosureId: this.data.standardId,
          itemNames: this.data.itemNames,
        });
        this.setData({ generated: `已生成 ${result.created} 份新账单，替换 ${result.replaced} 份草稿，请核对后发布。`, filter: 'all' });
        await this.loadBills();
      } catch (error) {
        this.setData({ generated: messageOf(error) });
        wx.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      } finally {
        this.setData({ generating: false });
      }
    },
    async onPublish() {
      if (this.data.publishing) return;
      const ok = await confirm(
        `发布 ${this.data.period} 账单`,
        '发布后本期全部草稿账单变为待缴，业主即可在小程序查看，发布后不能撤回。请确认已核对金额。',
        '确认发布',
      );
      if (!ok) return;
      this.setData({ publishing: true });
      try {
        const result = await call('bill.publish', { communityId: this.data.communityId, period: this.data.period });
        wx.showToast({ title: `已发布 ${result.issued} 份账单`, icon: 'success' });
        this.setData({ generated: `已发布 ${result.issued} 份账单，业主现在可以查看。` });
        await this.loadBills();
      } catch (error) {
        wx.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      } finally {
        this.setData({ publishing: false });
      }
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
      if (this.data.marking) return;
      const bill = this.data.bills.find((item) => item.id === this.data.payingId);
      if (!bill) return;
      const receiptNo = this.data.receiptNo.trim();
      if (!receiptNo || receiptNo.length > RECEIPT_MAX) {
        this.setData({ receiptError: `请填写收据号（不超过 ${RECEIPT_MAX} 个字符）` });
        return;
      }
      const ok = await confirm('登记已缴', `${bill.unitLabel} ${this.data.period} 账单 ¥${bill.total}，收据号 ${receiptNo}。登记后业主会看到已缴和收据号。`, '确认登记');
      if (!ok) return;
      this.setData({ marking: true });
      try {
        const paid = await call('bill.markPaid', { id: bill.id, version: bill.version, receiptNo });
        this.replace(paid);
        this.setData({ payingId: '', receiptNo: '' });
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
    replace(bill: Bill) {
      const index = this.data.bills.findIndex((item) => item.id === bill.id);
      if (index >= 0) this.setData({ [`bills[${index}]`]: billView(bill) });
    },
    async onRemind(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      if (this.data.remindingId) return;
      const bill = this.data.bills.find((item) => item.id === event.currentTarget.dataset.id);
      if (!bill) return;
      const ok = await confirm('发送缴费提醒', `将以物业服务中心名义，礼貌提醒 ${bill.unitLabel} 的住户查看 ${this.data.period} 账单（¥${bill.total}）。`, '发送');
      if (!ok) return;
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
