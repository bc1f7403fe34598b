/**
 * The phone around the pages: navigation bar with a back button, the WeChat dialogs the `wx`
 * APIs open (toast, loading, modal, action sheet, subscription consent, file choice, image
 * preview), notification banners, and the switcher to act as another user. Dialogs are drawn
 * inside the phone's screen and resolve when the user answers, as WeChat's native ones do.
 */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export const screen = (): HTMLElement => document.getElementById('screen')!;
export const pagesArea = (): HTMLElement => document.getElementById('pages')!;

export function setNavigation(title: string, canGoBack: boolean): void {
  document.getElementById('nav-title')!.textContent = title;
  document.getElementById('nav-back')!.style.visibility = canGoBack ? 'visible' : 'hidden';
}

// ---- toast and loading --------------------------------------------------------------------------
let toastTimer: number | undefined;
/** The last toasts shown, oldest first, as `data-shown` of the toast box: a toast is gone in seconds, a failing test still says what it told the user. */
const TOASTS_KEPT = 20;
function keepShown(box: HTMLElement, text: string): void {
  const shown = JSON.parse(box.dataset.shown ?? '[]') as string[];
  box.dataset.shown = JSON.stringify([...shown, text].slice(-TOASTS_KEPT));
}
export function toast(text: string, options: { icon?: string; duration?: number; loading?: boolean; mask?: boolean } = {}): void {
  const box = document.getElementById('toast')!;
  window.clearTimeout(toastTimer);
  if (!text && !options.loading) {
    box.style.display = 'none';
    return;
  }
  box.replaceChildren();
  const icon = options.loading ? '⟳' : options.icon === 'success' ? '✓' : options.icon === 'error' ? '✕' : '';
  if (icon) box.appendChild(el('div', options.loading ? 'toast-icon toast-icon--spin' : 'toast-icon', icon));
  box.appendChild(el('div', 'toast-text', text));
  if (!options.loading) keepShown(box, text);
  box.dataset.kind = options.loading ? 'loading' : 'toast';
  box.style.display = 'block';
  if (!options.loading) toastTimer = window.setTimeout(() => (box.style.display = 'none'), options.duration ?? 1500);
}

export function hideToast(kind: 'loading' | 'toast'): void {
  const box = document.getElementById('toast')!;
  if (box.dataset.kind === kind) box.style.display = 'none';
}

// ---- dialogs: one sheet layer over the screen ----------------------------------------------------
function overlay(kind: string): { layer: HTMLElement; close: () => void } {
  const layer = el('div', `preview-overlay preview-overlay--${kind}`);
  layer.dataset.dialog = kind;
  screen().appendChild(layer);
  return { layer, close: () => layer.remove() };
}

export interface ModalOptions {
  title?: string;
  content?: string;
  showCancel?: boolean;
  cancelText?: string;
  confirmText?: string;
  editable?: boolean;
  placeholderText?: string;
}

export function modal(options: ModalOptions): Promise<{ confirm: boolean; content?: string }> {
  return new Promise((resolve) => {
    const { layer, close } = overlay('modal');
    const box = el('div', 'modal');
    if (options.title) box.appendChild(el('div', 'modal-title', options.title));
    let input: HTMLTextAreaElement | undefined;
    if (options.editable) {
      input = el('textarea', 'modal-input');
      input.placeholder = options.placeholderText ?? '';
      input.value = options.content ?? '';
      box.appendChild(input);
    } else if (options.content) box.appendChild(el('div', 'modal-content', options.content));
    const buttons = el('div', 'modal-buttons');
    const answer = (confirm: boolean) => () => {
      close();
      resolve({ confirm, content: input?.value });
    };
    if (options.showCancel !== false) {
      const cancel = el('button', 'modal-button modal-cancel', options.cancelText ?? '取消');
      cancel.onclick = answer(false);
      buttons.appendChild(cancel);
    }
    const confirm = el('button', 'modal-button modal-confirm', options.confirmText ?? '确定');
    confirm.onclick = answer(true);
    buttons.appendChild(confirm);
    box.appendChild(buttons);
    layer.appendChild(box);
  });
}

