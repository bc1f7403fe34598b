import { randomBytes } from 'node:crypto';
import { CloudError, ErrorCode } from '../errors';
import { isPlainObject, serializeDocument } from './ejson';

/** A stored document: `_id` is always a string (the SDK cannot read ObjectIds back). */
export type Document = Record<string, unknown> & { _id: string };

/** The cloud database's platform limits. */
export const limits = {
  /** One document, serialized. */
  documentBytes: 16 * 1024 * 1024,
  /** Documents in one `add({data:[…]})`. */
  insertBatch: 1000,
  /** `get()` without `limit()`. */
  defaultLimit: 100,
  /** Largest page `get()` returns; larger limits are capped, as the cloud does. */
  maxLimit: 1000,
} as const;

/** A new document id: 32 hex characters, like the cloud's. */
export function newDocumentId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Checks a document against the platform's rules and returns its serialized form.
 * Every document passes here before it is stored, whichever write produced it.
 */
export function checkDocument(doc: Record<string, unknown>): string {
  if (typeof doc._id !== 'string' || doc._id === '') {
    throw new CloudError(ErrorCode.InvalidParam, '_id must be a non-empty string');
  }
  checkFieldNames(doc, '');
  const text = serializeDocument(doc);
  if (Buffer.byteLength(text, 'utf8') > limits.documentBytes) {
    throw new CloudError(ErrorCode.InvalidParam, `document ${doc._id} is larger than 16 MB`);
  }
  return text;
}

/** Narrows a parsed request value to a document body (a plain object). */
export function asDocumentBody(value: unknown, what: string): Record<string, unknown> {
  if (!isPlainObject(value)) throw new CloudError(ErrorCode.InvalidParam, `${what} must be an object`);
  return value;
}

function checkFieldNames(value: unknown, path: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => checkFieldNames(item, `${path}${index}.`));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const [key, child] of Object.entries(value)) {
    if (key.startsWith('$')) {
      throw new CloudError(ErrorCode.InvalidOperator, `field name "${path}${key}" must not start with "$"`);
    }
    if (key.includes('.')) {
      throw new CloudError(ErrorCode.InvalidParam, `field name "${path}${key}" must not contain "."`);
    }
    checkFieldNames(child, `${path}${key}.`);
  }
}
