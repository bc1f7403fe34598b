import { BSONRegExp, EJSON } from 'bson';
import { CloudError, ErrorCode } from '../errors';

/**
 * Extended JSON at the edges of the database: requests arrive as canonical EJSON strings
 * (wx-server-sdk uses bson 4's `EJSON.stringify(x, {relaxed:false})`), documents leave and
 * are stored as relaxed EJSON, which the SDK's `EJSON.parse` turns back into numbers and Dates.
 */

const jsRegExpFlags = new Set(['i', 'm', 's', 'u']);

/** Parses a request value (document, query, update, projection, order or stage) into plain JS values. */
export function parseRequestValue(text: string, now: Date): unknown {
  let parsed: unknown;
  try {
    parsed = EJSON.parse(text, { relaxed: true });
  } catch (error) {
    throw new CloudError(ErrorCode.InvalidParam, `malformed EJSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  return normalize(parsed, now);
}

const serialized = new WeakMap<object, string>();

/**
 * Parses a document as this database stored it (`serializeDocument`'s text), and keeps that text
 * as the document's serialization. Stored documents hold Dates and plain JSON almost always:
 * those are parsed by `JSON.parse` (about a fifth of bson's time); any other EJSON type goes
 * through bson.
 */
export function parseStoredDocument(text: string): Record<string, unknown> {
  const plain = withDates(JSON.parse(text));
  const value = plain === OTHER_TYPE ? normalize(EJSON.parse(text, { relaxed: true }), undefined) : plain;
  if (!isPlainObject(value)) throw new Error('stored document is not an object');
  serialized.set(value, text);
  return value;
}

const OTHER_TYPE = Symbol('an EJSON type other than a date');

/** Turns `{"$date": "…"}` into Dates in place; OTHER_TYPE at any other `$` key (field names never start with one). */
function withDates(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item = withDates(value[i]);
      if (item === OTHER_TYPE) return OTHER_TYPE;
      value[i] = item;
    }
    return value;
  }
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (key.startsWith('$')) {
      const date = object.$date;
      return key === '$date' && typeof date === 'string' && Object.keys(object).length === 1 ? new Date(date) : OTHER_TYPE;
    }
    if (key === '__proto__') return OTHER_TYPE; // bson's path refuses it, as it always has
    const field = withDates(object[key]);
    if (field === OTHER_TYPE) return OTHER_TYPE;
    object[key] = field;
  }
  return object;
}

/**
 * Relaxed EJSON of a document. Stored documents are never mutated (every write builds a new
 * object), so the text is computed once per document object and reused by later reads.
 */
export function serializeDocument(doc: Record<string, unknown>): string {
  let text = serialized.get(doc);
  if (text === undefined) {
    text = EJSON.stringify(doc, { relaxed: true });
    serialized.set(doc, text);
  }
  return text;
}

const projectedText = new WeakMap<object, { projection: string; text: string }>();

/**
 * Relaxed EJSON of a document's projection (`projection`: its canonical text). Like the whole
 * document's, it is kept per document object, for the last projection read of it: a report that
 * reads the same fields of the same documents again serializes only those written since.
 */
export function serializeProjection(doc: Record<string, unknown>, projection: string, project: () => Record<string, unknown>): string {
  const kept = projectedText.get(doc);
  if (kept?.projection === projection) return kept.text;
  const text = EJSON.stringify(project(), { relaxed: true });
  projectedText.set(doc, { projection, text });
  return text;
}

/** A plain JSON-like object (not an array, Date, RegExp or BSON class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/**
 * Turns what bson's relaxed parser leaves into values the query engine understands:
 * BSON regular expressions become RegExp, `{$tcb_server_date:{offset}}` becomes the cloud's
 * clock plus the offset; other BSON types (ObjectId, Decimal128, Binary, …) are refused
 * because the SDK cannot read them back either.
 */
function normalize(value: unknown, now: Date | undefined): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => normalize(item, now));
  if (value instanceof Date) return value;
  if (value instanceof BSONRegExp) return toRegExp(value);
  if (!isPlainObject(value)) {
    const type = (value as { _bsontype?: unknown })._bsontype;
    throw new CloudError(ErrorCode.InvalidParam, `unsupported value type ${typeof type === 'string' ? type : 'object'}`);
  }
  const keys = Object.keys(value);
  if (now && keys.length === 1 && keys[0] === '$tcb_server_date') return serverDate(value.$tcb_server_date, now);
  const result: Record<string, unknown> = {};
  for (const key of keys) {
    // A "__proto__" key would replace the object's prototype instead of becoming a field.
    if (key === '__proto__') throw new CloudError(ErrorCode.InvalidParam, 'field name "__proto__" is not allowed');
    result[key] = normalize(value[key], now);
  }
  return result;
}

function serverDate(spec: unknown, now: Date): Date {
  const offset = isPlainObject(spec) ? (spec.offset ?? 0) : undefined;
  if (typeof offset !== 'number' || !Number.isFinite(offset)) {
    throw new CloudError(ErrorCode.InvalidParam, 'serverDate offset must be a number of milliseconds');
  }
  return new Date(now.getTime() + offset);
}

function toRegExp(value: BSONRegExp): RegExp {
  const flags = [...value.options];
  const unsupported = flags.filter((flag) => !jsRegExpFlags.has(flag));
  if (unsupported.length > 0) {
    throw new CloudError(ErrorCode.InvalidParam, `unsupported regular expression option "${unsupported.join('')}"`);
  }
  try {
    return new RegExp(value.pattern, [...new Set(flags)].join(''));
  } catch (error) {
    throw new CloudError(ErrorCode.InvalidParam, `invalid regular expression: ${error instanceof Error ? error.message : String(error)}`);
  }
}
