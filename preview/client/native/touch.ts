/// <reference lib="dom" />
/**
 * A finger on the phone: the mouse (or pen, or touch screen) pressed on a page raises WeChat's
 * `touchstart`, `touchmove`, `touchend` / `touchcancel` on the element first touched, with
 * `touches` and `changedTouches` as WeChat fills them, so what pages and TDesign do on a drag
 * (the picker's wheel, swiping tabs, the rating) works. A press that moved is no tap, as on a phone.
 */
import { exparser, wxNodeOf } from '../events';

interface TouchPoint {
  identifier: number;
  pageX: number;
  pageY: number;
  clientX: number;
  clientY: number;
  force: number;
}

/** How far a finger may move and still tap (WeChat's tolerance is about this). */
const TAP_SLOP = 10;

function raise(target: Node, name: string, touches: TouchPoint[], changedTouches: TouchPoint[]): void {
  const node = wxNodeOf(target);
  if (!node) return;
  const at = changedTouches[0];
  exparser.Event.dispatchEvent(
    node,
    exparser.Event.create(name, { x: at?.pageX ?? 0, y: at?.pageY ?? 0 }, { bubbles: true, composed: true, capturePhase: true, extraFields: { touches, changedTouches } }),
  );
}

export interface Touches {
  /** Whether the press that ended in this click moved too far to be a tap. */
  wasDrag(event: MouseEvent): boolean;
}

export function installTouches(root: HTMLElement): Touches {
  let active: { target: Node; pointer: number; x: number; y: number } | undefined;
  let last = { x: 0, y: 0, moved: false };
  const point = (event: PointerEvent): TouchPoint => ({
    identifier: 0,
    pageX: event.pageX,
    pageY: event.pageY,
    clientX: event.clientX,
    clientY: event.clientY,
    force: event.pressure || 1,
  });

  root.addEventListener('pointerdown', (event) => {
    if (!event.isPrimary || event.button !== 0) return;
    active = { target: event.target as Node, pointer: event.pointerId, x: event.clientX, y: event.clientY };
    last = { x: event.clientX, y: event.clientY, moved: false };
    const touch = point(event);
    raise(active.target, 'touchstart', [touch], [touch]);
  });
  window.addEventListener('pointermove', (event) => {
    if (!active || event.pointerId !== active.pointer) return;
    if (Math.hypot(event.clientX - active.x, event.clientY - active.y) > TAP_SLOP) last.moved = true;
    const touch = point(event);
    raise(active.target, 'touchmove', [touch], [touch]);
  });
  const end = (name: 'touchend' | 'touchcancel') => (event: PointerEvent) => {
    if (!active || event.pointerId !== active.pointer) return;
    const target = active.target;
    active = undefined;
    raise(target, name, [], [point(event)]);
  };
  window.addEventListener('pointerup', end('touchend'));
  window.addEventListener('pointercancel', end('touchcancel'));

  return {
    wasDrag: (event) => event.detail !== 0 && last.moved && Math.hypot(event.clientX - last.x, event.clientY - last.y) > TAP_SLOP,
  };
}
