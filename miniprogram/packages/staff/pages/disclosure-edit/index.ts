import type { Disclosure, DisclosureContent, DisclosureKind, FeeCategory, FeeItem, FeeUnit, LedgerEntry, ServiceStandardItem } from '../../../../../typings/disclosure';
import { ApiError, call, messageOf } from '../../../../services/api';
import { formatDateTime } from '../../../../utils/time';
import { yuan } from '../../../../pages/ticket/format';
import { initialCommunity, loadScope, type CommunityOption } from '../scope';

type Status = 'loading' | 'ready' | 'error';
type Mode = 'list' | 'edit';

interface Option<T extends string> {
  label: string;
  value: T;
}

const KIND_OPTIONS: Option<DisclosureKind>[] = [
  { label: '服务标准', value: 'service-standard' },
  { label: '收费标准', value: 'fee-standard' },
  { label: '共有部分经营收益收支', value: 'common-income' },
  { label: '酬金制资金收支', value: 'fund-statement' },
];
const CATEGORY_OPTIONS: Option<FeeCategory>[] = [
  { label: '物业费', value: 'property' },
  { label: '车位费', value: 'parking' },
  { label: '有偿服务', value: 'paid-service' },
];
const UNIT_OPTIONS: Option<FeeUnit>[] = [
  { label: '元/㎡·月', value: 'm2-month' },
  { label: '元/月', value: 'month' },
  { label: '元/次', value: 'time' },
  { label: '元/个·月', value: 'space-month' },
];
const DIRECTION_OPTIONS: Option<LedgerEntry['direction']>[] = [
  { label: '收入', value: 'income' },
  { label: '支出', value: 'expense' },
];

const labelOf = <T extends string>(options: Option<T>[], value: T): string => options.find((option) => option.value === value)?.label ?? value;

const TITLE_MAX = 60;
const PERIOD_MAX = 30;
const NOTE_MIN = 4;
const MAX_ROWS = 100;
/** Nine digits of yuan keeps every sum of fen far inside the exact integer range. */
const MAX_YUAN_DIGITS = 9;

/**
 * Yuan typed as text to integer fen by string handling only (no floating point): `12.5` → 1250,
 * `0.05` → 5. More than two decimals, signs, or anything but digits and one point is refused.
 */
export function parseYuan(text: string): { fen: number } | { error: string } {
  const trimmed = text.trim().replace(/^¥/, '').replace(/,/g, '');
  if (!trimmed) return { error: '请填写金额' };
  const match = /^(\d*)(?:\.(\d*))?$/.exec(trimmed);
  if (!match || (match[1] === '' && (match[2] ?? '') === '')) return { error: `“${text}”不是有效的金额，如 2.50` };
  const whole = match[1].replace(/^0+(?=\d)/, '');
  const decimals = match[2] ?? '';
  if (decimals.length > 2) return { error: `金额最多两位小数（到分）：${text}` };
  if (whole.length > MAX_YUAN_DIGITS) return { error: `金额过大：${text}` };
  const fen = Number(whole || '0') * 100 + Number(decimals.padEnd(2, '0'));
  return { fen };
}

/** Fen with a sign, for balances that may be negative: `-150` → `-1.50`. */
function signedYuan(fen: number): string {
  return fen < 0 ? `-${yuan(-fen)}` : yuan(fen);
}

/** A row as the form holds it: money as the text typed, so nothing is rounded while typing. */
interface ServiceRow {
  item: string;
  standard: string;
}
interface FeeRow {
  name: string;
  category: FeeCategory;
  price: string;
  unit: FeeUnit;
  basis: string;
  note: string;
}
interface EntryRow {
  date: string;
  direction: LedgerEntry['direction'];
  category: string;
  amount: string;
  note: string;
}

interface Editor {
  draftId: string;
  seriesId: string;
  /** The published version a new correction draft is the next version of. */
  correcting: string;
  revision: number;
  /** The version this notice will have once published. */
  version: number;
  kind: DisclosureKind;
  title: string;
  period: string;
  services: ServiceRow[];
  fees: FeeRow[];
  entries: EntryRow[];
  correctionNote: string;
}

interface Totals {
  income: string;
  expense: string;
  balance: string;
}

