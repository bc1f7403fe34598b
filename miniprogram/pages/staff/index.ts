import type { StaffRole } from '../../../typings/roles';
import type { ConsentTemplate, Workload } from '../../../typings/alerts';
import { ALL_COMMUNITIES, STAFF_ROLES, communitiesFor, communityScope, rolesIn } from '../../behaviors/community-scope';
import { consent } from '../../behaviors/consent';
import { refreshWorkload } from '../../services/workload';
import { countRows, type CountRow } from './counts';
import { selectTab } from '../../custom-tab-bar/tabs';
import { call } from '../../services/api';
import { navigateTo, navigateToUrl } from '../../services/navigation';
import { ROLE_LABELS } from '../../shared/labels';
import { entriesFor, type Entry } from './entries';
import type { PageUrl } from '../../shared/routes';

/** Who is warned when next year's holiday schedule is missing: those who manage the service desk. */
const CALENDAR_READERS: StaffRole[] = ['manager', 'admin'];

/** The server's warning about a year without an official holiday schedule; the workbench shows without it if the call fails. */
async function calendarWarning(): Promise<string> {
  try {
    return (await call('calendar.overview', {})).warning;
  } catch {
    return '';
  }
}


interface CommunityView {
  roleText: string;
  entries: Entry[];
}

/** The server's workload; the workbench shows without counts if the call fails. */
async function workloadOrNone(): Promise<Workload | null> {
  try {
    return await refreshWorkload();
  } catch {
    return null;
  }
}

Component({
  behaviors: [communityScope, consent],
  data: {
    /** 待办 in the chosen community: each count opens its list. */
    counts: [] as CountRow[],
    workload: null as Workload | null,
    /** Which work alerts are running low, while any is (开启提醒). */
    consentText: '',
    isStaff: false,
    staffName: '',
    roleText: '',
    entries: [] as Entry[],
    views: {} as Record<string, CommunityView>,
    calendarWarning: '',
  },
  observers: {
    'consentAsk, consentTemplates'(ask: string[], templates: ConsentTemplate[]) {
      const low = templates.filter((template) => ask.includes(template.templateId) && template.purpose !== 'progress');
      this.setData({
        consentText: low.length ? `${low.map((template) => `${template.label}还剩 ${template.remaining} 次`).join('，')}。开启后，有新派单、投诉升级等工作时微信会通知您。` : '',
      });
    },
  },
  pageLifetimes: {
    show() {
      // Custom tab bar: each tab page has its own instance and marks itself selected.
      selectTab(this, 'staff');
      // Back on this tab: roles may have changed meanwhile (an invite redeemed, a role revoked).
      if (this.data.status === 'ready') void this.load();
    },
  },
  methods: {
    async fetch() {
      // Asked for at once: the counts need nothing of the profile.
      const workload = workloadOrNone();
      const { profile, communities } = await communitiesFor(STAFF_ROLES);
      // A deployment admin with no community yet still gets the entries that need none.
      const ids = communities.length > 0 ? communities.map((c) => c.value) : [''];
      const views: Record<string, CommunityView> = {};
      const deploymentAdmin = profile.grants.some((grant) => grant.role === 'admin' && grant.communityId === ALL_COMMUNITIES);
      for (const id of ids) {
        const roles = rolesIn(profile, id);
        views[id] = { roleText: roles.map((role) => ROLE_LABELS[role]).join('、'), entries: entriesFor(roles, id, deploymentAdmin) };
      }
      const kept = ids.includes(this.data.communityId) ? this.data.communityId : ids[0];
      this.setData({ isStaff: profile.isStaff, staffName: profile.staffName, communities, views, communityId: kept, workload: await workload });
      this.communityChanged();
      const keepsCalendar = ids.some((id) => rolesIn(profile, id).some((role) => CALENDAR_READERS.includes(role)));
      this.setData({ calendarWarning: keepsCalendar ? await calendarWarning() : '' });
    },
    onCalendarWarning() {
      navigateTo('packages/staff/pages/calendar/index');
    },
    communityChanged() {
      const view = this.data.views[this.data.communityId] ?? { roleText: '', entries: [] };
      const community = this.data.communities.find((c) => c.value === this.data.communityId);
      const counts = this.data.workload ? countRows(this.data.workload, this.data.communityId) : [];
      this.setData({ communityName: community?.label ?? '', roleText: view.roleText, entries: view.entries, counts });
    },
    onCount(event: WechatMiniprogram.BaseEvent<Record<string, never>, { url: PageUrl }>) {
      navigateToUrl(event.currentTarget.dataset.url);
    },
    /** 开启提醒: WeChat's dialog for the staff templates running low (asked from this tap). */
    async onAllowAlerts() {
      if (await this.askConsentNow()) wx.showToast({ title: '已开启工作提醒', icon: 'success' });
    },
    onEntry(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { url: PageUrl }>) {
      navigateToUrl(event.currentTarget.dataset.url);
    },
    onRedeemInvite() {
      navigateTo('pages/invite/index');
    },
  },
});
