import type { RoleChange } from '../../../../typings/domain';
import type { Role, StaffRole } from '../../../../typings/roles';
import type { AccountDocument, Grant } from '../caller';
import { atomically, type Transaction } from '../transaction';

/**
 * The one way an account changes: read inside a transaction (a fresh account for a WeChat user
 * seen for the first time), changed by `change`, written back with the next version. Two changes
 * at once (an invitation redeemed while a binding is approved, a revocation while a role is
 * granted) conflict in the database and the later one runs again on the other's result, so no
 * grant is ever lost or brought back. `change` returns undefined to leave the account as it is.
 */
export async function changeAccountIn(
  transaction: Transaction,
  openid: string,
  now: Date,
  change: (account: AccountDocument) => AccountDocument | undefined,
  by: RoleChangeBy = SYSTEM,
): Promise<AccountDocument | undefined> {
  const stored = await transaction.get<AccountDocument>('accounts', openid);
  const current: AccountDocument = stored ?? { _id: openid, staffName: '', grants: [], createdAt: now, updatedAt: now, version: 0 };
  const changed = change(current);
  if (!changed) return stored;
  const next: AccountDocument = { ...changed, _id: openid, updatedAt: now, version: current.version + 1 };
  const { _id, ...fields } = next;
  await transaction.set('accounts', _id, fields);
  // Every change of staff roles is logged with the account, in the same transaction.
  const logged = roleChangeOf(current, next, by, now);
  if (logged) await transaction.insert('roleChanges', { ...logged });
  return next;
}

export function changeAccount(
  openid: string,
  now: Date,
  change: (account: AccountDocument) => AccountDocument | undefined,
  by?: RoleChangeBy,
): Promise<AccountDocument | undefined> {
  return atomically(['accounts', 'roleChanges'], (transaction) => changeAccountIn(transaction, openid, now, change, by));
}

/** Who changed someone's roles, and how. */
export interface RoleChangeBy {
  openid: string;
  name: string;
  how: RoleChange['how'];
}

const SYSTEM: RoleChangeBy = { openid: '', name: '系统', how: 'roles' };

export interface RoleChangeDocument {
  /** account:version, so a transaction run again writes the same entry. */
  _id: string;
  openid: string;
  name: string;
  communityIds: string[];
  added: Grant[];
  removed: Grant[];
  byOpenid: string;
  byName: string;
  how: RoleChange['how'];
  at: Date;
}

function roleChangeOf(before: AccountDocument, after: AccountDocument, by: RoleChangeBy, now: Date): RoleChangeDocument | undefined {
  const staff = (grants: Grant[]) => grants.filter((grant) => grant.role !== 'owner');
  const missingFrom = (grants: Grant[]) => (grant: Grant) => !grants.some((held) => sameGrant(held, grant));
  const added = staff(after.grants).filter(missingFrom(before.grants));
  const removed = staff(before.grants).filter(missingFrom(after.grants));
  if (!added.length && !removed.length) return undefined;
  return {
    _id: `${after._id}-${after.version}`,
    openid: after._id,
    name: after.staffName,
    communityIds: [...new Set([...added, ...removed].map((grant) => grant.communityId))],
    added,
    removed,
    byOpenid: by.openid,
    byName: by.name,
    how: by.how,
    at: now,
  };
}

const sameGrant = (a: Grant, b: Grant): boolean => a.role === b.role && a.communityId === b.communityId;

export function withGrant(grants: Grant[], grant: Grant): Grant[] {
  return grants.some((held) => sameGrant(held, grant)) ? grants : [...grants, grant];
}

/** Replaces the staff roles held in one community, keeping owner grants and other communities. */
export function withStaffRoles(grants: Grant[], communityId: string, roles: StaffRole[]): Grant[] {
  const kept = grants.filter((grant) => grant.communityId !== communityId || grant.role === 'owner');
  return [...kept, ...roles.map((role): Grant => ({ role, communityId }))];
}

export function rolesIn(grants: Grant[], communityId: string): Role[] {
  return grants.filter((grant) => grant.communityId === communityId).map((grant) => grant.role);
}

export function isStaff(grants: Grant[]): boolean {
  return grants.some((grant) => grant.role !== 'owner');
}
