/// <reference lib="dom" />
/**
 * `input` and `textarea`: a real HTML field inside the element, with the placeholder WeChat draws
 * as a layer of its own (so `placeholder-class` / `placeholder-style` apply), the keyboards of
 * `type` (number, digit, idcard) as the characters they allow, and WeChat's events: `input`
 * ({value, cursor, keyCode}) as the user types (after IME composition), `focus`, `blur`,
 * `confirm`, and `linechange` for textareas. A page re-setting `value` rewrites the field.
 */
import { SCREEN_WIDTH } from '../screen';
import { applyStyle, bool, el, num, str, type NativeController, type NativeDefinition, type NativeElement, type PropertySpec } from './host';

const common: Record<string, PropertySpec> = {
  value: { type: null, value: '' },
  name: { type: String, value: '' },
  placeholder: { type: String, value: '' },
  placeholderStyle: { type: String, value: '' },
  placeholderClass: { type: String, value: '' },
  disabled: { type: Boolean, value: false },
  maxlength: { type: Number, value: 140 },
  focus: { type: Boolean, value: false },
  autoFocus: { type: Boolean, value: false },
  cursor: { type: Number, value: -1 },
  selectionStart: { type: Number, value: -1 },
  selectionEnd: { type: Number, value: -1 },
  confirmType: { type: String, value: '' },
  confirmHold: { type: Boolean, value: false },
  ariaLabel: { type: String, value: '' },
};

/** What each keyboard lets the user type. */
const KEYBOARDS: Record<string, { mode: string; allowed?: RegExp }> = {
  number: { mode: 'numeric', allowed: /[^0-9]/g },
  digit: { mode: 'decimal', allowed: /[^0-9.]/g },
  idcard: { mode: 'text', allowed: /[^0-9xX]/g },
};

const ENTER_HINTS: Record<string, string> = { send: 'send', search: 'search', next: 'next', go: 'go', done: 'done', return: 'enter' };

