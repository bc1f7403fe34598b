/// <reference lib="dom" />
/**
 * WeChat runs a component's `ready` lifetime once, after the component is first laid out — also
 * for components a later `setData` creates (a form that appears once its data has loaded).
 * j-component runs it only for the components present when a page is attached, so those created
 * later never finish setting up (TDesign's upload sizes its grid in `ready`). Used by the preview
 * and by the page tests alike, so both render what WeChat renders.
 */

/** The parts of miniprogram-exparser this needs. */
export interface ExparserLike {
  Component: { prototype: { triggerLifeTime(name: string, args?: unknown[]): void } };
  Element: abstract new (...args: never[]) => unknown;
}

interface FrameworkNode {
  childNodes: unknown[];
  shadowRoot?: unknown;
  __attached?: boolean;
  triggerLifeTime?(name: string, args?: unknown[]): void;
}

const READY = Symbol('ready delivered');
type Marked = FrameworkNode & { [READY]?: boolean };

const patched = new WeakSet<object>();

/** Makes `ready` run at most once per component, whoever asks for it. */
function onceOnly(exparser: ExparserLike): void {
  const proto = exparser.Component.prototype;
  if (patched.has(proto)) return;
  patched.add(proto);
  const original = proto.triggerLifeTime;
  proto.triggerLifeTime = function (this: Marked, name: string, args?: unknown[]) {
    if (name === 'ready') {
      if (this[READY]) return;
      this[READY] = true;
    }
    original.call(this, name, args);
  };
}

/** Runs `ready` on every attached component under `root` that has not had it yet, parents first. */
export function deliverReady(exparser: ExparserLike, root: unknown): void {
  const visit = (node: Marked): void => {
    if (node instanceof (exparser.Component as unknown as abstract new () => unknown)) {
      if (node.__attached && !node[READY]) node.triggerLifeTime?.('ready');
      if (node.shadowRoot instanceof exparser.Element) visit(node.shadowRoot as Marked);
    }
    for (const child of node.childNodes) if (child instanceof exparser.Element) visit(child as Marked);
  };
  visit(root as Marked);
}

/**
 * Watches the DOM a rendered root draws into (`dom`) and delivers `ready` to components that
 * appear in it after it was attached. Returns a function that stops watching.
 */
export function watchReady(exparser: ExparserLike, root: unknown, dom: Node): () => void {
  onceOnly(exparser);
  const observer = new MutationObserver(() => deliverReady(exparser, root));
  observer.observe(dom, { childList: true, subtree: true });
  return () => observer.disconnect();
}
