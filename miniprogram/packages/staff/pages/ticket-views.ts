/**
 * How staff pages show tickets: status words as staff say them (已派单 where owners read 处理中),
 * complaint grades, escalation levels, and who works the front desk.
 */
import type { ComplaintGrade, TicketStatus } from '../../../../typings/tickets';
import type { StaffRole } from '../../../../typings/roles';

/** The front desk: accepts, grades, assigns, registers calls and hands over shifts. */
export const DESK_ROLES: StaffRole[] = ['cs', 'manager'];

export const STATUS_VIEW: Record<TicketStatus, { label: string; theme: string }> = {
  submitted: { label: '待受理', theme: 'warning' },
  accepted: { label: '已受理', theme: 'primary' },
  assigned: { label: '已派单', theme: 'primary' },
  resolved: { label: '已处理', theme: 'success' },
  closed: { label: '已办结', theme: 'default' },
};

export const GRADE_VIEW: Record<ComplaintGrade, { label: string; theme: string }> = {
  general: { label: '一般', theme: 'default' },
  serious: { label: '较重', theme: 'warning' },
  major: { label: '重大', theme: 'danger' },
};

/** Level 1 reaches the service manager, level 2 the service-centre head (docs/service-rules.md). */
export function escalationText(level: number): string {
  if (level >= 2) return '已升级至负责人';
  return level === 1 ? '已升级至经理' : '';
}
