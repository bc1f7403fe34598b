/** The workbench's 待办 counts, each opening the list it counted (the server counts with the inbox's own filters). */
import type { Workload, WorkloadCount } from '../../../typings/alerts';
import { pageUrl, type PageUrl } from '../../shared/routes';

export interface CountRow {
  key: WorkloadCount['key'];
  label: string;
  count: number;
  url: PageUrl;
}

function urlOf(item: WorkloadCount, communityId: string): PageUrl {
  const inbox = 'packages/staff/pages/inbox/index';
  switch (item.key) {
    case 'toAccept':
      return pageUrl(inbox, { communityId, status: 'submitted' });
    case 'mine':
      return pageUrl(inbox, { communityId, mine: '1', status: 'assigned' });
    case 'overdue':
      return pageUrl(inbox, { communityId, overdue: '1' });
    case 'escalated':
      return pageUrl(inbox, { communityId, escalated: item.escalationLevel === 2 ? '2' : '1' });
    case 'reviews':
      return pageUrl('packages/staff/pages/bindings/index', { communityId });
    case 'renovations':
      return pageUrl('packages/staff/pages/renovations/index', { communityId });
    case 'unreached':
      return pageUrl('packages/staff/pages/alerts/index', { communityId });
    case 'overdueKeys':
      return pageUrl('packages/site/pages/keys/index', { communityId, tab: 'loans' });
    case 'missedRounds':
      return pageUrl('packages/site/pages/patrol/index', { communityId });
    case 'loanApprovals':
      return pageUrl('packages/site/pages/file-loans/index', { communityId, filter: 'open' });
    case 'overdueLoans':
      return pageUrl('packages/site/pages/file-loans/index', { communityId, filter: 'overdue' });
    case 'contracts':
      return pageUrl('packages/site/pages/contracts/index', { communityId, filter: 'due' });
    case 'fireChecks':
      return pageUrl('packages/site/pages/shops/index', { communityId, filter: 'due' });
    case 'careToday':
      return pageUrl('packages/care/pages/ledger/index', { communityId, filter: 'today', mine: '1' });
    case 'careOverdue':
      return pageUrl('packages/care/pages/ledger/index', { communityId, filter: 'overdue' });
    case 'visitsToBook':
      return pageUrl('packages/care/pages/visits/index', { communityId });
  }
}

export function countRows(workload: Workload, communityId: string): CountRow[] {
  const here = workload.communities.find((community) => community.communityId === communityId);
  return (here?.counts ?? []).map((item) => ({ key: item.key, label: item.label, count: item.count, url: urlOf(item, communityId) }));
}
