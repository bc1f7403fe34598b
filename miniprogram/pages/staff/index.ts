import type { Profile } from '../../../typings/domain';
import type { StaffRole } from '../../../typings/roles';
import { selectTab } from '../../custom-tab-bar/tabs';
import { call, messageOf } from '../../services/api';
import { ROLE_LABELS, refreshProfile } from '../../services/session';

type Status = 'loading' | 'ready' | 'error';

interface CommunityOption {
  label: string;
  value: string;
}

interface Entry {
  key: string;
  title: string;
  description: string;
  icon: string;
  url: string;
}

interface EntryRule {
  key: string;
  title: string;
  icon: string;
  roles: StaffRole[];
  path: string;
  /** Works on one community's data, so the link carries the chosen community. */
  perCommunity: boolean;
  description: (roles: StaffRole[]) => string;
}

const STAFF_ROLES: StaffRole[] = ['cs', 'tech', 'manager', 'infokeeper', 'admin'];

/** Roles that may approve or reject a binding (the information keeper only reads the queue). */
const REVIEWERS: StaffRole[] = ['cs', 'manager', 'admin'];

/** A deployment-wide admin's grant names this instead of one community. */
const ALL_COMMUNITIES = '*';

const ENTRY_RULES: EntryRule[] = [
  {
    key: 'inbox',
    title: '工单',
    icon: 'task',
    roles: ['cs', 'tech', 'manager', 'admin'],
    path: 'inbox/index',
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
    path: 'register/index',
    perCommunity: true,
    description: () => '业主来电、来访或巡查发现的问题，代为登记',
  },
  {
    key: 'handover',
    title: '交接班',
    icon: 'swap',
    roles: ['cs', 'manager'],
    path: 'handover/index',
    perCommunity: true,
    description: () => '交班写明待跟进的工单，接班确认',
  },
  {
    key: 'bindings',
    title: '住户认证审核',
    icon: 'user-checked',
    roles: ['cs', 'manager', 'infokeeper', 'admin'],
    path: 'bindings/index',
    perCommunity: true,
    description: (roles) => (roles.some((role) => REVIEWERS.includes(role)) ? '核对住户身份，通过或驳回认证申请' : '查看认证申请，必要时查看完整信息'),
  },
  {
    key: 'communities',
    title: '小区信息',
    icon: 'city',
    roles: ['admin'],
    path: 'communities/index',
    perCommunity: false,
    description: () => '小区名称、地址和向业主公示的服务电话',
  },
  {
    key: 'roster',
    title: '导入房屋名册',
    icon: 'file-import',
    roles: ['admin'],
    path: 'roster/index',
    perCommunity: true,
    description: () => '从表格导入楼栋、房号、面积和业主信息',
  },
  {
    key: 'team',
    title: '员工与邀请',
    icon: 'usergroup',
    roles: ['admin', 'manager'],
    path: 'team/index',
    perCommunity: true,
    description: (roles) => (roles.includes('admin') ? '邀请员工，调整或撤销角色' : '查看本小区的员工及其角色'),
  },
  {
    key: 'access-log',
    title: '个人信息访问记录',
    icon: 'secured',
    roles: ['manager', 'admin'],
    path: 'access-log/index',
    perCommunity: true,
    description: () => '谁在何时、因何查看或导出了业主个人信息',
  },
  {
    key: 'settings',
    title: '服务设置',
    icon: 'setting',
    roles: ['manager', 'admin'],
    path: 'service-settings/index',
    perCommunity: true,
    description: () => '维护常用语（文明用语）和报修服务时限',
  },
  {
    key: 'disclosure',
    title: '信息公示管理',
    icon: 'notification',
    roles: ['admin'],
    path: 'disclosure-edit/index',
    perCommunity: true,
    description: () => '编辑并发布服务标准、收费标准和收支公示，发布更正',
  },
  {
    key: 'bills',
    title: '物业账单',
    icon: 'wallet',
    roles: ['admin', 'cs', 'manager'],
    path: 'bills/index',
    perCommunity: true,
    description: (roles) => (roles.includes('admin') ? '按收费标准生成、发布账单，登记缴费和提醒' : '登记缴费、发送礼貌的缴费提醒'),
  },
  {
    key: 'renovations',
    title: '装修管理',
    icon: 'tools',
    roles: ['cs', 'manager', 'admin'],
    path: 'renovations/index',
    perCommunity: true,
    description: () => '审核装修申请、施工巡查、违规整改和竣工验收',
  },
];

