import type { Profile } from '../../typings/domain';
import { profile } from '../behaviors/profile';
import { switchTab } from '../services/navigation';
import { getProfile } from '../services/session';
import { visibleTabs, type Tab, type TabValue } from './tabs';

Component({
  behaviors: [profile],
  data: {
    selected: 'home' as TabValue,
    tabs: visibleTabs(false) as Tab[],
  },
  lifetimes: {
    attached() {
      // Until the profile answers, owners' tabs are shown. A failure is left to the page in view,
      // which loads the profile itself and tells the user with a retry.
      getProfile().then(
        (known) => this.showProfile(known),
        () => undefined,
      );
    },
  },
  methods: {
    showProfile(known: Profile) {
      this.setData({ tabs: visibleTabs(known.isStaff) });
    },
    onChange(event: WechatMiniprogram.CustomEvent<{ value: TabValue }>) {
      const tab = this.data.tabs.find((candidate) => candidate.value === event.detail.value);
      if (tab && tab.value !== this.data.selected) switchTab(tab.path);
    },
  },
});
