/**
 * WeChat events in the preview: a DOM element rendered by the component framework knows its
 * framework node (`__wxElement`); events are raised on that node with WeChat's bubbling and
 * `bind`/`catch` semantics, as the framework does for its own touch handling.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
const exparser = require('miniprogram-exparser') as Exparser;
/* eslint-enable @typescript-eslint/no-require-imports */

export interface WxNode {
  is: string;
  id?: string;
  dataset?: Record<string, unknown>;
  $$?: HTMLElement;
  parentNode?: WxNode | null;
  __wxElement?: WxNode;
}

interface Exparser {
  Event: {
    create(name: string, detail: unknown, options: Record<string, unknown>): unknown;
    dispatchEvent(target: WxNode, event: unknown): void;
  };
  Element: { getMethodCaller(node: WxNode): Record<string, unknown> | undefined };
}

export { exparser };

/** The framework node behind a DOM node: its own, or its nearest ancestor's. */
export function wxNodeOf(dom: Node | null): WxNode | undefined {
  for (let at: Node | null = dom; at; at = at.parentNode) {
    const node = (at as unknown as { __wxElement?: WxNode }).__wxElement;
    if (node) return node;
  }
  return undefined;
}

/** Raises `name` on the framework node behind `dom`, bubbling through component boundaries as a tap does. */
export function dispatchWx(dom: Node, name: string, detail: Record<string, unknown> = {}, options: { bubbles?: boolean } = {}): boolean {
  const node = wxNodeOf(dom);
  if (!node) return false;
  const bubbles = options.bubbles ?? true;
  exparser.Event.dispatchEvent(
    node,
    exparser.Event.create(name, detail, { bubbles, composed: bubbles, capturePhase: true, extraFields: { touches: [], changedTouches: [] } }),
  );
  return true;
}
