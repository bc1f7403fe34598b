/// <reference lib="dom" />
/**
 * A page that renders in miniprogram-simulate renders the same element tree in the browser
 * preview: every page of the built mini-program, on the demo data, as a user who may see it.
 *
 * The simulate side runs here (jsdom, like every page test); the preview side runs in Debian's
 * Chromium in a child process (test/support/preview-trees.ts), started first so that the preview
 * and the browser come up while the demo data is written, and rendering pages in parallel while
 * this side renders them one by one. Both sides then hand the same serialisation to one
 * normaliser (test/support/tree.ts), and each page is its own test. What the comparison leaves
 * out, and why, is said there.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createWxCloud, nodeFetch } from '../../emulator/client/node';
import { builtMiniprogram } from '../../scripts/paths';
import { DEMO_ENV, DEMO_USERS, seedDemo } from '../../scripts/demo';
import type { ActionInput, ActionName, ActionOutput, ApiResult } from '../../typings/api';
import { artifacts, describeInBrowser } from '../support/browser';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { startLocalCloud, type RunningCloud } from '../support/local-cloud';
import { loadPage, mount, until, type Mounted } from '../support/pages';
import {
  SETTLE_TIMEOUT_MS,
  domTree,
  exparserJson,
  firstDifference,
  formatDifference,
  frameworkTree,
  isSettled,
  startPreviewTrees,
  type PreviewTrees,
  type RawTree,
} from '../support/tree';

type DemoUser = keyof typeof DEMO_USERS;

/** Everything jest's fake timers could replace but `Date`. */
const REAL_TIMERS: FakeableAPI[] = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];

/** Ids in the demo data that pages take in their query. */
interface DemoIds {
  communityId: string;
  /** The owner's repair with a charge waiting for their answer. */
  chargedTicketId: string;
  /** The parking complaint customer service accepted and graded. */
  gradedTicketId: string;
  renovationId: string;
  /** The quality incident waiting for the manager's sign-off. */
  incidentId: string;
  /** The fee standard, published and then corrected. */
  fees: { seriesId: string; id: string };
  /** The site's patrol route, half walked this round. */
  routeId: string;
  /** The home's file lent to customer service. */
  loanId: string;
  /** The contract ending in 20 days. */
  contractId: string;
  /** The restaurant, its fire check overdue. */
  shopId: string;
  /** The water-stop notice for the owner's building (already read by the owner), and the lift notice withdrawn for a wrong date. */
  notices: { current: string; withdrawn: string };
  /** The person of the care ledger whose contact was missed, and the visit done with its interview. */
  care: { personId: string; visitId: string };
  /** The owner's move-in, its acceptance confirmed and its defect a warranty ticket. */
  moveInId: string;
  /** The volunteer visit held and recorded, the meeting held with its suggestions, the year's survey answered by three owners. */
  events: { heldActivityId: string; meetingId: string; surveyId: string };
}

interface PageCase {
  route: string;
  user: DemoUser;
  query?: (ids: DemoIds) => Record<string, string>;
  /**
   * It shows what opening other pages writes (the access log gains an entry at each logged view):
   * both sides render it once every other page is done, so each side sees the same entries.
   */
  afterOthers?: true;
}

const perCommunity = (ids: DemoIds): Record<string, string> => ({ communityId: ids.communityId });

