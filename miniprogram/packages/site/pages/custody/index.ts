import type { Page } from '../../../../../typings/domain';
import type { CustodyKind, CustodyStatus } from '../../../../../typings/site';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId, showError } from '../../../../services/api';
import { parseYuan } from '../../../../shared/money';
import { CUSTODY_KIND_LABELS } from '../../../../shared/labels';
import { LIMITS } from '../../../../shared/limits';
import { custodyRow } from '../../../../pages/items/views';
import { whileBusy } from '../../../../utils/busy';
import { promptModal } from '../../../../utils/dialog';
import { freshRequest } from '../../../../behaviors/fresh-request';

type Row = ReturnType<typeof custodyRow>;

const BLANK = { kind: 'parcel' as CustodyKind, description: '', amount: '', fromName: '', unitId: '', forName: '' };

/**
 * 代收代管 (seed 002 §7¶3, §13): what the desk received for residents, numbered with who brought
 * it, for whom, and who received it; given back against the resident's own confirmation in the
 * mini-program, or a hand-over the desk records.
 */
Component({
  behaviors: [communityScope, pagedList<Row>(), freshRequest],
  data: {
    tab: 'held' as CustodyStatus,
    tabs: [
      { value: 'held', label: '待领取' },
      { value: 'collected', label: '已领取' },
    ],
    canRecord: false,
    formOpen: false,
    form: { ...BLANK },
    kindOptions: Object.entries(CUSTODY_KIND_LABELS).map(([value, label]) => ({ value, label })),
    limits: LIMITS.custody,
    saving: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['cs', 'manager', 'admin'], '代收代管记录仅对客服、客服经理和管理员开放'))) return;
      this.setData({ canRecord: this.rolesHere().some((role) => role === 'cs' || role === 'manager') });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<Row>> {
      const page = await call('custody.list', { communityId: this.data.communityId, status: this.data.tab, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(custodyRow), cursor: page.cursor };
    },
    communityChanged() {
      this.setData({ formOpen: false });
      this.reloadList();
    },
    onTab(event: WechatMiniprogram.CustomEvent<{ value: CustodyStatus }>) {
      this.setData({ tab: event.detail.value });
      this.reloadList();
    },
    onToggleForm() {
      this.setData({ formOpen: !this.data.formOpen, form: { ...BLANK } });
    },
    onForm(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof typeof BLANK }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onUnit(event: WechatMiniprogram.CustomEvent<{ unitId: string }>) {
      this.setData({ 'form.unitId': event.detail.unitId });
    },
    async onRecord() {
      const { form, communityId, requestId } = this.data;
      const parsed = form.kind === 'cash' ? parseYuan(form.amount) : undefined;
      if (parsed && 'error' in parsed) {
        wx.showToast({ title: parsed.error, icon: 'none' });
        return;
      }
      const amountFen = parsed?.fen;
      await whileBusy(this, 'saving', async () => {
        const item = await call(
          'custody.record',
          { communityId, kind: form.kind, description: form.description.trim(), fromName: form.fromName.trim(), unitId: form.unitId, forName: form.forName.trim(), ...(amountFen !== undefined ? { amountFen } : {}) },
          { requestId },
        );
        wx.showToast({ title: `已登记 ${item.number}`, icon: 'success' });
        this.setData({ formOpen: false, form: { ...BLANK }, requestId: newRequestId() });
        this.reloadList();
      });
    },
    async onHandOver(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const item = this.data.items[event.currentTarget.dataset.index];
      const toName = await promptModal({ title: `交付 ${item.number}`, content: item.forName, placeholder: '领取人姓名（业主可在小程序中自行确认领取）', confirmText: '确认交付' });
      if (toName === undefined) return;
      try {
        await call('custody.handOver', { id: item.id, version: item.version, toName: toName || item.forName });
        wx.showToast({ title: '已交付', icon: 'success' });
      } catch (error) {
        showError(error);
      }
      this.reloadList();
    },
  },
});
