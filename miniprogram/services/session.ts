/**
 * Who the caller is, as the cloud says (`me.profile`): cached for the session so the tab bar and
 * the pages agree without each asking the cloud, refreshed whenever something may have changed it
 * (a binding submitted, an invite redeemed, personal data deleted), and pushed to subscribers.
 */
import type { Binding, BindingStatus, Profile, ResidentRelation, RoleGrant } from '../../typings/domain';
import type { Role } from '../../typings/roles';
import { call } from './api';

export type ProfileListener = (profile: Profile) => void;

let cached: Profile | undefined;
/** The latest request, shared by callers that only need some profile (the tab bar, first loads). */
let inFlight: Promise<Profile> | undefined;
const listeners = new Set<ProfileListener>();

/** Replaces the cached profile (e.g. with the one `invite.redeem` returns) and tells subscribers. */
export function storeProfile(profile: Profile): void {
  cached = profile;
  for (const listener of [...listeners]) listener(profile);
}

/** Asks the cloud again; use after anything that changes bindings or roles. */
export function refreshProfile(): Promise<Profile> {
  const request = call('me.profile', {}).then((profile) => {
    // Answers can arrive out of order; only the latest request may overwrite the cache.
    if (inFlight === request) storeProfile(profile);
    return profile;
  });
  inFlight = request;
  const clear = () => {
    if (inFlight === request) inFlight = undefined;
  };
  request.then(clear, clear);
  return request;
}

/** The cached profile, or the one being loaded, or a fresh load. */
export function getProfile(): Promise<Profile> {
  if (cached) return Promise.resolve(cached);
  return inFlight ?? refreshProfile();
}

/** The profile if it is already known, without a call. */
export function cachedProfile(): Profile | undefined {
  return cached;
}

/** Calls `listener` with every new profile; returns the unsubscribe function. */
export function onProfileChange(listener: ProfileListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: '业主',
  cs: '客服',
  tech: '维修',
  manager: '客服经理',
  admin: '管理员',
  infokeeper: '信息专管员',
};

export const RELATION_LABELS: Record<ResidentRelation, string> = {
  owner: '业主',
  family: '家属',
  tenant: '租户',
};

/** Status words and TDesign tag themes for a binding, as owners see them. */
export const BINDING_STATUS: Record<BindingStatus, { label: string; theme: 'warning' | 'success' | 'danger' | 'default' }> = {
  pending: { label: '待审核', theme: 'warning' },
  approved: { label: '已通过', theme: 'success' },
  rejected: { label: '未通过', theme: 'danger' },
  withdrawn: { label: '已撤回', theme: 'default' },
};

/** A binding ready for a template: WXML cannot look labels up in a map. */
export interface BindingView {
  id: string;
  communityId: string;
  communityName: string;
  unitLabel: string;
  relationLabel: string;
  status: BindingStatus;
  statusLabel: string;
  statusTheme: string;
  reason: string;
}

export function bindingView(binding: Binding): BindingView {
  const status = BINDING_STATUS[binding.status];
  return {
    id: binding.id,
    communityId: binding.communityId,
    communityName: binding.communityName,
    unitLabel: binding.unitLabel,
    relationLabel: RELATION_LABELS[binding.relation],
    status: binding.status,
    statusLabel: status.label,
    statusTheme: status.theme,
    reason: binding.reason ?? '',
  };
}

/** `客服 · 某某花园` lines for a staff member's grants. */
export function grantLines(grants: RoleGrant[]): string[] {
  return grants
    .filter((grant) => grant.role !== 'owner')
    .map((grant) => `${ROLE_LABELS[grant.role]} · ${grant.communityId === '*' ? '全部小区' : grant.communityName}`);
}