function isStaffRole(role: string): role is StaffRole {
  return (STAFF_ROLES as string[]).includes(role);
}

/** The staff roles the profile holds in one community (a deployment-wide grant counts everywhere). */
function rolesIn(profile: Profile, communityId: string): StaffRole[] {
  const roles = new Set<StaffRole>();
  for (const grant of profile.grants) {
    if (isStaffRole(grant.role) && (grant.communityId === communityId || grant.communityId === ALL_COMMUNITIES)) roles.add(grant.role);
  }
  return STAFF_ROLES.filter((role) => roles.has(role));
}

function entriesFor(roles: StaffRole[], communityId: string): Entry[] {
  return ENTRY_RULES.filter((rule) => rule.roles.some((role) => roles.includes(role)) && (!rule.perCommunity || communityId !== '')).map((rule) => ({
    key: rule.key,
    title: rule.title,
    description: rule.description(roles),
    icon: rule.icon,
    url: `/packages/staff/pages/${rule.path}${rule.perCommunity ? `?communityId=${encodeURIComponent(communityId)}` : ''}`,
  }));
}

interface CommunityView {
  roleText: string;
  entries: Entry[];
}

Component({
  data: {
    status: 'loading' as Status,
    errorMessage: '',
    isStaff: false,
    staffName: '',
    communities: [] as CommunityOption[],
    communityId: '',
    communityName: '',
    roleText: '',
    entries: [] as Entry[],
    views: {} as Record<string, CommunityView>,
    pickerVisible: false,
  },
  pageLifetimes: {
    show() {
      // Custom tab bar: each tab page has its own instance and marks itself selected.
      selectTab(this, 'staff');
      // Roles may have changed since the last visit (an invite redeemed, a role revoked).
      this.load();
    },
  },
  methods: {
    onRetry() {
      this.load();
    },
    async load() {
      if (this.data.status !== 'ready') this.setData({ status: 'loading', errorMessage: '' });
      try {
        const profile = await refreshProfile();
        const names = new Map<string, string>();
        for (const grant of profile.grants) {
          if (isStaffRole(grant.role) && grant.communityId !== ALL_COMMUNITIES) names.set(grant.communityId, grant.communityName);
        }
        if (profile.grants.some((grant) => grant.role === 'admin' && grant.communityId === ALL_COMMUNITIES)) {
          for (const community of await call('community.list', {})) names.set(community.id, community.name);
        }
        const communities = [...names].map(([value, label]) => ({ value, label }));
        // A deployment admin with no community yet still gets the entries that need none.
        const ids = communities.length > 0 ? communities.map((c) => c.value) : [''];
        const views: Record<string, CommunityView> = {};
        for (const id of ids) {
          const roles = rolesIn(profile, id);
          views[id] = { roleText: roles.map((role) => ROLE_LABELS[role]).join('、'), entries: entriesFor(roles, id) };
        }
        const kept = ids.includes(this.data.communityId) ? this.data.communityId : ids[0];
        this.setData({ status: 'ready', isStaff: profile.isStaff, staffName: profile.staffName, communities, views });
        this.choose(kept);
      } catch (error) {
        this.setData({ status: 'error', errorMessage: messageOf(error) });
      }
    },
    choose(communityId: string) {
      const view = this.data.views[communityId] ?? { roleText: '', entries: [] };
      const community = this.data.communities.find((c) => c.value === communityId);
      this.setData({ communityId, communityName: community?.label ?? '', roleText: view.roleText, entries: view.entries });
    },
    onOpenPicker() {
      this.setData({ pickerVisible: true });
    },
    onPickerClose() {
      this.setData({ pickerVisible: false });
    },
    onCommunityPicked(event: WechatMiniprogram.CustomEvent<{ value: string[] }>) {
      this.setData({ pickerVisible: false });
      const [communityId] = event.detail.value;
      if (communityId) this.choose(communityId);
    },
    onEntry(event: WechatMiniprogram.CustomEvent<Record<string, never>, Record<string, never>, { url: string }>) {
      wx.navigateTo({ url: event.currentTarget.dataset.url });
    },
    onRedeemInvite() {
      wx.navigateTo({ url: '/pages/invite/index' });
    },
  },
});
