/** The entities WeChat's `<text decode>` shows as characters (TDesign's required mark is `&nbsp;*`). */
const ENTITIES: Record<string, string> = {
  '&nbsp;': '\u00a0',
  '&lt;': '<',
  '&gt;': '>',
  '&amp;': '&',
  '&apos;': "'",
  '&ensp;': '\u2002',
  '&emsp;': '\u2003',
};
const ENTITY = /&(?:nbsp|lt|gt|amp|apos|ensp|emsp);/g;

/** `text` as WeChat shows it inside `<text decode>`. */
export function decodeEntities(text: string): string {
  return text.replace(ENTITY, (entity) => ENTITIES[entity]);
}
