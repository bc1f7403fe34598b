/// <reference lib="dom" />
/**
 * `picker`: a tap opens WeChat's bottom chooser inside the phone (取消 / 确定 over one column per
 * part: the range, each range of a multiSelector, year-month-day, hour-minute), limited by
 * `start` / `end`; 确定 raises `change` with WeChat's value (an index, indices, 'YYYY-MM-DD',
 * 'HH:mm'), 取消 or a tap beside the sheet raises `cancel`; a multiSelector raises
 * `columnchange` as each column moves and redraws when the page then changes `range`.
 */
import * as phone from '../phone';
import { bool, el, num, str, type NativeController, type NativeDefinition, type NativeElement } from './host';

interface Column {
  labels: string[];
  /** What each row stands for (an index into the range, a year, a minute …). */
  values: number[];
}

const pad = (n: number): string => String(n).padStart(2, '0');
const daysIn = (year: number, month: number): number => new Date(year, month, 0).getDate();
const span = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);

/** 'YYYY-MM-DD' / 'HH:mm' as numbers; missing or malformed parts take the fallback's. */
function parseParts(text: string, fallback: number[]): number[] {
  const parts = text.split(/[-:]/);
  return fallback.map((value, i) => (parts[i] && Number.isFinite(Number(parts[i])) ? Number(parts[i]) : value));
}

const compare = (a: number[], b: number[]): number => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
};

/** One mode of the picker: its columns for the values chosen so far, and what `change` reports. */
interface Model {
  columns(chosen: number[]): Column[];
  initial(): number[];
  result(chosen: number[]): unknown;
}

function labelOf(item: unknown, key: string): string {
  if (item && typeof item === 'object' && key) return str((item as Record<string, unknown>)[key]);
  return str(item);
}

function modelFor(props: Record<string, unknown>): Model {
  const mode = str(props.mode, 'selector');
  const key = str(props.rangeKey);
  const range = Array.isArray(props.range) ? (props.range as unknown[]) : [];
  if (mode === 'multiSelector') {
    const lists = range.map((list) => (Array.isArray(list) ? (list as unknown[]) : []));
    const value = Array.isArray(props.value) ? (props.value as unknown[]) : [];
    return {
      columns: () => lists.map((list) => ({ labels: list.map((item) => labelOf(item, key)), values: list.map((_, i) => i) })),
      initial: () => lists.map((list, i) => Math.min(Math.max(0, num(value[i], 0)), Math.max(0, list.length - 1))),
      result: (chosen) => chosen,
    };
  }
  if (mode === 'date') {
    const fields = str(props.fields, 'day');
    const count = fields === 'year' ? 1 : fields === 'month' ? 2 : 3;
    const start = parseParts(str(props.start), [1900, 1, 1]);
    const end = parseParts(str(props.end), [2100, 12, 31]);
    const today = new Date();
    return {
      columns([year = start[0], month = 1]) {
        const years = span(start[0], end[0]);
        const months = span(year === start[0] ? start[1] : 1, year === end[0] ? end[1] : 12);
        const days = span(year === start[0] && month === start[1] ? start[2] : 1, year === end[0] && month === end[1] ? end[2] : daysIn(year, month));
        return [
          { labels: years.map((y) => `${y}年`), values: years },
          { labels: months.map((m) => `${pad(m)}月`), values: months },
          { labels: days.map((d) => `${pad(d)}日`), values: days },
        ].slice(0, count);
      },
      initial() {
        let chosen = parseParts(str(props.value), [today.getFullYear(), today.getMonth() + 1, today.getDate()]);
        if (compare(chosen, start) < 0) chosen = start;
        if (compare(chosen, end) > 0) chosen = end;
        return chosen.slice(0, count);
      },
      result: (chosen) => [String(chosen[0]), ...chosen.slice(1).map(pad)].join('-'),
    };
  }
  if (mode === 'time') {
    const start = parseParts(str(props.start), [0, 0]);
    const end = parseParts(str(props.end), [23, 59]);
    const now = new Date();
    return {
      columns([hour = start[0]]) {
        const hours = span(start[0], end[0]);
        const minutes = span(hour === start[0] ? start[1] : 0, hour === end[0] ? end[1] : 59);
        return [
          { labels: hours.map(pad), values: hours },
          { labels: minutes.map(pad), values: minutes },
        ];
      },
      initial() {
        let chosen = parseParts(str(props.value), [now.getHours(), now.getMinutes()]);
        if (compare(chosen, start) < 0) chosen = start;
        if (compare(chosen, end) > 0) chosen = end;
        return chosen;
      },
      result: (chosen) => chosen.map(pad).join(':'),
    };
  }
  // selector (and region, which the app does not use, falls back to a plain list)
  return {
    columns: () => [{ labels: range.map((item) => labelOf(item, key)), values: range.map((_, i) => i) }],
    initial: () => [Math.min(Math.max(0, num(props.value, 0)), Math.max(0, range.length - 1))],
    result: (chosen) => chosen[0] ?? 0,
  };
}

