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

/** Asks for a line of text in WeChat's editable dialog; resolves the trimmed text, or undefined when cancelled. */
export function promptModal(options: { title: string; placeholder: string; confirmText: string; content?: string }): Promise<string | undefined> {
  return new Promise((resolve) => {
    wx.showModal({
      title: options.title,
      content: options.content ?? '',
      editable: true,
      placeholderText: options.placeholder,
      confirmText: options.confirmText,
      success: (result) => resolve(result.confirm ? (result.content ?? '').trim() : undefined),
      fail: () => resolve(undefined),
    });
  });
}
