import type { BackupAction, BackupSummary } from '../../../../../typings/backup';
import { loadable } from '../../../../behaviors/loadable';
import { call, showError } from '../../../../services/api';
import { copyDownloadLink } from '../../../../services/documents';
import { chinaMinute } from '../../../../shared/time';
import { canOf } from '../../../../utils/actions';
import { confirmModal } from '../../../../utils/dialog';

interface BackupCard {
  id: string;
  time: string;
  complete: boolean;
  figures: string;
  can: Partial<Record<BackupAction, boolean>>;
}

function sizeLabel(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

function backupCard(backup: BackupSummary): BackupCard {
  const figures = backup.complete
    ? `${backup.collections} 个数据集合 · ${backup.documents} 条记录 · 引用文件 ${backup.fileReferences} 个 · ${sizeLabel(backup.bytes)}`
    : `开始于 ${chinaMinute(backup.startedAt)}`;
  return { id: backup.id, time: chinaMinute(backup.finishedAt ?? backup.startedAt), complete: backup.complete, figures, can: canOf(backup.allowed) };
}

/**
 * 数据备份: the weekly backups of the whole database, for the deployment's admins, each with its
 * figures and, once complete, a short-lived download link to open on a computer.
 */
Component({
  behaviors: [loadable],
  data: {
    backups: [] as BackupCard[],
    downloading: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    async fetch() {
      this.setData({ backups: (await call('backup.list', {})).map(backupCard) });
    },
    async onDownload(event: WechatMiniprogram.TouchEvent<Record<string, never>, Record<string, never>, { id: string }>) {
      const { id } = event.currentTarget.dataset;
      const card = this.data.backups.find((item) => item.id === id);
      if (!card || this.data.downloading) return;
      const content = `将复制 ${card.time} 的备份（.tar.gz）下载链接，10 分钟内有效，请在电脑上打开。备份含全部住户的个人信息，下载会记入访问日志。`;
      if (!(await confirmModal('下载数据备份', content, '获取链接'))) return;
      this.setData({ downloading: id });
      try {
        await copyDownloadLink(await call('backup.download', { id }));
      } catch (error) {
        showError(error);
      } finally {
        this.setData({ downloading: '' });
      }
    },
  },
});
