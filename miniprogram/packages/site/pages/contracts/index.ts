import type { ContractFilter } from '../../../../../typings/contracts';
import type { Page } from '../../../../../typings/domain';
import type { UploadChange } from '../../../../components/cloud-upload/state';
import { communityScope } from '../../../../behaviors/community-scope';
import { pagedList } from '../../../../behaviors/paged-list';
import { call, newRequestId, showError } from '../../../../services/api';
import { navigateTo } from '../../../../services/navigation';
import { COUNTS, LIMITS } from '../../../../shared/limits';
import { chinaDate } from '../../../../shared/time';
import { whileBusy } from '../../../../utils/busy';
import { emptyDraft, fieldsOf, termText } from './draft';
import { freshRequest } from '../../../../behaviors/fresh-request';

interface ContractRow {
  id: string;
  title: string;
  line: string;
  termLabel: string;
  theme: string;
}

/**
 * 合同清单 (seed 002 §2 ¶14): the community's contracts with their terms, soonest ending first; the
 * managers are reminded 60 and 30 days before each ends. A new one is entered with its signed copy.
 */
Component({
  behaviors: [communityScope, pagedList<ContractRow>(), freshRequest],
  data: {
    filter: 'all' as ContractFilter,
    formOpen: false,
    draft: emptyDraft(chinaDate(Date.now())),
    dateField: '' as '' | 'startOn' | 'endOn',
    limits: LIMITS.contract,
    maxFiles: COUNTS.contractFiles,
    saving: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ communityId: query.communityId ?? '', filter: query.filter === 'due' ? 'due' : 'all' });
      void this.load();
    },
    async fetch() {
      if (!(await this.openScope(['manager', 'infokeeper', 'admin'], '合同清单仅对客服经理、档案管理员和管理员开放'))) return;
      await this.firstPage();
    },
    async fetchPage(cursor?: string): Promise<Page<ContractRow>> {
      const page = await call('contract.list', { communityId: this.data.communityId, filter: this.data.filter, ...(cursor ? { cursor } : {}) });
      return {
        items: page.items.map((contract) => {
          const term = termText(contract);
          return { id: contract.id, title: `${contract.party} · ${contract.subject}`, line: term.line, termLabel: term.label, theme: term.theme };
        }),
        cursor: page.cursor,
      };
    },
    communityChanged() {
      this.reloadList();
    },
    communityLocked() {
      return this.data.formOpen;
    },
    onFilter(event: WechatMiniprogram.BaseEvent<Record<string, never>, { filter: ContractFilter }>) {
      this.setData({ filter: event.currentTarget.dataset.filter });
      this.reloadList();
    },
    onToggleForm() {
      this.setData({ formOpen: !this.data.formOpen });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [`draft.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onOpenDate(event: WechatMiniprogram.BaseEvent<Record<string, never>, { field: 'startOn' | 'endOn' }>) {
      this.setData({ dateField: event.currentTarget.dataset.field });
    },
    onDateConfirm(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ [`draft.${this.data.dateField}`]: String(event.detail.value).slice(0, 10), dateField: '' });
    },
    onDateClose() {
      this.setData({ dateField: '' });
    },
    onFiles(event: WechatMiniprogram.CustomEvent<UploadChange>) {
      this.setData({ 'draft.fileIds': event.detail.fileIDs, 'draft.fileState': event.detail.state });
    },
    async onCreate() {
      const checked = fieldsOf(this.data.draft);
      if ('problem' in checked) {
        wx.showToast({ title: checked.problem, icon: 'none' });
        return;
      }
      const { communityId, requestId } = this.data;
      await whileBusy(this, 'saving', async () => {
        try {
          const contract = await call('contract.create', { communityId, ...checked.fields }, { requestId });
          this.setData({ formOpen: false, draft: emptyDraft(chinaDate(Date.now())), requestId: newRequestId() });
          wx.showToast({ title: `已登记 ${contract.number}`, icon: 'success' });
          this.reloadList();
        } catch (error) {
          showError(error);
        }
      });
    },
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { id: string }>) {
      navigateTo('packages/site/pages/contract/index', { id: event.currentTarget.dataset.id });
    },
  },
});
