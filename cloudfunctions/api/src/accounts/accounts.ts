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
): Promise<AccountDocument | undefined> {
  const stored = await transaction.get<AccountDocument>('accounts', openid);
  const current: AccountDocument = stored ?? { _id: openid, staffName: '', grants: [], createdAt: now, updatedAt: now, version: 0 };
  const changed = change(current);
  if (!changed) return stored;
  const next: AccountDocument = { ...changed, _id: openid, updatedAt: now, version: current.version + 1 };
  const { _id, ...fields } = next;
  await transaction.set('accounts', _id, fields);
  return next;
}

export function changeAccount(
  openid: string,
  now: Date,
  change: (account: AccountDocument) => AccountDocument | undefined,
): Promise<AccountDocument | undefined> {
  return atomically(['accounts'], (transaction) => changeAccountIn(transaction, openid, now, change));
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
