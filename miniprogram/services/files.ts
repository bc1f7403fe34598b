/**
 * The only place in the mini-program that calls `wx.cloud.uploadFile`, as services/api.ts is for
 * `callFunction`: failures become `ApiError`s with a sentence a user can read. Every file goes to
 * the user's own folder (shared/uploads.ts), the only place the cloud function takes files from.
 */
import { uploadPath } from '../shared/uploads';
import { ApiError, newRequestId } from './api';
import { getProfile } from './session';

const UPLOAD_FAILED = '文件上传失败，请检查网络后重试';

/** `relative` inside the caller's own upload folder. */
async function ownPath(relative: string): Promise<string> {
  return uploadPath((await getProfile()).openid, relative);
}

/** Uploads a local (temporary) file to `relative` in the user's folder; resolves with its file id. */
export async function uploadToCloud(relative: string, filePath: string): Promise<string> {
  let fileID: string | undefined;
  try {
    ({ fileID } = await wx.cloud.uploadFile({ cloudPath: await ownPath(relative), filePath }));
  } catch {
    throw new ApiError('NETWORK', UPLOAD_FAILED);
  }
  if (!fileID) throw new ApiError('INTERNAL', UPLOAD_FAILED);
  return fileID;
}

/**
 * Uploads one chosen image as a proof of residence. Proofs are private files: only the uploader
 * and staff allowed to see them get short-lived links from the cloud.
 */
export function uploadProof(filePath: string): Promise<string> {
  return uploadToCloud(`proofs/${newRequestId()}.jpg`, filePath);
}

/**
 * Uploads a local (temporary) file to `relative` in the user's folder, reporting progress (0–100)
 * as WeChat sends it, so a page can show each file's own progress.
 */
export async function uploadWithProgress(relative: string, filePath: string, onProgress: (percent: number) => void): Promise<string> {
  const cloudPath = await ownPath(relative);
  return new Promise((resolve, reject) => {
    // Only the callback form returns the task that reports progress.
    const task = wx.cloud.uploadFile({
      cloudPath,
      filePath,
      success: ({ fileID }) => (fileID ? resolve(fileID) : reject(new ApiError('INTERNAL', UPLOAD_FAILED))),
      fail: () => reject(new ApiError('NETWORK', UPLOAD_FAILED)),
    });
    task.onProgressUpdate(({ progress }) => onProgress(progress));
  });
}

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|heic)$/i;

/** Uploads one photo of a service request (报事报修), with progress. */
export function uploadTicketPhoto(filePath: string, onProgress: (percent: number) => void): Promise<string> {
  const extension = IMAGE_EXTENSION.exec(filePath)?.[0].toLowerCase() ?? '.jpg';
  return uploadWithProgress(`tickets/${newRequestId()}${extension}`, filePath, onProgress);
}
