import type { HolidayYear, YearSource } from '../../../../../typings/calendar';
import { loadable } from '../../../../behaviors/loadable';
import { call, showError } from '../../../../services/api';
import { SCHEDULE_LIMITS, dateRanges, dayLabel, parseDateList, rangeLabel } from '../../../../shared/holidays';
import { YEAR_SOURCE_LABELS } from '../../../../shared/labels';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';

interface YearCard {
  year: number;
  version: number;
  sourceLabel: string;
  sourceHint: string;
  sourceTheme: 'success' | 'primary' | 'warning';
  entered: boolean;
  holidays: string[];
  workdays: string;
  /** What was entered, one date per line, for a correction to start from. */
  enteredText: { holidays: string; workdays: string };
  statutory: string[];
  note: string;
  updated: string;
  can: { editYear?: boolean };
}

const SOURCE_THEMES: Record<YearSource, YearCard['sourceTheme']> = { table: 'success', library: 'primary', statutory: 'warning' };

function yearCard(year: HolidayYear): YearCard {
  const source = YEAR_SOURCE_LABELS[year.source];
  return {
    year: year.year,
    version: year.version,
    sourceLabel: source.label,
    sourceHint: source.hint,
    sourceTheme: SOURCE_THEMES[year.source],
    entered: year.source === 'table',
    holidays: dateRanges(year.holidays).map(rangeLabel),
    workdays: year.workdays.map(dayLabel).join('、'),
    enteredText: year.source === 'table' ? { holidays: year.holidays.join('\n'), workdays: year.workdays.join('\n') } : { holidays: '', workdays: '' },
    statutory: year.statutory.map((day) => `${day.name} ${dayLabel(day.date)}`),
    note: year.note,
    updated: year.updatedAt ? `${year.updatedByName} 于 ${chinaMinute(year.updatedAt)} 录入` : '',
    can: canOf(year.allowed),
  };
}

/** The dates a field names, or why they cannot be read. */
function readField(text: string, year: number): { dates: string[]; summary: string; error: string } {
  if (!text.trim()) return { dates: [], summary: '', error: '' };
  const parsed = parseDateList(text, year);
  if ('error' in parsed) return { dates: [], summary: '', error: parsed.error };
  if (parsed.dates.length === 0) return { dates: [], summary: '', error: '没有读到日期，请按“2月5日至11日”或“2027-02-05”的格式填写' };
  return { dates: parsed.dates, summary: `共 ${parsed.dates.length} 天：${dateRanges(parsed.dates).map(rangeLabel).join('；')}`, error: '' };
}

/**
 * 节假日安排: where each year's working days come from, and, for the company's admins, entering the
 * State Council's schedule for a year. Deadlines are set when a ticket is received, so an entry
 * changes only tickets received afterwards.
 */
Component({
  behaviors: [loadable],
  data: {
    warning: '',
    years: [] as YearCard[],
    editing: 0,
    editingVersion: 0,
    holidaysText: '',
    workdaysText: '',
    note: '',
    holidays: { dates: [] as string[], summary: '', error: '' },
    workdays: { dates: [] as string[], summary: '', error: '' },
    noteMax: SCHEDULE_LIMITS.note,
    saving: false,
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async fetch() {
      const overview = await call('calendar.overview', {});
      this.setData({ warning: overview.warning, years: overview.years.map(yearCard) });
    },
    onEdit(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { year: number }>) {
      const card = this.data.years.find((item) => item.year === Number(event.currentTarget.dataset.year));
      if (!card) return;
      const { holidays, workdays } = card.enteredText;
      this.setData({ editing: card.year, editingVersion: card.version, holidaysText: holidays, workdaysText: workdays, note: card.note });
      this.reread();
    },
    onSheetVisibleChange(event: WechatMiniprogram.CustomEvent<{ visible: boolean }>) {
      if (!event.detail.visible && !this.data.saving) this.setData({ editing: 0 });
    },
    onCancel() {
      if (!this.data.saving) this.setData({ editing: 0 });
    },
    onField(event: WechatMiniprogram.CustomEvent<{ value: string }, Record<string, never>, { field: 'holidaysText' | 'workdaysText' | 'note' }>) {
      this.setData({ [event.currentTarget.dataset.field]: event.detail.value });
      this.reread();
    },
    reread() {
      const year = this.data.editing;
      this.setData({ holidays: readField(this.data.holidaysText, year), workdays: readField(this.data.workdaysText, year) });
    },
    async onSave() {
      const { editing: year, holidays, workdays, note, editingVersion, saving } = this.data;
      if (saving) return;
      if (holidays.error || workdays.error) {
        wx.showToast({ title: holidays.error || workdays.error, icon: 'none', duration: 3000 });
        return;
      }
      if (holidays.dates.length === 0) {
        wx.showToast({ title: '请填写放假日期', icon: 'none' });
        return;
      }
      if (note.trim().length < 2) {
        wx.showToast({ title: '请填写依据，如国务院办公厅通知的文号', icon: 'none' });
        return;
      }
      const content = `放假 ${holidays.dates.length} 天，调休上班 ${workdays.dates.length} 天。保存后，之后登记的工单按此安排计算期限；已设定的期限不会改变。`;
      if (!(await confirmModal(`保存 ${year} 年节假日安排`, content, '保存'))) return;
      this.setData({ saving: true });
      try {
        await call('calendar.saveYear', { year, holidays: holidays.dates, workdays: workdays.dates, note: note.trim(), version: editingVersion });
        this.setData({ editing: 0 });
        wx.showToast({ title: `${year} 年安排已保存`, icon: 'success' });
        await this.load();
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ saving: false });
      }
    },
  },
});
