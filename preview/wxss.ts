/**
 * The mini-program's WXSS as the preview's pages use it: compiled by the official style compiler
 * (`wcsc`, from `miniprogram-compiler`), then written out here, once per server, for the phone
 * frame's width. The browser gets each sheet as CSS with the places of the class prefix marked
 * (`WXSS_PREFIX_MARK`) instead of wcsc's script: 1.4 MB less to compile at every page load, and
 * no sheet to write out while a page is being drawn.
 */
import { resolve } from 'node:path';
import { runInNewContext } from 'node:vm';
import { SCREEN_WIDTH } from './client/screen';
import { WXSS_PREFIX_MARK } from './client/styles';

/** A sheet written out with a class prefix (`suffix`, wcsc's word), handed to the style sheet manager. */
type SheetWriter = (suffix: string, options: Record<string, unknown>) => void;

/**
 * The official wcsc output for every WXSS of the mini-program (components' and pages'), as a
 * factory returning, per file, the function that writes the sheet with a class prefix.
 */
export function compileWxss(miniprogramDir: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const compiler = require('miniprogram-compiler') as { wxssToJs(root: string, options?: { maxBuffer?: number }): string };
  // wcsc reads each file's .json to tell components from pages, by an absolute path.
  const code = compiler.wxssToJs(resolve(miniprogramDir), { maxBuffer: 64 * 1024 * 1024 });
  return `window.__wcscFactory = function () {\n${code}\n};\n`;
}

/** wcsc's rounding of rpx for the frame's width: whole pixels, and never less than one for a non-zero length. */
export function rpxToPx(value: number): number {
  if (value === 0) return 0;
  const px = Math.floor((value / 750) * SCREEN_WIDTH + 1e-4);
  return px === 0 ? 1 : px;
}

/** One of TDesign's icon font rules, `.t-icon-add:before{content:'\E00D';}` (its class prefixable). */
const ICON_GLYPH_RULE = new RegExp(String.raw`^\.${WXSS_PREFIX_MARK}?t-icon-[a-z0-9-]+:before\{content:'\\E[0-9A-F]{3}';[\s;]*\}\n`, 'gm');

/**
 * What of a sheet a browser would only skip: wcsc's debug build keeps each rule's source as
 * `;wxcs_…: …;` declarations (browsers would only warn about them), and TDesign's icon font lives
 * on a CDN, where the preview draws icons from local SVGs (icons.css, whose rule replaces each
 * icon's glyph): the font and the 2,358 rules naming each icon's glyph in it (120 kB of CSS parsed
 * with every page that shows an icon) go.
 */
export function stripForPreview(css: string): string {
  return css
    .replace(/;wxcs_[a-z_-]+\s*:[^;]*;/gi, ';')
    .replace(/@font-face\s*\{[^}]*tdesign\.gtimg\.com[^}]*\}/g, '')
    .replace(ICON_GLYPH_RULE, '');
}

/**
 * Every sheet (`pages/home/index.wxss`) as CSS for the phone frame, with `WXSS_PREFIX_MARK` where
 * a component's class prefix goes: wcsc's script run in a context of its own with what it reads of
 * a browser window.
 */
export function writeOutWxss(miniprogramDir: string, paths: string[]): Record<string, string> {
  let captured = '';
  const window: Record<string, unknown> = {
    navigator: { userAgent: '' },
    screen: { width: SCREEN_WIDTH, height: 760 },
    devicePixelRatio: 2,
    console,
    __transformRpx__: rpxToPx,
    // wcsc hands each written-out sheet to a style sheet manager when one is present; this one keeps it.
    __styleSheetManager2__: {
      addItem: () => undefined,
      setCss: (_key: string, css: string) => {
        captured = css;
      },
    },
  };
  window.window = window;
  runInNewContext(compileWxss(miniprogramDir), window);
  const sheetOf = (window.__wcscFactory as () => (path: string) => SheetWriter | undefined)();
  const sheets: Record<string, string> = {};
  for (const path of paths) {
    const write = sheetOf(path);
    if (!write) continue;
    captured = '';
    write(WXSS_PREFIX_MARK, {});
    sheets[path] = stripForPreview(captured);
  }
  return sheets;
}
