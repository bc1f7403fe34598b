import type { NoticeAction } from '../../../../../typings/actions';
import type { Notice, NoticeCategory, NoticeText } from '../../../../../typings/notice';
import { versionedStep } from '../../../../behaviors/versioned-step';
import { ApiError, call, newRequestId, showError } from '../../../../services/api';
import { openExported } from '../../../../services/documents';
import { navigateTo } from '../../../../services/navigation';
import { NOTICE_CATEGORY_LABELS } from '../../../../shared/labels';
import { LIMITS, checkText } from '../../../../shared/limits';
import { canOf } from '../../../../utils/actions';
import { whileBusy } from '../../../../utils/busy';
import { confirmModal } from '../../../../utils/dialog';
import { noticeSheet, type NoticeSheet } from '../../../../pages/notice/views';
import { freshRequest } from '../../../../behaviors/fresh-request';

const CATEGORIES = (Object.keys(NOTICE_CATEGORY_LABELS) as NoticeCategory[]).map((value) => ({ value, label: NOTICE_CATEGORY_LABELS[value] }));

const FIELDS = [
  { field: 'title', label: '标题' },
  { field: 'addressee', label: '发文对象' },
  { field: 'body', label: '正文' },
  { field: 'issuer', label: '落款' },
] as const;

type Form = Omit<NoticeText, 'buildings'>;

/**
 * One notice for the desk (seed 001 三(二), 000 (六)2): a draft is written here (category, title,
 * addressee, body, 落款, the buildings it is for); the manager publishes it, or withdraws a
 * published one with the reason (seed 002 §2 ¶10); every version opens as its A4 PDF. Read counts
 * show once published. The buttons are the ones the server allows.
 */
