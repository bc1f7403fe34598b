/**
 * Opening a file the cloud exported (a personal-data export, a board report): downloaded and
 * opened in WeChat; where the phone cannot open it, the short-lived link is copied instead.
 */

/** `wx` callback APIs as promises, failing with their errMsg. */
function downloadFile(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    wx.downloadFile({
      url,
      success: (result) => (result.statusCode === 200 ? resolve(result.tempFilePath) : reject(new Error(`HTTP ${result.statusCode}`))),
      fail: (error) => reject(new Error(error.errMsg)),
    });
  });
}

function openDocument(filePath: string, fileType: 'xlsx' | 'pdf'): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.openDocument({ filePath, fileType, showMenu: true, success: () => resolve(), fail: (error) => reject(new Error(error.errMsg)) });
  });
}

function copyText(data: string): Promise<void> {
  return new Promise((resolve, reject) => {
    wx.setClipboardData({ data, success: () => resolve(), fail: (error) => reject(new Error(error.errMsg)) });
  });
}

async function offerLink(url: string, expiresInSeconds: number): Promise<void> {
  const minutes = Math.max(1, Math.floor(expiresInSeconds / 60));
  try {
    await copyText(url);
  } catch {
    wx.showModal({ title: '无法打开导出文件', content: '请稍后重试，或联系物业服务中心协助导出。', showCancel: false });
    return;
  }
  wx.showModal({
    title: '下载链接已复制',
    content: `无法在微信中直接打开文件，链接已复制，请在浏览器中打开下载（${minutes} 分钟内有效）。`,
    showCancel: false,
  });
}

/** Opens an exported file; some phones cannot open it in WeChat, and get the link to open elsewhere. */
export async function openExported(file: { url: string; expiresInSeconds: number }, fileType: 'xlsx' | 'pdf' = 'xlsx'): Promise<void> {
  try {
    await openDocument(await downloadFile(file.url), fileType);
  } catch {
    await offerLink(file.url, file.expiresInSeconds);
  }
}

/** A file the phone cannot open (a backup archive): its short-lived link is copied for a computer's browser. */
export async function copyDownloadLink(file: { url: string; expiresInSeconds: number }): Promise<void> {
  const minutes = Math.max(1, Math.floor(file.expiresInSeconds / 60));
  await copyText(file.url);
  wx.showModal({ title: '下载链接已复制', content: `请在电脑浏览器中打开链接下载（${minutes} 分钟内有效）。`, showCancel: false });
}
