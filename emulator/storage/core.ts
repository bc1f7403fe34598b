import type { IncomingMessage } from 'node:http';
import { ErrorCode } from '../errors';
import type { ServiceContext } from '../service';
import type { FileStore } from './files';
import { pathInEnv } from './paths';
import type { UrlSigner } from './signing';

/** Largest file one upload may carry, from the server SDK or the mini-program. */
export const MAX_UPLOAD_BYTES = 50 * 1024 * 1024;

/** Lifetime of a temp URL when the caller names none: one day. */
export const DEFAULT_MAX_AGE_SECONDS = 86_400;

/** Where the COS-like object routes live. */
export const OBJECT_PREFIX = '/cos/';

/** What the storage routes and actions share. */
export interface StorageCore {
  context: ServiceContext;
  files: FileStore;
  signer: UrlSigner;
}

export type TempUrl =
  | { fileID: string; ok: true; tempFileURL: string; maxAge: number }
  | { fileID: string; ok: false; code: string; message: string };

/**
 * A temp download URL for `fileId`. Left unencoded: the server SDK applies `encodeURI` itself
 * before fetching, and browsers encode it when they fetch.
 */
export function tempUrlFor(core: StorageCore, env: string, fileId: string, maxAge: number): TempUrl {
  const path = pathInEnv(fileId, env);
  if (path === null || !core.files.forEnv(env).find(path)) {
    return { fileID: fileId, ok: false, code: ErrorCode.StorageFileNotExist, message: 'file not exist' };
  }
  const expiresAt = Math.floor(core.context.clock.nowMs() / 1000) + maxAge;
  const tempFileURL = `${core.context.baseUrl()}${OBJECT_PREFIX}${env}/${path}?${core.signer.downloadQuery(env, path, expiresAt)}`;
  return { fileID: fileId, ok: true, tempFileURL, maxAge };
}

/** A caller's `maxAge`: a positive number of seconds, or the default when absent; null when invalid. */
export function maxAgeOf(value: unknown): number | null {
  if (value === undefined || value === null) return DEFAULT_MAX_AGE_SECONDS;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 1) return null;
  return Math.floor(value);
}

/** Reads a request body to its end without keeping it, so a refusal reaches the client intact. */
export async function discardBody(req: IncomingMessage): Promise<void> {
  for await (const chunk of req) void chunk;
}
