import type { ServerResponse } from 'node:http';
import { readJson, sendJson } from '../http';
import type { HttpRoute } from '../service';
import { discardBody, MAX_UPLOAD_BYTES, maxAgeOf, tempUrlFor, type StorageCore } from './core';
import { cloudPathProblem, fileIdFor, isEnvId } from './paths';

/** TCB error numbers the mini-program sees (the SDKs' own table). */
const ErrCode = { InvalidParam: -501007, InvalidEnv: -501005, FileNotExist: -503003, RequestFail: -503001, ExceedAuthority: -503002 } as const;

/**
 * The mini-program side of storage, for `wx.cloud.uploadFile` / `wx.cloud.getTempFileURL` from page
 * tests and the browser preview. Replies mirror the wx API's callbacks: HTTP 200 with the success
 * object, or HTTP 200 with `{ errCode, errMsg: "cloud.<api>:fail …" }` when the call fails (HTTP
 * errors are left to transport failures, as the client in `emulator/client/` reads them).
 */
export function clientRoutes(core: StorageCore): HttpRoute[] {
  return [
    {
      method: 'POST',
      prefix: '/client/uploadFile',
      handle: async (req, res, url) => {
        const fail = failWith(res, 'cloud.uploadFile');
        const env = url.searchParams.get('env') ?? '';
        const openid = url.searchParams.get('openid') ?? '';
        const cloudPath = url.searchParams.get('cloudPath') ?? '';
        const problem = uploadProblem(env, openid, cloudPath);
        if (problem) {
          await discardBody(req);
          fail(problem.errCode, problem.message);
          return;
        }
        // Storage as deployed (仅创建者可读写): a user may replace their own file, never another's.
        const existing = core.files.forEnv(env).find(cloudPath);
        if (existing && existing.uploaderOpenid !== openid) {
          await discardBody(req);
          fail(ErrCode.ExceedAuthority, 'permission denied: the file belongs to another user');
          return;
        }
        const written = await core.files.forEnv(env).write(cloudPath, req, MAX_UPLOAD_BYTES, {
          uploaderOpenid: openid,
          uploadedAt: core.context.clock.now().toISOString(),
        });
        if (!written.ok) {
          fail(ErrCode.RequestFail, `file is ${written.size} bytes; uploads are limited to ${MAX_UPLOAD_BYTES} bytes (50 MB)`);
          return;
        }
        sendJson(res, 200, { fileID: fileIdFor(env, cloudPath), errMsg: 'cloud.uploadFile:ok' });
      },
    },
    {
      method: 'POST',
      prefix: '/client/getTempFileURL',
      handle: async (req, res, url) => {
        const fail = failWith(res, 'cloud.getTempFileURL');
        const env = url.searchParams.get('env') ?? '';
        let body: Record<string, unknown>;
        try {
          body = await readJson(req);
        } catch (error) {
          fail(ErrCode.InvalidParam, error instanceof Error ? error.message : String(error));
          return;
        }
        if (!isEnvId(env)) return fail(ErrCode.InvalidEnv, `invalid env ${env}`);
        if (typeof body.openid !== 'string' || !body.openid) return fail(ErrCode.InvalidParam, 'openid is required');
        const entries = requestedFiles(body.fileList);
        if (typeof entries === 'string') return fail(ErrCode.InvalidParam, entries);
        const fileList = entries.map(({ fileID, maxAge }) => {
          const link = tempUrlFor(core, env, fileID, maxAge);
          return link.ok
            ? { fileID, tempFileURL: link.tempFileURL, status: 0, errMsg: 'ok', maxAge: link.maxAge }
            : { fileID, tempFileURL: '', status: ErrCode.FileNotExist, errMsg: 'storage file not exists', maxAge };
        });
        sendJson(res, 200, { fileList, errMsg: 'cloud.getTempFileURL:ok' });
      },
    },
  ];
}

function uploadProblem(env: string, openid: string, cloudPath: string): { errCode: number; message: string } | null {
  if (!isEnvId(env)) return { errCode: ErrCode.InvalidEnv, message: `invalid env ${env}` };
  if (!openid) return { errCode: ErrCode.InvalidParam, message: 'openid is required' };
  const pathProblem = cloudPathProblem(cloudPath);
  return pathProblem ? { errCode: ErrCode.InvalidParam, message: pathProblem } : null;
}

/** `fileList` as wx accepts it: fileID strings or `{ fileID, maxAge }`; a message when malformed. */
function requestedFiles(value: unknown): { fileID: string; maxAge: number }[] | string {
  if (!Array.isArray(value) || value.length === 0 || value.length > 50) return 'fileList must hold 1 to 50 files';
  const files: { fileID: string; maxAge: number }[] = [];
  for (const item of value) {
    const entry: { fileID?: unknown; maxAge?: unknown } =
      typeof item === 'string' ? { fileID: item } : item && typeof item === 'object' ? item : {};
    const maxAge = maxAgeOf(entry.maxAge);
    if (typeof entry.fileID !== 'string' || !entry.fileID) return 'fileList items must be fileIDs or { fileID, maxAge }';
    if (maxAge === null) return 'maxAge must be a positive number of seconds';
    files.push({ fileID: entry.fileID, maxAge });
  }
  return files;
}

function failWith(res: ServerResponse, api: string) {
  return (errCode: number, message: string): void => {
    sendJson(res, 200, { errCode, errMsg: `${api}:fail ${message}` });
  };
}
