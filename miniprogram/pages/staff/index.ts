import type { StaffRole } from '../../../typings/roles';
import type { ConsentTemplate, Workload } from '../../../typings/alerts';
import { STAFF_ROLES, communitiesFor, communityScope, rolesIn } from '../../behaviors/community-scope';
import { consent } from '../../behaviors/consent';
import { refreshWorkload } from '../../services/workload';
import { countRows, type CountRow } from './counts';
import { selectTab } from '../../custom-tab-bar/tabs';
import { call } from '../../services/api';
import { navigateTo, navigateToUrl } from '../../services/navigation';
import { ROLE_LABELS } from '../../shared/labels';
import { pageUrl, type CommunityPagePath, type PageUrl, type PlainPagePath } from '../../shared/routes';

interface Entry {
  key: string;
  title: string;
  description: string;
  icon: string;
  url: PageUrl;
}

/** A page of the workbench; one that works on one community's data is opened with the chosen community. */
type EntryRule = {
  key: string;
  title: string;
  icon: string;
  roles: StaffRole[];
  description: (roles: StaffRole[]) => string;
} & ({ perCommunity: true; page: CommunityPagePath } | { perCommunity: false; page: PlainPagePath });

/** Roles that may approve or reject a binding (the information keeper only reads the queue). */
const REVIEWERS: StaffRole[] = ['cs', 'manager', 'admin'];

