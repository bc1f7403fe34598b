import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fontkit, woff2Decompress } from '../lazy';

/**
 * PDFs are set in fonts from registry packages (SIL OFL): the build copies each family's files
 * next to the function (`fonts/<family>/`), so nothing is downloaded at run time.
 * - `sans`, Noto Sans SC (@fontsource/noto-sans-sc), the 黑体 of the documents: its simplified-
 *   Chinese file covers the common characters and ASCII; any other character (a rare name, ≥) is
 *   set in the package's numbered subset whose unicode range holds it.
 * - `kai`, LXGW WenKai (@fontsource/lxgw-wenkai), the 楷体 of a notice's body (seed 001 三(二)): one
 *   file holds the whole font (the package lists no subsets); what it lacks is set in `sans`.
 *
 * pdfkit (through fontkit) handles neither web format well with a font this large: a WOFF2 is
 * embedded whole (5 MB a page) and a WOFF's glyph table is inflated again for every glyph (20 s a
 * report). So each primary file is shipped as WOFF2 and decompressed once per instance to plain
 * TrueType with wawoff2 (Google's woff2 decoder as WebAssembly), and pdfkit embeds the subset used;
 * the numbered subsets are small enough to be read as WOFF.
 */
export type FamilyName = 'sans' | 'kai';

export interface FontFamily {
  /** The registry package the files come from. */
  package: string;
  /** The family's folder under `fonts/`. */
  folder: string;
  /** The file holding most characters, WOFF2. */
  primary: string;
  /** The file of a numbered subset of the package's `unicode.json` (`"[102]"` → its WOFF). */
  subset(subset: string): string;
}

const bare = (subset: string): string => subset.replace(/[[\]]/g, '');

export const FONT_FAMILIES: Record<FamilyName, FontFamily> = {
  sans: {
    package: '@fontsource/noto-sans-sc',
    folder: 'noto-sans-sc',
    primary: 'noto-sans-sc-chinese-simplified-400-normal.woff2',
    subset: (subset) => `noto-sans-sc-${bare(subset)}-400-normal.woff`,
  },
  kai: {
    package: '@fontsource/lxgw-wenkai',
    folder: 'lxgw-wenkai',
    // Weight 500 is the font's Regular (LXGWWenKai-Regular); 300 is Light, 700 Bold.
    primary: 'lxgw-wenkai-latin-500-normal.woff2',
    subset: (subset) => `lxgw-wenkai-${bare(subset)}-500-normal.woff`,
  },
};

export const FONT_FOLDER = 'fonts';
/** Each package's map of subset → unicode ranges (`"[102]": "U+10c,U+627-629,…"`). */
export const RANGES_FILE = 'unicode.json';

/** Every file of a family the build copies, given its `unicode.json`. */
export function familyFiles(family: FontFamily, ranges: string): string[] {
  return [family.primary, ...Object.keys(JSON.parse(ranges) as Record<string, string>).map(family.subset)];
}

type Range = [number, number];

export interface FontSet {
  /** Each loaded family's primary font as TrueType, registered in documents under the family's name. */
  primaries: Partial<Record<FamilyName, Buffer>>;
  /** The registered name (a family's) or the subset path of the font that sets this character in `family`. */
  fontFor(codePoint: number, family: FamilyName): string;
}

function parseRanges(text: string): Range[] {
  return text.split(',').map((part) => {
    const [low, high = low] = part.trim().replace(/^U\+/i, '').split('-');
    return [parseInt(low, 16), parseInt(high, 16)];
  });
}

/** A family's fonts as the build copied them next to the bundled function. */
function familyFolder(family: FontFamily): string {
  const folder = join(__dirname, FONT_FOLDER, family.folder);
  if (!existsSync(join(folder, family.primary))) throw new Error(`PDF fonts missing in ${folder}: run npm run build`);
  return folder;
}

interface LoadedFamily {
  primary: Buffer;
  /** The font of the family that holds the character: its name, a subset's path, or undefined. */
  holder(codePoint: number, name: FamilyName): string | undefined;
}

const loaded = new Map<FamilyName, Promise<LoadedFamily>>();

async function loadFamily(name: FamilyName): Promise<LoadedFamily> {
  const family = FONT_FAMILIES[name];
  const folder = familyFolder(family);
  const primary = Buffer.from(await woff2Decompress()(readFileSync(join(folder, family.primary))));
  const font = fontkit().create(primary);
  const subsets = Object.entries(JSON.parse(readFileSync(join(folder, RANGES_FILE), 'utf8')) as Record<string, string>).map(([subset, ranges]) => ({
    path: join(folder, family.subset(subset)),
    ranges: parseRanges(ranges),
  }));
  const hasGlyph = (codePoint: number): boolean => ('hasGlyphForCodePoint' in font ? font.hasGlyphForCodePoint(codePoint) : false);
  return {
    primary,
    holder(codePoint, registered) {
      if (codePoint < 0x80 || hasGlyph(codePoint)) return registered;
      const subset = subsets.find((candidate) => candidate.ranges.some(([low, high]) => codePoint >= low && codePoint <= high));
      return subset && existsSync(subset.path) ? subset.path : undefined;
    },
  };
}

/**
 * The families a document uses, each read once per function instance (a primary's character map
 * takes ~100 ms); `sans` always, as the fallback of every other family.
 */
export async function fontSet(families: readonly FamilyName[] = ['sans']): Promise<FontSet> {
  const names = [...new Set<FamilyName>(['sans', ...families])];
  const entries: [FamilyName, LoadedFamily][] = [];
  // One after the other: wawoff2's result lives in its WebAssembly memory until copied, and a
  // second decompression running meanwhile would overwrite it.
  for (const name of names) {
    let family = loaded.get(name);
    if (!family) {
      family = loadFamily(name);
      loaded.set(name, family);
      family.catch(() => loaded.delete(name));
    }
    entries.push([name, await family]);
  }
  const byName = new Map<FamilyName, LoadedFamily>(entries);
  const sans = byName.get('sans')!;
  return {
    primaries: Object.fromEntries(entries.map(([name, family]) => [name, family.primary])),
    fontFor(codePoint, family) {
      const own = byName.get(family);
      return (own && own.holder(codePoint, family)) ?? sans.holder(codePoint, 'sans') ?? 'sans';
    },
  };
}
