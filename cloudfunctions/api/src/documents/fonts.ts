import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * PDFs are set in Noto Sans SC (SIL OFL) from the registry package @fontsource/noto-sans-sc: the
 * build copies its files next to the function (`fonts/`), so nothing is downloaded at run time.
 * The simplified-Chinese file covers the common characters and ASCII; any other character (a rare
 * name, ≥) is set in the package's numbered subset whose unicode range holds it.
 *
 * pdfkit (through fontkit) handles neither web format well with a font this large: a WOFF2 is
 * embedded whole (5 MB a page) and a WOFF's glyph table is inflated again for every glyph (20 s a
 * report). So the main font is shipped as WOFF2 and decompressed once per instance to plain
 * TrueType with wawoff2 (Google's woff2 decoder as WebAssembly); the numbered subsets are small
 * enough to be read as WOFF.
 */
export const FONT_PACKAGE = '@fontsource/noto-sans-sc';
export const FONT_FOLDER = 'fonts';
export const PRIMARY_FONT = 'noto-sans-sc-chinese-simplified-400-normal.woff2';
/** The package's map of subset → unicode ranges (`"[102]": "U+10c,U+627-629,…"`). */
export const RANGES_FILE = 'unicode.json';
export const subsetFont = (subset: string): string => `noto-sans-sc-${subset.replace(/[[\]]/g, '')}-400-normal.woff`;

type Range = [number, number];

/** The name the main font is registered under in each document. */
export const MAIN = 'main';

export interface FontSet {
  /** The main font as TrueType. */
  main: Buffer;
  /** `MAIN`, or the path of the subset that holds this character. */
  fontFor(codePoint: number): string;
}

function parseRanges(text: string): Range[] {
  return text.split(',').map((part) => {
    const [low, high = low] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(low, 16), parseInt(high, 16)];
  });
}

/** The fonts the build copied next to the bundled function. */
function fontFolder(): string {
  const folder = join(__dirname, FONT_FOLDER);
  if (!existsSync(join(folder, PRIMARY_FONT))) throw new Error(`PDF fonts missing in ${folder}: run npm run build`);
  return folder;
}

let loaded: FontSet | undefined;

/** The fonts, read once per function instance (the primary's character map takes ~100 ms). */
export async function fontSet(): Promise<FontSet> {
  if (loaded) return loaded;
  const folder = fontFolder();
  const fontkit = await import('fontkit');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const decompress = require('wawoff2/decompress') as (woff2: Uint8Array) => Promise<Uint8Array>;
  const main = Buffer.from(await decompress(readFileSync(join(folder, PRIMARY_FONT))));
  const primary = fontkit.create(main);
  const subsets = Object.entries(JSON.parse(readFileSync(join(folder, RANGES_FILE), 'utf8')) as Record<string, string>).map(([subset, ranges]) => ({
    path: join(folder, subsetFont(subset)),
    ranges: parseRanges(ranges),
  }));
  const hasGlyph = (codePoint: number): boolean => ('hasGlyphForCodePoint' in primary ? primary.hasGlyphForCodePoint(codePoint) : false);
  loaded = {
    main,
    fontFor(codePoint) {
      if (codePoint < 0x80 || hasGlyph(codePoint)) return MAIN;
      const subset = subsets.find((candidate) => candidate.ranges.some(([low, high]) => codePoint >= low && codePoint <= high));
      return subset && existsSync(subset.path) ? subset.path : MAIN;
    },
  };
  return loaded;
}
