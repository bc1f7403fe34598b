/** What a form hears from `cloud-upload`, and what it tells the user while files are not all in. */

/** Where the files are: all uploaded, some on their way, or some failed. */
export type UploadState = 'done' | 'uploading' | 'failed';

export interface UploadChange {
  /** In the order shown; empty for a file not uploaded (yet). */
  fileIDs: string[];
  state: UploadState;
}

/** Why a form cannot be sent yet because of its files (`照片`, `文件`), or undefined. */
export function uploadProblem(state: UploadState, noun: string): string | undefined {
  if (state === 'uploading') return `${noun}正在上传，请稍候再提交`;
  if (state === 'failed') return `有${noun}上传失败，请点击该${noun}重试或删除`;
  return undefined;
}

/** Where several lists of files are together: uploading while any is, else failed while any failed. */
export function combinedState(states: UploadState[]): UploadState {
  return states.includes('uploading') ? 'uploading' : states.includes('failed') ? 'failed' : 'done';
}
