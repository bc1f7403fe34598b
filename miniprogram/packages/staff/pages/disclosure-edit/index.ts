import type { Disclosure, DisclosureKind } from '../../../../../typings/disclosure';
import { communityScope } from '../../../../behaviors/community-scope';
import { ApiError, call, messageOf } from '../../../../services/api';
import { COUNTS, LIMITS, textLength } from '../../../../shared/limits';
import { confirmModal } from '../../../../utils/dialog';
import {
  CATEGORY_OPTIONS,
  DIRECTION_OPTIONS,
  KIND_OPTIONS,
  UNIT_OPTIONS,
  blankEditor,
  contentOf,
  editorOf,
  emptyEntry,
  emptyFee,
  emptyService,
  isLedger,
  totalsOf,
  viewOf,
  type Editor,
  type NoticeView,
  type Totals,
} from './editor';

type Mode = 'list' | 'edit';

type RowList = 'services' | 'fees' | 'entries';

const EMPTY_ROWS = { services: emptyService, fees: emptyFee, entries: emptyEntry };
const NOTE_MIN = LIMITS.disclosure.correctionNote[0];

/**
 * Admins keep the disclosure board (物业服务双晒, seed 000 (五)(六)): drafts of service standards, fee
 * standards and income statements, publishing (a published version never changes) and
 * corrections as the next version with a note saying what changed and why.
 */
