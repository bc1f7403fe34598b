/**
 * Renovation applications as the owner's and the staff's lists show them: WXML cannot format time,
 * so pages turn summaries into these rows before `setData`. Status is shown by the status-tag
 * component from the code.
 */
import type { RenovationStatus, RenovationSummary } from '../../../typings/renovation';
import { chinaMinute } from '../../shared/time';

export interface RenovationRow {
  id: string;
  unitLabel: string;
  status: RenovationStatus;
  permitNo: string;
  period: string;
  overdue: boolean;
  openViolations: number;
  submittedAt: string;
}

export function renovationRow(summary: RenovationSummary): RenovationRow {
  return {
    id: summary.id,
    unitLabel: summary.unitLabel,
    status: summary.status,
    permitNo: summary.permitNo ?? '',
    period: `${summary.startDate} 至 ${summary.endDate}`,
    overdue: summary.overdue,
    openViolations: summary.openViolations,
    submittedAt: chinaMinute(summary.submittedAt),
  };
}
