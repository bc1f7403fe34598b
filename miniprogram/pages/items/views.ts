import type { CustodyItem, KeyRecord } from '../../../typings/site';
import { CUSTODY_KIND_LABELS, CUSTODY_STATUS_LABELS, KEY_AUTHORISATION_LABELS } from '../../shared/labels';
import { yuanLabel } from '../../shared/money';
import { chinaMinute } from '../../shared/time';
import { canOf } from '../../utils/actions';

/** Something the desk received, as the desk's register and the resident's list show it. */
export const custodyRow = (item: CustodyItem) => ({
  ...item,
  title: `${item.number} ${CUSTODY_KIND_LABELS[item.kind]}${item.amountFen !== undefined ? ` ${yuanLabel(item.amountFen)}` : ''}`,
  statusLabel: CUSTODY_STATUS_LABELS[item.status],
  receivedLine: `${chinaMinute(item.receivedAt)} ${item.receivedByName} 收自 ${item.fromName}`,
  collectedLine: item.collected ? `${chinaMinute(item.collected.at)} ${item.collected.how === 'owner' ? `${item.collected.toName} 在小程序中确认领取` : `${item.collected.byName} 交给 ${item.collected.toName}`}` : '',
  can: canOf(item.allowed),
});

/** An owner's key left with the desk, with who has it out now. */
export const ownerKeyRow = (key: KeyRecord) => ({
  ...key,
  authorisationLabel: key.authorisation ? KEY_AUTHORISATION_LABELS[key.authorisation.status] : '',
  loanLines: key.loans.map((loan) => ({ id: loan.id, line: `${chinaMinute(loan.lentAt)} ${loan.borrowerName}借用：${loan.reason}，应于 ${chinaMinute(loan.dueAt)} 归还` })),
  can: canOf(key.allowed),
});
