import { COLORS, type Pdf } from './pdf';

/**
 * The report's charts, drawn as vector shapes so they stay sharp when printed: horizontal bars
 * (a figure against its target, counts by category), a donut (satisfaction) and lines (the trend).
 */

export interface Bar {
  label: string;
  /** 0–`max`; null draws an empty track with 暂无. */
  value: number | null;
  valueText: string;
  color?: string;
  /** A marker across the bar (the standard's target). */
  target?: number;
}

const LABEL_WIDTH = 150;
const VALUE_WIDTH = 80;

/** Horizontal bars from (x, y), `width` wide; returns the y below them. */
export function bars(pdf: Pdf, x: number, y: number, width: number, items: Bar[], max: number): number {
  const { doc } = pdf;
  const track = width - LABEL_WIDTH - VALUE_WIDTH;
  const row = 20;
  items.forEach((item, index) => {
    const top = y + index * row;
    doc.fontSize(9).fillColor(COLORS.text);
    pdf.write(item.label, x, top + 3, { width: LABEL_WIDTH - 8, lineBreak: false, ellipsis: true });
    doc.rect(x + LABEL_WIDTH, top + 4, track, 10).fill(COLORS.rule);
    if (item.value !== null && max > 0) {
      const length = Math.max(1, (Math.min(item.value, max) / max) * track);
      doc.rect(x + LABEL_WIDTH, top + 4, length, 10).fill(item.color ?? COLORS.brand);
    }
    if (item.target !== undefined && max > 0) {
      const at = x + LABEL_WIDTH + (Math.min(item.target, max) / max) * track;
      doc.moveTo(at, top + 1).lineTo(at, top + 17).lineWidth(1.5).strokeColor(COLORS.text).stroke();
    }
    doc.fontSize(9).fillColor(COLORS.text);
    pdf.write(item.valueText, x + LABEL_WIDTH + track + 6, top + 3, { width: VALUE_WIDTH - 6, lineBreak: false });
  });
  return y + items.length * row + 4;
}

export interface Slice {
  label: string;
  value: number;
  color: string;
}

/** The SVG path of a ring segment between two angles (radians, 0 = 12 o'clock, clockwise). */
function segment(cx: number, cy: number, outer: number, inner: number, from: number, to: number): string {
  const point = (radius: number, angle: number): string => `${cx + radius * Math.sin(angle)} ${cy - radius * Math.cos(angle)}`;
  const large = to - from > Math.PI ? 1 : 0;
  return [
    `M ${point(outer, from)}`,
    `A ${outer} ${outer} 0 ${large} 1 ${point(outer, to)}`,
    `L ${point(inner, to)}`,
    `A ${inner} ${inner} 0 ${large} 0 ${point(inner, from)}`,
    'Z',
  ].join(' ');
}

/** A donut centred at (cx, cy) with its legend to the right; `centre` is written in the hole. */
export function donut(pdf: Pdf, cx: number, cy: number, radius: number, slices: Slice[], centre: string): void {
  const { doc } = pdf;
  const total = slices.reduce((sum, slice) => sum + slice.value, 0);
  if (total === 0) {
    doc.circle(cx, cy, radius).lineWidth(radius * 0.4).strokeColor(COLORS.rule).stroke();
  } else {
    let angle = 0;
    for (const slice of slices) {
      if (slice.value === 0) continue;
      // A whole ring cannot be one arc: stop just short of the full turn.
      const sweep = Math.min((slice.value / total) * Math.PI * 2, Math.PI * 2 - 0.0001);
      doc.path(segment(cx, cy, radius, radius * 0.6, angle, angle + sweep)).fill(slice.color);
      angle += sweep;
    }
  }
  doc.fontSize(10).fillColor(COLORS.text);
  pdf.write(centre, cx - radius, cy - 6, { width: radius * 2, align: 'center', lineBreak: false });
  slices.forEach((slice, index) => {
    const top = cy - radius + index * 18;
    doc.rect(cx + radius + 16, top + 2, 9, 9).fill(slice.color);
    doc.fontSize(9).fillColor(COLORS.text);
    const share = total > 0 ? `${((slice.value / total) * 100).toFixed(1)}%` : '—';
    pdf.write(`${slice.label} ${slice.value}（${share}）`, cx + radius + 30, top, { lineBreak: false });
  });
}

export interface Series {
  label: string;
  /** One value per category; null leaves a gap. */
  values: (number | null)[];
  color: string;
}

/** A line chart of percentages (0–100) in the box (x, y, width, height), the categories under it. */
export function lines(pdf: Pdf, x: number, y: number, width: number, height: number, categories: string[], series: Series[]): void {
  const { doc } = pdf;
  const left = x + 28;
  const plotWidth = width - 28;
  const plotHeight = height - 36;
  const yOf = (value: number): number => y + plotHeight - (value / 100) * plotHeight;
  const xOf = (index: number): number => left + (categories.length <= 1 ? plotWidth / 2 : (index / (categories.length - 1)) * plotWidth);
  doc.fontSize(7).fillColor(COLORS.muted);
  for (const tick of [0, 50, 100]) {
    doc.moveTo(left, yOf(tick)).lineTo(left + plotWidth, yOf(tick)).lineWidth(0.5).strokeColor(COLORS.rule).stroke();
    pdf.write(`${tick}%`, x, yOf(tick) - 4, { width: 24, align: 'right', lineBreak: false });
  }
  categories.forEach((category, index) => {
    doc.fontSize(7).fillColor(COLORS.muted);
    pdf.write(category, xOf(index) - 16, y + plotHeight + 4, { width: 32, align: 'center', lineBreak: false });
  });
  for (const line of series) {
    let drawing = false;
    line.values.forEach((value, index) => {
      if (value === null) {
        drawing = false;
        return;
      }
      if (drawing) doc.lineTo(xOf(index), yOf(value));
      else doc.moveTo(xOf(index), yOf(value));
      drawing = true;
    });
    doc.lineWidth(1.5).strokeColor(line.color).stroke();
    line.values.forEach((value, index) => {
      if (value !== null) doc.circle(xOf(index), yOf(value), 2).fill(line.color);
    });
  }
  series.forEach((line, index) => {
    const legendX = left + index * 150;
    doc.rect(legendX, y + height - 12, 9, 9).fill(line.color);
    doc.fontSize(8).fillColor(COLORS.text);
    pdf.write(line.label, legendX + 13, y + height - 12, { lineBreak: false });
  });
}
