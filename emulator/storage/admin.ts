import { createHash } from 'node:crypto';
import { CloudError, ErrorCode } from '../errors';
import type { AdminCall, AdminHandler } from '../service';
import { maxAgeOf, OBJECT_PREFIX, tempUrlFor, type StorageCore } from './core';
import { cloudPathProblem, encodePath, fileIdFor, isEnvId, pathInEnv } from './paths';

/** The platform answers at most 50 fileIDs per getTempFileURL / deleteFile call. */
const MAX_FILES_PER_CALL = 50;

/** The server SDK's storage actions, as wx-server-sdk 4.0.2 sends them. */
export function storageHandlers(core: StorageCore): Record<string, AdminHandler> {
  return {
    'storage.getUploadMetadata': (call) => {
      const env = envOf(call);
      const path = call.body.path;
      if (typeof path !== 'string') throw new CloudError(ErrorCode.InvalidParam, 'path must be a string');
      const problem = cloudPathProblem(path);
      if (problem) throw new CloudError(ErrorCode.InvalidParam, problem);
      const authorization = core.signer.uploadAuthorization(env, path);
      return {
        data: {
          // Encoded here so the PUT names exactly this path whichever URL parser the SDK uses.
          url: `${core.context.baseUrl()}${OBJECT_PREFIX}${env}/${encodePath(path)}`,
          token: 'local-cos-token',
          authorization,
          fileId: fileIdFor(env, path),
          // Sent back as a header (x-cos-meta-fileid), so it must be ASCII whatever the path holds.
          cosFileId: createHash('sha1').update(`${env}/${path}`).digest('hex'),
        },
      };
    },

    'storage.batchGetDownloadUrl': (call) => {
      const env = envOf(call);
      const entries = listOf(call.body.file_list, 'file_list');
      const downloads = entries.map((entry) => {
        if (!entry || typeof entry !== 'object' || typeof (entry as { fileid?: unknown }).fileid !== 'string') {
          throw new CloudError(ErrorCode.InvalidParam, 'file_list items must be { fileid, max_age }');
        }
        const { fileid, max_age: maxAgeValue } = entry as { fileid: string; max_age?: unknown };
        const maxAge = maxAgeOf(maxAgeValue);
        if (maxAge === null) throw new CloudError(ErrorCode.InvalidParam, 'max_age must be a positive number of seconds');
        const url = tempUrlFor(core, env, fileid, maxAge);
        return url.ok
          ? { fileID: url.fileID, tempFileURL: url.tempFileURL, code: 'SUCCESS', maxAge: url.maxAge }
          : { fileID: url.fileID, tempFileURL: '', code: url.code, message: url.message };
      });
      return { data: { download_list: downloads } };
    },

    'storage.batchDeleteFile': async (call) => {
      const env = envOf(call);
      const ids = listOf(call.body.fileid_list, 'fileid_list');
      const files = core.files.forEnv(env);
      const deletions = [];
      for (const id of ids) {
        if (typeof id !== 'string') throw new CloudError(ErrorCode.InvalidParam, 'fileid_list items must be strings');
        const path = pathInEnv(id, env);
        deletions.push(
          path !== null && (await files.remove(path))
            ? { fileID: id, code: 'SUCCESS' }
            : { fileID: id, code: ErrorCode.StorageFileNotExist, message: 'file not exist' },
        );
      }
      return { data: { delete_list: deletions } };
    },
  };
}

function envOf(call: AdminCall): string {
  if (!isEnvId(call.env)) throw new CloudError(ErrorCode.InvalidEnv, `invalid env ${call.env}`);
  return call.env;
}

function listOf(value: unknown, name: string): unknown[] {
  if (!Array.isArray(value) || value.length === 0) throw new CloudError(ErrorCode.InvalidParam, `${name} must be a non-empty array`);
  if (value.length > MAX_FILES_PER_CALL) throw new CloudError(ErrorCode.InvalidParam, `${name} holds more than ${MAX_FILES_PER_CALL} files`);
  return value;
}
