/**
 * The workbench's entries: each page of the staff tab, for which roles, opened with the chosen
 * community where it works on one. The server refuses what a role may not do; this only decides
 * what the workbench offers.
 */
import type { StaffRole } from '../../../typings/roles';
import { REGISTER_RULES } from './register-entries';
import { pageUrl, type CommunityPagePath, type PageUrl, type PlainPagePath } from '../../shared/routes';

export interface Entry {
  key: string;
  title: string;
  description: string;
  icon: string;
  url: PageUrl;
}

/** A page of the workbench; one that works on one community's data is opened with the chosen community. */
export type EntryRule = {
  key: string;
  title: string;
  icon: string;
  roles: StaffRole[];
  description: (roles: StaffRole[]) => string;
  /** Only for admins of every community (the deployment's own): the server refuses everyone else. */
  deploymentAdmins?: true;
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
    roles: ['cs', 'manager', 'admin', 'infokeeper'],
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
  ...REGISTER_RULES,
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
    key: 'arrears',
    title: '欠费催缴',
    icon: 'money',
    roles: ['cs', 'manager', 'admin'],
    page: 'packages/staff/pages/arrears/index',
    perCommunity: true,
    description: (roles) => (roles.includes('manager') || roles.includes('admin') ? '逾期未缴的房屋、催缴记录和减免审批' : '逾期未缴的房屋和礼貌的缴费提醒记录'),
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
    key: 'backups',
    title: '数据备份',
    icon: 'cloud-download',
    roles: ['admin'],
    deploymentAdmins: true,
    page: 'packages/staff/pages/backups/index',
    perCommunity: false,
    description: () => '每周自动备份的全部数据：查看是否完成，下载备份文件',
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

/** `deploymentAdmin`: the caller is an admin of every community. */
export function entriesFor(roles: StaffRole[], communityId: string, deploymentAdmin = false): Entry[] {
  return ENTRY_RULES.filter(
    (rule) => rule.roles.some((role) => roles.includes(role)) && (!rule.perCommunity || communityId !== '') && (!rule.deploymentAdmins || deploymentAdmin),
  ).map((rule) => ({
    key: rule.key,
    title: rule.title,
    description: rule.description(roles),
    icon: rule.icon,
    url: rule.perCommunity ? pageUrl(rule.page, { communityId }) : pageUrl(rule.page),
  }));
}