function fieldController(element: NativeElement, multiline: boolean): NativeController {
  const wrapper = el('div', multiline ? 'textarea' : 'input');
  const placeholder = el('div', 'placeholder');
  const field = multiline ? el('textarea', 'field') : el('input', 'field');
  if (field instanceof HTMLTextAreaElement) field.rows = 1;
  wrapper.append(placeholder, field);
  const on = <K extends keyof HTMLElementEventMap>(name: K, listener: (event: HTMLElementEventMap[K]) => void) => (field as HTMLElement).addEventListener(name, listener);
  element.dom.appendChild(wrapper);
  let first = true;
  let composing = false;
  let keyCode = 0;
  let lineCount = 0;
  let attached = true;

  const props = () => element.props;
  const keyboard = () => KEYBOARDS[str(props().type)];
  const showPlaceholder = () => {
    placeholder.hidden = field.value !== '';
  };
  const autoHeight = () => multiline && bool(props().autoHeight);
  const fit = () => {
    if (!multiline) return;
    const area = field as HTMLTextAreaElement;
    // The content's own height: measured with the field collapsed.
    area.style.minHeight = '0px';
    area.style.height = '0px';
    const content = area.scrollHeight;
    area.style.minHeight = '';
    area.style.height = autoHeight() ? `${content}px` : '';
    if (content === 0) return; // not laid out (a page in the background)
    const style = getComputedStyle(area);
    const lineHeight = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.4 || 20;
    const lines = Math.max(1, Math.round(content / lineHeight));
    if (lines !== lineCount) {
      const first = lineCount === 0;
      lineCount = lines;
      if (!first) element.raise('linechange', { height: content, heightRpx: (content * 750) / SCREEN_WIDTH, lineCount: lines });
    }
  };
  const setValue = (value: string) => {
    if (field.value !== value) field.value = value;
    showPlaceholder();
    fit();
  };
  const cursorAt = () => field.selectionStart ?? field.value.length;
  const focusNow = () => {
    if (!attached || document.activeElement === field) return;
    // After the page's render: WeChat focuses once the field is on screen.
    setTimeout(() => {
      if (!attached) return;
      field.focus({ preventScroll: false });
      const start = num(props().selectionStart, -1);
      const end = num(props().selectionEnd, -1);
      const cursor = num(props().cursor, -1);
      if (start >= 0 && end >= 0) field.setSelectionRange(start, end);
      else if (cursor >= 0) field.setSelectionRange(cursor, cursor);
    });
  };

  const typed = () => {
    const allowed = keyboard()?.allowed;
    if (allowed && allowed.test(field.value)) {
      const before = cursorAt();
      const removed = field.value.slice(0, before).replace(allowed, '').length;
      field.value = field.value.replace(allowed, '');
      field.setSelectionRange(removed, removed);
    }
    showPlaceholder();
    fit();
    element.raise('input', { value: field.value, cursor: cursorAt(), keyCode });
    keyCode = 0; // a paste or an IME commit has no key of its own
  };
  on('compositionstart', () => (composing = true));
  on('compositionend', () => {
    composing = false;
    typed();
  });
  on('input', (event) => {
    if (composing || (event as InputEvent).isComposing) return;
    typed();
  });
  on('keydown', (event) => {
    keyCode = event.keyCode;
    if (event.key !== 'Enter' || event.isComposing) return;
    const confirmType = str(props().confirmType, multiline ? 'return' : 'done');
    // A textarea's Enter is a new line unless its keyboard shows another key there.
    if (multiline && (confirmType === 'return' || confirmType === '') && !event.ctrlKey && !event.metaKey) return;
    event.preventDefault();
    element.raise('confirm', { value: field.value });
    if (!bool(props().confirmHold)) field.blur();
  });
  on('focus', () => element.raise('focus', { value: field.value, height: 0 }));
  on('blur', () => element.raise('blur', { value: field.value, cursor: cursorAt() }));

  return {
    update(changed) {
      const p = props();
      if (changed.has('value')) setValue(str(p.value));
      if (changed.has('placeholder')) {
        placeholder.textContent = str(p.placeholder);
        field.setAttribute('aria-placeholder', str(p.placeholder));
      }
      if (changed.has('ariaLabel')) {
        if (str(p.ariaLabel)) field.setAttribute('aria-label', str(p.ariaLabel));
        else field.removeAttribute('aria-label');
      }
      if (changed.has('placeholderClass')) placeholder.className = `preview-native-placeholder ${element.ownerClasses(str(p.placeholderClass))}`.trim();
      if (changed.has('placeholderStyle')) applyStyle(placeholder, str(p.placeholderStyle));
      if (changed.has('disabled')) field.disabled = bool(p.disabled);
      if (changed.has('maxlength')) {
        const max = num(p.maxlength, 140);
        if (max < 0) field.removeAttribute('maxlength');
        else field.maxLength = max;
      }
      if (changed.has('type') || changed.has('password')) {
        if (field instanceof HTMLInputElement) field.type = bool(p.password) || p.type === 'safe-password' ? 'password' : 'text';
        field.inputMode = keyboard()?.mode ?? 'text';
      }
      if (changed.has('confirmType')) field.enterKeyHint = ENTER_HINTS[str(p.confirmType, multiline ? 'return' : 'done')] ?? 'done';
      if (changed.has('autoHeight')) {
        field.classList.toggle('preview-native-field--auto', autoHeight());
        wrapper.classList.toggle('preview-native-textarea--auto', autoHeight());
        fit();
      }
      if ((changed.has('focus') && bool(p.focus)) || (first && bool(p.autoFocus))) focusNow();
      else if (!first && changed.has('focus') && !bool(p.focus) && document.activeElement === field) field.blur();
      first = false;
    },
    activate: () => {
      if (!bool(props().disabled)) field.focus();
    },
    formValue: () => field.value,
    formReset: () => setValue(''),
    attach() {
      attached = true;
    },
    detach() {
      attached = false;
    },
  };
}

export const input: NativeDefinition = {
  properties: { ...common, type: { type: String, value: 'text' }, password: { type: Boolean, value: false } },
  create: (element) => fieldController(element, false),
};

export const textarea: NativeDefinition = {
  properties: {
    ...common,
    autoHeight: { type: Boolean, value: false },
    fixed: { type: Boolean, value: false },
    showConfirmBar: { type: Boolean, value: true },
    disableDefaultPadding: { type: Boolean, value: false },
  },
  create: (element) => fieldController(element, true),
};
