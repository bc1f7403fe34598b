/**
 * Reading the product's PDFs as a person would see them: Debian's poppler-utils renders the pages
 * (pdftoppm), extracts their text and where each word stands (pdftotext) and lists their fonts (pdffonts). `.ci/run` installs it.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

function poppler(tool: string, args: string[]): string {
  try {
    return execFileSync(tool, args, { encoding: 'utf8', maxBuffer: 32 * 1024 * 1024 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new Error(`${tool} is missing: apt-get install poppler-utils`);
    throw error;
  }
}

export interface RenderedPdf {
  /** The text of every page, in reading order. */
  text: string;
  pages: number;
  /** Page size in points (A4 is 595 × 842). */
  size: { width: number; height: number };
  /** The pages as PNG files in `dir`. */
  images: string[];
  /** Each word of page 1 with its box in points from the top left (pdftotext -bbox), to measure margins and sizes. */
  words: { text: string; xMin: number; yMin: number; xMax: number; yMax: number }[];
  /** The fonts embedded, as pdffonts names them (`ABCDEF+NotoSansSC-Regular`), with whether each is a subset. */
  fonts: { name: string; embedded: boolean; subset: boolean }[];
}

/** pdftotext -bbox's `<word xMin=… yMin=… xMax=… yMax=…>text</word>` lines. */
function wordsOf(html: string): RenderedPdf['words'] {
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map(([, xMin, yMin, xMax, yMax, text]) => ({
    text: text.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'),
    xMin: Number(xMin),
    yMin: Number(yMin),
    xMax: Number(xMax),
    yMax: Number(yMax),
  }));
}

/** pdffonts' table: name, type, encoding, then yes/no for emb, sub, uni, then the object id. */
function fontsOf(listing: string): RenderedPdf['fonts'] {
  return listing
    .split('\n')
    .slice(2)
    .map((line) => /^(\S+)\s.*?\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, name, embedded, subset]) => ({ name, embedded: embedded === 'yes', subset: subset === 'yes' }));
}

/** Renders a PDF's pages to PNG in `dir` (kept as test artefacts) and reads its text. */
export function renderPdf(pdf: Buffer, dir: string, name: string, dpi = 60): RenderedPdf {
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'pdf-'));
  try {
    const file = join(work, `${name}.pdf`);
    writeFileSync(file, pdf);
    writeFileSync(join(dir, `${name}.pdf`), pdf);
    const info = poppler('pdfinfo', [file]);
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
    const [, width = '0', height = '0'] = /^Page size:\s+([\d.]+) x ([\d.]+)/m.exec(info) ?? [];
    poppler('pdftoppm', ['-png', '-r', String(dpi), file, join(dir, name)]);
    const images = readdirSync(dir).filter((entry) => entry.startsWith(`${name}-`) && entry.endsWith('.png')).sort().map((entry) => join(dir, entry));
    return {
      text: poppler('pdftotext', ['-layout', file, '-']),
      pages,
      size: { width: Number(width), height: Number(height) },
      images,
      words: wordsOf(poppler('pdftotext', ['-bbox', '-f', '1', '-l', '1', file, '-'])),
      fonts: fontsOf(poppler('pdffonts', [file])),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
