import type { RosterRejection } from '../../../../../typings/domain';
import { communityScope } from '../../../../behaviors/community-scope';
import { call, messageOf, newRequestId } from '../../../../services/api';
import { uploadToCloud } from '../../../../services/files';
import { confirmModal } from '../../../../utils/dialog';

interface ChosenFile {
  path: string;
  name: string;
  size: number;
}

interface ImportSummary {
  fileName: string;
  created: number;
  updated: number;
  rejected: RosterRejection[];
}

/** The server's limit; checked here too so a large file is not uploaded only to be refused. */
const MAX_BYTES = 5 * 1024 * 1024;

const COLUMNS = [
  { name: '楼栋', note: '必填，如 1栋' },
  { name: '单元', note: '没有单元可留空' },
  { name: '房号', note: '必填，如 1202' },
  { name: '建筑面积', note: '必填，单位 m²，最多两位小数' },
  { name: '业主姓名', note: '必填' },
  { name: '联系电话', note: '必填，手机或带区号的座机' },
];

const EXAMPLE = [
  ['楼栋', '单元', '房号', '建筑面积', '业主姓名', '联系电话'],
  ['1栋', '1单元', '101', '89.50', '张伟', '13800000001'],
  ['1栋', '2单元', '201', '101.25', '王芳', '028-85550001'],
  ['2栋', '', '301', '56', '刘洋', '13800000004'],
];

/** Lets the user pick a CSV or .xlsx file from a WeChat chat; resolves undefined if they cancel. */
function chooseSpreadsheet(): Promise<ChosenFile | undefined> {
  return new Promise((resolve, reject) => {
    wx.chooseMessageFile({
      count: 1,
      type: 'file',
      extension: ['csv', 'xlsx'],
      success: ({ tempFiles }) => resolve(tempFiles[0]),
      fail: (error: { errMsg: string }) => {
        if (/cancel/.test(error.errMsg)) resolve(undefined);
        else reject(new Error(error.errMsg));
      },
    });
  });
}

Component({
  behaviors: [communityScope],
  data: {
    columns: COLUMNS,
    example: EXAMPLE,
    importing: false,
    importError: '',
    summary: null as ImportSummary | null,
  },
  methods: {
    async fetch() {
      await this.openScope(['admin'], '还没有可导入名册的小区，请先在「小区信息」中新建小区');
    },
    communityChanged() {
      this.setData({ summary: null, importError: '' });
    },
    /** The community stays while a file is being imported into it. */
    communityLocked(): boolean {
      return this.data.importing;
    },
    async onChooseFile() {
      if (this.data.importing) return;
      let file: ChosenFile | undefined;
      try {
        file = await chooseSpreadsheet();
      } catch {
        wx.showToast({ title: '无法打开文件，请从微信聊天中选择表格文件', icon: 'none', duration: 3000 });
        return;
      }
      if (!file) return;
      const extension = /\.(csv|xlsx)$/i.exec(file.name)?.[1]?.toLowerCase();
      if (!extension) {
        wx.showToast({ title: '请选择 CSV 或 Excel（.xlsx）文件', icon: 'none', duration: 3000 });
        return;
      }
      if (file.size > MAX_BYTES) {
        wx.showToast({ title: '文件不能超过 5 MB，请分批导入', icon: 'none', duration: 3000 });
        return;
      }
      const content = `将“${file.name}”导入到${this.data.communityName}？楼栋、单元、房号相同的房屋会按表格更新面积和业主信息。`;
      if (!(await confirmModal('导入房屋名册', content, '导入'))) return;
      await this.importFile(file, extension);
    },
    async importFile(file: ChosenFile, extension: string) {
      this.setData({ importing: true, importError: '', summary: null });
      try {
        // The server tells CSV from .xlsx by the stored name, so the extension is kept.
        const fileID = await uploadToCloud(`rosters/${this.data.communityId}/${newRequestId()}.${extension}`, file.path);
        const result = await call('roster.import', { communityId: this.data.communityId, fileID });
        this.setData({ summary: { fileName: file.name, ...result } });
        wx.showToast({ title: result.rejected.length > 0 ? `有 ${result.rejected.length} 行未导入` : '导入完成', icon: result.rejected.length > 0 ? 'none' : 'success' });
      } catch (error) {
        this.setData({ importError: messageOf(error) });
        wx.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
      } finally {
        this.setData({ importing: false });
      }
    },
  },
});
