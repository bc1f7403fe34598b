/**
 * The words for the domain's codes, as users read them, on both sides: pages show them and the
 * cloud function writes them into timelines, messages and exports.
 */
import type { AlertDelivery, AlertKind, MessagePurpose, RobotChannel } from '../../typings/alerts';
import type { YearSource } from '../../typings/calendar';
import type { IncidentStatus } from '../../typings/incident';
import type { CustodyKind, CustodyStatus, Department, KeyAuthorisation, KeyKind, PatrolKind, WorkOrderStatus } from '../../typings/site';
import type { FileLoanStatus } from '../../typings/fileLoans';
import type { ContractTerm, FireCheckResult } from '../../typings/contracts';
import type { NoticeCategory, NoticeStatus } from '../../typings/notice';
import type { AccessKind, BindingStatus, ResidentRelation } from '../../typings/domain';
import type { BillStatus, DisclosureKind, FeeCategory, FeeUnit, PaymentChannel, ReminderChannel } from '../../typings/disclosure';
import type { InspectionResult, RenovationStatus } from '../../typings/renovation';
import type { Role } from '../../typings/roles';
import type { CareCategory, CareCondition, CareMethod, LivingSituation } from '../../typings/care';
import type { VisitStatus } from '../../typings/visits';
import type { Charge, ComplaintGrade, Confirmation, Satisfaction, TicketChannel, TicketKind, TicketStatus } from '../../typings/tickets';

export const TICKET_KIND_LABELS: Record<TicketKind, string> = {
  repair: '报修',
  complaint: '投诉',
  consultation: '咨询',
  suggestion: '建议',
  inquiry: '质询',
};

/** A ticket's status as staff say it. */
export const TICKET_STATUS_LABELS: Record<TicketStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  assigned: '已派单',
  resolved: '已处理',
  closed: '已办结',
};

/**
 * A ticket's status as its owner reads it: work under way rather than who it was given to, and a
 * resolved ticket waits for the owner's confirmation, after which only the return visit is left.
 */
export function ownerTicketStatusLabel(status: TicketStatus, confirmedByOwner: boolean): string {
  if (status === 'assigned') return '处理中';
  if (status === 'resolved') return confirmedByOwner ? '已确认解决' : '待确认';
  return TICKET_STATUS_LABELS[status];
}

export const GRADE_LABELS: Record<ComplaintGrade, string> = {
  general: '一般',
  serious: '较重',
  major: '重大',
};

export const SATISFACTION_LABELS: Record<Satisfaction, string> = {
  satisfied: '满意',
  basic: '基本满意',
  unsatisfied: '不满意',
};

export const CHANNEL_LABELS: Record<TicketChannel, string> = {
  miniprogram: '小程序',
  phone: '电话',
  visit: '来访',
  patrol: '巡查',
};

/** A proposed charge's status, to staff and to the owner who answers it. */
export const CHARGE_STATUS_LABELS: Record<'staff' | 'owner', Record<Charge['status'], string>> = {
  staff: { proposed: '待业主确认', accepted: '业主已同意', refused: '业主不同意' },
  owner: { proposed: '待您确认', accepted: '您已同意', refused: '您未同意' },
};

/** Level 1 reaches the service manager, level 2 the service-centre head (docs/service-rules.md). */
export function escalationLabel(level: number): string {
  if (level >= 2) return '已升级至负责人';
  return level === 1 ? '已升级至经理' : '';
}

export const ROLE_LABELS: Record<Role, string> = {
  owner: '业主',
  cs: '客服',
  tech: '维修',
  manager: '客服经理',
  admin: '管理员',
  infokeeper: '信息专管员',
};

export const RELATION_LABELS: Record<ResidentRelation, string> = {
  owner: '业主',
  family: '家属',
  tenant: '租户',
};

export const BINDING_STATUS_LABELS: Record<BindingStatus, string> = {
  pending: '待审核',
  approved: '已通过',
  rejected: '未通过',
  withdrawn: '已撤回',
};

export const RENOVATION_STATUS_LABELS: Record<RenovationStatus, string> = {
  submitted: '待审核',
  'needs-more': '需补充',
  approved: '已批准',
  rejected: '未通过',
  completed: '已验收',
};

