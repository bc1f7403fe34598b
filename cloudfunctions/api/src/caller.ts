import type { Role } from '../../../typings/roles';
import { cloud } from './cloud';
import { command, find, findById } from './db';
import { AppError } from './errors';
import type { Viewer } from './policy';

/** A role held in one community; `*` is every community (deployment admins). */
export interface Grant {
  role: Role;
  communityId: string;
}

export interface AccountDocument {
  _id: string;
  staffName: string;
  grants: Grant[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export const ALL_COMMUNITIES = '*';

/** Who is calling: identity from the cloud's context only, roles from the database only. */
export interface Caller {
  openid: string;
  env: string;
  account(): Promise<AccountDocument | undefined>;
  grants(): Promise<Grant[]>;
  /** The caller as policies see them. */
  viewer(): Promise<Viewer>;
  /** Another account the action needs (a technician to assign): read with the caller's when named in `readAlong`. */
  accountOf(openid: string): Promise<AccountDocument | undefined>;
  /** Accounts to read together with the caller's own, in one request, before that read is made. */
  readAlong(openids: readonly string[]): void;
}

/**
 * Deployment admins come from the function's environment variable ADMIN_OPENIDS (comma-separated),
 * set in the cloud console, so the first admin needs no database write and no OPENID in code.
 */
export function bootstrapAdmins(): Set<string> {
  return new Set(
    (process.env.ADMIN_OPENIDS ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  );
}

/** The roles an account holds, plus deployment-admin for the configured OPENIDs. */
export function grantsOf(openid: string, account: AccountDocument | undefined): Grant[] {
  const grants = [...(account?.grants ?? [])];
  if (bootstrapAdmins().has(openid)) grants.push({ role: 'admin', communityId: ALL_COMMUNITIES });
  return grants;
}

export function currentCaller(): Caller {
  const context = cloud.getWXContext();
  const openid = typeof context.OPENID === 'string' ? context.OPENID : '';
  if (!openid) throw new AppError('UNAUTHENTICATED', '请在微信中打开小程序后再试');
  let along: string[] = [];
  let accounts: Promise<Map<string, AccountDocument>> | undefined;
  const read = (): Promise<Map<string, AccountDocument>> =>
    (accounts ??= (along.length
      ? find<AccountDocument>('accounts', { _id: command().in([openid, ...along]) }, { limit: along.length + 1 })
      : findById<AccountDocument>('accounts', openid).then((own) => (own ? [own] : []))
    ).then((docs) => new Map(docs.map((doc) => [doc._id, doc]))));
  const load = async (): Promise<AccountDocument | undefined> => (await read()).get(openid);
  return {
    openid,
    env: typeof context.ENV === 'string' ? context.ENV : '',
    account: load,
    async accountOf(other) {
      return other === openid || along.includes(other) ? (await read()).get(other) : findById<AccountDocument>('accounts', other);
    },
    readAlong(openids) {
      if (!accounts) along = [...new Set(openids)].filter((other) => other !== openid).slice(0, 10);
    },
    async grants() {
      return grantsOf(openid, await load());
    },
    async viewer() {
      return { openid, grants: grantsOf(openid, await load()) };
    },
  };
}

/**
 * The caller on their own resident records (their tickets, bills, parcels): what they may do there
 * follows from the record's relation to them, never from a role, so the role read is not paid for.
 * A staff member who also lives in a community sees their own home's records as any resident does.
 */
export function asResident(caller: Pick<Caller, 'openid'>): Viewer {
  return { openid: caller.openid, grants: [] };
}

export function holdsAny(grants: readonly Grant[], roles: readonly Role[], communityId?: string): boolean {
  return grants.some(
    (grant) =>
      roles.includes(grant.role) &&
      (communityId === undefined || grant.communityId === communityId || grant.communityId === ALL_COMMUNITIES),
  );
}

/** The communities where the caller holds one of `roles`, or `*` for all. */
export async function communitiesWith(caller: Caller, roles: readonly Role[]): Promise<string[] | typeof ALL_COMMUNITIES> {
  const grants = (await caller.grants()).filter((grant) => roles.includes(grant.role));
  if (grants.some((grant) => grant.communityId === ALL_COMMUNITIES)) return ALL_COMMUNITIES;
  return [...new Set(grants.map((grant) => grant.communityId))];
}
