/**
 * The caller's profile as services/session.ts caches it, followed while the page or component
 * lives: every new profile (a binding submitted or reviewed, an invite redeemed, data deleted)
 * reaches its `showProfile`. Tab pages refresh it when they come back into view.
 */
import type { Profile } from '../../typings/domain';
import { showError } from '../services/api';
import { onProfileChange, refreshProfile } from '../services/session';

/** What a page or component using `profile` defines. */
export interface ProfileView {
  showProfile(profile: Profile): unknown;
}

/** Each instance's subscription, dropped when it goes away. */
const subscriptions = new WeakMap<object, () => void>();

export const profile = Behavior<Record<string, never>, Record<string, never>, { refreshShownProfile(): void }, [], ProfileView>({
  lifetimes: {
    attached() {
      subscriptions.set(
        this,
        onProfileChange((next) => this.showProfile(next)),
      );
    },
    detached() {
      subscriptions.get(this)?.();
      subscriptions.delete(this);
    },
  },
  methods: {
    /** Asks the cloud again; the answer reaches `showProfile` through the subscription. */
    refreshShownProfile() {
      refreshProfile().catch(showError);
    },
  },
});
