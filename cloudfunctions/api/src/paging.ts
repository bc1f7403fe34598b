import { command, type Where } from './db';
import { AppError } from './errors';

/**
 * Keyset paging: a page ends with a cursor naming the last item's sort value and id; the next
 * page asks for what sorts after it. No deep `skip`, so every page costs the same.
 */
interface Position {
  value: string | number | null;
  id: string;
}

export function encodeCursor(value: Date | number | null | undefined, id: string): string {
  const position: Position = { value: value instanceof Date ? value.getTime() : (value ?? null), id };
  return Buffer.from(JSON.stringify(position)).toString('base64url');
}

function decodeCursor(cursor: string): Position {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Position;
    if (typeof parsed.id !== 'string' || !['number', 'string', 'object'].includes(typeof parsed.value)) throw new Error('shape');
    return parsed;
  } catch {
    throw new AppError('VALIDATION', '分页参数不正确，请刷新后重试');
  }
}

/** The condition for "after the cursor" when sorting by `field` (a date) then `_id`, both in `direction`. */
export function afterCursor(field: string, direction: 'asc' | 'desc', cursor: string): Where {
  const _ = command();
  const { value, id } = decodeCursor(cursor);
  const at = value === null ? null : new Date(value);
  const beyond = direction === 'asc' ? _.gt : _.lt;
  return _.or([{ [field]: beyond.call(_, at) }, { [field]: at, _id: beyond.call(_, id) }]) as unknown as Where;
}
