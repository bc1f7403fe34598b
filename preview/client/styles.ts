/**
 * WXSS in the preview, as compiled by the official style compiler (`wcsc`, served as
 * `/wcsc.js`): the framework asks for each component's style when it registers it; the
 * compiled sheet is written out with that component's class prefix (wcsc's `[1]` marks it) and
 * with rpx turned into px for the phone frame's width (wcsc's `[0, n]` marks rpx).
 */
import { SCREEN_WIDTH } from './screen';

declare global {
  interface Window {
    __wcscFactory?: () => (path: string) => ((suffix: string, options: Record<string, unknown>) => void) | undefined;
    __styleSheetManager2__?: { addItem(key: string, path?: string): void; setCss(key: string, css: string): void };
    __transformRpx__?: (value: number) => number;
  }
}

/** wcsc's rounding: whole pixels, and never less than one for a non-zero length. */
function rpxToPx(value: number): number {
  if (value === 0) return 0;
  const px = Math.floor((value / 750) * SCREEN_WIDTH + 1e-4);
  return px === 0 ? 1 : px;
}

let compiled: ((path: string) => ((suffix: string, options: Record<string, unknown>) => void) | undefined) | undefined;
let captured = '';

function sheets(): NonNullable<typeof compiled> {
  if (compiled) return compiled;
  window.__transformRpx__ = rpxToPx;
  // wcsc hands each written-out sheet to a style sheet manager when one is present; this one keeps it.
  window.__styleSheetManager2__ = {
    addItem: () => undefined,
    setCss: (_key, css) => {
      captured = css;
    },
  };
  compiled = window.__wcscFactory?.() ?? (() => undefined);
  return compiled;
}

/**
 * The CSS of one WXSS file (`pages/home/index.wxss`) for a component whose classes carry
 * `prefix` (the framework writes `prefix--name` for a component's own class `name`).
 */
export function wxssFor(path: string, prefix: string): string {
  const write = sheets()(path.replace(/^\/+/, ''));
  if (!write) return '';
  captured = '';
  write(prefix ? `${prefix}--` : '', {});
  return stripDebugInfo(captured);
}

/** wcsc's debug build keeps each rule's source as `;wxcs_…: …;` declarations; browsers would only warn about them. */
function stripDebugInfo(css: string): string {
  return (
    css
      .replace(/;wxcs_[a-z_-]+\s*:[^;]*;/gi, ';')
      // TDesign's icon font lives on a CDN; the preview draws icons from local SVGs (icons.css).
      .replace(/@font-face\s*\{[^}]*tdesign\.gtimg\.com[^}]*\}/g, '')
  );
}

/** app.wxss applies to every page; its `page` selector means the page's root. */
export function appStyle(): string {
  return wxssFor('app.wxss', '').replace(/(^|[\s,}])page(?=[\s,{.:[])/g, '$1.preview-page');
}
