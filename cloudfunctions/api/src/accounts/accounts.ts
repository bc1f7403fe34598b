import type { Role, StaffRole } from '../../../../typings/roles';
import type { AccountDocument, Grant } from '../caller';
import { findById, put } from '../db';

/** Reads an account, or a fresh one for a WeChat user seen for the first time. */
export async function accountOf(openid: string, now: Date): Promise<AccountDocument> {
  return (
    (await findById<AccountDocument>('accounts', openid)) ?? {
      _id: openid,
      staffName: '',
      grants: [],
      createdAt: now,
      updatedAt: now,
      version: 0,
    }
  );
}

export async function saveAccount(account: AccountDocument, now: Date): Promise<void> {
  const { _id, ...fields } = account;
  await put('accounts', _id, { ...fields, updatedAt: now, version: account.version + 1 });
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
