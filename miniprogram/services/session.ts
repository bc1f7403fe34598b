/**
 * Who the caller is, as the cloud says (`me.profile`): cached for the session so the tab bar and
 * the pages agree without each asking the cloud, refreshed whenever something may have changed it
 * (a binding submitted, an invite redeemed, personal data deleted), and pushed to subscribers.
 */
import type { Binding, BindingStatus, Profile, RoleGrant } from '../../typings/domain';
import { RELATION_LABELS, ROLE_LABELS } from '../shared/labels';
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

/** Calls `listener` with every new profile; returns the unsubscribe function. */
export function onProfileChange(listener: ProfileListener): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}

/** A binding ready for a template: WXML cannot look labels up in a map. */
export interface BindingView {
  id: string;
  communityId: string;
  communityName: string;
  unitLabel: string;
  relationLabel: string;
  status: BindingStatus;
  reason: string;
}

export function bindingView(binding: Binding): BindingView {
  return {
    id: binding.id,
    communityId: binding.communityId,
    communityName: binding.communityName,
    unitLabel: binding.unitLabel,
    relationLabel: RELATION_LABELS[binding.relation],
    status: binding.status,
    reason: binding.reason ?? '',
  };
}

/** `客服 · 某某花园` lines for a staff member's grants. */
export function grantLines(grants: RoleGrant[]): string[] {
  return grants
    .filter((grant) => grant.role !== 'owner')
    .map((grant) => `${ROLE_LABELS[grant.role]} · ${grant.communityId === '*' ? '全部小区' : grant.communityName}`);
}

/** An approved home: where a request is placed, and whose contact details prefill a form. */
export interface Home {
  unitId: string;
  communityId: string;
  label: string;
  name: string;
  phone: string;
}

/** The caller's approved homes, as an owner only (renovation is the owner's business) or as any resident. */
export function homesOf(profile: Profile, ownersOnly = false): Home[] {
  return profile.bindings
    .filter((binding) => binding.status === 'approved' && (!ownersOnly || binding.relation === 'owner'))
    .map((binding) => ({
      unitId: binding.unitId,
      communityId: binding.communityId,
      label: `${binding.communityName} ${binding.unitLabel}`,
      name: binding.name,
      phone: binding.phone,
    }));
}

/** The profile with the caller's homes: asked again when none is known, as a binding may have been approved since. */
export async function profileWithHomes(ownersOnly = false): Promise<{ profile: Profile; homes: Home[] }> {
  let profile = await getProfile();
  if (!homesOf(profile, ownersOnly).length) profile = await refreshProfile();
  return { profile, homes: homesOf(profile, ownersOnly) };
}