/** Every page, as the user who would open it, with the query the app opens it with. */
const PAGES: PageCase[] = [
  { route: 'pages/home/index', user: 'owner' },
  { route: 'pages/mine/index', user: 'owner' },
  { route: 'pages/staff/index', user: 'manager' },
  { route: 'pages/bind/index', user: 'pendingOwner' },
  { route: 'pages/invite/index', user: 'tenant' },
  { route: 'pages/privacy/index', user: 'owner' },
  { route: 'pages/ticket/new', user: 'owner', query: () => ({ kind: 'repair' }) },
  { route: 'pages/ticket/list', user: 'owner' },
  { route: 'pages/ticket/detail', user: 'owner', query: (ids) => ({ id: ids.chargedTicketId }) },
  { route: 'pages/disclosure/index', user: 'owner', query: perCommunity },
  { route: 'pages/disclosure/detail', user: 'owner', query: (ids) => ({ seriesId: ids.fees.seriesId, id: ids.fees.id }) },
  { route: 'pages/notice/detail', user: 'owner', query: (ids) => ({ id: ids.notices.current }) },
  { route: 'pages/notice/history', user: 'owner', query: perCommunity },
  { route: 'pages/bill/index', user: 'owner' },
  { route: 'pages/renovation/apply', user: 'owner' },
  { route: 'pages/renovation/list', user: 'owner' },
  { route: 'pages/renovation/detail', user: 'owner', query: (ids) => ({ id: ids.renovationId }) },
  { route: 'packages/staff/pages/bindings/index', user: 'cs', query: perCommunity },
  { route: 'packages/staff/pages/communities/index', user: 'admin' },
  { route: 'packages/staff/pages/communities/edit', user: 'admin', query: (ids) => ({ id: ids.communityId }) },
  { route: 'packages/staff/pages/roster/index', user: 'admin', query: perCommunity },
  { route: 'packages/staff/pages/team/index', user: 'admin', query: perCommunity },
  { route: 'packages/staff/pages/access-log/index', user: 'manager', query: perCommunity, afterOthers: true },
  { route: 'packages/staff/pages/inbox/index', user: 'cs', query: perCommunity },
  { route: 'packages/staff/pages/ticket/index', user: 'cs', query: (ids) => ({ id: ids.gradedTicketId }) },
  { route: 'packages/staff/pages/register/index', user: 'cs', query: perCommunity },
  { route: 'packages/staff/pages/handover/index', user: 'cs', query: perCommunity },
  { route: 'packages/staff/pages/service-settings/index', user: 'manager', query: perCommunity },
  { route: 'packages/staff/pages/disclosure-edit/index', user: 'admin', query: perCommunity },
  { route: 'packages/staff/pages/bills/index', user: 'admin', query: perCommunity },
  { route: 'packages/staff/pages/arrears/index', user: 'admin', query: perCommunity },
  { route: 'packages/staff/pages/renovations/index', user: 'cs', query: perCommunity },
  { route: 'packages/staff/pages/renovation/index', user: 'cs', query: (ids) => ({ id: ids.renovationId }) },
  { route: 'packages/staff/pages/calendar/index', user: 'admin' },
  { route: 'packages/staff/pages/backups/index', user: 'admin' },
  { route: 'packages/staff/pages/role-log/index', user: 'admin', query: perCommunity },
  { route: 'packages/staff/pages/desk-log/index', user: 'cs', query: perCommunity },
  { route: 'packages/staff/pages/unit-file/index', user: 'cs', query: perCommunity },
  { route: 'packages/staff/pages/incidents/index', user: 'manager', query: perCommunity },
  { route: 'packages/staff/pages/incident/index', user: 'manager', query: (ids) => ({ id: ids.incidentId }) },
  { route: 'packages/staff/pages/alerts/index', user: 'manager', query: perCommunity },
  { route: 'packages/staff/pages/board/index', user: 'manager', query: perCommunity },
  {
    route: 'packages/staff/pages/board-tickets/index',
    user: 'manager',
    query: (ids) => ({ ...perCommunity(ids), from: '2026-11-01', to: '2026-12-31', figure: 'complaintFeedback', part: 'counted' }),
  },
  { route: 'packages/staff/pages/review/index', user: 'manager', query: (ids) => ({ ...perCommunity(ids), from: '2026-11-01', to: '2026-12-31' }) },
  { route: 'pages/items/index', user: 'owner' },
  { route: 'packages/site/pages/patrol/index', user: 'manager', query: perCommunity },
  { route: 'packages/site/pages/patrol-check/index', user: 'tech', query: (ids) => ({ routeId: ids.routeId }) },
  { route: 'packages/site/pages/patrol-route/index', user: 'manager', query: (ids) => ({ ...perCommunity(ids), id: ids.routeId }) },
  { route: 'packages/site/pages/work-orders/index', user: 'tech', query: perCommunity },
  { route: 'packages/site/pages/keys/index', user: 'cs', query: perCommunity },
  { route: 'packages/site/pages/custody/index', user: 'cs', query: perCommunity },
  { route: 'packages/site/pages/file-loans/index', user: 'manager', query: perCommunity },
  { route: 'packages/site/pages/file-loan/index', user: 'cs', query: (ids) => ({ id: ids.loanId }) },
  { route: 'packages/site/pages/keeper-handovers/index', user: 'infokeeper', query: perCommunity },
  { route: 'packages/site/pages/contracts/index', user: 'manager', query: perCommunity },
  { route: 'packages/site/pages/contract/index', user: 'manager', query: (ids) => ({ id: ids.contractId }) },
  { route: 'packages/site/pages/shops/index', user: 'cs', query: perCommunity },
  { route: 'packages/site/pages/shop/index', user: 'cs', query: (ids) => ({ id: ids.shopId }) },
  { route: 'packages/site/pages/notices/index', user: 'manager', query: perCommunity },
  { route: 'packages/site/pages/notices/notice', user: 'manager', query: (ids) => ({ id: ids.notices.withdrawn }) },
  { route: 'packages/care/pages/ledger/index', user: 'cs', query: perCommunity },
  { route: 'packages/care/pages/person/index', user: 'manager', query: (ids) => ({ id: ids.care.personId }) },
  { route: 'packages/care/pages/visits/index', user: 'manager', query: perCommunity },
  { route: 'packages/care/pages/visit/index', user: 'manager', query: (ids) => ({ id: ids.care.visitId }) },
  { route: 'packages/care/pages/booking/index', user: 'owner' },
  { route: 'packages/home/pages/moveins/index', user: 'cs', query: perCommunity },
  { route: 'packages/home/pages/movein/index', user: 'cs', query: (ids) => ({ ...perCommunity(ids), id: ids.moveInId }) },
  { route: 'packages/home/pages/agreements/index', user: 'manager', query: perCommunity },
  { route: 'packages/home/pages/my-movein/index', user: 'owner' },
  { route: 'packages/home/pages/agreement/index', user: 'owner' },
  { route: 'packages/events/pages/events/index', user: 'owner' },
  { route: 'packages/events/pages/answer/index', user: 'owner', query: (ids) => ({ id: ids.events.surveyId }) },
  { route: 'packages/events/pages/activities/index', user: 'cs', query: perCommunity },
  { route: 'packages/events/pages/activity/index', user: 'cs', query: (ids) => ({ id: ids.events.heldActivityId }) },
  { route: 'packages/events/pages/meetings/index', user: 'manager', query: perCommunity },
  { route: 'packages/events/pages/meeting/index', user: 'manager', query: (ids) => ({ id: ids.events.meetingId }) },
  { route: 'packages/events/pages/surveys/index', user: 'manager', query: perCommunity },
  { route: 'packages/events/pages/survey-edit/index', user: 'manager', query: perCommunity },
  { route: 'packages/events/pages/survey-results/index', user: 'manager', query: (ids) => ({ id: ids.events.surveyId }) },
];

