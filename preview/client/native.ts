/**
 * WeChat's built-in components in the browser. The framework renders them as `wx-*` elements
 * without behaviour; this gives them the behaviour the pages bind: a click is WeChat's `tap`.
 */
import { dispatchWx } from './events';
import type { Router } from './router';

export interface NativeHooks {
  phoneNumberCode(): Promise<{ code?: string; errMsg: string }>;
  agreePrivacy(): void;
  router: Router;
}

export function installNativeComponents(root: HTMLElement, _hooks: NativeHooks): void {
  root.addEventListener('click', (event) => {
    const target = event.target as Node;
    dispatchWx(target, 'tap', { x: (event as MouseEvent).clientX, y: (event as MouseEvent).clientY });
  });
}