export const ACCESS_KIND_LABELS: Record<AccessKind, string> = {
  view: '查看',
  export: '导出',
  delete: '删除',
};

export const DISCLOSURE_KIND_LABELS: Record<DisclosureKind, string> = {
  'service-standard': '服务标准',
  'fee-standard': '收费标准',
  'common-income': '共有部分经营收益收支',
  'fund-statement': '酬金制资金收支',
};

/** A fee's category as the board names it, and the short word the editor offers. */
export const FEE_CATEGORY_LABELS: Record<FeeCategory, { label: string; short: string }> = {
  property: { label: '物业服务费', short: '物业费' },
  parking: { label: '停车服务费', short: '车位费' },
  'paid-service': { label: '有偿服务', short: '有偿服务' },
};

/** What a price is counted per (`¥2.50/㎡·月`), and what a bill's quantity counts (`89.50㎡`). */
export const FEE_UNIT_LABELS: Record<FeeUnit, { per: string; quantity: string }> = {
  'm2-month': { per: '㎡·月', quantity: '㎡' },
  month: { per: '月', quantity: '个月' },
  time: { per: '次', quantity: '次' },
  'space-month': { per: '个·月', quantity: '个' },
};

export const BILL_STATUS_LABELS: Record<BillStatus, string> = {
  draft: '草稿',
  issued: '待缴',
  partial: '部分已缴',
  paid: '已缴',
  waived: '已减免',
};

export const REMINDER_CHANNEL_LABELS: Record<ReminderChannel, string> = {
  message: '小程序消息',
  phone: '电话',
  letter: '书面通知',
  visit: '上门',
};

export const PAYMENT_CHANNEL_LABELS: Record<PaymentChannel, string> = {
  desk: '服务中心',
  wechat: '微信支付',
};

/** A quality incident's state. */
export const INCIDENT_STATUS_LABELS: Record<IncidentStatus, string> = { open: '待签认', signed: '已签认' };

/** One item of a renovation inspection. */
export const INSPECTION_RESULT_LABELS: Record<InspectionResult, string> = { pass: '合格', fail: '不合格', na: '不适用' };

/** How the owner's confirmation reached the service desk. */
export const CONFIRMATION_SOURCE_LABELS: Record<Confirmation['source'], string> = {
  owner: '业主在小程序中确认',
  phone: '电话',
  intercom: '对讲',
  visit: '上门',
};

/** Where a year's working days come from: what the calendar page and its tag say. */
export const YEAR_SOURCE_LABELS: Record<YearSource, { label: string; hint: string }> = {
  table: { label: '已录入官方安排', hint: '按管理员录入的国务院办公厅节假日安排计算' },
  library: { label: '内置日历', hint: '按系统内置的国务院办公厅节假日安排计算' },
  statutory: { label: '暂无官方安排', hint: '国务院办公厅的安排尚未录入：暂按周末和法定节日计算，调休未计入' },
};

/** Subscribe-message templates, as the consent list on 我的 names them. */
export const MESSAGE_PURPOSE_LABELS: Record<MessagePurpose, string> = {
  progress: '服务进度通知',
  dispatch: '派单与工单提醒',
  escalation: '投诉升级提醒',
  major: '重大投诉提醒',
  renovationReview: '装修待审核提醒',
  bindingReview: '住户认证待审核提醒',
  contractExpiry: '合同到期提醒',
};

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  dispatch: '新派单',
  rework: '返修',
  escalation: '投诉升级',
  major: '重大投诉',
  overdue: '工单超时',
  renovationReview: '装修待审核',
  bindingReview: '认证待审核',
  contractExpiry60: '合同 60 天后到期',
  contractExpiry30: '合同 30 天后到期',
  careAbnormal: '关怀对象情况异常',
};

export const ROBOT_CHANNEL_LABELS: Record<RobotChannel, string> = {
  wecom: '企业微信群',
  dingtalk: '钉钉群',
};

export const DELIVERY_OUTCOME_LABELS: Record<AlertDelivery['outcome'], string> = {
  sent: '已送达',
  refused: '微信拒收',
  'no-consent': '未授权订阅',
  posted: '已发到群',
  failed: '群发送失败',
};

