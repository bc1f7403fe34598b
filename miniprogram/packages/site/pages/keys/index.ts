import type { Page } from '../../../../../typings/domain';
import type { KeyKind, KeyLoanRow, KeyRecord } from '../../../../../typings/site';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId, showError } from '../../../../services/api';
import { KEY_AUTHORISATION_LABELS, KEY_KIND_LABELS } from '../../../../shared/labels';
import { COUNTS, LIMITS } from '../../../../shared/limits';
import { DAY_MS, HOUR_MS, chinaDate, chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';
import { freshRequest } from '../../../../behaviors/fresh-request';

type Tab = 'keys' | 'loans';

const keyRow = (key: KeyRecord) => ({
  ...key,
  kindLabel: KEY_KIND_LABELS[key.kind],
  stock: `共 ${key.copies} 把，在库 ${key.available} 把`,
  authorisationLabel: key.authorisation ? KEY_AUTHORISATION_LABELS[key.authorisation.status] : '',
  loanLines: key.loans.map((loan) => ({ id: loan.id, line: `${loan.borrowerName} · ${loan.reason} · 应于 ${chinaMinute(loan.dueAt)} 归还`, overdue: loan.overdue })),
  can: canOf(key.allowed),
});
const loanRow = (loan: KeyLoanRow) => ({ ...loan, line: `${loan.borrowerName} · ${loan.reason}`, due: `${chinaMinute(loan.lentAt)} 借出，应于 ${chinaMinute(loan.dueAt)} 归还` });
type Row = ReturnType<typeof keyRow> | ReturnType<typeof loanRow>;

/** When a key is due back, offered as the desk says it; the cloud checks the time. */
function dueOptions(now: number): { value: string; label: string }[] {
  const at = (days: number, hour: number) => Date.parse(`${chinaDate(now + days * DAY_MS)}T${String(hour).padStart(2, '0')}:00:00+08:00`);
  const options = [{ at: now + 2 * HOUR_MS, label: '2 小时后' }, { at: at(0, 18), label: '今天 18:00' }, { at: at(1, 18), label: '明天 18:00' }, { at: at(3, 18), label: '3 天后 18:00' }];
  return options.filter((option) => option.at > now + HOUR_MS / 2).map((option) => ({ value: new Date(option.at).toISOString(), label: option.label }));
}

const BLANK_KEY = { kind: 'common' as KeyKind, name: '', opens: '', keptAt: '', copies: 1, unitId: '' };
const BLANK_LOAN = { keyIndex: -1, borrowerName: '', reason: '', dueAt: '' };

/**
 * 钥匙管理 (seed 002 §12): the list of common-area keys and owners' keys left with the desk, each
 * lending recorded with who, why and when it is due back; the keys out now, overdue first.
 */
Component({
  behaviors: [communityScope, pagedList<Row>(), freshRequest],
  data: {
    tab: 'keys' as Tab,
    tabs: [
      { value: 'keys', label: '钥匙清单' },
      { value: 'loans', label: '借出中' },
    ],
    canRecord: false,
    formOpen: false,
    form: { ...BLANK_KEY },
    lend: { ...BLANK_LOAN },
    dueOptions: [] as { value: string; label: string }[],
    kindOptions: Object.entries(KEY_KIND_LABELS).map(([value, label]) => ({ value, label })),
    limits: LIMITS.key,
    maxCopies: COUNTS.keyCopies,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ communityId: query.communityId ?? '', tab: query.tab === 'loans' ? 'loans' : 'keys' });
      void this.load();
    },
    async fetch() {
      if (!(await this.openScope(['cs', 'tech', 'manager', 'admin'], '钥匙管理仅对本小区员工开放'))) return;
      this.setData({ canRecord: this.rolesHere().some((role) => role === 'cs' || role === 'manager') });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const query = { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) };
      if (this.data.tab === 'loans') {
        const page = await call('key.loans', query);
        return { items: page.items.map(loanRow), cursor: page.cursor };
      }
      const page = await call('key.list', query);
      return { items: page.items.map(keyRow), cursor: page.cursor };
    },
    communityChanged() {
      this.setData({ formOpen: false, lend: { ...BLANK_LOAN } });
      this.reloadList();
    },
    onTab(event: WechatMiniprogram.CustomEvent<{ value: Tab }>) {
      this.setData({ tab: event.detail.value, lend: { ...BLANK_LOAN } });
      this.reloadList();
    },
    onToggleForm() {
      this.setData({ formOpen: !this.data.formOpen, form: { ...BLANK_KEY } });
    },
    onForm(event: WechatMiniprogram.CustomEvent<{ value: string | number }, Record<string, never>, { field: keyof typeof BLANK_KEY }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onUnit(event: WechatMiniprogram.CustomEvent<{ unitId: string }>) {
      this.setData({ 'form.unitId': event.detail.unitId });
    },
    async onSaveKey() {
      const { form, communityId, requestId } = this.data;
      await whileBusy(this, 'saving', async () => {
        await call(
          'key.save',
          { communityId, kind: form.kind, name: form.name.trim(), opens: form.opens.trim(), keptAt: form.keptAt.trim(), copies: Number(form.copies), ...(form.kind === 'owner' ? { unitId: form.unitId } : {}) },
          { requestId },
        );
        wx.showToast({ title: form.kind === 'owner' ? '已登记，待业主授权' : '已登记', icon: 'success' });
        this.setData({ formOpen: false, form: { ...BLANK_KEY }, requestId: newRequestId() });
        this.reloadList();
      });
    },
    onOpenLend(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const options = dueOptions(Date.now());
      this.setData({ lend: { ...BLANK_LOAN, keyIndex: event.currentTarget.dataset.index, dueAt: options[0]?.value ?? '' }, dueOptions: options, requestId: newRequestId() });
    },
    onCloseLend() {
      this.setData({ lend: { ...BLANK_LOAN } });
    },
    onLendField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof typeof BLANK_LOAN }>) {
      this.setData({ [`lend.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    async onLend() {
      const { lend, items, requestId } = this.data;
      const key = items[lend.keyIndex] as ReturnType<typeof keyRow> | undefined;
      if (!key) return;
      await whileBusy(this, 'saving', async () => {
        await call('key.lend', { id: key.id, version: key.version, borrowerName: lend.borrowerName.trim(), reason: lend.reason.trim(), dueAt: lend.dueAt }, { requestId });
        wx.showToast({ title: '已登记借出', icon: 'success' });
        this.setData({ lend: { ...BLANK_LOAN }, requestId: newRequestId() });
        this.reloadList();
      });
    },
    async onReturn(event: WechatMiniprogram.BaseEvent<Record<string, never>, { key: string; loan: string; name: string }>) {
      const { key, loan, name } = event.currentTarget.dataset;
      if (!(await confirmModal('登记归还', `确认「${name}」已归还并放回原处吗？`, '已归还'))) return;
      try {
        await call('key.return', { id: key, loanId: loan });
        wx.showToast({ title: '已登记归还', icon: 'success' });
      } catch (error) {
        showError(error);
      }
      this.reloadList();
    },
  },
});
