/**
 * One document as a line of relaxed Extended JSON (MongoDB's EJSON): dates become `{"$date": "…"}`,
 * so a restore reads them back as dates (scripts/restore.ts parses with `bson`'s EJSON). The
 * server SDK hands back ids as strings and every other value as plain JSON, so dates are the one
 * type to mark. Written here rather than with `bson` because bson 7 needs Node 20 and the
 * functions run on the cloud's Node 16.
 */
export function toExtendedJsonLine(document: unknown): string {
  return JSON.stringify(document, function (this: Record<string, unknown>, key: string, value: unknown) {
    // JSON.stringify has already turned a Date into its ISO string; the holder still has the Date.
    const original = this[key];
    return original instanceof Date ? { $date: original.toISOString() } : value;
  });
}

/** Every `cloud://` file id anywhere in a document (photos, proofs, stored exports). */
export function fileIdsIn(value: unknown, found: string[] = []): string[] {
  if (typeof value === 'string') {
    if (value.startsWith('cloud://')) found.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) fileIdsIn(item, found);
  } else if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    for (const item of Object.values(value)) fileIdsIn(item, found);
  }
  return found;
}
