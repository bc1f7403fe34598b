/// <reference lib="dom" />
/**
 * `canvas` (type="2d"): an HTML canvas inside the element, which is the node WeChat's
 * `SelectorQuery.fields({ node: true })` hands to a page — the browser's canvas already has the
 * 2d context, `width` and `height` the page sets. j-component's selector query knows no `node`
 * field, so `installCanvasNodes` teaches it to answer with this canvas.
 */
import { controllerOf, el, type NativeDefinition } from './host';

const canvases = new WeakMap<HTMLElement, HTMLCanvasElement>();

export const canvas: NativeDefinition = {
  properties: {
    type: { type: String, value: '' },
    canvasId: { type: String, value: '' },
    disableScroll: { type: Boolean, value: false },
  },
  create(element) {
    const drawing = el('canvas', 'canvas') as HTMLCanvasElement;
    drawing.style.width = '100%';
    drawing.style.height = '100%';
    drawing.style.display = 'block';
    element.dom.appendChild(drawing);
    canvases.set(element.dom, drawing);
    return { update() {} };
  },
};

interface QueuedField {
  node?: boolean;
}
interface SelectorQueryPrototype {
  _push(selector: string, exparserNode: unknown, single: boolean, fields: QueuedField, callback: ((result: unknown) => void) | null): unknown;
}
interface ExparserHost {
  shadowRoot: { querySelector(selector: string): { $$?: HTMLElement } | null };
}

/** Adds `node` to j-component's selector-query answers for canvases. */
export function installCanvasNodes(selectorQuery: { prototype: SelectorQueryPrototype }): void {
  const push = selectorQuery.prototype._push;
  selectorQuery.prototype._push = function patched(selector, exparserNode, single, fields, callback) {
    if (!fields.node || !exparserNode) return push.call(this, selector, exparserNode, single, fields, callback);
    const withNode = (result: unknown): void => {
      // The same object reaches `exec`'s own callback: the node is added in place.
      const found = (exparserNode as ExparserHost).shadowRoot.querySelector(selector);
      const dom = found?.$$;
      if (result && typeof result === 'object' && dom && controllerOf(dom)) (result as { node?: HTMLCanvasElement }).node = canvases.get(dom);
      callback?.(result);
    };
    return push.call(this, selector, exparserNode, single, fields, withNode);
  };
}
