import type { ActionInput, ActionName, ActionOutput } from '../../../typings/api';
import type { StaffRole } from '../../../typings/roles';
import { ALL_COMMUNITIES, holdsAny, type Caller } from './caller';
import { AppError, conflict, forbidden } from './errors';
import type { ActionContext, Route } from './router';
import { enforce, hasStanding, type Policy, type Viewer } from './policy';

/**
 * Who may call an action, declared on its route and checked by the router before the handler
 * runs: anyone; staff roles held somewhere (the handler narrows to the caller's communities);
 * staff roles held for every community (the deployment's own admins); staff roles held in the
 * community the input names; or a record's policy table.
 */
export type Access<I> =
  | { kind: 'anyone'; note?: string }
  | { kind: 'staff'; roles: readonly StaffRole[] }
  | { kind: 'deployment'; roles: readonly StaffRole[] }
  | { kind: 'community'; roles: readonly StaffRole[]; of(input: I): Communities | Promise<Communities> }
  | { kind: 'record'; gate: RecordGate<I> };

/** The community (or communities) an input concerns. */
type Communities = string | readonly string[];

/** Loads the record an input names and lets the call through only as its policy allows. */
export interface RecordGate<I> {
  /** The policy and the policy actions this route may take, for the role matrix. */
  policy: Policy<unknown, string, string, string>;
  actions: readonly string[];
  open(input: I, viewer: Viewer, now: Date): Promise<unknown>;
}

/** Role groups, named once: the front desk of tickets, and the desk that keeps a community's records. */
export const TICKET_DESK = ['cs', 'manager'] as const satisfies readonly StaffRole[];
export const RECORDS_DESK = ['cs', 'manager', 'admin'] as const satisfies readonly StaffRole[];
export const TICKET_STAFF = ['cs', 'tech', 'manager', 'admin'] as const satisfies readonly StaffRole[];
export const ALL_STAFF = ['cs', 'tech', 'manager', 'admin', 'infokeeper'] as const satisfies readonly StaffRole[];
export const MAINTAINERS = ['manager', 'admin'] as const satisfies readonly StaffRole[];
export const ADMINS = ['admin'] as const satisfies readonly StaffRole[];
/** Seed 001 三(一)2, 002 §2 ¶6: who keeps the confidential files and contracts, and reads their registers. */
export const FILE_KEEPERS = ['manager', 'admin', 'infokeeper'] as const satisfies readonly StaffRole[];
/** Staff who may borrow a file, or register an authority's query at the desk. */
export const BORROWERS = ['cs', 'manager', 'infokeeper'] as const satisfies readonly StaffRole[];

export const anyone = (note?: string): Access<unknown> => ({ kind: 'anyone', ...(note ? { note } : {}) });

export const staffAnywhere = (roles: readonly StaffRole[]): Access<unknown> => ({ kind: 'staff', roles });

export const deploymentWide = (roles: readonly StaffRole[]): Access<unknown> => ({ kind: 'deployment', roles });

export function inCommunity<I>(roles: readonly StaffRole[], of: (input: I) => Communities | Promise<Communities>): Access<I> {
  return { kind: 'community', roles, of };
}

/** The refusal for a caller without the roles, or undefined when they may call. */
export async function checkRoles<I>(access: Access<I>, input: I, caller: Caller): Promise<AppError | undefined> {
  if (access.kind === 'anyone' || access.kind === 'record') return undefined;
  const grants = await caller.grants();
  if (access.kind === 'staff') return holdsAny(grants, access.roles) ? undefined : forbidden('您没有权限进行此操作');
  if (access.kind === 'deployment') return holdsAny(grants, access.roles, ALL_COMMUNITIES) ? undefined : forbidden('只有全部小区的管理员可以进行此操作');
  const communities = await access.of(input);
  for (const communityId of typeof communities === 'string' ? [communities] : communities) {
    if (!holdsAny(grants, access.roles, communityId)) return forbidden('您没有该小区的相应权限');
  }
  return undefined;
}

/** A record type as routes see it: its policy, how to load one, and its optimistic-concurrency counter. */
export interface Records<R, S extends string, A extends string, Rel extends string> {
  // The record type comes from `load`: a policy (or the version reader) may read only part of it.
  policy: Policy<NoInfer<R>, S, A, Rel>;
  load(id: string): Promise<R>;
  versionOf(record: NoInfer<R>): number;
  /** The version an older one a caller holds counts as, when changes since then do not matter to them (a ticket's timer steps). */
  seenAs?(record: NoInfer<R>, expected: number): Promise<number>;
  /** What a caller holding an old version is told. */
  stale: string;
}

export interface RecordRoute<Name extends ActionName, R, A extends string> {
  /** The policy actions the call may be; `pick` chooses one from the input and the record (the first by default). */
  actions: readonly [A, ...A[]];
  pick?(input: ActionInput<Name>, record: R): A;
  id?(input: ActionInput<Name>): string;
  /** The input's version; a call naming an older one is a CONFLICT whatever else it asks. */
  version?(input: ActionInput<Name>): number | undefined;
  input: Route<Name>['input'];
  idempotent?: Route<Name>['idempotent'];
  accounts?: Route<Name>['accounts'];
  handle(input: ActionInput<Name>, context: ActionContext & { record: R }): Promise<ActionOutput<Name>>;
}

/**
 * The route of an action on one record. Its gate lets the call through only if the caller is a
 * party to one of its policy actions (FORBIDDEN otherwise), names the version they saw (CONFLICT if
 * it changed meanwhile), and the record's status and conditions allow the chosen action (CONFLICT).
 */
export function onRecord<Name extends ActionName, R, S extends string, A extends string, Rel extends string>(
  records: Records<R, S, A, Rel>,
  route: RecordRoute<Name, R, A>,
): Route<Name> {
  const idOf = route.id ?? ((input: ActionInput<Name>) => (input as unknown as { id: string }).id);
  const versionOf = route.version ?? ((input: ActionInput<Name>) => (input as unknown as { version?: number }).version);
  const gate: RecordGate<ActionInput<Name>> = {
    policy: records.policy as unknown as Policy<unknown, string, string, string>,
    actions: route.actions,
    async open(input, viewer, now) {
      const record = await records.load(idOf(input));
      if (!hasStanding(records.policy, route.actions, record, viewer)) {
        throw forbidden(records.policy.rules[route.actions[0]].forbidden ?? records.policy.forbidden(record, viewer));
      }
      const expected = versionOf(input);
      const current = records.versionOf(record);
      if (expected !== undefined && expected !== current && (await records.seenAs?.(record, expected)) !== current) throw conflict(records.stale);
      enforce(records.policy, route.pick?.(input, record) ?? route.actions[0], record, viewer, now);
      return record;
    },
  };
  return {
    access: { kind: 'record', gate },
    input: route.input,
    ...(route.idempotent ? { idempotent: route.idempotent } : {}),
    ...(route.accounts ? { accounts: route.accounts } : {}),
    // The router hands over the record this gate loaded for this input; the cast restores the type the gate erased.
    handle: (input, context) => route.handle(input, { ...context, record: context.record as R }),
  };
}
