/**
 * Photos and documents for a form, uploaded to cloud storage as soon as they are chosen: TDesign's
 * t-upload shows each file's own progress, a file that failed is tried again when tapped, and
 * the count and size are limited before anything is sent. The form hears `change` with the
 * uploaded files' ids and whether some are still on their way or failed, so it can wait.
 */
import { newRequestId, showError } from '../../services/api';
import { uploadWithProgress } from '../../services/files';
import type { UploadChange, UploadState } from './state';

/** A chosen file as t-upload shows it, with its cloud file id once uploaded. */
interface Upload {
  url: string;
  name: string;
  type: 'image';
  status: 'loading' | 'done' | 'failed';
  percent: number;
  fileID?: string;
}

const IMAGE_EXTENSION = /\.(jpe?g|png|gif|webp|heic)$/i;

/** Files already in the cloud: a cloud file id is a valid image source in WeChat. */
function uploaded(fileIDs: string[]): Upload[] {
  return fileIDs.filter(Boolean).map((fileID, index) => ({ url: fileID, name: `文件${index + 1}`, type: 'image', status: 'done', percent: 100, fileID }));
}

Component({
  options: { virtualHost: true },
  properties: {
    /** The storage folder, e.g. `tickets`; each file gets a fresh name inside it. */
    folder: { type: String, value: 'uploads' },
    max: { type: Number, value: 9 },
    /** The largest file accepted, in MB. */
    maxMb: { type: Number, value: 10 },
    disabled: { type: Boolean, value: false },
    /**
     * Ids of files already uploaded (a form opened again, a section shown again), shown while the
     * list is empty; the form may pass back what it heard in `change`.
     */
    initial: { type: Array, value: [] },
  },
  data: {
    files: [] as Upload[],
    sizeLimit: { size: 10, unit: 'MB', message: '图片不能超过 {sizeLimit} MB' },
  },
  observers: {
    initial(fileIDs: string[]) {
      if (this.data.files.length === 0) this.setData({ files: uploaded(fileIDs) });
    },
    maxMb(size: number) {
      this.setData({ sizeLimit: { ...this.data.sizeLimit, size } });
    },
  },
  methods: {
    onAdd(event: WechatMiniprogram.CustomEvent<{ files: { url: string; name: string }[] }>) {
      const room = this.data.max - this.data.files.length;
      const added = event.detail.files.slice(0, room).map((file): Upload => ({ url: file.url, name: file.name, type: 'image', status: 'loading', percent: 0 }));
      this.setData({ files: [...this.data.files, ...added] });
      this.report();
      for (const file of added) void this.upload(file.url);
    },
    async upload(url: string) {
      this.patch(url, { status: 'loading', percent: 0 });
      const extension = IMAGE_EXTENSION.exec(url)?.[0].toLowerCase() ?? '.jpg';
      try {
        const fileID = await uploadWithProgress(`${this.data.folder}/${newRequestId()}${extension}`, url, (percent) => this.patch(url, { percent }));
        this.patch(url, { status: 'done', percent: 100, fileID });
      } catch (error) {
        // A file removed while it uploaded no longer matters.
        if (this.patch(url, { status: 'failed' })) showError(error);
      }
      this.report();
    },
    /** Updates the file at this temporary path if it is still in the list; says whether it was. */
    patch(url: string, patch: Partial<Upload>): boolean {
      const index = this.data.files.findIndex((file) => file.url === url);
      if (index < 0) return false;
      this.setData({ [`files[${index}]`]: { ...this.data.files[index], ...patch } });
      return true;
    },
    onRemove(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      this.setData({ files: this.data.files.filter((_, index) => index !== event.detail.index) });
      this.report();
    },
    /** Tapping a file that failed to upload tries again. */
    onClick(event: WechatMiniprogram.CustomEvent<{ index: number }>) {
      const file = this.data.files[event.detail.index];
      if (file?.status === 'failed') void this.upload(file.url);
    },
    onFail(event: WechatMiniprogram.CustomEvent<{ errMsg?: string }>) {
      const reason = event.detail.errMsg ?? '';
      if (/cancel/.test(reason)) return;
      const title = /privacy|auth/i.test(reason) ? '需要您同意隐私保护指引后才能选择图片' : '未能选择图片，请重试';
      wx.showToast({ title, icon: 'none', duration: 2500 });
    },
    report() {
      const files = this.data.files;
      const state: UploadState = files.some((file) => file.status === 'loading') ? 'uploading' : files.some((file) => file.status === 'failed') ? 'failed' : 'done';
      const change: UploadChange = { fileIDs: files.map((file) => file.fileID ?? ''), state };
      this.triggerEvent('change', change);
    },
  },
});
