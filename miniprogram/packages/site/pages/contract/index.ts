import type { ContractAction } from '../../../../../typings/actions';
import type { ContractDetail } from '../../../../../typings/contracts';
import type { UploadChange } from '../../../../components/cloud-upload/state';
import { versionedStep } from '../../../../behaviors/versioned-step';
import { call } from '../../../../services/api';
import { COUNTS, LIMITS, checkText } from '../../../../shared/limits';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';
import { draftOf, emptyDraft, fieldsOf, termText } from '../contracts/draft';

/**
 * One contract of the list: its term, amount and signed copy; the keepers amend it (a renewal
 * moves its end date, and the reminders start again), the managers end it. Buttons are what the
 * server allows.
 */
Component({
  behaviors: [versionedStep],
  data: {
    contract: null as (ContractDetail & { termView: ReturnType<typeof termText>; recordedText: string; endedText: string }) | null,
    can: {} as Partial<Record<ContractAction, boolean>>,
    editing: false,
    draft: emptyDraft(''),
    dateField: '' as '' | 'startOn' | 'endOn',
    endNote: '',
    limits: LIMITS.contract,
    maxFiles: COUNTS.contractFiles,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.openRecord(query.id, '没有指定合同');
    },
    async fetch() {
      this.showRecord(await call('contract.get', { id: this.data.recordId }));
    },
    showRecord(record: { version: number }) {
      const contract = record as ContractDetail;
      this.setData({
        version: contract.version,
        contract: {
          ...contract,
          files: contract.files ?? [],
          termView: termText(contract),
          recordedText: `${contract.recordedByName} 于 ${chinaMinute(contract.recordedAt)} 登记`,
          endedText: contract.ended ? `${contract.ended.name} 于 ${chinaMinute(contract.ended.at)} 终止：${contract.ended.note}` : '',
        },
        can: canOf(contract.allowed),
        editing: false,
        draft: draftOf(contract),
      });
    },
    conflictNotice(message: string) {
      return { title: '合同已更新', content: `${message}。页面已显示最新内容，请核对后再操作。` };
    },
    onEdit() {
      this.setData({ editing: !this.data.editing });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: string }>) {
      this.setData({ [`draft.${event.currentTarget.dataset.field}`]: event.detail.value });
    },
    onEndNote(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ endNote: event.detail.value });
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
    async onUpdate() {
      const checked = fieldsOf(this.data.draft);
      if ('problem' in checked) {
        wx.showToast({ title: checked.problem, icon: 'none' });
        return;
      }
      await this.step('contract.update', checked.fields, { done: '已保存', name: 'update' });
    },
    async onEnd() {
      const note = this.data.endNote.trim();
      const problem = checkText(note, this.data.limits.endNote, '终止原因');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      if (!(await confirmModal('终止合同', '终止后不再提醒到期，合同不能再修改。确定终止吗？', '终止', '#d54941'))) return;
      await this.step('contract.end', { note }, { done: '已终止', name: 'end' });
    },
    /** Images open in the viewer; a PDF or Word file is downloaded and opened. */
    onOpenFile(event: WechatMiniprogram.BaseEvent<Record<string, never>, { url: string }>) {
      const url = event.currentTarget.dataset.url;
      if (/\.(jpe?g|png|gif|webp|heic)(\?|$)/i.test(url)) {
        wx.previewImage({ urls: [url], current: url });
        return;
      }
      wx.downloadFile({
        url,
        success: (result) => wx.openDocument({ filePath: result.tempFilePath, showMenu: true, fail: () => wx.showToast({ title: '无法打开该文件', icon: 'none' }) }),
        fail: () => wx.showToast({ title: '文件下载失败，请稍后再试', icon: 'none' }),
      });
    },
  },
});
