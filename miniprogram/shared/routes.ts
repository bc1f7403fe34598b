/**
 * Every page of the mini-program with the query it is opened with: the one table page URLs are
 * built from, by the pages (services/navigation.ts) and by the cloud function for the page a
 * subscribe message opens. The keys are app.json's page paths.
 */
import type { TicketKind } from '../../typings/tickets';

type PerCommunity = { communityId?: string };

export interface PageQueries {
  'pages/home/index': Record<string, never>;
  'pages/mine/index': Record<string, never>;
  'pages/staff/index': Record<string, never>;
  'pages/bind/index': Record<string, never>;
  /** A shared invite link may carry the code. */
  'pages/invite/index': { code?: string };
  'pages/privacy/index': Record<string, never>;
  'pages/ticket/new': { kind?: Exclude<TicketKind, 'inquiry'> };
  'pages/ticket/list': Record<string, never>;
  'pages/ticket/detail': { id: string };
  'pages/disclosure/index': PerCommunity;
  /** A notice's series, shown at one version (by id or number) or else the current one. */
  'pages/disclosure/detail': { seriesId: string; id?: string; version?: string };
  'pages/notice/detail': { id: string };
  /** Every notice published to the resident there, withdrawn ones marked. */
  'pages/notice/history': { communityId: string };
  'pages/bill/index': Record<string, never>;
  /** With `id`: the application staff asked to complete, to resubmit. */
  'pages/renovation/apply': { id?: string };
  'pages/renovation/list': Record<string, never>;
  'pages/renovation/detail': { id: string };
  'packages/staff/pages/bindings/index': PerCommunity;
  'packages/staff/pages/communities/index': Record<string, never>;
  /** Without `id`: a new community. */
  'packages/staff/pages/communities/edit': { id?: string };
  'packages/staff/pages/roster/index': PerCommunity;
  'packages/staff/pages/team/index': PerCommunity;
  'packages/staff/pages/access-log/index': PerCommunity;
  /** A workbench count opens the inbox filtered as it counted: status, overdue, mine, escalated from a level. */
  'packages/staff/pages/inbox/index': PerCommunity & { status?: 'submitted' | 'assigned'; overdue?: '1'; mine?: '1'; escalated?: '1' | '2' };
  'packages/staff/pages/ticket/index': { id: string };
  'packages/staff/pages/register/index': PerCommunity;
  'packages/staff/pages/handover/index': PerCommunity & { tab?: 'write' | 'history' };
  'packages/staff/pages/service-settings/index': PerCommunity;
  'packages/staff/pages/disclosure-edit/index': PerCommunity;
  'packages/staff/pages/bills/index': PerCommunity;
  'packages/staff/pages/arrears/index': PerCommunity;
  'packages/staff/pages/renovations/index': PerCommunity;
  'packages/staff/pages/renovation/index': { id: string };
  'packages/staff/pages/calendar/index': Record<string, never>;
  'packages/staff/pages/backups/index': Record<string, never>;
  'packages/staff/pages/role-log/index': PerCommunity;
  'packages/staff/pages/desk-log/index': PerCommunity;
  /** With `unitId`: that home's file; else choose a home. */
  'packages/staff/pages/unit-file/index': PerCommunity & { unitId?: string };
  'packages/staff/pages/incidents/index': PerCommunity;
  'packages/staff/pages/incident/index': { id: string };
  'packages/staff/pages/alerts/index': PerCommunity;
  'packages/staff/pages/board/index': PerCommunity;
  /** The tickets behind a figure of the board (docs/kpi.md). */
  'packages/staff/pages/board-tickets/index': { communityId: string; from: string; to: string; figure: string; part: string };
  /** A self-inspection (自查整改): by `id`, or a new one on a period's major, group and repeat complaints. */
  'packages/staff/pages/review/index': { id: string } | { communityId: string; from: string; to: string };
  /** The routes with today's rounds, missed rounds, and the manager's route set-up. */
  'packages/site/pages/patrol/index': PerCommunity;
  /** Walking one route: scan a point's code, check every item. */
  'packages/site/pages/patrol-check/index': { routeId: string };
  /** Without `id`: a new route. */
  'packages/site/pages/patrol-route/index': PerCommunity & { id?: string };
  'packages/site/pages/work-orders/index': PerCommunity;
  /** `tab=loans` opens the keys out now, overdue first. */
  'packages/site/pages/keys/index': PerCommunity & { tab?: 'keys' | 'loans' };
  'packages/site/pages/custody/index': PerCommunity;
  /** A resident's parcels and items at the desk, and an owner's keys left with it. */
  'pages/items/index': Record<string, never>;
  /** The lending register (借阅), opened on a filter: a workbench count opens what it counted. */
  'packages/site/pages/file-loans/index': PerCommunity & { filter?: 'open' | 'overdue' | 'all' };
  'packages/site/pages/file-loan/index': { id: string };
  /** The handover of important files when the file keeper changes. */
  'packages/site/pages/keeper-handovers/index': PerCommunity;
  'packages/site/pages/contracts/index': PerCommunity & { filter?: 'all' | 'due' };
  'packages/site/pages/contract/index': { id: string };
  'packages/site/pages/shops/index': PerCommunity & { filter?: 'all' | 'due' };
  'packages/site/pages/shop/index': { id: string };
  'packages/site/pages/notices/index': PerCommunity;
  /** A notice by `id`, or a new draft in a community (correcting the withdrawn notice `replaces`). */
  'packages/site/pages/notices/notice': { id: string } | { communityId: string; replaces?: string };
  /** `mine`: only the people the caller is responsible for (what the workbench counted). */
  'packages/care/pages/ledger/index': PerCommunity & { filter?: 'all' | 'today' | 'overdue'; mine?: '1' };
  /** A person of the care ledger by `id`, or a new one in a community. */
  'packages/care/pages/person/index': { id: string } | { communityId: string };
  'packages/care/pages/visits/index': PerCommunity & { month?: string };
  'packages/care/pages/visit/index': { id: string };
  /** The owner's visits: the times proposed to them, answered here. */
  'packages/care/pages/booking/index': Record<string, never>;
  /** Move-in (入住办理) and delivery acceptance: the desk's register, one record's form, the community's 管理规约 versions. */
  'packages/home/pages/moveins/index': PerCommunity;
  /** A record by `id`, or a new one (for the home `unitId` when opened from its file). */
  'packages/home/pages/movein/index': PerCommunity & { id?: string; unitId?: string };
  'packages/home/pages/agreements/index': PerCommunity;
  /** An owner's move-in records with each defect's ticket, and the 管理规约 to sign for a home. */
  'packages/home/pages/my-movein/index': Record<string, never>;
  'packages/home/pages/agreement/index': { unitId?: string };
  /** An owner's community activities, meeting invitations and surveys to answer. */
  'packages/events/pages/events/index': Record<string, never>;
  'packages/events/pages/answer/index': { id: string };
  'packages/events/pages/activities/index': PerCommunity;
  'packages/events/pages/activity/index': { id: string };
  'packages/events/pages/meetings/index': PerCommunity;
  'packages/events/pages/meeting/index': { id: string };
  'packages/events/pages/surveys/index': PerCommunity;
  /** A draft by `id`, or a new questionnaire for a community. */
  'packages/events/pages/survey-edit/index': { id: string } | { communityId: string };
  'packages/events/pages/survey-results/index': { id: string };
}

