/** How a loan reads in the register and on its page. */
import type { FileLoan } from '../../../../../typings/fileLoans';
import { FILE_LOAN_STATUS_LABELS } from '../../../../shared/labels';

/** The status in words; a query the manager approved is still waiting for the general manager. */
export function loanStatusLabel(loan: FileLoan): string {
  if (loan.overdue) return '逾期未还';
  if (loan.status === 'requested' && loan.authority && loan.managerApproval && !loan.headApproval) return '待总经理同意';
  return FILE_LOAN_STATUS_LABELS[loan.status];
}

export interface LoanRow {
  id: string;
  title: string;
  meta: string;
  statusLabel: string;
  overdue: boolean;
  authority: boolean;
}

/** A loan as a row of the register, in the words of seed 001's lending list. */
export const loanRow = (loan: FileLoan): LoanRow => ({
  id: loan.id,
  title: `${loan.number} ${loan.subject.kind === 'unit' ? `户档案 ${loan.subject.label}` : loan.subject.title}`,
  meta: `${loan.authority ? `${loan.authority.body} ${loan.authority.officerName}` : loan.borrowerName} · 归还日期 ${loan.dueOn}`,
  statusLabel: loanStatusLabel(loan),
  overdue: loan.overdue,
  authority: Boolean(loan.authority),
});

