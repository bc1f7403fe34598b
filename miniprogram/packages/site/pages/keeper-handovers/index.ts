import type { Page } from '../../../../../typings/domain';
import type { KeeperHandover } from '../../../../../typings/fileLoans';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId, showError } from '../../../../services/api';
import { COUNTS, LIMITS, checkText } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';
import { freshRequest } from '../../../../behaviors/fresh-request';

interface HandoverRow {
  id: string;
  version: number;
  title: string;
  items: string[];
  note: string;
  acknowledged: string;
  canAcknowledge: boolean;
}

const toRow = (handover: KeeperHandover): HandoverRow => ({
  id: handover.id,
  version: handover.version,
  title: `${handover.outgoingName} → ${handover.incomingName} · ${chinaMinute(handover.createdAt)}`,
  items: handover.items.map((item) => (item.note ? `${item.title}（${item.note}）` : item.title)),
  note: handover.note,
  acknowledged: handover.acknowledged ? `${handover.acknowledged.name} 于 ${chinaMinute(handover.acknowledged.at)} 签收${handover.acknowledged.note ? `：${handover.acknowledged.note}` : ''}` : '',
  canAcknowledge: handover.allowed.includes('acknowledge'),
});

/** One file a line: its name, and after a space or colon what to note about it (`业主档案 1–3 栋：共 12 盒`). */
const itemsIn = (text: string): { title: string; note: string }[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [title, ...rest] = line.split(/[:：]/);
      return { title: title.trim(), note: rest.join('：').trim() };
    });

/**
 * 档案交接 (seed 002 §2 ¶6): when the file keeper changes, the outgoing keeper lists the important
 * files handed over and the incoming keeper signs for them; the managers read the record.
 */
Component({
  behaviors: [communityScope, pagedList<HandoverRow>(), freshRequest],
  data: {
    canCreate: false,
    formOpen: false,
    keepers: [] as { label: string; value: string }[],
    incoming: '',
    incomingName: '',
    keeperPickerVisible: false,
    itemsText: '',
    note: '',
    limits: LIMITS.keeperHandover,
    saving: false,
  },
  methods: {
    async fetch() {
      if (!(await this.openScope(['manager', 'infokeeper', 'admin'], '档案交接记录仅对客服经理、档案管理员和管理员开放'))) return;
      this.setData({ canCreate: this.rolesHere().includes('infokeeper') });
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<HandoverRow>> {
      const page = await call('keeperHandover.list', { communityId: this.data.communityId, ...(cursor ? { cursor } : {}) });
      return { items: page.items.map(toRow), cursor: page.cursor };
    },
    communityChanged() {
      this.setData({ keepers: [], incoming: '', incomingName: '' });
      this.reloadList();
    },
    onToggleForm() {
      this.setData({ formOpen: !this.data.formOpen });
    },
    async onOpenKeepers() {
      try {
        const keepers = await call('keeperHandover.keepers', { communityId: this.data.communityId });
        if (!keepers.length) {
          wx.showToast({ title: '本小区还没有其他档案管理员', icon: 'none' });
          return;
        }
        this.setData({ keepers: keepers.map((keeper) => ({ label: keeper.name, value: keeper.openid })), keeperPickerVisible: true });
      } catch (error) {
        showError(error);
      }
    },
    onKeeperPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      const keeper = this.data.keepers.find((candidate) => candidate.value === event.detail.value[0]);
      this.setData({ keeperPickerVisible: false, ...(keeper ? { incoming: keeper.value, incomingName: keeper.label } : {}) });
    },
    onKeeperClose() {
      this.setData({ keeperPickerVisible: false });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
    },
    async onCreate() {
      const { incoming, incomingName, itemsText, note, limits, communityId, requestId } = this.data;
      const items = itemsIn(itemsText);
      const problem = !incoming
        ? '请选择接收人'
        : !items.length
          ? '请列出交接的重要文件'
          : items.length > COUNTS.handoverItems
            ? `最多列出 ${COUNTS.handoverItems} 项`
            : (items.map((item) => checkText(item.title, limits.itemTitle, '文件名称') ?? checkText(item.note, limits.itemNote, '文件备注')).find(Boolean) ?? checkText(note, limits.note, '说明'));
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (!(await confirmModal('提交交接清单', `共 ${items.length} 项，提交后由 ${incomingName} 签收。`, '提交'))) return;
      await whileBusy(this, 'saving', async () => {
        try {
          await call('keeperHandover.create', { communityId, incomingOpenid: incoming, items, note: note.trim() }, { requestId });
          this.setData({ formOpen: false, itemsText: '', note: '', requestId: newRequestId() });
          wx.showToast({ title: '已提交交接清单', icon: 'success' });
          this.reloadList();
        } catch (error) {
          showError(error);
        }
      });
    },
    async onAcknowledge(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string; version: number }>) {
      const { id, version } = event.currentTarget.dataset;
      if (!(await confirmModal('签收交接', '确认已逐项清点，文件齐全？签收后不能撤回。', '签收'))) return;
      await whileBusy(this, 'saving', async () => {
        try {
          await call('keeperHandover.acknowledge', { id, version: Number(version), note: '' }, { requestId: newRequestId() });
          wx.showToast({ title: '已签收', icon: 'success' });
          this.reloadList();
        } catch (error) {
          showError(error);
        }
      });
    },
  },
});
