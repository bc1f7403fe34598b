import { createWxCloud, type WxCloudClient } from '../../emulator/client/wx-cloud';

/** What the page showed the user through `wx` UI calls, in order. */
export interface UiRecord {
  api: 'showToast' | 'showModal' | 'showLoading' | 'hideLoading' | 'navigateTo' | 'redirectTo' | 'switchTab' | 'navigateBack';
  options: Record<string, unknown>;
}

export interface FakeWxOptions {
  baseUrl: string;
  env: string;
  openid: string;
}

export interface FakeWx {
  ui: UiRecord[];
  /** Changes who the calls are made as. */
  actAs(openid: string): void;
  /** Points `wx.cloud` at another local cloud, env or user (e.g. an unreachable one). */
  useCloud(options: Partial<FakeWxOptions>): void;
}

/**
 * The part of `wx` that page tests need: `wx.cloud` reaches the local cloud as a WeChat user;
 * UI calls are recorded so a test can assert what the user was shown.
 */
export function installFakeWx(initial: FakeWxOptions): FakeWx {
  const current = { ...initial };
  const ui: UiRecord[] = [];
  const record =
    (api: UiRecord['api']) =>
    (opts: Record<string, unknown> = {}): void => {
      ui.push({ api, options: opts });
      const success = opts.success as ((result: Record<string, unknown>) => void) | undefined;
      success?.(api === 'showModal' ? { confirm: true, cancel: false } : {});
    };
  let cloud: WxCloudClient = createWxCloud({ baseUrl: current.baseUrl, env: current.env, openid: () => current.openid });
  const wx = {
    get cloud() {
      return cloud;
    },
    showToast: record('showToast'),
    showModal: record('showModal'),
    showLoading: record('showLoading'),
    hideLoading: record('hideLoading'),
    navigateTo: record('navigateTo'),
    redirectTo: record('redirectTo'),
    switchTab: record('switchTab'),
    navigateBack: record('navigateBack'),
    getSystemInfoSync: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, platform: 'devtools', SDKVersion: '3.6.0' }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2, screenWidth: 375, screenHeight: 667, statusBarHeight: 20, safeArea: { top: 20, bottom: 667 } }),
    getDeviceInfo: () => ({ platform: 'devtools', system: 'Linux', brand: 'devtools', model: 'simulator' }),
    getAppBaseInfo: () => ({ SDKVersion: '3.6.0', theme: 'light', language: 'zh_CN' }),
    getMenuButtonBoundingClientRect: () => ({ top: 24, bottom: 56, left: 281, right: 368, width: 87, height: 32 }),
    canIUse: () => true,
    nextTick: (fn: () => void) => setTimeout(fn, 0),
  };
  Object.assign(globalThis, {
    wx,
    getApp: () => ({ globalData: {} }),
    getCurrentPages: () => [],
  });
  return {
    ui,
    actAs(openid) {
      current.openid = openid;
    },
    useCloud(options) {
      Object.assign(current, options);
      cloud = createWxCloud({ baseUrl: current.baseUrl, env: current.env, openid: () => current.openid });
    },
  };
}
