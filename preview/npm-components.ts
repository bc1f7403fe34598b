/**
 * Where a page's npm components live, for miniprogram-simulate.
 *
 * WeChat looks a component path that names an npm package (`tdesign-miniprogram/popup/popup`) up
 * in `miniprogram_npm`, from a page's json and from any project component's json alike.
 * miniprogram-simulate resolves it relative to the file that uses it instead, so a project
 * component's own TDesign tags would stay unknown elements that always show their content. The
 * simulator applies one override map to every component it loads: this builds it from the page
 * and every project component under it, so the preview and the page tests resolve as WeChat does.
 */
export interface ComponentJson {
  usingComponents?: Record<string, string>;
}

/** Reads `<path>.json` of the mini-program (a path without leading slash), or null if there is none. */
export type JsonReader = (path: string) => ComponentJson | null;

function resolve(from: string, target: string): string {
  const base = target.startsWith('/') ? [] : from.split('/').slice(0, -1);
  for (const part of target.split('/')) {
    if (!part || part === '.') continue;
    if (part === '..') base.pop();
    else base.push(part);
  }
  return base.join('/');
}

function isNpm(target: string): boolean {
  return !target.startsWith('/') && !target.startsWith('.');
}

/** `tag → /miniprogram_npm/<target>` for the npm components used by `path` and the project components it includes. */
export function npmComponents(path: string, read: JsonReader): Record<string, string> {
  const found: Record<string, string> = {};
  const seen = new Set<string>();
  const visit = (component: string): void => {
    if (seen.has(component)) return;
    seen.add(component);
    for (const [tag, target] of Object.entries(read(component)?.usingComponents ?? {})) {
      if (!isNpm(target)) {
        visit(resolve(component, target));
        continue;
      }
      const mapped = `/miniprogram_npm/${target}`;
      // One map serves every component: a tag must name the same npm component wherever it is used.
      if (found[tag] && found[tag] !== mapped) throw new Error(`<${tag}> names both ${found[tag]} and ${mapped} under ${path}; use one name per component`);
      found[tag] = mapped;
    }
  };
  visit(path);
  return found;
}
