/// <reference lib="dom" />
/**
 * The pressed look: while a finger is down, `view`, `button` and `navigator` take their
 * `hover-class` (after `hover-start-time`, kept for `hover-stay-time` after release), and so do
 * their ancestors unless one says `hover-stop-propagation`, as in WeChat.
 */
import { bool, nativeAncestors, num, str, type NativeDefinition, type NativeElement, type PropertySpec } from './host';

export function hoverProperties(hoverClass: string, start: number, stay: number): Record<string, PropertySpec> {
  return {
    hoverClass: { type: String, value: hoverClass },
    hoverStartTime: { type: Number, value: start },
    hoverStayTime: { type: Number, value: stay },
    hoverStopPropagation: { type: Boolean, value: false },
  };
}

/** WeChat's own hover classes are global; a page's are scoped to the page or component that wrote them. */
const GLOBAL_HOVER = new Set(['button-hover', 'navigator-hover']);

export const view: NativeDefinition = {
  properties: hoverProperties('none', 50, 400),
  create: () => ({ update: () => undefined }),
};

function hoverClasses(element: NativeElement): string[] {
  const name = str(element.props.hoverClass);
  if (!name || name === 'none' || bool(element.props.disabled)) return [];
  const spelled = GLOBAL_HOVER.has(name) ? name : element.ownerClasses(name);
  return spelled.split(' ').filter(Boolean);
}

export function installHover(root: HTMLElement): void {
  let pressed: { element: NativeElement; classes: string[]; timer: number; on: boolean }[] = [];
  let startPoint = { x: 0, y: 0 };
  const release = () => {
    for (const entry of pressed) {
      window.clearTimeout(entry.timer);
      const off = () => entry.element.dom.classList.remove(...entry.classes);
      if (entry.on) window.setTimeout(off, num(entry.element.props.hoverStayTime, 400));
      else off();
    }
    pressed = [];
  };
  root.addEventListener('pointerdown', (event) => {
    release();
    startPoint = { x: event.clientX, y: event.clientY };
    for (const { element } of nativeAncestors(event.target as Node, root)) {
      if (!('hoverClass' in element.props)) continue;
      const classes = hoverClasses(element);
      if (classes.length) {
        const entry = { element, classes, timer: 0, on: false };
        entry.timer = window.setTimeout(() => {
          entry.on = true;
          element.dom.classList.add(...classes);
        }, num(element.props.hoverStartTime, 50));
        pressed.push(entry);
      }
      if (bool(element.props.hoverStopPropagation)) break;
    }
  });
  root.addEventListener('pointermove', (event) => {
    // A drag (scrolling the page) is not a press.
    if (pressed.length && Math.hypot(event.clientX - startPoint.x, event.clientY - startPoint.y) > 10) release();
  });
  for (const name of ['pointerup', 'pointercancel', 'pointerleave'] as const) root.addEventListener(name, release);
}
