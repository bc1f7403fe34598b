/// <reference lib="dom" />
/**
 * `switch`, `checkbox` in a `checkbox-group`, `radio` in a `radio-group`, and `slider`: drawn as
 * WeChat draws them, keeping their own checked state as WeChat does (a page that sets `checked`
 * again overrides it), raising `change` with WeChat's details.
 */
import { bool, el, nativeAncestors, nativeDescendants, num, str, type NativeController, type NativeDefinition, type NativeElement } from './host';

const GREEN = '#09BB07';

interface Toggle {
  checked: boolean;
  value(): string;
  set(checked: boolean): void;
}
const toggles = new WeakMap<HTMLElement, Toggle>();

function toggleController(
  element: NativeElement,
  kind: 'checkbox' | 'radio' | 'switch',
  onTap: (toggle: Toggle) => void,
): NativeController & { toggle: Toggle } {
  const mark = el('span', kind);
  element.dom.prepend(mark);
  const paint = () => {
    mark.classList.toggle(`preview-native-${kind}--on`, toggle.checked);
    mark.classList.toggle(`preview-native-${kind}--disabled`, bool(element.props.disabled));
    const color = str(element.props.color) || (kind === 'switch' ? '#07c160' : GREEN);
    mark.style.setProperty('--preview-native-color', color);
  };
  const toggle: Toggle = {
    checked: false,
    value: () => str(element.props.value),
    set(checked) {
      toggle.checked = checked;
      paint();
    },
  };
  toggles.set(element.dom, toggle);
  return {
    toggle,
    update(changed) {
      if (changed.has('checked')) toggle.checked = bool(element.props.checked);
      paint();
    },
    activate() {
      if (!bool(element.props.disabled)) onTap(toggle);
    },
  };
}

function groupOf(element: NativeElement, tag: string): NativeElement | undefined {
  return nativeAncestors(element.dom.parentNode, document.body).find((entry) => entry.element.tag === tag)?.element;
}

/** The group's own members (not those of a group nested inside it). */
function members(group: HTMLElement, tag: string): Toggle[] {
  return nativeDescendants(group, tag)
    .filter((entry) => nativeAncestors(entry.element.dom.parentNode, document.body).find((up) => up.element.tag === `${tag}-group`)?.element.dom === group)
    .map((entry) => toggles.get(entry.element.dom))
    .filter((toggle): toggle is Toggle => Boolean(toggle));
}

const checkedValues = (group: HTMLElement): string[] =>
  members(group, 'checkbox')
    .filter((toggle) => toggle.checked)
    .map((toggle) => toggle.value());

const checkedRadio = (group: HTMLElement): string => members(group, 'radio').find((toggle) => toggle.checked)?.value() ?? '';

const choiceProperties = {
  value: { type: String, value: '' },
  checked: { type: Boolean, value: false },
  disabled: { type: Boolean, value: false },
  color: { type: String, value: '' },
};

export const checkbox: NativeDefinition = {
  properties: choiceProperties,
  create(element) {
    return toggleController(element, 'checkbox', (toggle) => {
      toggle.set(!toggle.checked);
      const group = groupOf(element, 'checkbox-group');
      if (group) group.raise('change', { value: checkedValues(group.dom) });
    });
  },
};

export const radio: NativeDefinition = {
  properties: choiceProperties,
  create(element) {
    return toggleController(element, 'radio', (toggle) => {
      // Tapping the chosen radio changes nothing.
      if (toggle.checked) return;
      const group = groupOf(element, 'radio-group');
      if (group) for (const other of members(group.dom, 'radio')) if (other !== toggle) other.set(false);
      toggle.set(true);
      if (group) group.raise('change', { value: toggle.value() });
    });
  },
};

export const checkboxGroup: NativeDefinition = {
  properties: { name: { type: String, value: '' } },
  create: (element) => ({
    update: () => undefined,
    formValue: () => checkedValues(element.dom),
    formReset: () => members(element.dom, 'checkbox').forEach((toggle) => toggle.set(false)),
  }),
};

export const radioGroup: NativeDefinition = {
  properties: { name: { type: String, value: '' } },
  create: (element) => ({
    update: () => undefined,
    formValue: () => checkedRadio(element.dom),
    formReset: () => members(element.dom, 'radio').forEach((toggle) => toggle.set(false)),
  }),
};

export const switchControl: NativeDefinition = {
  properties: {
    checked: { type: Boolean, value: false },
    disabled: { type: Boolean, value: false },
    type: { type: String, value: 'switch' },
    color: { type: String, value: '' },
    name: { type: String, value: '' },
  },
  create(element) {
    const controller = toggleController(element, 'switch', (toggle) => {
      toggle.set(!toggle.checked);
      element.raise('change', { value: toggle.checked });
    });
    return {
      ...controller,
      formValue: () => controller.toggle.checked,
      formReset: () => controller.toggle.set(false),
    };
  },
};

export const slider: NativeDefinition = {
  properties: {
    min: { type: Number, value: 0 },
    max: { type: Number, value: 100 },
    step: { type: Number, value: 1 },
    value: { type: Number, value: 0 },
    disabled: { type: Boolean, value: false },
    showValue: { type: Boolean, value: false },
    activeColor: { type: String, value: '' },
    backgroundColor: { type: String, value: '' },
    blockSize: { type: Number, value: 28 },
    blockColor: { type: String, value: '' },
    selectedColor: { type: String, value: '' },
    name: { type: String, value: '' },
  },
  create(element) {
    const box = el('div', 'slider');
    const range = el('input', 'slider-range');
    range.type = 'range';
    const shown = el('span', 'slider-value');
    box.append(range, shown);
    element.dom.appendChild(box);
    const p = () => element.props;
    const paint = () => {
      shown.textContent = range.value;
      shown.style.display = bool(p().showValue) ? '' : 'none';
      const min = Number(range.min);
      const share = Number(range.max) > min ? ((Number(range.value) - min) / (Number(range.max) - min)) * 100 : 0;
      range.style.setProperty('--preview-native-share', `${share}%`);
      range.style.setProperty('--preview-native-active', str(p().activeColor) || str(p().selectedColor) || '#07c160');
      range.style.setProperty('--preview-native-track', str(p().backgroundColor) || '#e9e9e9');
      range.style.setProperty('--preview-native-block', str(p().blockColor) || '#ffffff');
      range.style.setProperty('--preview-native-block-size', `${Math.min(28, Math.max(12, num(p().blockSize, 28)))}px`);
    };
    range.addEventListener('input', () => {
      paint();
      element.raise('changing', { value: Number(range.value) });
    });
    range.addEventListener('change', () => element.raise('change', { value: Number(range.value) }));
    return {
      update(changed) {
        range.min = String(num(p().min, 0));
        range.max = String(num(p().max, 100));
        range.step = String(Math.max(num(p().step, 1), Number.MIN_VALUE));
        range.disabled = bool(p().disabled);
        if (changed.has('value') || changed.has('min') || changed.has('max')) range.value = String(num(p().value, 0));
        paint();
      },
      formValue: () => Number(range.value),
      formReset: () => {
        range.value = range.min;
        paint();
      },
    };
  },
};