/** Patrol routes by what they check and how often (seed 001 五 4). */
export const PATROL_KIND_LABELS: Record<PatrolKind, { label: string; schedule: string }> = {
  site: { label: '园区巡视', schedule: '每日两次（上午、下午各一轮）' },
  cleaning: { label: '清洁巡查', schedule: '每日两次（上午、下午各一轮）' },
  vacant: { label: '空置房巡查', schedule: '每月至少一次' },
};

/** What a new checkpoint checks unless the manager writes otherwise (seed 001 五 2, 5). */
export const PATROL_DEFAULT_ITEMS: Record<PatrolKind, string[]> = {
  site: ['治安隐患', '公共设施设备完好、无渗漏', '消防设施完好、通道畅通', '无违章装修、违章占用', '绿化养护良好'],
  cleaning: ['地面干净、无垃圾', '垃圾桶已清运、无异味', '墙面、扶手、标识无污渍'],
  vacant: ['门窗完好并已关闭', '无渗漏水', '水、电、气已关闭', '无异味、无虫害'],
};

/** The departments an internal work order (内部工作联系单) goes to. */
export const DEPARTMENT_LABELS: Record<Department, string> = {
  engineering: '工程维修',
  cleaning: '保洁',
  greenery: '绿化',
  security: '秩序维护',
  service: '客服中心',
};

export const WORK_ORDER_STATUS_LABELS: Record<WorkOrderStatus, string> = { open: '待处理', done: '已完成' };

export const KEY_KIND_LABELS: Record<KeyKind, string> = { common: '公用钥匙', owner: '业主寄存钥匙' };

export const KEY_AUTHORISATION_LABELS: Record<KeyAuthorisation, string> = { awaiting: '待业主授权', confirmed: '业主已授权', declined: '业主未授权' };

export const CUSTODY_KIND_LABELS: Record<CustodyKind, string> = { parcel: '快递包裹', document: '文件资料', item: '物品', cash: '现金' };

export const CUSTODY_STATUS_LABELS: Record<CustodyStatus, string> = { held: '待领取', collected: '已领取' };
/** A loan of a file (借阅) as the register shows it. */
export const FILE_LOAN_STATUS_LABELS: Record<FileLoanStatus, string> = {
  requested: '待审批',
  approved: '已批准',
  lent: '借出中',
  returned: '已归还',
  refused: '未批准',
};

export const CONTRACT_TERM_LABELS: Record<ContractTerm, string> = { valid: '有效', expiring: '即将到期', expired: '已到期' };

export const FIRE_CHECK_RESULT_LABELS: Record<FireCheckResult, string> = { pass: '合格', fail: '不合格' };

/** The fire facilities a shop's check goes through (seed 002 §8 ¶1). */
export const FIRE_CHECK_ITEMS = ['灭火器', '消火栓', '烟感报警', '应急照明', '疏散通道', '安全出口标志', '电气线路'] as const;
/** A notice's category (公告/通知), the tag owners see on the board. */
export const NOTICE_CATEGORY_LABELS: Record<NoticeCategory, string> = {
  outage: '停水停电',
  maintenance: '维修',
  activity: '活动',
  safety: '安全',
  other: '其他',
};

export const NOTICE_STATUS_LABELS: Record<NoticeStatus, string> = { draft: '草稿', published: '已发布', withdrawn: '已作废' };

export const CARE_CATEGORY_LABELS: Record<CareCategory, string> = { emptyNest: '空巢老人', aloneElderly: '独居老人', disabled: '残疾人', hardship: '困难群众' };

export const LIVING_SITUATION_LABELS: Record<LivingSituation, string> = { alone: '独居', withSpouse: '与配偶同住', withFamily: '与家人同住', other: '其他' };

export const CARE_METHOD_LABELS: Record<CareMethod, string> = { phone: '电话', wechat: '微信', visit: '上门' };

export const CARE_CONDITION_LABELS: Record<CareCondition, string> = { normal: '正常', abnormal: '异常' };

export const VISIT_STATUS_LABELS: Record<VisitStatus, string> = { planned: '待预约', proposed: '待业主确认', countered: '业主另约时间', booked: '已预约', done: '已拜访' };
