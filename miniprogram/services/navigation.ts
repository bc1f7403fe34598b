/**
 * The only place in the mini-program that calls WeChat's navigation APIs: every URL is built from
 * the page table in shared/routes.ts with the query type of the page it opens.
 */
import { pageUrl, type PagePath, type QueryArgument, type TabPath } from '../shared/routes';

export function navigateTo<P extends PagePath>(path: P, ...query: QueryArgument<P>): void {
  wx.navigateTo({ url: pageUrl(path, ...query) });
}

/** Replaces the current page (a form that is done shows its result page instead). */
export function redirectTo<P extends PagePath>(path: P, ...query: QueryArgument<P>): void {
  wx.redirectTo({ url: pageUrl(path, ...query) });
}

export function switchTab(path: TabPath): void {
  wx.switchTab({ url: pageUrl(path) });
}

export function navigateBack(): void {
  wx.navigateBack();
}
