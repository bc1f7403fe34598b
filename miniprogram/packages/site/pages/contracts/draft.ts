/** The contract form, shared by the list (a new contract) and a contract's page (its amendment). */
import type { Contract, ContractFields } from '../../../../../typings/contracts';
import type { UploadState } from '../../../../components/cloud-upload/state';
import { uploadProblem } from '../../../../components/cloud-upload/state';
import { CONTRACT_TERM_LABELS } from '../../../../shared/labels';
import { LIMITS, checkText } from '../../../../shared/limits';
import { parseYuan, yuan, yuanLabel } from '../../../../shared/money';

export interface ContractDraft {
  party: string;
  subject: string;
  startOn: string;
  endOn: string;
  /** Yuan as typed. */
  amount: string;
  fileIds: string[];
  fileState: UploadState;
}

export const emptyDraft = (today: string): ContractDraft => ({ party: '', subject: '', startOn: today, endOn: today, amount: '', fileIds: [], fileState: 'done' });

export const draftOf = (contract: Contract): ContractDraft => ({
  party: contract.party,
  subject: contract.subject,
  startOn: contract.startOn,
  endOn: contract.endOn,
  amount: yuan(contract.amountFen),
  fileIds: contract.fileIds,
  fileState: 'done',
});

/** The fields to send, or the first thing the form lacks. */
export function fieldsOf(draft: ContractDraft): { fields: ContractFields } | { problem: string } {
  const limits = LIMITS.contract;
  const text = checkText(draft.party, limits.party, '合同对方') ?? checkText(draft.subject, limits.subject, '合同内容');
  if (text) return { problem: text };
  if (draft.endOn < draft.startOn) return { problem: '合同结束日期不能早于开始日期' };
  const amount = parseYuan(draft.amount);
  if ('error' in amount) return { problem: amount.error };
  const files = uploadProblem(draft.fileState, '文件');
  if (files) return { problem: files };
  return { fields: { party: draft.party.trim(), subject: draft.subject.trim(), startOn: draft.startOn, endOn: draft.endOn, amountFen: amount.fen, fileIds: draft.fileIds.filter(Boolean) } };
}

/** How a contract's term reads in a list or on its page. */
export function termText(contract: Contract): { label: string; theme: 'success' | 'warning' | 'danger' | 'default'; line: string } {
  if (contract.status === 'ended') return { label: '已终止', theme: 'default', line: `${contract.startOn} 至 ${contract.endOn} · ${yuanLabel(contract.amountFen)}` };
  const left = contract.term === 'expired' ? `已过期 ${-contract.daysLeft} 天` : `剩余 ${contract.daysLeft} 天`;
  return {
    label: CONTRACT_TERM_LABELS[contract.term],
    theme: contract.term === 'valid' ? 'success' : contract.term === 'expiring' ? 'warning' : 'danger',
    line: `${contract.startOn} 至 ${contract.endOn}（${left}）· ${yuanLabel(contract.amountFen)}`,
  };
}
