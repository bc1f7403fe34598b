/** miniprogram-simulate minifies each component's WXSS with csso; the browser needs no minifying. */
export function minify(css: string): { css: string } {
  return { css };
}
export default { minify };
