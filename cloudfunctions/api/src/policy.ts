import type { ActionName } from '../../../typings/api';
import type { StaffRole } from '../../../typings/roles';
import { holdsAny, type Grant } from './caller';
import { AppError } from './errors';

/**
 * Who may do what to a record, in one table per record type: each action names the statuses it
 * starts from, the parties who may take it and the further conditions that hold it back. The
 * handlers enforce the table, the records carry what it allows (`allowed`), and
 * docs/role-matrix.md is generated from it, so the rule lives once.
 */

/** Whoever is asking, as the database knows them. */
export interface Viewer {
  openid: string;
  grants: readonly Grant[];
}

/** A condition beyond the status; `refuse` is what the caller is told, and how the role matrix names it. */
export interface Guard<R> {
  refuse: string;
  /** CONFLICT by default: the record is not ready for the action. FORBIDDEN when it is about who asks, NOT_FOUND when what the action needs is gone. */
  code?: 'CONFLICT' | 'FORBIDDEN' | 'NOT_FOUND';
  /** True while the action is held back. */
  blocks(record: R, viewer: Viewer, now: Date): boolean;
}

export interface Rule<R, S extends string, Rel extends string> {
  /** The statuses the action starts from. */
  from: readonly S[];
  /** Staff roles held in the record's community, or relations to the record (its requester, its assignee…). */
  by: readonly (StaffRole | Rel)[];
  unless?: readonly Guard<R>[];
  /** Told to a caller the action is not for (the policy's default otherwise). */
  forbidden?: string;
  /** Told when the record is in another status (the policy's default otherwise). */
  wrongStatus?: string;
  /** The api action whose handler enforces this rule, when no route's gate does (for the role matrix). */
  enforcedBy?: ActionName;
}

export interface Policy<R, S extends string, A extends string, Rel extends string> {
  /** The record type as users say it, for the role matrix. */
  title: string;
  statuses: Readonly<Record<S, string>>;
  relations: { [K in Rel]: { label: string; holds(record: R, viewer: Viewer): boolean } };
  statusOf(record: R): S;
  communityOf(record: R): string;
  rules: { [K in A]: Rule<R, S, Rel> };
  /** What a caller without standing is told; may depend on who they are. */
  forbidden(record: R, viewer: Viewer): string;
  wrongStatus: string;
}

// The engine works on any policy; the types of a particular one only matter to its callers.
type AnyPolicy<R> = Policy<R, string, string, string>;

function isParty<R>(policy: AnyPolicy<R>, party: string, record: R, viewer: Viewer): boolean {
  const relation = (policy.relations as Record<string, { holds(record: R, viewer: Viewer): boolean } | undefined>)[party];
  if (relation) return relation.holds(record, viewer);
  return holdsAny(viewer.grants, [party as StaffRole], policy.communityOf(record));
}

/** True when the viewer is one of the parties any of `actions` is for, whatever the record's status. */
export function hasStanding<R, S extends string, A extends string, Rel extends string>(
  policy: Policy<R, S, A, Rel>,
  actions: readonly A[],
  record: R,
  viewer: Viewer,
): boolean {
  const any = policy as unknown as AnyPolicy<R>;
  return actions.some((action) => any.rules[action].by.some((party) => isParty(any, party, record, viewer)));
}

/** Which check holds `action` back: the viewer is not a party to it, the record's status, or a guard; undefined when open. */
function blocked<R>(policy: AnyPolicy<R>, action: string, record: R, viewer: Viewer, now: Date): 'party' | 'status' | Guard<R> | undefined {
  const rule = policy.rules[action];
  if (!rule.by.some((party) => isParty(policy, party, record, viewer))) return 'party';
  if (!rule.from.includes(policy.statusOf(record))) return 'status';
  return rule.unless?.find((candidate) => candidate.blocks(record, viewer, now));
}

/** Why `action` is not open to the viewer now, or undefined when it is. */
export function refusal<R, S extends string, A extends string, Rel extends string>(
  policy: Policy<R, S, A, Rel>,
  action: A,
  record: R,
  viewer: Viewer,
  now: Date,
): AppError | undefined {
  const rule = policy.rules[action];
  const held = blocked(policy as unknown as AnyPolicy<R>, action, record, viewer, now);
  if (held === 'party') return new AppError('FORBIDDEN', rule.forbidden ?? policy.forbidden(record, viewer));
  if (held === 'status') return new AppError('CONFLICT', rule.wrongStatus ?? policy.wrongStatus);
  return held ? new AppError(held.code ?? 'CONFLICT', held.refuse) : undefined;
}

export function enforce<R, S extends string, A extends string, Rel extends string>(
  policy: Policy<R, S, A, Rel>,
  action: A,
  record: R,
  viewer: Viewer,
  now: Date,
): void {
  const refused = refusal(policy, action, record, viewer, now);
  if (refused) throw refused;
}

/** Every action open to the viewer now, in the table's order. */
export function allowedActions<R, S extends string, A extends string, Rel extends string>(
  policy: Policy<R, S, A, Rel>,
  record: R,
  viewer: Viewer,
  now: Date,
): A[] {
  // Asked of every record a list shows: the checks alone, without building the error each refusal would be (its stack trace costs more than the checks).
  return (Object.keys(policy.rules) as A[]).filter((action) => !blocked(policy as unknown as AnyPolicy<R>, action, record, viewer, now));
}