/** A bottom sheet of choices; resolves with the index tapped, or -1 for cancel. */
export function actionSheet(items: string[], title?: string): Promise<number> {
  return new Promise((resolve) => {
    const { layer, close } = overlay('sheet');
    const sheet = el('div', 'sheet');
    if (title) sheet.appendChild(el('div', 'sheet-title', title));
    items.forEach((item, index) => {
      const button = el('button', 'sheet-item', item);
      button.onclick = () => {
        close();
        resolve(index);
      };
      sheet.appendChild(button);
    });
    const cancel = el('button', 'sheet-item sheet-cancel', '取消');
    cancel.onclick = () => {
      close();
      resolve(-1);
    };
    sheet.appendChild(cancel);
    layer.appendChild(sheet);
  });
}

/** WeChat's subscription dialog: one switch per template, then 允许 / 取消. */
export function subscriptionPrompt(templates: { id: string; title: string }[]): Promise<Record<string, 'accept' | 'reject'> | null> {
  return new Promise((resolve) => {
    const { layer, close } = overlay('subscribe');
    const sheet = el('div', 'sheet');
    sheet.appendChild(el('div', 'sheet-title', '物业客服 申请向你发送以下消息'));
    const switches = templates.map((template) => {
      const row = el('label', 'subscribe-row');
      const box = el('input', 'subscribe-switch');
      box.type = 'checkbox';
      box.checked = true;
      box.dataset.template = template.id;
      row.append(el('span', 'subscribe-title', template.title), box);
      sheet.appendChild(row);
      return box;
    });
    const buttons = el('div', 'modal-buttons');
    const cancel = el('button', 'modal-button modal-cancel', '取消');
    const allow = el('button', 'modal-button modal-confirm', '允许');
    cancel.onclick = () => {
      close();
      resolve(null);
    };
    allow.onclick = () => {
      close();
      resolve(Object.fromEntries(switches.map((box) => [box.dataset.template!, box.checked ? 'accept' : 'reject'])));
    };
    buttons.append(cancel, allow);
    sheet.appendChild(buttons);
    layer.appendChild(sheet);
  });
}

/** The album / file chooser: a sheet whose button opens the browser's file picker. */
export function chooseFiles(options: { accept: string; multiple: boolean; title: string }): Promise<File[]> {
  return new Promise((resolve) => {
    const { layer, close } = overlay('files');
    const sheet = el('div', 'sheet');
    sheet.appendChild(el('div', 'sheet-title', options.title));
    const label = el('label', 'sheet-item sheet-file');
    label.appendChild(el('span', '', '从电脑选择文件'));
    const input = el('input', 'preview-file-input');
    input.type = 'file';
    input.accept = options.accept;
    input.multiple = options.multiple;
    input.onchange = () => {
      close();
      resolve(Array.from(input.files ?? []));
    };
    label.appendChild(input);
    sheet.appendChild(label);
    const cancel = el('button', 'sheet-item sheet-cancel', '取消');
    cancel.onclick = () => {
      close();
      resolve([]);
    };
    sheet.appendChild(cancel);
    layer.appendChild(sheet);
  });
}

export function imagePreview(url: string): void {
  const { layer, close } = overlay('image');
  const image = el('img', 'image-preview');
  image.src = url;
  layer.appendChild(image);
  layer.onclick = close;
}

// ---- notifications -------------------------------------------------------------------------------
export interface Notice {
  title: string;
  lines: string[];
  onOpen?: () => void;
}

export function notify(notice: Notice): void {
  const tray = document.getElementById('notices')!;
  const card = el('div', 'notice');
  card.appendChild(el('div', 'notice-app', '微信 · 服务通知'));
  card.appendChild(el('div', 'notice-title', notice.title));
  for (const line of notice.lines) card.appendChild(el('div', 'notice-line', line));
  card.onclick = () => {
    card.remove();
    notice.onOpen?.();
  };
  tray.prepend(card);
  window.setTimeout(() => card.classList.add('notice--old'), 8000);
}
