import { getProfile, onProfileChange } from '../services/session';
import { visibleTabs, type Tab, type TabValue } from './tabs';

/** Each tab bar instance's profile subscription, dropped when the instance goes away. */
const subscriptions = new WeakMap<object, () => void>();

Component({
  data: {
    selected: 'home' as TabValue,
    tabs: visibleTabs(false) as Tab[],
  },
  lifetimes: {
    attached() {
      subscriptions.set(
        this,
        onProfileChange((profile) => this.setData({ tabs: visibleTabs(profile.isStaff) })),
      );
      // Until the profile answers, owners' tabs are shown. A failure is left to the page in view,
      // which loads the profile itself and tells the user with a retry.
      getProfile().then(
        (profile) => this.setData({ tabs: visibleTabs(profile.isStaff) }),
        () => undefined,
      );
    },
    detached() {
      subscriptions.get(this)?.();
      subscriptions.delete(this);
    },
  },
  methods: {
    onChange(event: WechatMiniprogram.CustomEvent<{ value: TabValue }>) {
      const tab = this.data.tabs.find((candidate) => candidate.value === event.detail.value);
      if (!tab || tab.value === this.data.selected) return;
      wx.switchTab({ url: tab.url });
    },
  },
});