/** A notice as the lists show it. */
interface NoticeView {
  id: string;
  seriesId: string;
  title: string;
  kindLabel: string;
  period: string;
  version: number;
  summary: string;
  when: string;
  totals: Totals | null;
  correctionNote: string;
}

const emptyService = (): ServiceRow => ({ item: '', standard: '' });
const emptyFee = (): FeeRow => ({ name: '', category: 'property', price: '', unit: 'm2-month', basis: '', note: '' });
const emptyEntry = (): EntryRow => ({ date: '', direction: 'income', category: '', amount: '', note: '' });

function blankEditor(): Editor {
  return {
    draftId: '',
    seriesId: '',
    correcting: '',
    revision: 0,
    version: 1,
    kind: 'service-standard',
    title: '',
    period: '',
    services: [emptyService()],
    fees: [emptyFee()],
    entries: [emptyEntry()],
    correctionNote: '',
  };
}

function isLedger(kind: DisclosureKind): kind is 'common-income' | 'fund-statement' {
  return kind === 'common-income' || kind === 'fund-statement';
}

/** The form for a saved draft, or for the next version of a published notice. */
function editorOf(disclosure: Disclosure, asCorrection: boolean): Editor {
  const editor = blankEditor();
  editor.kind = disclosure.content.kind;
  editor.title = disclosure.title;
  editor.period = disclosure.period;
  editor.seriesId = disclosure.seriesId;
  if (asCorrection) {
    editor.correcting = disclosure.id;
    editor.version = disclosure.version + 1;
  } else {
    editor.draftId = disclosure.id;
    editor.revision = disclosure.revision;
    editor.version = disclosure.version;
    editor.correctionNote = disclosure.correctionNote ?? '';
  }
  const content = disclosure.content;
  if (content.kind === 'service-standard') editor.services = content.items.map((item) => ({ item: item.item, standard: item.standard }));
  else if (content.kind === 'fee-standard')
    editor.fees = content.items.map((item) => ({ name: item.name, category: item.category, price: yuan(item.priceFen), unit: item.unit, basis: item.basis, note: item.note }));
  else
    editor.entries = content.entries.map((entry) => ({
      date: entry.date,
      direction: entry.direction,
      category: entry.category,
      amount: yuan(entry.amountFen),
      note: entry.note,
    }));
  return editor;
}

/** Client-side totals, for display while typing; rows whose amount is not valid yet count as nothing. */
function totalsOf(entries: EntryRow[]): Totals {
  let income = 0;
  let expense = 0;
  for (const entry of entries) {
    const parsed = parseYuan(entry.amount);
    if (!('fen' in parsed)) continue;
    if (entry.direction === 'income') income += parsed.fen;
    else expense += parsed.fen;
  }
  return { income: yuan(income), expense: yuan(expense), balance: signedYuan(income - expense) };
}

function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Checks the form the way the server will, and builds the content; the first problem is returned as a sentence. */
function contentOf(editor: Editor): { content: DisclosureContent } | { error: string } {
  const title = editor.title.trim();
  if (title.length < 2 || title.length > TITLE_MAX) return { error: `标题为 2–${TITLE_MAX} 个字` };
  const period = editor.period.trim();
  if (period.length < 2 || period.length > PERIOD_MAX) return { error: '请填写公示期间（2–30 个字），如 2026年第三季度' };
  if (editor.kind === 'service-standard') {
    const rows = editor.services.filter((row) => row.item.trim() || row.standard.trim());
    if (rows.length === 0) return { error: '请至少填写一项服务标准' };
    const items: ServiceStandardItem[] = [];
    for (const [index, row] of rows.entries()) {
      if (!row.item.trim() || !row.standard.trim()) return { error: `第 ${index + 1} 项：请填写项目和标准` };
      items.push({ item: row.item.trim(), standard: row.standard.trim() });
    }
    return { content: { kind: 'service-standard', items } };
  }
  if (editor.kind === 'fee-standard') {
    const rows = editor.fees.filter((row) => row.name.trim() || row.price.trim() || row.basis.trim() || row.note.trim());
    if (rows.length === 0) return { error: '请至少填写一项收费' };
    const items: FeeItem[] = [];
    const names = new Set<string>();
    for (const [index, row] of rows.entries()) {
      const name = row.name.trim();
      if (!name) return { error: `第 ${index + 1} 项：请填写收费名称` };
      if (names.has(name)) return { error: `收费名称“${name}”重复了` };
      names.add(name);
      const price = parseYuan(row.price);
      if ('error' in price) return { error: `${name}的单价：${price.error}` };
      if (row.basis.trim().length < 2) return { error: `${name}：请填写收费依据（如 政府指导价文件、物业服务合同）` };
      items.push({ name, category: row.category, priceFen: price.fen, unit: row.unit, basis: row.basis.trim(), note: row.note.trim() });
    }
    return { content: { kind: 'fee-standard', items } };
  }
  const rows = editor.entries.filter((row) => row.date.trim() || row.category.trim() || row.amount.trim() || row.note.trim());
  if (rows.length === 0) return { error: '请至少填写一笔收支' };
  const entries: LedgerEntry[] = [];
  for (const [index, row] of rows.entries()) {
    const label = `第 ${index + 1} 笔`;
    if (!isDate(row.date.trim())) return { error: `${label}：日期请写成 2026-07-15` };
    if (!row.category.trim()) return { error: `${label}：请填写类别` };
    const amount = parseYuan(row.amount);
    if ('error' in amount) return { error: `${label}的金额：${amount.error}` };
    if (amount.fen === 0) return { error: `${label}：金额须大于 0` };
    entries.push({ date: row.date.trim(), direction: row.direction, category: row.category.trim(), amountFen: amount.fen, note: row.note.trim() });
  }
  return { content: editor.kind === 'common-income' ? { kind: 'common-income', entries } : { kind: 'fund-statement', entries } };
}

