import { cloud } from './cloud';

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
