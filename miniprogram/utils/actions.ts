/** The actions a record allows, as WXML reads them: `can.accept`, `can.reassign` (WXML cannot ask a list). */
export function canOf<A extends string>(allowed: readonly A[]): Partial<Record<A, boolean>> {
  return Object.fromEntries(allowed.map((action) => [action, true])) as Partial<Record<A, boolean>>;
}
