/// <reference lib="dom" />
/**
 * `<text>`: with `decode`, WeChat shows the entities it knows (`&nbsp;` `&lt;` `&gt;` `&amp;`
 * `&apos;` `&ensp;` `&emsp;`) as their characters (./entities.ts). The
 * framework keeps writing the literal text on every update, so the decoding follows the element's
 * text for as long as it is on the page.
 */
import { decodeEntities } from './entities';
import { bool, type NativeDefinition } from './host';

function decodeWithin(root: Node): void {
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const decoded = decodeEntities(node.textContent ?? '');
    // Writing only what changes keeps the observer below from hearing its own writes forever.
    if (decoded !== node.textContent) node.textContent = decoded;
  }
}

export const text: NativeDefinition = {
  properties: {
    decode: { type: Boolean, value: false },
  },
  create(element) {
    let observer: MutationObserver | undefined;
    const stop = () => {
      observer?.disconnect();
      observer = undefined;
    };
    const start = () => {
      if (!bool(element.props.decode)) return stop();
      decodeWithin(element.dom);
      if (observer) return;
      observer = new MutationObserver(() => decodeWithin(element.dom));
      observer.observe(element.dom, { characterData: true, childList: true, subtree: true });
    };
    return {
      update: start,
      attach: start,
      detach: stop,
    };
  },
};
