/**
 * The community a staff page works on: the communities where the caller holds one of the page's
 * roles (a deployment-wide grant counts everywhere), the one the page opens on, and the TDesign
 * picker to switch (`communities`, `communityId`, `communityName`, `pickerVisible` for the
 * template; the picker binds `onCommunityPicked` and `onPickerClose`). The server enforces every
 * scope; this only decides what to offer. The page defines `communityChanged` to reload.
 */
import type { Profile } from '../../typings/domain';
import type { StaffRole } from '../../typings/roles';
import { call } from '../services/api';
import { refreshProfile } from '../services/session';
import { loadable } from './loadable';

/** A choice for `t-picker-item`. */
export interface CommunityOption {
  label: string;
  value: string;
}

/** Staff roles in the order pages list them. */
export const STAFF_ROLES: StaffRole[] = ['cs', 'tech', 'manager', 'infokeeper', 'admin'];

/** The front desk: accepts, grades, assigns, registers calls and hands over shifts. */
export const DESK_ROLES: StaffRole[] = ['cs', 'manager'];

/** A deployment-wide admin's grant names this instead of one community. */
export const ALL_COMMUNITIES = '*';

export function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as string[]).includes(role);
}

/** The staff roles a profile holds in a community. */
export function rolesIn(profile: Profile, communityId: string): StaffRole[] {
  const held = new Set<string>();
  for (const grant of profile.grants) {
    if (grant.communityId === communityId || grant.communityId === ALL_COMMUNITIES) held.add(grant.role);
  }
  return STAFF_ROLES.filter((role) => held.has(role));
}

/**
 * The communities where one of `roles` lets the caller use a page. The profile is asked for
 * afresh: a role granted or revoked a moment ago must show.
 */
export async function communitiesFor(roles: readonly StaffRole[]): Promise<{ profile: Profile; communities: CommunityOption[] }> {
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

/** What a page using `communityScope` defines. */
export interface ScopedPage {
  /** Shows the chosen community's data. */
  communityChanged(): void;
  /** While true (a form half filled in, a file importing), the picker does not open. */
  communityLocked?(): boolean;
}

/** The profile each page's scope was read from. */
const profiles = new WeakMap<object, Profile>();

export const communityScope = Behavior<
  { communities: CommunityOption[]; communityId: string; communityName: string; pickerVisible: boolean },
  Record<string, never>,
  {
    onLoad(query?: Record<string, string | undefined>): void;
    openScope(roles: readonly StaffRole[], refusal: string): Promise<boolean>;
    chooseCommunity(community: CommunityOption): void;
    rolesHere(communityId?: string): StaffRole[];
    onOpenPicker(): void;
    onPickerClose(): void;
    onCommunityPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>): void;
  },
  [typeof loadable],
  ScopedPage
>({
  behaviors: [loadable],
  data: { communities: [], communityId: '', communityName: '', pickerVisible: false },
  methods: {
    /** Opens on the community the link names (a workbench entry); a page with more to set up defines its own. */
    onLoad(query: Record<string, string | undefined> = {}) {
      this.setData({ communityId: query.communityId ?? '' });
      void this.load();
    },
    /**
     * Finds the communities where the caller holds one of `roles`, once, and opens on the one the
     * page was sent to (`communityId` as its onLoad set it from the query) or else the first.
     * Without any, the page shows `refusal` and this resolves false.
     */
    async openScope(roles: readonly StaffRole[], refusal: string): Promise<boolean> {
      if (this.data.communities.length > 0) return true;
      const requested = this.data.communityId;
      const { profile, communities } = await communitiesFor(roles);
      profiles.set(this, profile);
      const community = communities.find((candidate) => candidate.value === requested) ?? communities[0];
      if (!community) {
        this.fail(refusal);
        return false;
      }
      this.setData({ communities, communityId: community.value, communityName: community.label });
      return true;
    },
    chooseCommunity(community: CommunityOption) {
      this.setData({ communityId: community.value, communityName: community.label });
      this.communityChanged();
    },
    /** The staff roles the caller holds in a community (the chosen one by default). */
    rolesHere(communityId?: string): StaffRole[] {
      const profile = profiles.get(this);
      return profile ? rolesIn(profile, communityId ?? this.data.communityId) : [];
    },
    onOpenPicker() {
      if (this.data.communities.length > 1 && !this.communityLocked?.()) this.setData({ pickerVisible: true });
    },
    onPickerClose() {
      this.setData({ pickerVisible: false });
    },
    onCommunityPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ pickerVisible: false });
      const community = this.data.communities.find((candidate) => candidate.value === event.detail.value[0]);
      if (community && community.value !== this.data.communityId) this.chooseCommunity(community);
    },
  },
});
