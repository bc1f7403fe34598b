/**
 * The tabs of the custom tab bar (app.json `tabBar.list` in the same order). A tab page marks
 * itself selected on show with `selectTab(this, 'home')`: each tab page has its own tab bar
 * instance, as WeChat's custom tab bar works.
 */
import type { TabPath } from '../shared/routes';

export type TabValue = 'home' | 'staff' | 'mine';

export interface Tab {
  value: TabValue;
  label: string;
  icon: string;
  path: TabPath;
  /** Shown only when the profile says `isStaff`. */
  staffOnly: boolean;
}

export const TABS: readonly Tab[] = [
  { value: 'home', label: '首页', icon: 'home', path: 'pages/home/index', staffOnly: false },
  { value: 'staff', label: '工作台', icon: 'app', path: 'pages/staff/index', staffOnly: true },
  { value: 'mine', label: '我的', icon: 'user', path: 'pages/mine/index', staffOnly: false },
];

/** The tabs a user sees. */
export function visibleTabs(isStaff: boolean): Tab[] {
  return TABS.filter((tab) => isStaff || !tab.staffOnly);
}

interface TabPage {
  getTabBar?: () => WechatMiniprogram.Component.TrivialInstance | undefined;
}

/** Marks `value` selected in the current page's tab bar (absent outside WeChat, e.g. in page tests). */
export function selectTab(page: TabPage, value: TabValue): void {
  if (typeof page.getTabBar !== 'function') return;
  page.getTabBar()?.setData({ selected: value });
}
