/**
 * The only place in the mini-program that calls WeChat's navigation APIs: every URL is built from
 * the page table in shared/routes.ts with the query type of the page it opens.
 */
import { pageUrl, type PagePath, type PageUrl, type QueryArgument, type TabPath } from '../shared/routes';

export function navigateTo<P extends PagePath>(path: P, ...query: QueryArgument<P>): void {
  navigateToUrl(pageUrl(path, ...query));
}

/** Opens a URL a page built earlier from the page table (kept in its data for a list of links). */
export function navigateToUrl(url: PageUrl): void {
  wx.navigateTo({ url });
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