function summaryOf(disclosure: Disclosure): string {
  const content = disclosure.content;
  if (content.kind === 'service-standard') return `${content.items.length} 项服务标准`;
  if (content.kind === 'fee-standard') return content.items.map((item) => `${item.name} ¥${yuan(item.priceFen)}${labelOf(UNIT_OPTIONS, item.unit).slice(1)}`).join('；');
  return `${content.entries.length} 笔收支`;
}

function viewOf(disclosure: Disclosure): NoticeView {
  const totals = disclosure.totals
    ? { income: yuan(disclosure.totals.incomeFen), expense: yuan(disclosure.totals.expenseFen), balance: signedYuan(disclosure.totals.balanceFen) }
    : null;
  return {
    id: disclosure.id,
    seriesId: disclosure.seriesId,
    title: disclosure.title,
    kindLabel: labelOf(KIND_OPTIONS, disclosure.content.kind),
    period: disclosure.period,
    version: disclosure.version,
    summary: summaryOf(disclosure),
    when: formatDateTime(disclosure.publishedAt ?? disclosure.updatedAt),
    totals,
    correctionNote: disclosure.correctionNote ?? '',
  };
}

type RowList = 'services' | 'fees' | 'entries';

/**
 * Admins keep the disclosure board (物业服务双晒, seed 000 (五)(六)): drafts of service standards, fee
 * standards and income statements, publishing (a published version never changes) and
 * corrections as the next version with a note saying what changed and why.
 */
Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    communities: [] as CommunityOption[],
    communityId: '',
    communityName: '',
    pickerVisible: false,
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
    unitOptions: UNIT_OPTIONS,
    directionOptions: DIRECTION_OPTIONS,
    titleMax: TITLE_MAX,
    /** A refusal kept on screen (a toast disappears). */
    formError: '',
    saving: false,
    publishing: false,
  },
  methods: {
    onLoad(query: Record<string, string | undefined> = {}) {
      this.start(query.communityId);
    },
    onRetry() {
      this.start(this.data.communityId || undefined);
    },
    async start(requested: string | undefined) {
      this.setData({ status: 'loading', errorMessage: '' });
      try {
        const { communities } = await loadScope(['admin']);
        const community = initialCommunity(communities, requested);
        if (!community) {
          this.setData({ status: 'error', errorMessage: '只有管理员可以编辑和发布信息公示。业主和员工可以在首页的“信息公示”查看已发布的内容。' });
          return;
        }
        this.setData({ communities, communityId: community.value, communityName: community.label });
        await this.reload();
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    /** Drafts and the published board of the chosen community. */
    async reload() {
      this.setData({ status: 'loading', mode: 'list', formError: '' });
      try {
        const communityId = this.data.communityId;
        const [drafts, board] = await Promise.all([call('disclosure.drafts', { communityId }), call('disclosure.board', { communityId })]);
        this.setData({ status: 'ready', drafts: drafts.map(viewOf), board: board.map(viewOf), rawDrafts: drafts, rawBoard: board });
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    onOpenPicker() {
      if (this.data.communities.length > 1 && this.data.mode === 'list') this.setData({ pickerVisible: true });
    },
    onPickerCancel() {
      this.setData({ pickerVisible: false });
    },
    onPickCommunity(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ pickerVisible: false });
      const community = this.data.communities.find((item) => item.value === event.detail.value[0]);
      if (!community) return;
      this.setData({ communityId: community.value, communityName: community.label });
      this.reload();
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
    /** A correction of a published notice: its next version, starting from what was published (or the draft already begun). */
    onCorrect(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const published = this.data.rawBoard.find((item) => item.id === event.currentTarget.dataset.id);
      if (!published) return;
      const begun = this.data.rawDrafts.find((item) => item.seriesId === published.seriesId);
      if (begun) {
        wx.showToast({ title: '这条公示已有未发布的更正草稿，已为您打开', icon: 'none' });
        this.open(editorOf(begun, false));
        return;
      }
      this.open(editorOf(published, true));
    },
    onBack() {
      this.reload();
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
      if (rows.length >= MAX_ROWS) {
        wx.showToast({ title: `最多 ${MAX_ROWS} 行`, icon: 'none' });
        return;
      }
      const row = list === 'services' ? emptyService() : list === 'fees' ? emptyFee() : emptyEntry();
      this.setData({ [`editor.${list}`]: [...rows, row] });
    },
    onRemoveRow(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { list: RowList; index: number }>) {
      const { list, index } = event.currentTarget.dataset;
      const rows = (this.data.editor[list] as unknown[]).filter((_, at) => at !== index);
      const kept = rows.length > 0 ? rows : [list === 'services' ? emptyService() : list === 'fees' ? emptyFee() : emptyEntry()];
      this.setData({ [`editor.${list}`]: kept });
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
          formError: '',
        });
        return saved;
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') await this.reloadAfterConflict();
        else this.refuse(messageOf(error));
        return undefined;
      }
    },
    /** Someone else saved or published this draft meanwhile: show the latest instead of overwriting it. */
    async reloadAfterConflict() {
      wx.showModal({
        title: '草稿已被修改',
        content: '这份草稿刚被其他管理员修改或发布过。已为您载入最新内容，请核对后再修改。',
        showCancel: false,
        confirmText: '知道了',
      });
      const { draftId, seriesId } = this.data.editor;
      await this.reload();
      const latest = this.data.rawDrafts.find((item) => item.id === draftId || (seriesId !== '' && item.seriesId === seriesId));
      if (latest) this.open(editorOf(latest, false));
    },
    async onSaveDraft() {
      if (this.data.saving || this.data.publishing) return;
      this.setData({ saving: true });
      try {
        const saved = await this.save();
        if (saved) wx.showToast({ title: '草稿已保存', icon: 'success' });
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
      if (editor.version >= 2 && note.length < NOTE_MIN) {
        this.refuse(`这是第 ${editor.version} 版（更正），请写明更正说明：改了什么、为什么改（至少 ${NOTE_MIN} 个字）`);
        return;
      }
      const confirmed = await new Promise<boolean>((resolve) =>
        wx.showModal({
          title: editor.version >= 2 ? `发布第 ${editor.version} 版更正` : '发布公示',
          content: `发布后业主即可查看“${editor.title.trim()}”。已发布的版本永远不能修改或撤回；如有错误，只能再发布一个带更正说明的新版本，原版本仍可查阅。`,
          confirmText: '确认发布',
          success: (result) => resolve(result.confirm),
          fail: () => resolve(false),
        }),
      );
      if (!confirmed) return;
      this.setData({ publishing: true });
      try {
        const saved = await this.save();
        if (!saved) return;
        const published = await call('disclosure.publish', { id: saved.id, revision: saved.revision, ...(saved.version >= 2 ? { correctionNote: note } : {}) });
        wx.showToast({ title: `已发布第 ${published.version} 版`, icon: 'success' });
        await this.reload();
      } catch (error) {
        if (error instanceof ApiError && error.code === 'CONFLICT') await this.reloadAfterConflict();
        else this.refuse(messageOf(error));
      } finally {
        this.setData({ publishing: false });
      }
    },
  },
});
