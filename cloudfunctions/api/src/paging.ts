import { z } from 'zod';
import type { Page } from '../../../typings/domain';
import { command, find, type CollectionName, type Where } from './db';
import { AppError } from './errors';

/**
 * Keyset paging: a page ends with a cursor naming the last item's sort value and id; the next
 * page asks for what sorts after it. No deep `skip`, so every page costs the same.
 */
/** The largest time a JavaScript Date can hold (±8.64e15 ms): a larger number is no date at all. */
const MAX_TIME = 8.64e15;

/** What a cursor may hold: a sort value that is a time (ms) or null, and a document id. Nothing else is ever trusted. */
const position = z.strictObject({
  value: z.number().int().min(-MAX_TIME).max(MAX_TIME).nullable(),
  id: z.string().regex(/^[A-Za-z0-9_:-]{1,128}$/),
});
type Position = z.infer<typeof position>;

export function encodeCursor(value: Date | number | null | undefined, id: string): string {
  const at: Position = { value: value instanceof Date ? value.getTime() : (value ?? null), id };
  return Buffer.from(JSON.stringify(at)).toString('base64url');
}

/** A cursor comes from the client: anything but one this module wrote is refused as VALIDATION. */
export function decodeCursor(cursor: string): Position {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    parsed = undefined;
  }
  const checked = position.safeParse(parsed);
  if (!checked.success) throw new AppError('VALIDATION', '分页参数不正确，请刷新后重试');
  return checked.data;
}

/** The condition for "after the cursor" when sorting by `field` (a date) then `_id`, both in `direction`. */
export function afterCursor(field: string, direction: 'asc' | 'desc', cursor: string): Where {
  const _ = command();
  const { value, id } = decodeCursor(cursor);
  const at = value === null ? null : new Date(value);
  const beyond = direction === 'asc' ? _.gt : _.lt;
  return _.or([{ [field]: beyond.call(_, at) }, { [field]: at, _id: beyond.call(_, id) }]) as unknown as Where;
}

/**
 * One page of `collection` newest first by the date `field` (then `_id`), after `cursor` if given,
 * mapped for the caller; a full page carries the cursor of its last document. The registers and
 * logs (role changes, desk records, incidents, searches) all page this way.
 */
export async function newestFirst<D extends { _id: string }, T>(
  collection: CollectionName,
  where: Where,
  field: keyof D & string,
  cursor: string | undefined,
  size: number,
  map: (doc: D) => T,
): Promise<Page<T>> {
  return pageBy('desc', collection, where, field, cursor, size, map);
}

/** Like `newestFirst`, earliest first: what falls due soonest (a contract's end, a shop's next check) leads. */
export async function earliestFirst<D extends { _id: string }, T>(
  collection: CollectionName,
  where: Where,
  field: keyof D & string,
  cursor: string | undefined,
  size: number,
  map: (doc: D) => T,
): Promise<Page<T>> {
  return pageBy('asc', collection, where, field, cursor, size, map);
}

async function pageBy<D extends { _id: string }, T>(
  direction: 'asc' | 'desc',
  collection: CollectionName,
  where: Where,
  field: keyof D & string,
  cursor: string | undefined,
  size: number,
  map: (doc: D) => T,
): Promise<Page<T>> {
  const filtered = cursor ? (command().and([where, afterCursor(field, direction, cursor)]) as unknown as Where) : where;
  const docs = await find<D>(collection, filtered, {
    orderBy: [
      [field, direction],
      ['_id', direction],
    ],
    limit: size,
  });
  const page: Page<T> = { items: docs.map(map) };
  const last = docs[docs.length - 1];
  if (docs.length === size) page.cursor = encodeCursor(new Date(last[field] as unknown as Date), last._id);
  return page;
}
