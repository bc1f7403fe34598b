/// <reference lib="dom" />
import type { RenovationAction, TicketAction } from '../../typings/actions';
import { apiAs } from '../support/api';
import { localCloudUrl, uniqueEnv } from '../support/cloud';
import { installFakeWx, type FakeWx } from '../support/fake-wx';
import { loadPage, mount, until, type Mounted } from '../support/pages';
import { renovationFixtures, seedPolicyWorld, ticketFixtures, type Fixture, type PolicyWorld } from '../support/policy-world';

/**
 * The pages' half of the policy check: for every state of a ticket and of a renovation and every
 * viewer, the page the viewer opens shows a button (`#action-<name>`) for exactly the actions the
 * server lists in `allowed`. test/cloud/policy proves `allowed` is exactly what the server accepts,
 * so together: a button is there if and only if pressing it can work.
 */
jest.setTimeout(300_000);

let world: PolicyWorld;
let wx: FakeWx;
const pages: Record<string, string> = {};

beforeAll(async () => {
  world = await seedPolicyWorld(uniqueEnv('policy-pages'), 'q');
  wx = installFakeWx({ baseUrl: localCloudUrl(), env: world.env, openid: world.a.owner });
  for (const page of ['pages/ticket/detail', 'packages/staff/pages/ticket/index', 'pages/renovation/detail', 'packages/staff/pages/renovation/index']) {
    pages[page] = loadPage(page);
  }
});

/** Owners open a record from 我的; staff from the 工作台. */
const OWNER_VIEWERS = new Set(['requester', 'neighbour', 'stranger', 'applicant']);

interface Seen {
  state: string;
  viewer: string;
  allowed: string[] | 'hidden';
  buttons: string[] | 'error';
}

async function open(page: string, openid: string, id: string): Promise<Mounted> {
  wx.actAs(openid);
  const mounted = mount(pages[page]);
  mounted.instance.onLoad({ id });
  await until(() => mounted.data.status !== 'loading', `${page} to load`);
  return mounted;
}

/**
 * For each state and viewer: what the server allows, and which buttons the viewer's page shows (or
 * that it shows an error instead, for a record the viewer may not see).
 */
async function survey<A extends string>(options: {
  fixtures: Record<string, Fixture>;
  actions: readonly A[];
  allowed(openid: string, id: string): Promise<A[] | undefined>;
  pageFor(viewer: string): string;
  /** Whether the page shows the action's button. */
  button(page: Mounted, action: A): boolean;
  settled?(page: Mounted): boolean;
}): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (const [state, build] of Object.entries(options.fixtures)) {
    const built = await build();
    const { id, parties } = typeof built === 'string' ? { id: built, parties: {} } : built;
    for (const [viewer, openid] of Object.entries({ ...world.viewers(), ...parties })) {
      const allowed = await options.allowed(openid, id);
      const page = await open(options.pageFor(viewer), openid, id);
      if (page.data.status === 'ready' && options.settled) await until(() => options.settled!(page), `${options.pageFor(viewer)} to settle`);
      seen.push({
        state,
        viewer,
        allowed: allowed ? [...allowed].sort() : 'hidden',
        buttons: page.data.status === 'error' ? 'error' : options.actions.filter((action) => options.button(page, action)).sort(),
      });
      page.detach();
    }
  }
  return seen;
}

/** What the page should have shown: the allowed actions as buttons, or an error for a record the viewer may not see. */
const expected = (rows: Seen[]): Seen[] => rows.map((row) => ({ ...row, buttons: row.allowed === 'hidden' ? 'error' : row.allowed }));

test('ticket pages: a button for exactly the actions the server allows, in every state, for every viewer', async () => {
  const { ticketPolicy } = await import('../../cloudfunctions/api/src/tickets/policy');
  const actions = Object.keys(ticketPolicy.rules) as TicketAction[];
  const seen = await survey<TicketAction>({
    fixtures: ticketFixtures(world),
    actions,
    async allowed(openid, id) {
      const result = await apiAs(world.env, openid)('ticket.get', { id });
      return result.ok ? result.data.allowed : undefined;
    },
    pageFor: (viewer) => (OWNER_VIEWERS.has(viewer) ? 'pages/ticket/detail' : 'packages/staff/pages/ticket/index'),
    button: (page, action) => Boolean(page.querySelector(`#action-${action}`)),
    // The desk's dispatch buttons wait for the community's technicians.
    settled: (page) => {
      const can = (page.data.can ?? {}) as Record<string, boolean>;
      return !(can.assign || can.reassign) || (page.data.technicians as unknown[]).length > 0 || page.data.techniciansError !== '';
    },
  });
  expect(seen).toEqual(expected(seen));
  // Owners act on their tickets from the owner's page, and staff work them from the desk: both sides were looked at.
  expect(seen.filter((row) => row.buttons !== 'error' && row.buttons.length > 0).map((row) => row.viewer)).toEqual(
    expect.arrayContaining(['requester', 'cs', 'manager', 'assignee']),
  );
});

test('renovation pages: a button for exactly the actions the server allows, in every state, for every viewer', async () => {
  const { renovationPolicy } = await import('../../cloudfunctions/api/src/renovation/policy');
  const actions = Object.keys(renovationPolicy.rules) as RenovationAction[];
  const seen = await survey<RenovationAction>({
    fixtures: await renovationFixtures(world),
    actions,
    async allowed(openid, id) {
      const result = await apiAs(world.env, openid)('renovation.get', { id });
      return result.ok ? result.data.allowed : undefined;
    },
    pageFor: (viewer) => (OWNER_VIEWERS.has(viewer) ? 'pages/renovation/detail' : 'packages/staff/pages/renovation/index'),
    // An open violation's fix is recorded on its own inspection's row.
    button: (page, action) =>
      action === 'fixViolation'
        ? (((page.data.renovation ?? {}) as { inspections?: { id: string }[] }).inspections ?? []).some((inspection) => page.querySelector(`#action-fixViolation-${inspection.id}`))
        : Boolean(page.querySelector(`#action-${action}`)),
  });
  expect(seen).toEqual(expected(seen));
  expect(seen.filter((row) => row.buttons !== 'error' && row.buttons.length > 0).map((row) => row.viewer)).toEqual(
    expect.arrayContaining(['applicant', 'cs', 'manager']),
  );
});