export type PagePath = keyof PageQueries;

/** The tab pages (app.json `tabBar.list`): switched to, never opened with a query. */
export type TabPath = 'pages/home/index' | 'pages/staff/index' | 'pages/mine/index';

/** The pages that open without a query (an entry in a menu, a link in a page). */
export type PlainPagePath = { [P in PagePath]: Record<string, never> extends PageQueries[P] ? P : never }[PagePath];

/** The staff pages that work on one community, opened with it. */
export type CommunityPagePath = { [P in PagePath]: PageQueries[P] extends PerCommunity ? (PerCommunity extends PageQueries[P] ? P : never) : never }[PagePath];

/** The query a page's onLoad receives (WeChat passes every value as a string, or leaves it out). */
export type PageQuery<P extends PagePath> = Partial<Record<keyof PageQueries[P], string>>;

/** The query argument: optional when the page needs none. */
export type QueryArgument<P extends PagePath> = Record<string, never> extends PageQueries[P] ? [query?: PageQueries[P]] : [query: PageQueries[P]];

/** `pages/ticket/detail?id=…`, as a subscribe message's `page` names it. */
export function pagePath<P extends PagePath>(path: P, ...[query]: QueryArgument<P>): string {
  const pairs = Object.entries((query ?? {}) as Record<string, string | undefined>)
    .filter((pair): pair is [string, string] => pair[1] !== undefined && pair[1] !== '')
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return pairs.length ? `${path}?${pairs.join('&')}` : path;
}

/** A URL built from the page table, never typed by hand. */
export type PageUrl = string & { readonly builtFromPageTable: true };

/** `/pages/ticket/detail?id=…`, as the navigation APIs and `url` attributes take it. */
export function pageUrl<P extends PagePath>(path: P, ...query: QueryArgument<P>): PageUrl {
  return `/${pagePath(path, ...query)}` as PageUrl;
}
