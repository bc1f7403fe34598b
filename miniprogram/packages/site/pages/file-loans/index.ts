import type { Page } from '../../../../../typings/domain';
import type { FileLoanFilter, FileLoanRequest } from '../../../../../typings/fileLoans';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { addDays } from '../../../../shared/billing';
import { COUNTS, LIMITS, checkText } from '../../../../shared/limits';
import { chinaDate } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { loanRow, type LoanRow } from './rows';
import { freshRequest } from '../../../../behaviors/fresh-request';

const FILTERS: FileLoanFilter[] = ['open', 'overdue', 'all'];
const emptyAuthority = { body: '', officerName: '', documentType: '', documentNumber: '' };

/**
 * 文件借阅登记 (seed 001 三(一)2–3): staff ask to borrow a home's file or company records, the desk
 * registers an authority's query for its officer; the keepers and managers see the whole register.
 */
Component({
  behaviors: [communityScope, pagedList<LoanRow>(), freshRequest],
  data: {
    filter: 'open' as FileLoanFilter,
    keeper: false,
    formOpen: false,
    kind: 'unit' as 'unit' | 'records',
    /** The home chosen in the form's unit picker; the picker starts empty each time the form shows it. */
    unitId: '',
    recordsTitle: '',
    purpose: '',
    today: chinaDate(Date.now()),
    lastDay: addDays(chinaDate(Date.now()), COUNTS.loanMaxDays),
    dueOn: addDays(chinaDate(Date.now()), 7),
    datePickerVisible: false,
    isAuthority: false,
    authority: { ...emptyAuthority },
    checked: false,
    limits: LIMITS.fileLoan,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      const filter = FILTERS.find((candidate) => candidate === query.filter);
      this.setData({ communityId: query.communityId ?? '', ...(filter ? { filter } : {}) });
      void this.load();
    },
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'infokeeper', 'admin'], '文件借阅仅对客服、客服经理、档案管理员和管理员开放'))) return;
      this.setData({ keeper: this.rolesHere().some((role) => role === 'manager' || role === 'admin' || role === 'infokeeper') });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<LoanRow>> {
      const page = await call('fileLoan.list', { communityId: this.data.communityId, filter: this.data.filter, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(loanRow), cursor: page.cursor };
    },
    communityChanged() {
      this.setData({ unitId: '' });
      this.reloadList();
    },
    onFilter(event: WechatMiniprogram.BaseEvent<Record<string, never>, { filter: FileLoanFilter }>) {
      this.setData({ filter: event.currentTarget.dataset.filter });
      this.reloadList();
    },
    onToggleForm() {
      this.setData({ formOpen: !this.data.formOpen, unitId: '' });
    },
    onKind(event: WechatMiniprogram.BaseEvent<Record<string, never>, { kind: 'unit' | 'records' }>) {
      this.setData({ kind: event.currentTarget.dataset.kind, unitId: '' });
    },
    onUnit(event: WechatMiniprogram.CustomEvent<{ unitId: string }>) {
      this.setData({ unitId: event.detail.unitId });
    },
    onOpenDate() {
      this.setData({ datePickerVisible: true });
    },
    onDateConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ dueOn: String(event.detail.value).slice(0, 10), datePickerVisible: false });
    },
    onDateClose() {
      this.setData({ datePickerVisible: false });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    onAuthority(event: WechatMiniprogram.CustomEvent<{ value: boolean }>) {
      this.setData({ isAuthority: event.detail.value });
    },
    onChecked(event: WechatMiniprogram.CustomEvent<{ checked: boolean }>) {
      this.setData({ checked: event.detail.checked });
    },
    /** The first thing the form lacks, in the words the cloud would use. */
    problem(): string | undefined {
      const { kind, unitId, recordsTitle, purpose, limits, isAuthority, authority, checked } = this.data;
      if (kind === 'unit' && !unitId) return '请选择房屋';
      if (kind === 'records') {
        const title = checkText(recordsTitle, limits.recordsTitle, '资料名称');
        if (title) return title;
      }
      const reason = checkText(purpose, limits.purpose, '借阅用途');
      if (reason || !isAuthority) return reason;
      const missing = checkText(authority.body, limits.body, '查询单位') ?? checkText(authority.officerName, LIMITS.personName, '查询人姓名') ?? checkText(authority.documentType, limits.documentType, '证件名称') ?? checkText(authority.documentNumber, limits.documentNumber, '证件编号');
      return missing ?? (checked ? undefined : '请先核对查询人出示的合法证件');
    },
    async onRequest() {
      const problem = this.problem();
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const { kind, unitId, recordsTitle, purpose, dueOn, isAuthority, authority, communityId, requestId } = this.data;
      const input: FileLoanRequest = {
        communityId,
        subject: kind === 'unit' ? { kind, unitId } : { kind, title: recordsTitle.trim() },
        purpose: purpose.trim(),
        dueOn,
        ...(isAuthority ? { authority: { body: authority.body.trim(), officerName: authority.officerName.trim(), documentType: authority.documentType.trim(), documentNumber: authority.documentNumber.trim(), checked: true as const } } : {}),
      };
      await whileBusy(this, 'saving', async () => {
        try {
          const loan = await call('fileLoan.request', input, { requestId });
          this.setData({ formOpen: false, purpose: '', recordsTitle: '', isAuthority: false, authority: { ...emptyAuthority }, checked: false, requestId: newRequestId() });
          wx.showToast({ title: `已登记 ${loan.number}`, icon: 'success' });
          navigateTo('packages/site/pages/file-loan/index', { id: loan.id });
          this.reloadList();
        } catch (error) {
          showError(error);
        }
      });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/site/pages/file-loan/index', { id: event.currentTarget.dataset.id });
    },
    onHandovers() {
      navigateTo('packages/site/pages/keeper-handovers/index', { communityId: this.data.communityId });
    },
  },
});
