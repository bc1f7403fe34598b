/**
 * The disclosure editor's form: rows as typed (money as text, so nothing is rounded while typing),
 * checked the way the cloud will check them and turned into a notice's content; notices as the
 * lists show them.
 */
import type { DisclosureAction } from '../../../../../typings/actions';
import type { Disclosure, DisclosureContent, DisclosureKind, FeeCategory, FeeItem, FeeUnit, LedgerEntry, ServiceStandardItem } from '../../../../../typings/disclosure';
import { DISCLOSURE_KIND_LABELS, FEE_CATEGORY_LABELS, FEE_UNIT_LABELS } from '../../../../shared/labels';
import { LIMITS, fitsText } from '../../../../shared/limits';
import { parseYuan, unitPrice, yuan } from '../../../../shared/money';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';

interface Option<T extends string> {
  label: string;
  value: T;
}

export const KIND_OPTIONS = Object.entries(DISCLOSURE_KIND_LABELS).map(([value, label]) => ({ label, value: value as DisclosureKind }));
export const CATEGORY_OPTIONS = Object.entries(FEE_CATEGORY_LABELS).map(([value, labels]) => ({ label: labels.short, value: value as FeeCategory }));
export const UNIT_OPTIONS = Object.entries(FEE_UNIT_LABELS).map(([value, labels]) => ({ label: `元/${labels.per}`, value: value as FeeUnit }));
export const DIRECTION_OPTIONS: Option<LedgerEntry['direction']>[] = [
  { label: '收入', value: 'income' },
  { label: '支出', value: 'expense' },
];

const [TITLE_MIN, TITLE_MAX] = LIMITS.disclosure.title;
const [PERIOD_MIN, PERIOD_MAX] = LIMITS.disclosure.period;

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
  /** A paid service's repair item code (the catalogue's price comes from this row), and its urgency. */
  code: string;
  urgency: 'urgent' | 'routine';
}
interface EntryRow {
  date: string;
  direction: LedgerEntry['direction'];
  category: string;
  amount: string;
  note: string;
}

export interface Editor {
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
  /** Not saved yet (publishing saves it first), or a draft the server lets the caller publish. */
  publishable: boolean;
}

export interface Totals {
  income: string;
  expense: string;
  balance: string;
}

/** A notice as the lists show it. */
export interface NoticeView {
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
  can: Partial<Record<DisclosureAction, boolean>>;
}

export const emptyService = (): ServiceRow => ({ item: '', standard: '' });
export const emptyFee = (): FeeRow => ({ name: '', category: 'property', price: '', unit: 'm2-month', basis: '', note: '', code: '', urgency: 'routine' });
export const emptyEntry = (): EntryRow => ({ date: '', direction: 'income', category: '', amount: '', note: '' });

export function blankEditor(): Editor {
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
    publishable: true,
  };
}

export function isLedger(kind: DisclosureKind): kind is 'common-income' | 'fund-statement' {
  return kind === 'common-income' || kind === 'fund-statement';
}

/** The form for a saved draft, or for the next version of a published notice. */
export function editorOf(disclosure: Disclosure, asCorrection: boolean): Editor {
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
    editor.publishable = disclosure.allowed.includes('publish');
  }
  const content = disclosure.content;
  if (content.kind === 'service-standard') editor.services = content.items.map((item) => ({ item: item.item, standard: item.standard }));
  else if (content.kind === 'fee-standard')
    editor.fees = content.items.map((item) => ({
      name: item.name,
      category: item.category,
      price: yuan(item.priceFen),
      unit: item.unit,
      basis: item.basis,
      note: item.note,
      code: item.code ?? '',
      urgency: item.urgency ?? 'routine',
    }));
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
export function totalsOf(entries: EntryRow[]): Totals {
  let income = 0;
  let expense = 0;
  for (const entry of entries) {
    const parsed = parseYuan(entry.amount);
    if (!('fen' in parsed)) continue;
    if (entry.direction === 'income') income += parsed.fen;
    else expense += parsed.fen;
  }
  return { income: yuan(income), expense: yuan(expense), balance: yuan(income - expense) };
}

function isDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Checks the form the way the server will, and builds the content; the first problem is returned as a sentence. */
export function contentOf(editor: Editor): { content: DisclosureContent } | { error: string } {
  const title = editor.title.trim();
  if (!fitsText(title, LIMITS.disclosure.title)) return { error: `标题为 ${TITLE_MIN}–${TITLE_MAX} 个字` };
  const period = editor.period.trim();
  if (!fitsText(period, LIMITS.disclosure.period)) return { error: `请填写公示期间（${PERIOD_MIN}–${PERIOD_MAX} 个字），如 2026年第三季度` };
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
      const code = row.category === 'paid-service' ? row.code.trim() : '';
      if (code && !/^[a-z][a-z0-9-]{1,29}$/.test(code)) return { error: `${name}：维修项目代码为 2–30 位小写字母、数字或 -` };
      items.push({ name, category: row.category, priceFen: price.fen, unit: row.unit, basis: row.basis.trim(), note: row.note.trim(), ...(code ? { code, urgency: row.urgency } : {}) });
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
  if (content.kind === 'fee-standard') return content.items.map((item) => `${item.name} ${unitPrice(item.priceFen, FEE_UNIT_LABELS[item.unit].per)}`).join('；');
  return `${content.entries.length} 笔收支`;
}

export function viewOf(disclosure: Disclosure): NoticeView {
  const totals = disclosure.totals
    ? { income: yuan(disclosure.totals.incomeFen), expense: yuan(disclosure.totals.expenseFen), balance: yuan(disclosure.totals.balanceFen) }
    : null;
  return {
    id: disclosure.id,
    seriesId: disclosure.seriesId,
    title: disclosure.title,
    kindLabel: DISCLOSURE_KIND_LABELS[disclosure.content.kind],
    period: disclosure.period,
    version: disclosure.version,
    summary: summaryOf(disclosure),
    when: chinaMinute(disclosure.publishedAt ?? disclosure.updatedAt),
    totals,
    correctionNote: disclosure.correctionNote ?? '',
    can: canOf(disclosure.allowed),
  };
}