interface AppJson {
  pages: string[];
  subPackages?: { root: string; pages: string[] }[];
}

function appPages(): string[] {
  const app = JSON.parse(readFileSync(join(builtMiniprogram, 'app.json'), 'utf8')) as AppJson;
  return [...app.pages, ...(app.subPackages ?? []).flatMap((pkg) => pkg.pages.map((page) => `${pkg.root}/${page}`))];
}

/** `/route?query`, as the app navigates. */
function urlOf(page: PageCase, ids: DemoIds): string {
  const query = new URLSearchParams(page.query?.(ids) ?? {}).toString();
  return `/${page.route}${query ? `?${query}` : ''}`;
}

/** Reads the demo data through the api function, as `openid`. */
function apiAs(cloudUrl: string, openid: string) {
  const cloud = createWxCloud({ baseUrl: cloudUrl, env: DEMO_ENV, openid: () => openid });
  return async <A extends ActionName>(action: A, input: ActionInput<A>): Promise<ActionOutput<A>> => {
    const { result } = await cloud.callFunction({ name: 'api', data: { action, input } });
    const answer = result as ApiResult<ActionOutput<A>>;
    if (!answer.ok) throw new Error(`${action} as ${openid}: ${answer.message}`);
    return answer.data;
  };
}

async function demoIds(cloudUrl: string): Promise<DemoIds> {
  const owner = apiAs(cloudUrl, DEMO_USERS.owner);
  const [community] = await owner('directory.communities', {});
  const tickets = (await owner('ticket.mine', {})).items;
  const ticket = (words: string): string => {
    const found = tickets.find((item) => item.summary.includes(words));
    if (!found) throw new Error(`the demo data has no ticket about ${words}`);
    return found.id;
  };
  const [renovation] = await owner('renovation.mine', {});
  const fees = (await owner('disclosure.board', { communityId: community.id })).find((notice) => notice.content.kind === 'fee-standard');
  const manager = apiAs(cloudUrl, DEMO_USERS.manager);
  const [incident] = (await manager('incident.list', { communityId: community.id })).items;
  const route = (await manager('patrol.routes', { communityId: community.id })).find((round) => round.route.kind === 'site');
  if (!community || !renovation || !fees || !incident || !route) throw new Error('the demo data lacks a community, a renovation, the fee standard, the incident or the patrol route');
  const loan = (await manager('fileLoan.list', { communityId: community.id, filter: 'open' })).items.find((item) => item.status === 'lent');
  const [contract] = (await manager('contract.list', { communityId: community.id, filter: 'due' })).items;
  const [shop] = (await manager('shop.list', { communityId: community.id, filter: 'due' })).items;
  if (!loan || !contract || !shop) throw new Error('the demo data lacks the lent file, the contract ending soon or the shop due for its fire check');
  const history = (await owner('notice.history', { communityId: community.id })).items;
  const water = history.find((notice) => notice.category === 'outage');
  const withdrawn = history.find((notice) => notice.status === 'withdrawn');
  if (!water || !withdrawn) throw new Error('the demo data lacks the notices');
  const [overdue] = (await manager('care.list', { communityId: community.id, filter: 'overdue' })).items;
  const [proposed] = await owner('visit.mine', {});
  const done = proposed && (await manager('visit.plan', { communityId: community.id, month: proposed.month })).items.find((visit) => visit.status === 'done');
  if (!overdue || !done) throw new Error('the demo data lacks the overdue care contact or the visit done');
  const held = (await manager('activity.list', { communityId: community.id })).items.find((item) => item.status === 'held');
  const minuted = (await manager('meeting.list', { communityId: community.id })).items.find((item) => item.status === 'held');
  const [survey] = (await manager('survey.list', { communityId: community.id })).items;
  if (!held || !minuted || !survey) throw new Error('the demo data lacks the held activity, the minuted meeting or the survey');
  return {
    communityId: community.id,
    chargedTicketId: ticket('下水道'),
    gradedTicketId: ticket('消防通道'),
    renovationId: renovation.id,
    incidentId: incident.id,
    fees: { seriesId: fees.seriesId, id: fees.id },
    routeId: route.route.id,
    loanId: loan.id,
    contractId: contract.id,
    shopId: shop.id,
    notices: { current: water.id, withdrawn: withdrawn.id },
    care: { personId: overdue.id, visitId: done.id },
    moveInId: (await owner('movein.mine', {}))[0]?.id ?? '',
    events: { heldActivityId: held.id, meetingId: minuted.id, surveyId: survey.id },
  };
}

