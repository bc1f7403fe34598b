import type { Community, Profile } from '../../../typings/domain';
import { loadable } from '../../behaviors/loadable';
import { profile } from '../../behaviors/profile';
import { selectTab } from '../../custom-tab-bar/tabs';
import { call, messageOf } from '../../services/api';
import { navigateTo } from '../../services/navigation';
import { bindingView, refreshProfile, type BindingView } from '../../services/session';
import type { PlainPagePath } from '../../shared/routes';
import { chinaMinute } from '../../shared/time';

interface PhoneRow {
  key: string;
  label: string;
  number: string;
}

/** One community's service numbers (seed 002 §6), for owners with an approved binding there. */
interface PhoneBook {
  communityId: string;
  communityName: string;
  phones: PhoneRow[];
}

function phoneBook(community: Community): PhoneBook {
  const rows: PhoneRow[] = [
    { key: 'emergency', label: '紧急求助电话', number: community.phones.emergency },
    { key: 'service24h', label: '24 小时服务电话', number: community.phones.service24h },
    { key: 'complaint', label: '投诉电话', number: community.phones.complaint },
  ];
  return { communityId: community.id, communityName: community.name, phones: rows.filter((row) => row.number) };
}

/** The phone numbers being loaded or shown, by the set of communities they are for. */
const phoneLoads = new WeakMap<object, { key: string; done: Promise<void> }>();

Component({
  behaviors: [loadable, profile],
  data: {
    openid: '',
    serverTime: '',
    bindings: [] as BindingView[],
    hasApproved: false,
    phoneBooks: [] as PhoneBook[],
    phonesError: '',
  },
  methods: {
    onLoad() {
      void this.load();
    },
    onShow() {
      selectTab(this, 'home');
      // Back on this tab: a binding may have been reviewed meanwhile.
      if (this.data.status === 'ready') this.refreshShownProfile();
    },
    async fetch() {
      const [pong, profile] = await Promise.all([call('system.ping', {}), refreshProfile()]);
      await this.showProfile(profile);
      this.setData({ openid: pong.openid, serverTime: chinaMinute(pong.serverTime) });
    },
    showProfile(profile: Profile): Promise<void> {
      const bindings = profile.bindings.map(bindingView);
      this.setData({ bindings, hasApproved: bindings.some((binding) => binding.status === 'approved') });
      const communityIds = [...new Set(bindings.filter((b) => b.status === 'approved').map((b) => b.communityId))].sort();
      const key = communityIds.join(',');
      const current = phoneLoads.get(this);
      if (current?.key === key) return current.done;
      const done = this.loadPhones(communityIds, key);
      phoneLoads.set(this, { key, done });
      return done;
    },
    /** The service numbers of every community where the caller is an approved resident. */
    async loadPhones(communityIds: string[], key: string) {
      try {
        const communities = await Promise.all(communityIds.map((id) => call('community.get', { id })));
        this.setData({ phoneBooks: communities.map(phoneBook), phonesError: '' });
      } catch (error) {
        // Forget this attempt so the next profile (a retry, a page show) tries again.
        if (phoneLoads.get(this)?.key === key) phoneLoads.delete(this);
        this.setData({ phoneBooks: [], phonesError: `服务电话暂时无法显示：${messageOf(error)}` });
      }
    },
    onCall(event: WechatMiniprogram.BaseEvent<Record<string, never>, { number: string }>) {
      wx.makePhoneCall({ phoneNumber: event.currentTarget.dataset.number });
    },
    /** The home page's entries open the page their `data-page` names. */
    onOpen(event: WechatMiniprogram.BaseEvent<Record<string, never>, { page: PlainPagePath }>) {
      navigateTo(event.currentTarget.dataset.page);
    },
  },
});
