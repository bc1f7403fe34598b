import type { Profile } from '../../typings/domain';
import { profile } from '../behaviors/profile';
import { switchTab } from '../services/navigation';
import { getProfile } from '../services/session';
import { lastWorkload, onWorkloadChange, refreshWorkload } from '../services/workload';
import type { Workload } from '../../typings/alerts';
import { visibleTabs, type Tab, type TabValue } from './tabs';

/** Each tab bar's workload subscription, dropped when it goes away. */
const unsubscribe = new WeakMap<object, () => void>();

Component({
  behaviors: [profile],
  data: {
    selected: 'home' as TabValue,
    tabs: visibleTabs(false) as Tab[],
    /** Items waiting for this staff member: the 工作台 tab's badge (TDesign's badge props). */
    staffBadge: {} as { count?: number; maxCount?: number; visible?: boolean },
    noBadge: {},
  },
  lifetimes: {
    detached() {
      unsubscribe.get(this)?.();
    },
    attached() {
      unsubscribe.set(
        this,
        onWorkloadChange((workload) => this.showWorkload(workload)),
      );
      const known = lastWorkload();
      if (known) this.showWorkload(known);
      // Until the profile answers, owners' tabs are shown. A failure is left to the page in view,
      // which loads the profile itself and tells the user with a retry.
      getProfile().then(
        (known) => this.showProfile(known),
        () => undefined,
      );
    },
  },
  pageLifetimes: {
    // Back on a tab: work may have arrived or been done meanwhile.
    show() {
      getProfile()
        .then((known) => (known.isStaff ? refreshWorkload() : undefined))
        .catch(() => undefined);
    },
  },
  methods: {
    showProfile(known: Profile) {
      this.setData({ tabs: visibleTabs(known.isStaff), ...(known.isStaff ? {} : { staffBadge: {} }) });
      // Staff see what waits for them from any tab; a failure only means no badge.
      if (known.isStaff && !lastWorkload()) refreshWorkload().catch(() => undefined);
    },
    showWorkload(workload: Workload) {
      this.setData({ staffBadge: workload.total > 0 ? { count: workload.total, maxCount: 99, visible: true } : {} });
    },
    onChange(event: WechatMiniprogram.CustomEvent<{ value: TabValue }>) {
      const tab = this.data.tabs.find((candidate) => candidate.value === event.detail.value);
      if (tab && tab.value !== this.data.selected) switchTab(tab.path);
    },
  },
});
