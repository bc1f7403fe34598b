/**
 * What the staff pages share: role and relation labels, and which communities the caller may
 * work on for a page. The server enforces every scope; this only decides what to offer.
 */
import type { Profile } from '../../../../typings/domain';
import type { StaffRole } from '../../../../typings/roles';
import { call } from '../../../services/api';
import { ROLE_LABELS, refreshProfile } from '../../../services/session';

export { RELATION_LABELS, ROLE_LABELS } from '../../../services/session';

/** Staff roles in the order the pages list them. */
export const STAFF_ROLES: StaffRole[] = ['cs', 'tech', 'manager', 'infokeeper', 'admin'];

/** Roles that may approve or reject a binding; the information keeper reads the queue but does not decide. */
export const BINDING_REVIEWERS: StaffRole[] = ['cs', 'manager', 'admin'];

/** A deployment-wide admin's grant names this instead of one community. */
const ALL_COMMUNITIES = '*';

/** A choice for `t-picker-item`. */
export interface CommunityOption {
  label: string;
  value: string;
}

export interface Scope {
  profile: Profile;
  /** Communities where the caller holds one of the page's roles. */
  communities: CommunityOption[];
}

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as string[]).includes(role);
}

/** The staff roles the caller holds in a community; a deployment-wide grant counts everywhere. */
export function rolesIn(profile: Profile, communityId: string): StaffRole[] {
  const held = new Set<string>();
  for (const grant of profile.grants) {
    if (grant.communityId === communityId || grant.communityId === ALL_COMMUNITIES) held.add(grant.role);
  }
  return STAFF_ROLES.filter((role) => held.has(role));
}

export function roleText(roles: readonly string[]): string {
  return roles
    .filter(isStaffRole)
    .map((role) => ROLE_LABELS[role])
    .join('、');
}

/**
 * Loads the caller's profile and the communities where one of `roles` lets them use the page.
 * The profile is asked for afresh: a role granted or revoked a moment ago must show.
 */
export async function loadScope(roles: StaffRole[]): Promise<Scope> {
  const profile = await refreshProfile();
  const names = new Map<string, string>();
  let everywhere = false;
  for (const grant of profile.grants) {
    if (!isStaffRole(grant.role) || !roles.includes(grant.role)) continue;
    if (grant.communityId === ALL_COMMUNITIES) everywhere = true;
    else names.set(grant.communityId, grant.communityName);
  }
  if (everywhere) {
    for (const community of await call('community.list', {})) names.set(community.id, community.name);
  }
  return { profile, communities: [...names].map(([value, label]) => ({ value, label })) };
}

/** The community a page opens on: the one it was sent to if the caller may use it, else the first. */
export function initialCommunity(communities: CommunityOption[], requested: string | undefined): CommunityOption | undefined {
  return communities.find((c) => c.value === requested) ?? communities[0];
}