/** Keeps each chosen value valid for its (possibly narrowed) column. */
function settle(model: Model, wanted: number[]): { columns: Column[]; chosen: number[] } {
  const chosen = [...wanted];
  let columns = model.columns(chosen);
  for (let i = 0; i < columns.length; i++) {
    const values = columns[i].values;
    if (values.length && !values.includes(chosen[i])) {
      chosen[i] = values[0] > chosen[i] ? values[0] : values[values.length - 1];
      columns = model.columns(chosen);
    }
  }
  return { columns, chosen: chosen.slice(0, columns.length) };
}

class Chooser {
  private readonly layer: HTMLElement;
  private readonly columnsBox: HTMLElement;
  private model: Model;
  private chosen: number[];

  constructor(
    private readonly element: NativeElement,
    private readonly done: () => void,
  ) {
    this.model = modelFor(element.props);
    this.chosen = this.model.initial();
    this.layer = document.createElement('div');
    this.layer.className = 'preview-overlay preview-overlay--picker preview-native-picker-layer';
    this.layer.dataset.dialog = 'picker';
    const sheet = el('div', 'picker');
    sheet.classList.add('sheet');
    const bar = el('div', 'picker-bar');
    const cancel = el('button', 'picker-cancel', '取消');
    const confirm = el('button', 'picker-confirm', '确定');
    bar.append(cancel, el('div', 'picker-title', str(element.props.headerText)), confirm);
    this.columnsBox = el('div', 'picker-columns');
    sheet.append(bar, this.columnsBox);
    this.layer.appendChild(sheet);
    cancel.onclick = () => this.close(false);
    confirm.onclick = () => this.close(true);
    this.layer.onclick = (event) => event.target === this.layer && this.close(false);
    phone.screen().appendChild(this.layer);
    this.draw(true);
  }

  /** The page changed the picker's properties while it is open (a multiSelector's next column). */
  refresh(): void {
    this.model = modelFor(this.element.props);
    this.draw(false);
  }

  private draw(center: boolean): void {
    const { columns, chosen } = settle(this.model, this.chosen);
    this.chosen = chosen;
    const scrolls = Array.from(this.columnsBox.children).map((column) => column.scrollTop);
    this.columnsBox.replaceChildren();
    columns.forEach((column, index) => {
      const box = el('div', 'picker-column');
      column.labels.forEach((text, row) => {
        const item = el('div', 'picker-row', text);
        if (column.values[row] === chosen[index]) item.classList.add('preview-native-picker-row--chosen');
        item.onclick = () => this.choose(index, column.values[row], row);
        box.appendChild(item);
      });
      this.columnsBox.appendChild(box);
      const selected = box.querySelector<HTMLElement>('.preview-native-picker-row--chosen');
      if (center && selected) box.scrollTop = selected.offsetTop - box.clientHeight / 2 + selected.offsetHeight / 2;
      else box.scrollTop = scrolls[index] ?? 0;
    });
  }

  private choose(column: number, value: number, row: number): void {
    this.chosen[column] = value;
    this.draw(false);
    if (str(this.element.props.mode) === 'multiSelector') this.element.raise('columnchange', { column, value: row });
  }

  close(confirmed: boolean): void {
    this.layer.remove();
    this.done();
    if (confirmed) this.element.raise('change', { value: this.model.result(this.chosen) });
    else this.element.raise('cancel', {});
  }

  dismiss(): void {
    this.layer.remove();
  }
}

export const picker: NativeDefinition = {
  properties: {
    mode: { type: String, value: 'selector' },
    range: { type: Array, value: [] },
    rangeKey: { type: String, value: '' },
    value: { type: null, value: '' },
    start: { type: String, value: '' },
    end: { type: String, value: '' },
    fields: { type: String, value: 'day' },
    disabled: { type: Boolean, value: false },
    headerText: { type: String, value: '' },
    name: { type: String, value: '' },
  },
  create(element): NativeController {
    let open: Chooser | undefined;
    return {
      update() {
        open?.refresh();
      },
      activate() {
        if (open || bool(element.props.disabled)) return;
        open = new Chooser(element, () => (open = undefined));
      },
      formValue: () => {
        const model = modelFor(element.props);
        return str(element.props.value) === '' && str(element.props.mode, 'selector') === 'selector' ? '' : model.result(model.initial());
      },
      detach() {
        open?.dismiss();
        open = undefined;
      },
    };
  },
};
