/**
 * Asks before something that cannot be undone. Resolves true only on 确定 (or the given confirm
 * text); closing the dialog any other way is a no.
 */
export function confirmModal(title: string, content: string, confirmText = '确定', confirmColor?: string): Promise<boolean> {
  return new Promise((resolve) => {
    wx.showModal({
      title,
      content,
      confirmText,
      ...(confirmColor ? { confirmColor } : {}),
      success: (result) => resolve(result.confirm),
      fail: () => resolve(false),
    });
  });
}
