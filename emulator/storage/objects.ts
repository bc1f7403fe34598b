import { open, type FileHandle } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';
import type { HttpRoute } from '../service';
import { discardBody, MAX_UPLOAD_BYTES, OBJECT_PREFIX, type StorageCore } from './core';
import { parseObjectUrlPath } from './paths';

/**
 * The object-store side, standing in for COS: the PUT that `uploadFile` sends to the URL from
 * `storage.getUploadMetadata`, and the GET of a temp URL. Errors are COS-style XML, which the
 * SDK parses after a PUT (it ignores the status) and which browsers show as is.
 */
export function objectRoutes(core: StorageCore): HttpRoute[] {
  return [
    {
      method: 'PUT',
      prefix: OBJECT_PREFIX,
      handle: async (req, res, url) => {
        const target = parseObjectUrlPath(url.pathname, OBJECT_PREFIX);
        if (!target) {
          await discardBody(req);
          sendCosError(res, 400, 'InvalidURI', 'the object path is not a valid cloud path');
          return;
        }
        const authorization = req.headers.authorization;
        if (!core.signer.verifyUpload(target.env, target.path, authorization)) {
          await discardBody(req);
          sendCosError(res, 403, 'SignatureDoesNotMatch', 'the authorization does not match this upload');
          return;
        }
        const written = await core.files.forEnv(target.env).write(target.path, req, MAX_UPLOAD_BYTES, {
          uploaderOpenid: null,
          uploadedAt: core.context.clock.now().toISOString(),
        });
        if (!written.ok) {
          sendCosError(res, 400, 'EntityTooLarge', `the file is ${written.size} bytes; at most ${MAX_UPLOAD_BYTES} are allowed`);
          return;
        }
        res.writeHead(200, { 'content-length': 0 });
        res.end();
      },
    },
    {
      method: 'GET',
      prefix: OBJECT_PREFIX,
      handle: async (_req, res, url) => {
        const target = parseObjectUrlPath(url.pathname, OBJECT_PREFIX);
        if (!target) {
          sendCosError(res, 400, 'InvalidURI', 'the object path is not a valid cloud path');
          return;
        }
        const nowSeconds = Math.floor(core.context.clock.nowMs() / 1000);
        const check = core.signer.checkDownload(target.env, target.path, url.searchParams, nowSeconds);
        if (check !== 'ok') {
          sendCosError(res, 403, 'AccessDenied', check === 'expired' ? 'Request has expired' : 'the signature is not valid');
          return;
        }
        const file = core.files.forEnv(target.env).find(target.path);
        if (!file || !(await serveFile(res, file.blobFile, file.contentType, file.size))) {
          sendCosError(res, 404, 'NoSuchKey', 'The specified key does not exist.');
        }
      },
    },
  ];
}

/** Streams a stored blob; false when it vanished (deleted or replaced) before it could be opened. */
async function serveFile(res: ServerResponse, blobFile: string, contentType: string, size: number): Promise<boolean> {
  let handle: FileHandle;
  try {
    handle = await open(blobFile, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
  res.writeHead(200, { 'content-type': contentType, 'content-length': size });
  try {
    await pipeline(handle.createReadStream(), res);
  } catch (error) {
    // A client that hangs up mid-download is not an error of ours.
    if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw error;
  }
  return true;
}

function sendCosError(res: ServerResponse, status: number, code: string, message: string): void {
  const body = Buffer.from(
    `<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n  <Code>${code}</Code>\n  <Message>${escapeXml(message)}</Message>\n` +
      `  <RequestId>local</RequestId>\n  <TraceId>local</TraceId>\n</Error>\n`,
    'utf8',
  );
  res.writeHead(status, { 'content-type': 'application/xml', 'content-length': body.length });
  res.end(body);
}

function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
