/// <reference lib="dom" />
/**
 * `scroll-view`: scrolls only along the axes it names (`scroll-x`, `scroll-y`), follows
 * `scroll-top`, `scroll-left` and `scroll-into-view`, and raises `scroll`, `scrolltoupper` and
 * `scrolltolower` (once per arrival within the threshold) as WeChat does. The axes are told to
 * the stylesheet by a marker inside the element, so the framework's own attributes stay as they are.
 */
import { bool, el, num, str, type NativeDefinition } from './host';

export const scrollView: NativeDefinition = {
  properties: {
    scrollX: { type: Boolean, value: false },
    scrollY: { type: Boolean, value: false },
    upperThreshold: { type: Number, value: 50 },
    lowerThreshold: { type: Number, value: 50 },
    scrollTop: { type: null, value: '' },
    scrollLeft: { type: null, value: '' },
    scrollIntoView: { type: String, value: '' },
    scrollWithAnimation: { type: Boolean, value: false },
    enableFlex: { type: Boolean, value: false },
    showScrollbar: { type: Boolean, value: true },
    enhanced: { type: Boolean, value: false },
  },
  create(element) {
    const dom = element.dom;
    const marker = el('span', 'scroll');
    marker.hidden = true;
    dom.prepend(marker);
    const p = () => element.props;
    let last = { top: dom.scrollTop, left: dom.scrollLeft };
    let atUpper = true;
    let atLower = false;
    const edges = () => {
      const upper = num(p().upperThreshold, 50);
      const lower = num(p().lowerThreshold, 50);
      const vertical = bool(p().scrollY);
      const position = vertical ? dom.scrollTop : dom.scrollLeft;
      const room = vertical ? dom.scrollHeight - dom.clientHeight : dom.scrollWidth - dom.clientWidth;
      const direction = vertical ? 'top' : 'left';
      const nearUpper = position <= upper;
      const nearLower = room > 0 && room - position <= lower;
      if (nearUpper && !atUpper) element.raise('scrolltoupper', { direction });
      if (nearLower && !atLower) element.raise('scrolltolower', { direction: vertical ? 'bottom' : 'right' });
      atUpper = nearUpper;
      atLower = nearLower;
    };
    dom.addEventListener('scroll', (event) => {
      if (event.target !== dom) return;
      const now = { top: dom.scrollTop, left: dom.scrollLeft };
      element.raise('scroll', {
        scrollLeft: now.left,
        scrollTop: now.top,
        scrollHeight: dom.scrollHeight,
        scrollWidth: dom.scrollWidth,
        deltaX: last.left - now.left,
        deltaY: last.top - now.top,
      });
      last = now;
      edges();
    });
    const scrollTo = (options: ScrollToOptions) => dom.scrollTo({ ...options, behavior: bool(p().scrollWithAnimation) ? 'smooth' : 'auto' });
    return {
      update(changed) {
        const props = p();
        marker.className = [
          'preview-native-scroll',
          bool(props.scrollX) ? 'preview-native-scroll--x' : '',
          bool(props.scrollY) ? 'preview-native-scroll--y' : '',
          bool(props.enhanced) && !bool(props.showScrollbar) ? 'preview-native-scroll--bare' : '',
        ]
          .filter(Boolean)
          .join(' ');
        // After the page's render, so the content the position refers to is there.
        requestAnimationFrame(() => {
          if (changed.has('scrollTop') && str(props.scrollTop) !== '') scrollTo({ top: num(props.scrollTop, 0) });
          if (changed.has('scrollLeft') && str(props.scrollLeft) !== '') scrollTo({ left: num(props.scrollLeft, 0) });
          const id = str(props.scrollIntoView);
          if (changed.has('scrollIntoView') && id) {
            const root = (element.node as { ownerShadowRoot?: { getElementById(id: string): { $$?: HTMLElement } | undefined } }).ownerShadowRoot;
            const target = root?.getElementById(id)?.$$;
            if (target) {
              const box = dom.getBoundingClientRect();
              const at = target.getBoundingClientRect();
              scrollTo({ top: dom.scrollTop + at.top - box.top, left: dom.scrollLeft + at.left - box.left });
            }
          }
          edges();
        });
      },
    };
  },
};