Component({
  behaviors: [versionedStep, freshRequest],
  data: {
    communityId: '',
    /** The withdrawn notice a new draft corrects. */
    replaces: '',
    notice: null as Notice | null,
    sheet: null as NoticeSheet | null,
    /** Editing: a new notice, or a draft the caller may edit. */
    editing: false,
    form: { category: 'other', title: '', addressee: '各位业主、住户', body: '', issuer: '' } as Form,
    buildings: [] as { name: string; selected: boolean }[],
    categories: CATEGORIES,
    limits: LIMITS.notice,
    /** Unsaved changes: publishing sends the saved draft, so they must be saved first. */
    dirty: false,
    reason: '',
    saving: false,
    printing: false,
    can: {} as Partial<Record<NoticeAction, boolean>>,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      if (query.id) {
        this.openRecord(query.id, '没有指定通知');
        return;
      }
      if (!query.communityId) {
        this.fail('没有指定小区');
        return;
      }
      this.setData({ communityId: query.communityId, replaces: query.replaces ?? '', editing: true });
      void this.load();
    },
    async fetch() {
      if (this.data.recordId) this.showRecord(await call('notice.get', { id: this.data.recordId, desk: true }));
      if (this.data.editing) await this.loadChoices();
    },
    /** The community's buildings to choose from, and for a new notice its name as the 落款. */
    async loadChoices() {
      const { communityId, form, notice } = this.data;
      const [{ buildings }, communities] = await Promise.all([call('directory.units', { communityId }), notice ? Promise.resolve([]) : call('directory.communities', {})]);
      const chosen = new Set(notice?.buildings ?? []);
      const name = communities.find((community) => community.id === communityId)?.name;
      this.setData({
        buildings: buildings.map((building) => ({ name: building, selected: chosen.has(building) })),
        ...(name && !form.issuer ? { 'form.issuer': `${name}物业服务中心` } : {}),
      });
    },
    showRecord(record: { version: number }) {
      const notice = record as Notice;
      const can = canOf(notice.allowed);
      this.setData({
        version: notice.version,
        communityId: notice.communityId,
        notice,
        sheet: noticeSheet(notice),
        editing: can.editDraft === true,
        form: { category: notice.category, title: notice.title, addressee: notice.addressee, body: notice.body, issuer: notice.issuer },
        buildings: this.data.buildings.map((building) => ({ ...building, selected: notice.buildings.includes(building.name) })),
        dirty: false,
        can,
      });
    },
    conflictNotice(message: string) {
      return { title: '通知已更新', content: `${message}。页面已显示最新内容，请核对后再操作。` };
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: keyof Form }>) {
      this.setData({ [`form.${event.currentTarget.dataset.field}`]: event.detail.value, dirty: true });
    },
    onCategory(event: WechatMiniprogram.BaseEvent<Record<string, never>, { value: NoticeCategory }>) {
      this.setData({ 'form.category': event.currentTarget.dataset.value, dirty: true });
    },
    onBuilding(event: WechatMiniprogram.BaseEvent<Record<string, never>, { index: number }>) {
      const { index } = event.currentTarget.dataset;
      this.setData({ [`buildings[${index}].selected`]: !this.data.buildings[index].selected, dirty: true });
    },
    onReason(event: WechatMiniprogram.CustomEvent<{ value: string }>) {
      this.setData({ reason: event.detail.value });
    },
    async onSave() {
      const { form, limits, communityId, recordId, version, replaces, requestId } = this.data;
      const problem = FIELDS.map(({ field, label }) => checkText(form[field], limits[field], label)).find(Boolean);
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const text: NoticeText = {
        category: form.category,
        title: form.title.trim(),
        addressee: form.addressee.trim(),
        body: form.body.trim(),
        issuer: form.issuer.trim(),
        buildings: this.data.buildings.filter((building) => building.selected).map((building) => building.name),
      };
      await whileBusy(this, 'saving', async () => {
        try {
          const saved = await call('notice.saveDraft', { communityId, ...text, ...(recordId ? { id: recordId, version } : {}), ...(replaces ? { replaces } : {}) }, { requestId });
          this.setData({ recordId: saved.id, requestId: newRequestId() });
          this.showRecord(saved);
          wx.showToast({ title: '草稿已保存', icon: 'success' });
        } catch (error) {
          if (error instanceof ApiError && error.code === 'CONFLICT' && recordId) {
            await this.load();
            wx.showModal({ ...this.conflictNotice(error.message), showCancel: false, confirmText: '知道了' });
          } else {
            showError(error);
          }
        }
      });
    },
    async onPublish() {
      if (this.data.dirty) {
        wx.showToast({ title: '请先保存草稿，再发布', icon: 'none' });
        return;
      }
      const scope = this.data.sheet?.scope ?? '';
      if (!(await confirmModal('发布通知', `发布后通知将编上文号，显示在${scope}业主的公告栏，且不能再修改。确定发布吗？`, '发布'))) return;
      await this.step('notice.publish', {}, { done: '已发布', name: 'publish' });
    },
    async onWithdraw() {
      const problem = checkText(this.data.reason, this.data.limits.withdrawReason, '作废原因');
      if (problem) {
        wx.showToast({ title: problem, icon: 'none' });
        return;
      }
      const confirmed = await confirmModal('作废通知', '作废后业主的公告栏不再显示这条通知，往期通知中会标明已作废及原因，不能撤销。确定作废吗？', '作废', '#d54941');
      if (!confirmed) return;
      if (await this.step('notice.withdraw', { reason: this.data.reason.trim() }, { done: '已作废', name: 'withdraw' })) this.setData({ reason: '' });
    },
    onCorrect() {
      navigateTo('packages/site/pages/notices/notice', { communityId: this.data.communityId, replaces: this.data.recordId });
    },
    async onPdf() {
      await whileBusy(this, 'printing', async () => openExported(await call('notice.pdf', { id: this.data.recordId }), 'pdf'));
    },
    onOpenNotice(event: WechatMiniprogram.CustomEvent<{ id: string }>) {
      navigateTo('packages/site/pages/notices/notice', { id: event.detail.id });
    },
  },
});
