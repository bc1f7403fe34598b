/// <reference lib="dom" />
/**
 * WeChat's built-in components in the browser. The framework renders them as `wx-*` elements
 * without behaviour; the preview registers them again with WeChat's properties (see
 * native/host.ts) and gives each the behaviour the pages and TDesign bind. A press is a finger:
 * `touchstart` / `touchmove` / `touchend`; a click is WeChat's `tap` (none after a drag, none
 * on a disabled button), after which the innermost control under it acts (a
 * button submits its form or opens its open-type, a picker opens, a checkbox toggles …); fields
 * are real HTML fields; images, scroll views, 2d canvases and the pressed look work as on a phone.
 * What the preview adds inside an element carries a `preview-native-` class.
 */
import { dispatchWx } from './events';
import { button, form, label, navigator } from './native/controls';
import { checkbox, checkboxGroup, radio, radioGroup, slider, switchControl } from './native/choices';
import { input, textarea } from './native/fields';
import { defineNative, nativeAncestors, type NativeDefinition, type NativeHooks } from './native/host';
import { hoverProperties, installHover, view } from './native/hover';
import { image } from './native/media';
import { canvas, installCanvasNodes } from './native/canvas';
import { picker } from './native/picker';
import { scrollView } from './native/scroll';
import { text } from './native/text';
import { installTouches } from './native/touch';

export type { NativeHooks } from './native/host';

const withHover = (definition: NativeDefinition, hoverClass: string, start: number, stay: number): NativeDefinition => ({
  ...definition,
  properties: { ...hoverProperties(hoverClass, start, stay), ...definition.properties },
});

/** The built-ins the preview gives behaviour to, by WeChat tag. */
const BUILT_INS: Record<string, NativeDefinition> = {
  view,
  text,
  input,
  textarea,
  button: withHover(button, 'button-hover', 20, 70),
  form,
  label,
  navigator: withHover(navigator, 'navigator-hover', 50, 600),
  picker,
  switch: switchControl,
  checkbox,
  'checkbox-group': checkboxGroup,
  radio,
  'radio-group': radioGroup,
  slider,
  image,
  'scroll-view': scrollView,
  canvas,
};

/** Call before the first page renders: components are looked up by tag when a page is built. */
export function installNativeComponents(root: HTMLElement, hooks: NativeHooks): void {
  for (const [tag, definition] of Object.entries(BUILT_INS)) defineNative(tag, definition, hooks);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  installCanvasNodes(require('j-component/src/tool/selectorquery'));
  installHover(root);
  const touches = installTouches(root);
  root.addEventListener('click', (event) => {
    // A finger that moved was dragging (a picker wheel, a swipe), not tapping.
    if (touches.wasDrag(event)) return;
    const target = event.target as Node;
    const control = nativeAncestors(target, root).find(({ controller }) => controller.activate || controller.blocksTap);
    if (control?.controller.blocksTap?.()) return;
    dispatchWx(target, 'tap', { x: event.clientX, y: event.clientY });
    control?.controller.activate?.(event);
  });
}