Component({
  behaviors: [communityScope],
  data: {
    mode: 'list' as Mode,
    drafts: [] as NoticeView[],
    board: [] as NoticeView[],
    /** What the server sent, to open a draft or correct a published notice from. */
    rawDrafts: [] as Disclosure[],
    rawBoard: [] as Disclosure[],
    editor: blankEditor(),
    totals: { income: '0.00', expense: '0.00', balance: '0.00' } as Totals,
    isLedger: false,
    kindOptions: KIND_OPTIONS,
    categoryOptions: CATEGORY_OPTIONS,
    urgencyOptions: [
      { value: 'urgent', label: '急修' },
      { value: 'routine', label: '零修' },
    ],
    unitOptions: UNIT_OPTIONS,
    directionOptions: DIRECTION_OPTIONS,
    titleMax: LIMITS.disclosure.title[1],
    /** A refusal kept on screen (a toast disappears). */
    formError: '',
    saving: false,
    publishing: false,
  },
  methods: {
    /** Drafts and the published board of the chosen community. */
    async fetch() {
      const refusal = '只有管理员可以编辑和发布信息公示。业主和员工可以在首页的“信息公示”查看已发布的内容。';
      if (!(await this.openScope(['admin'], refusal))) return;
      const communityId = this.data.communityId;
      const [drafts, board] = await Promise.all([call('disclosure.drafts', { communityId }), call('disclosure.board', { communityId })]);
      this.setData({ mode: 'list', formError: '', drafts: drafts.map(viewOf), board: board.map(viewOf), rawDrafts: drafts, rawBoard: board });
    },
    /** Back to the lists, as they are now. */
    reload(): Promise<boolean> {
      this.setData({ status: 'loading' });
      return this.load();
    },
    communityChanged() {
      void this.reload();
    },
    /** The community stays while a notice is being edited. */
    communityLocked(): boolean {
      return this.data.mode !== 'list';
    },

    open(editor: Editor) {
      this.setData({ mode: 'edit', editor, isLedger: isLedger(editor.kind), totals: totalsOf(editor.entries), formError: '' });
    },
    onNew() {
      this.open(blankEditor());
    },
    onEditDraft(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const draft = this.data.rawDrafts.find((item) => item.id === event.currentTarget.dataset.id);
      if (draft) this.open(editorOf(draft, false));
    },
    /** A correction of a published notice: its next version, starting from what was published. */
    onCorrect(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const published = this.data.rawBoard.find((item) => item.id === event.currentTarget.dataset.id);
      if (published) this.open(editorOf(published, true));
    },
    onBack() {
      void this.reload();
    },

    onKindChange(event: WechatMiniprogram.CustomEvent<{ value: DisclosureKind }>) {
      if (this.data.editor.seriesId) return; // a correction keeps its kind
      const kind = event.detail.value;
      this.setData({ 'editor.kind': kind, isLedger: isLedger(kind), formError: '' });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'title' | 'period' | 'correctionNote' }>) {
      this.setData({ [`editor.${event.currentTarget.dataset.field}`]: event.detail.value, formError: '' });
    },
    onRowField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { list: RowList; index: number; field: string }>) {
      const { list, index, field } = event.currentTarget.dataset;
      this.setData({ [`editor.${list}[${index}].${field}`]: event.detail.value, formError: '' });
      if (list === 'entries') this.setData({ totals: totalsOf(this.data.editor.entries) });
    },
    onAddRow(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { list: RowList }>) {
      const list = event.currentTarget.dataset.list;
      const rows = this.data.editor[list] as unknown[];
      if (rows.length >= COUNTS.rows) {
        wx.showToast({ title: `最多 ${COUNTS.rows} 行`, icon: 'none' });
        return;
      }
      this.setData({ [`editor.${list}`]: [...rows, EMPTY_ROWS[list]()] });
    },
    onRemoveRow(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { list: RowList; index: number }>) {
      const { list, index } = event.currentTarget.dataset;
      const rows = (this.data.editor[list] as unknown[]).filter((_, at) => at !== index);
      this.setData({ [`editor.${list}`]: rows.length > 0 ? rows : [EMPTY_ROWS[list]()] });
      if (list === 'entries') this.setData({ totals: totalsOf(this.data.editor.entries) });
    },

    /** Refuses with a visible sentence, before anything is sent. */
    refuse(message: string) {
      this.setData({ formError: message });
      wx.showToast({ title: message, icon: 'none', duration: 3000 });
    },
    /** Saves the form as a draft; returns the saved draft, or nothing if it was refused. */
    async save(): Promise<Disclosure | undefined> {
      const editor = this.data.editor;
      const built = contentOf(editor);
      if ('error' in built) {
        this.refuse(built.error);
        return undefined;
      }
      try {
        const saved = await call('disclosure.saveDraft', {
          communityId: this.data.communityId,
          ...(editor.draftId ? { draftId: editor.draftId, revision: editor.revision } : editor.correcting ? { correcting: editor.correcting } : {}),
          title: editor.title.trim(),
          period: editor.period.trim(),
          content: built.content,
        });
        this.setData({
          'editor.draftId': saved.id,
          'editor.seriesId': saved.seriesId,
          'editor.revision': saved.revision,
          'editor.version': saved.version,
          'editor.publishable': saved.allowed.includes('publish'),
          formError: '',
        });
        return saved;
      } catch (error) {
        await this.refuseOrReload(error);
        return undefined;
      }
    },
    /** Someone else saved or published this draft meanwhile: show the latest instead of overwriting it. */
    async refuseOrReload(error: unknown) {
      if (!(error instanceof ApiError && error.code === 'CONFLICT')) {
        this.refuse(messageOf(error));
        return;
      }
      wx.showModal({ title: '草稿已被修改', content: '这份草稿刚被其他管理员修改或发布过。已为您载入最新内容，请核对后再修改。', showCancel: false, confirmText: '知道了' });
      const { draftId, seriesId } = this.data.editor;
      await this.reload();
      const latest = this.data.rawDrafts.find((item) => item.id === draftId || (seriesId !== '' && item.seriesId === seriesId));
      if (latest) this.open(editorOf(latest, false));
    },
    async onSaveDraft() {
      if (this.data.saving || this.data.publishing) return;
      this.setData({ saving: true });
      try {
        if (await this.save()) wx.showToast({ title: '草稿已保存', icon: 'success' });
      } finally {
        this.setData({ saving: false });
      }
    },
    async onPublish() {
      if (this.data.saving || this.data.publishing) return;
      const editor = this.data.editor;
      const built = contentOf(editor);
      if ('error' in built) {
        this.refuse(built.error);
        return;
      }
      const note = editor.correctionNote.trim();
      if (editor.version >= 2 && textLength(note) < NOTE_MIN) {
        this.refuse(`这是第 ${editor.version} 版（更正），请写明更正说明：改了什么、为什么改（至少 ${NOTE_MIN} 个字）`);
        return;
      }
      const title = editor.version >= 2 ? `发布第 ${editor.version} 版更正` : '发布公示';
      const content = `发布后业主即可查看“${editor.title.trim()}”。已发布的版本永远不能修改或撤回；如有错误，只能再发布一个带更正说明的新版本，原版本仍可查阅。`;
      if (!(await confirmModal(title, content, '确认发布'))) return;
      this.setData({ publishing: true });
      try {
        const saved = await this.save();
        if (!saved) return;
        const published = await call('disclosure.publish', { id: saved.id, revision: saved.revision, ...(saved.version >= 2 ? { correctionNote: note } : {}) });
        wx.showToast({ title: `已发布第 ${published.version} 版`, icon: 'success' });
        await this.reload();
      } catch (error) {
        await this.refuseOrReload(error);
      } finally {
        this.setData({ publishing: false });
      }
    },
  },
});