/**
 * Starts a few instances of the api function before the pages load: both sides load pages at
 * once, and instances started mid-run (a node process each) would compete with them.
 */
async function warmUp(cloudUrl: string): Promise<void> {
  const ping = apiAs(cloudUrl, DEMO_USERS.owner);
  await Promise.all(Array.from({ length: 6 }, () => ping('system.ping', {})));
}

// ---- the simulate side ---------------------------------------------------------------------------

/** Cloud calls in flight (the fake wx makes its requests through `countingFetch`). */
let inFlight = 0;
/** Cloud calls that failed while the current page loaded, to say why a page shows an error. */
let cloudFailures: string[] = [];
async function countingFetch(...args: Parameters<typeof fetch>): Promise<Response> {
  inFlight++;
  try {
    // The Node client's transport: a call that went out on a kept-alive connection the cloud closed
    // while this side compiled a page (seconds on a busy machine) is sent again (emulator/client/node.ts).
    const response = await nodeFetch(...args);
    const body = await response.text();
    if (!response.ok || /"errCode":\s*-?[1-9]/.test(body)) cloudFailures.push(`HTTP ${response.status} ${body.slice(0, 200)}`);
    return response;
  } catch (error) {
    cloudFailures.push(String(error));
    throw error;
  } finally {
    inFlight--;
  }
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function callHook(page: Mounted, name: string, ...args: unknown[]): void {
  const hook = (page.instance as unknown as Record<string, unknown>)[name];
  if (typeof hook === 'function') (hook as (...a: unknown[]) => unknown).apply(page.instance, args);
}

function rawTree(route: string, page: Mounted): RawTree {
  return { route, html: (page.dom as HTMLElement).outerHTML, json: exparserJson(page) };
}

/**
 * Opens the page as WeChat (and the preview's router) does — onLoad with the query, onShow, the
 * page lifetimes' show, onReady — and takes its tree once it settled: no cloud call in flight,
 * out of its loading state, and the same on two looks.
 */
async function renderInSimulate(page: PageCase, ids: DemoIds, wx: FakeWx): Promise<{ tree: RawTree; error?: string }> {
  wx.useCloud({ env: DEMO_ENV, openid: DEMO_USERS[page.user] });
  cloudFailures = [];
  // A fresh app per page, as each preview page is a fresh browser page: the built modules (the
  // session's cached profile among them) are loaded anew, and their components register anew.
  let id = '';
  jest.isolateModules(() => {
    id = loadPage(page.route);
  });
  const rendered = mount(id);
  const query = page.query?.(ids) ?? {};
  Object.assign(rendered.instance, { route: page.route, __route__: page.route, options: query });
  callHook(rendered, 'onLoad', { ...query });
  callHook(rendered, 'onShow');
  (rendered as unknown as { triggerPageLifeTime(name: string): void }).triggerPageLifeTime('show');
  callHook(rendered, 'onReady');
  let last: RawTree | undefined;
  let same = false;
  await until(
    () => {
      if (inFlight > 0 || !isSettled(rendered.data)) {
        last = undefined;
        return false;
      }
      const tree = rawTree(page.route, rendered);
      same = !!last && last.html === tree.html && last.json === tree.json;
      last = tree;
      return same;
    },
    `${page.route} to settle in miniprogram-simulate`,
    SETTLE_TIMEOUT_MS,
  );
  // `until` polls every 10 ms; give late answers the preview's 30 ms of quiet too.
  await pause(100);
  const tree = rawTree(page.route, rendered);
  const failures = cloudFailures.length ? ` (failed cloud calls: ${cloudFailures.join('; ')})` : '';
  const error = rendered.data.status === 'error' ? `${String(rendered.data.errorMessage ?? '')}${failures}` : undefined;
  rendered.detach();
  return { tree, error };
}

// ---- the comparison ------------------------------------------------------------------------------

function slug(route: string): string {
  return route.replace(/\//g, '_');
}

/** Keeps both normalised trees for a page that differs (CI keeps test-artifacts/). */
function keep(route: string, view: string, simulate: unknown, preview: unknown): void {
  const dir = join(artifacts, 'trees');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${slug(route)}.${view}.simulate.json`), JSON.stringify(simulate, null, 1));
  writeFileSync(join(dir, `${slug(route)}.${view}.preview.json`), JSON.stringify(preview, null, 1));
}

describeInBrowser('the preview renders every page as miniprogram-simulate does', () => {
  let cloud: RunningCloud;
  let preview: PreviewTrees;
  let wx: FakeWx;
  let ids: DemoIds;

  beforeAll(async () => {
    rmSync(join(artifacts, 'trees'), { recursive: true, force: true });
    cloud = await startLocalCloud();
    // The preview and Chromium start while the demo data is written.
    preview = startPreviewTrees(cloud.url, DEMO_ENV);
    await seedDemo(cloud.url);
    [ids] = await Promise.all([demoIds(cloud.url), warmUp(cloud.url)]);
    await preview.ready;
    for (const page of PAGES.filter((item) => !item.afterOthers)) submit(page);
    wx = installFakeWx({ baseUrl: cloud.url, env: DEMO_ENV, openid: DEMO_USERS.owner, fetch: countingFetch });
    // The preview's phone keeps the cloud's time, and the demo runs it 49 hours ahead: so does this side
    // (only Date; timers stay real), or a page that reads the clock, such as this month's bills, could differ.
    const { offsetMs } = (await (await fetch(`${cloud.url}/_emulator/clock`)).json()) as { offsetMs: number };
    jest.useFakeTimers({ now: Date.now() + offsetMs, advanceTimers: true, doNotFake: REAL_TIMERS });
  }, 120_000);

  afterAll(async () => {
    jest.useRealTimers();
    await preview?.stop();
    await cloud?.stop();
  });

  test('the list covers every page of app.json', () => {
    expect(PAGES.map((page) => page.route).sort()).toEqual(appPages().sort());
  });

  // The preview renders ahead in parallel, but on a loaded machine a page may wait for it a while;
  // the child answers every page within its own settling limit.
  const submit = (page: PageCase): void => preview.submit({ key: page.route, openid: DEMO_USERS[page.user], url: urlOf(page, ids) });
  const last = PAGES.filter((page) => page.afterOthers);
  test.each([...PAGES.filter((page) => !page.afterOthers), ...last].map((page) => [page.route, page] as const))('%s', async (route, page) => {
    const { tree: simulated, error } = await renderInSimulate(page, ids, wx);
    if (page.afterOthers) {
      // Every other page has been rendered on both sides by now (the tests run in order).
      submit(page);
      if (page === last[last.length - 1]) preview.end();
    }
    const answer = await preview.result(route);
    const name = `${urlOf(page, ids)} as ${DEMO_USERS[page.user]}`;
    // An error page on both sides would compare equal and prove little: the demo data must load.
    if (error !== undefined) throw new Error(`${name}: the page shows an error in miniprogram-simulate: ${error}`);
    if (answer.type === 'failed') throw new Error(`${name}: the preview did not render it: ${answer.message}${answer.errors.length ? `\npage errors: ${answer.errors.join('\n')}` : ''}`);
    const problems: string[] = [];
    if (answer.pageError !== undefined) problems.push(`${name}: the page shows an error in the preview: ${answer.pageError}`);
    if (answer.tree.route !== route) problems.push(`${name}: the preview shows ${answer.tree.route} instead`);
    else {
      const views = [
        ['DOM', domTree(simulated.html, document), domTree(answer.tree.html, document)],
        ['framework', frameworkTree(simulated.json), frameworkTree(answer.tree.json)],
      ] as const;
      for (const [view, left, right] of views) {
        const difference = firstDifference(left, right);
        if (!difference) continue;
        keep(route, view, left, right);
        problems.push(formatDifference(name, view, difference));
      }
    }
    if (problems.length && !answer.settled) problems.push(`(the preview page had not settled within ${SETTLE_TIMEOUT_MS / 1000} s)`);
    if (problems.length && answer.errors.length) problems.push(`errors in the preview page:\n  ${answer.errors.join('\n  ')}`);
    if (problems.length) throw new Error(problems.join('\n\n'));
    if (answer.errors.length) console.warn(`${name}: the same tree, but the preview page reported errors:\n  ${answer.errors.join('\n  ')}`);
  }, 180_000);
});
