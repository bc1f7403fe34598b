import { fontSet, type FamilyName, type FontSet } from './fonts';
import { pdfkit } from '../lazy';

/**
 * A4 documents (the monthly report, receipts, notices) drawn with pdfkit. pdfkit sets each run of
 * text in one font, so `write` splits Chinese text into runs by the font that holds each character
 * in the family chosen (`family`; `sans` until another is chosen).
 */
export type PdfDocument = PDFKit.PDFDocument;
export type TextOptions = PDFKit.Mixins.TextOptions;

/** A4 in points, with the margins every document uses. */
export const PAGE = { width: 595.28, height: 841.89, margin: 48 } as const;
export const CONTENT_WIDTH = PAGE.width - PAGE.margin * 2;

export const COLORS = {
  text: '#1f2329',
  muted: '#86909c',
  rule: '#e5e6eb',
  brand: '#0052d9',
  good: '#2ba471',
  bad: '#d54941',
  none: '#c9cdd4',
  series: ['#0052d9', '#2ba471', '#e37318', '#8e56dd', '#d54941', '#029cd4', '#f5ba18', '#86909c'],
} as const;

export interface Pdf {
  doc: PdfDocument;
  /** Sets the family of the text written next (one of those the document was created with). */
  family(name: FamilyName): void;
  /** Text at (x, y), or where the flow stands; long text wraps within `options.width`. */
  write(text: string, x?: number, y?: number, options?: TextOptions): void;
  /** The text's height at the current size within `width` (for tables). */
  heightOf(text: string, width: number): number;
  /** Starts a new page when fewer than `points` remain above the bottom margin. */
  ensureSpace(points: number): void;
  /** Ends the document, with `footer` and the page number at the foot of every page (grey unless `color` says). */
  finish(footer: string, color?: string): Promise<Buffer>;
}

/** Splits text into runs of consecutive characters set in the same font. */
function runsOf(text: string, fonts: FontSet, family: FamilyName): { font: string; text: string }[] {
  const runs: { font: string; text: string }[] = [];
  for (const character of text) {
    const font = fonts.fontFor(character.codePointAt(0) ?? 0, family);
    const last = runs[runs.length - 1];
    if (last && last.font === font) last.text += character;
    else runs.push({ font, text: character });
  }
  return runs;
}

export interface PdfOptions {
  title: string;
  author: string;
  /** The families besides `sans` the document uses. */
  families?: FamilyName[];
  /** Page margins in points, if not the common ones. */
  margins?: { top: number; left: number; right: number; bottom: number };
}

export async function createPdf(info: PdfOptions): Promise<Pdf> {
  const fonts = await fontSet(info.families);
  const main = fonts.primaries.sans!;
  let current: FamilyName = 'sans';
  const PDFDocument = pdfkit();
  // The document's own font from the start: pdfkit would otherwise load Helvetica's metrics from disk.
  // (pdfkit takes a font's bytes here as in doc.font(); its typings say a path only.)
  const doc = new PDFDocument({
    size: 'A4',
    ...(info.margins ? { margins: info.margins } : { margin: PAGE.margin }),
    font: main as unknown as string,
    info: { Title: info.title, Author: info.author },
    bufferPages: true,
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  for (const [name, primary] of Object.entries(fonts.primaries)) doc.registerFont(name, primary);
  doc.fillColor(COLORS.text);

  const write: Pdf['write'] = (text, x, y, options = {}) => {
    const runs = runsOf(text || ' ', fonts, current);
    runs.forEach((run, index) => {
      doc.font(run.font);
      const runOptions = { ...options, continued: index < runs.length - 1 };
      if (index === 0 && x !== undefined) doc.text(run.text, x, y, runOptions);
      else doc.text(run.text, runOptions);
    });
  };

  return {
    doc,
    family(name) {
      current = name;
    },
    write,
    heightOf(text, width) {
      doc.font(current);
      return doc.heightOfString(text || ' ', { width });
    },
    ensureSpace(points) {
      if (doc.y + points > PAGE.height - PAGE.margin) doc.addPage();
    },
    finish(footer, color = COLORS.muted) {
      current = 'sans';
      const range = doc.bufferedPageRange();
      for (let page = range.start; page < range.start + range.count; page += 1) {
        doc.switchToPage(page);
        // Writing below the bottom margin would start a new page.
        const bottom = doc.page.margins.bottom;
        doc.page.margins.bottom = 0;
        doc.fontSize(8).fillColor(color);
        write(`${footer} · 第 ${page + 1} 页，共 ${range.count} 页`, PAGE.margin, PAGE.height - 30, { width: CONTENT_WIDTH, align: 'center', lineBreak: false });
        doc.page.margins.bottom = bottom;
      }
      doc.end();
      return ended;
    },
  };
}