const ENTRY_RULES: EntryRule[] = [
  {
    key: 'inbox',
    title: '工单',
    icon: 'task',
    roles: ['cs', 'tech', 'manager', 'admin'],
    page: 'packages/staff/pages/inbox/index',
    perCommunity: true,
    description: (roles) => {
      if (roles.includes('cs') || roles.includes('manager')) return '受理、派单、回复、回访和办结服务需求';
      return roles.includes('tech') ? '派给您的维修工单：上门签到、维修记录、完工' : '查看本小区的全部工单和办理进度';
    },
  },
  {
    key: 'register',
    title: '登记来电/来访',
    icon: 'call',
    roles: ['cs', 'manager'],
    page: 'packages/staff/pages/register/index',
    perCommunity: true,
    description: () => '业主来电、来访或巡查发现的问题，代为登记',
  },
  {
    key: 'desk-log',
    title: '来电与值班记录',
    icon: 'chat',
    roles: ['cs', 'manager'],
    page: 'packages/staff/pages/desk-log/index',
    perCommunity: true,
    description: () => '随手记下每个来电和值班事项，交班时一并交接',
  },
  {
    key: 'unit-file',
    title: '户档案',
    icon: 'home',
    roles: ['cs', 'manager', 'admin'],
    page: 'packages/staff/pages/unit-file/index',
    perCommunity: true,
    description: () => '按楼栋房号查看一户的住户、报事、装修、账单和回访',
  },
  {
    key: 'handover',
    title: '交接班',
    icon: 'swap',
    roles: ['cs', 'manager'],
    page: 'packages/staff/pages/handover/index',
    perCommunity: true,
    description: () => '交班写明待跟进的工单，接班确认',
  },
  {
    key: 'incidents',
    title: '质量事故登记',
    icon: 'error-circle',
    roles: ['cs', 'manager', 'admin'],
    page: 'packages/staff/pages/incidents/index',
    perCommunity: true,
    description: (roles) => (roles.includes('manager') ? '登记服务质量事故，分析原因和措施，签认存档' : '登记服务质量事故，写明原因、责任和措施'),
  },
  {
    key: 'bindings',
    title: '住户认证审核',
    icon: 'user-checked',
    roles: ['cs', 'manager', 'infokeeper', 'admin'],
    page: 'packages/staff/pages/bindings/index',
    perCommunity: true,
    description: (roles) => (roles.some((role) => REVIEWERS.includes(role)) ? '核对住户身份，通过或驳回认证申请' : '查看认证申请，必要时查看完整信息'),
  },
  {
    key: 'communities',
    title: '小区信息',
    icon: 'city',
    roles: ['admin'],
    page: 'packages/staff/pages/communities/index',
    perCommunity: false,
    description: () => '小区名称、地址和向业主公示的服务电话',
  },
  {
    key: 'roster',
    title: '导入房屋名册',
    icon: 'file-import',
    roles: ['admin'],
    page: 'packages/staff/pages/roster/index',
    perCommunity: true,
    description: () => '从表格导入楼栋、房号、面积和业主信息',
  },
  {
    key: 'team',
    title: '员工与邀请',
    icon: 'usergroup',
    roles: ['admin', 'manager'],
    page: 'packages/staff/pages/team/index',
    perCommunity: true,
    description: (roles) => (roles.includes('admin') ? '邀请员工，调整或撤销角色' : '查看本小区的员工及其角色'),
  },
  {
    key: 'access-log',
    title: '个人信息访问记录',
    icon: 'secured',
    roles: ['manager', 'admin'],
    page: 'packages/staff/pages/access-log/index',
    perCommunity: true,
    description: () => '谁在何时、因何查看或导出了业主个人信息',
  },
  {
    key: 'board',
    title: '管理看板',
    icon: 'chart-bar',
    roles: ['manager', 'admin'],
    page: 'packages/staff/pages/board/index',
    perCommunity: true,
    description: () => '投诉反馈、维修及时、返修、回访满意等指标对照标准，点开看工单',
  },
  {
    key: 'alerts',
    title: '提醒与群机器人',
    icon: 'notification-circle',
    roles: ['manager', 'admin'],
    page: 'packages/staff/pages/alerts/index',
    perCommunity: true,
    description: () => '没有送达的提醒及跟进；把派单、升级、超时提醒发到企业微信或钉钉群',
  },
  {
    key: 'settings',
    title: '服务设置',
    icon: 'setting',
    roles: ['manager', 'admin'],
    page: 'packages/staff/pages/service-settings/index',
    perCommunity: true,
    description: () => '维护常用语（文明用语）和报修服务时限',
  },
  {
    key: 'disclosure',
    title: '信息公示管理',
    icon: 'notification',
    roles: ['admin'],
    page: 'packages/staff/pages/disclosure-edit/index',
    perCommunity: true,
    description: () => '编辑并发布服务标准、收费标准和收支公示，发布更正',
  },
  {
    key: 'bills',
    title: '物业账单',
    icon: 'wallet',
    roles: ['admin', 'cs', 'manager'],
    page: 'packages/staff/pages/bills/index',
    perCommunity: true,
    description: (roles) => (roles.includes('admin') ? '按收费标准生成、发布账单，登记缴费和提醒' : '登记缴费、发送礼貌的缴费提醒'),
  },
  {
    key: 'calendar',
    title: '节假日安排',
    icon: 'calendar',
    roles: ['manager', 'admin'],
    page: 'packages/staff/pages/calendar/index',
    perCommunity: false,
    description: () => '各年度放假与调休安排：反馈期限按它计算工作日',
  },
  {
    key: 'renovations',
    title: '装修管理',
    icon: 'tools',
    roles: ['cs', 'manager', 'admin'],
    page: 'packages/staff/pages/renovations/index',
    perCommunity: true,
    description: () => '审核装修申请、施工巡查、违规整改和竣工验收',
  },
];

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

function entriesFor(roles: StaffRole[], communityId: string): Entry[] {
  return ENTRY_RULES.filter((rule) => rule.roles.some((role) => roles.includes(role)) && (!rule.perCommunity || communityId !== '')).map((rule) => ({
    key: rule.key,
    title: rule.title,
    description: rule.description(roles),
    icon: rule.icon,
    url: rule.perCommunity ? pageUrl(rule.page, { communityId }) : pageUrl(rule.page),
  }));
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
      const { profile, communities } = await communitiesFor(STAFF_ROLES);
      // A deployment admin with no community yet still gets the entries that need none.
      const ids = communities.length > 0 ? communities.map((c) => c.value) : [''];
      const views: Record<string, CommunityView> = {};
      for (const id of ids) {
        const roles = rolesIn(profile, id);
        views[id] = { roleText: roles.map((role) => ROLE_LABELS[role]).join('、'), entries: entriesFor(roles, id) };
      }
      const kept = ids.includes(this.data.communityId) ? this.data.communityId : ids[0];
      this.setData({ isStaff: profile.isStaff, staffName: profile.staffName, communities, views, communityId: kept, workload: await workloadOrNone() });
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
