import { parseFileId, uploaderOf } from '../../../miniprogram/shared/uploads';
import type { Caller } from './caller';
import { cloud } from './cloud';
import { AppError } from './errors';

/**
 * Short-lived URLs for private files (proofs, photos, exports): the one place that asks storage
 * for them. Files stay private; a URL works for `seconds` and then is refused.
 */
export async function temporaryUrls(fileIds: string[], seconds: number): Promise<string[]> {
  if (!fileIds.length) return [];
  // The SDK's typings leave out `maxAge` on list items, which the SDK sends as `max_age`.
  const { fileList } = (await cloud.getTempFileURL({
    fileList: fileIds.map((fileID) => ({ fileID, maxAge: seconds })),
  } as unknown as Parameters<typeof cloud.getTempFileURL>[0])) as { fileList: { tempFileURL: string }[] };
  return fileList.map((file) => file.tempFileURL).filter(Boolean);
}

/** How long the link to an exported file (a workbook, a report, a receipt) works. */
export const EXPORT_LINK_SECONDS = 600;

export interface ExportedFile {
  fileID: string;
  url: string;
  expiresInSeconds: number;
}

/** The link to a file already stored for the caller to download, valid `EXPORT_LINK_SECONDS`. */
export async function exportLink(fileID: string): Promise<ExportedFile> {
  const [url = ''] = await temporaryUrls([fileID], EXPORT_LINK_SECONDS);
  return { fileID, url, expiresInSeconds: EXPORT_LINK_SECONDS };
}

/** Stores an export under `cloudPath` and returns its link. */
export async function storeExport(cloudPath: string, fileContent: Buffer): Promise<ExportedFile> {
  const { fileID } = await cloud.uploadFile({ cloudPath, fileContent });
  return exportLink(fileID);
}

/**
 * Refuses files the caller did not upload themselves to this env: a file id names somebody's
 * private proof or photo, and attaching it to one's own record would show it to them.
 */
export function assertOwnFiles(caller: Caller, fileIds: readonly string[]): void {
  for (const fileId of fileIds) {
    const file = parseFileId(fileId);
    if (!file || file.env !== caller.env) throw new AppError('VALIDATION', '文件须先上传到本小程序');
    if (uploaderOf(file.path) !== caller.openid) throw new AppError('FORBIDDEN', '只能使用您本人上传的文件');
  }
}
