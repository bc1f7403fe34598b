/**
 * WXSS in the preview, as compiled by the official style compiler (`wcsc`) and written out for the
 * phone frame's width by the preview server (preview/wxss.ts), which sends every sheet in the
 * file pack: the framework asks for each component's style when it registers it, and gets the
 * sheet with that component's class prefix.
 */

/** Where the server's sheets take a component's class prefix (wcsc's `[1]`): a character no sheet has. */
export const WXSS_PREFIX_MARK = '\uE000';

let sheets: Record<string, string> = {};

/** The server's sheets, from the file pack. */
export function useSheets(written: Record<string, string>): void {
  sheets = written;
}

/**
 * The CSS of one WXSS file (`pages/home/index.wxss`) for a component whose classes carry
 * `prefix` (the framework writes `prefix--name` for a component's own class `name`).
 */
export function wxssFor(path: string, prefix: string): string {
  const sheet = sheets[path.replace(/^\/+/, '')];
  return sheet === undefined ? '' : sheet.split(WXSS_PREFIX_MARK).join(prefix ? `${prefix}--` : '');
}

/** app.wxss applies to every page; its `page` selector means the page's root. */
export function appStyle(): string {
  return wxssFor('app.wxss', '').replace(/(^|[\s,}])page(?=[\s,{.:[])/g, '$1.preview-page');
}
