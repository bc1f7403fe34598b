import { z } from 'zod';
import type { Workload, WorkloadCount } from '../../../../typings/alerts';
import { ALL_STAFF, staffAnywhere } from '../access';
import { ALL_COMMUNITIES, holdsAny, type Grant } from '../caller';
import { command, count, find, type Where } from '../db';
import type { Route } from '../router';
import { OPEN_STATUSES } from '../tickets/model';
import { unreachedWhere } from './alerts';
import { overdueKeysWhere } from '../site/keys';
import { missedRounds } from '../site/patrols';
import { contractsDueWhere } from '../records/contracts';
import { fireChecksDueWhere } from '../records/shops';
import { loansAwaitingWhere, overdueLoansWhere } from '../records/fileLoans';
import { careWhere } from '../care/care';

/** The communities a workload is counted for: the caller's own, or every community for a deployment admin. */
async function communitiesOf(grants: Grant[]): Promise<string[]> {
  const ids = new Set(grants.map((grant) => grant.communityId));
  if (!ids.has(ALL_COMMUNITIES)) return [...ids];
  return (await find<{ _id: string }>('communities', {}, { limit: 100 })).map((doc) => doc._id);
}

const LABELS: Record<WorkloadCount['key'], string> = {
  toAccept: '待受理',
  mine: '派给我的',
  overdue: '已超时',
  escalated: '升级给我的',
  reviews: '认证待审核',
  renovations: '装修待审核',
  unreached: '未送达的提醒',
  overdueKeys: '逾期未还的钥匙',
  missedRounds: '漏巡',
  loanApprovals: '借阅待审批',
  overdueLoans: '借阅逾期未还',
  contracts: '合同 30 天内到期',
  fireChecks: '商铺消防检查到期',
  careToday: '今日关怀联系',
  careOverdue: '关怀联系逾期',
  visitsToBook: '上门拜访待预约',
};

/**
 * What waits for one user in one community. The ticket counts are the inbox's own filters, so a
 * count opens exactly the list it counts.
 */
async function countsIn(communityId: string, openid: string, grants: Grant[], now: Date): Promise<{ counts: WorkloadCount[]; tickets: Where[] }> {
  const _ = command();
  const desk = holdsAny(grants, ['cs', 'manager', 'admin'], communityId);
  const open = { communityId, status: _.in(OPEN_STATUSES) };
  const queries: [WorkloadCount['key'], 'tickets' | 'bindings' | 'renovations' | 'alerts' | 'keyLoans' | 'fileLoans' | 'contracts' | 'shops' | 'carePeople' | 'visits', Where][] = [];
  if (desk) queries.push(['toAccept', 'tickets', { communityId, status: 'submitted' }]);
  if (holdsAny(grants, ['tech'], communityId)) queries.push(['mine', 'tickets', { communityId, status: 'assigned', 'assignee.openid': openid }]);
  if (desk) queries.push(['overdue', 'tickets', { ...open, dueAt: _.lt(now) }]);
  // The manager takes the first escalation, the head (admins) the second.
  const level = holdsAny(grants, ['manager'], communityId) ? 1 : holdsAny(grants, ['admin'], communityId) ? 2 : 0;
  if (level) queries.push(['escalated', 'tickets', { ...open, kind: 'complaint', escalationLevel: _.gte(level) }]);
  if (desk) queries.push(['reviews', 'bindings', { communityId, status: 'pending' }]);
  if (desk) queries.push(['renovations', 'renovations', { communityId, status: 'submitted' }]);
  if (holdsAny(grants, ['manager', 'admin'], communityId)) queries.push(['unreached', 'alerts', unreachedWhere(communityId)]);
  if (desk) queries.push(['overdueKeys', 'keyLoans', overdueKeysWhere(communityId, now)]);
  // The site's registers (seed 001 三(一)2–3, 002 §2 ¶6, ¶14, §8 ¶1): what waits for an approval, a return, a renewal, a fire check.
  const approver = holdsAny(grants, ['manager'], communityId) ? 'manager' : holdsAny(grants, ['admin'], communityId) ? 'admin' : undefined;
  if (approver) queries.push(['loanApprovals', 'fileLoans', loansAwaitingWhere(communityId, approver)]);
  if (holdsAny(grants, ['manager', 'admin', 'infokeeper'], communityId)) queries.push(['overdueLoans', 'fileLoans', overdueLoansWhere(communityId, now)]);
  if (holdsAny(grants, ['manager', 'admin'], communityId)) queries.push(['contracts', 'contracts', contractsDueWhere(communityId, now)]);
  if (desk) queries.push(['fireChecks', 'shops', fireChecksDueWhere(communityId, now)]);
  // Seed 000 (九), (四): the people one is responsible for, due today; the manager sees every missed contact; visits to book.
  const carer = holdsAny(grants, ['cs', 'manager'], communityId);
  if (carer) queries.push(['careToday', 'carePeople', careWhere(communityId, 'today', now, openid)]);
  if (holdsAny(grants, ['manager'], communityId)) queries.push(['careOverdue', 'carePeople', careWhere(communityId, 'overdue', now)]);
  if (carer) queries.push(['visitsToBook', 'visits', { communityId, visitorOpenid: openid, status: _.in(['planned', 'countered']) }]);
  const counts: WorkloadCount[] = [];
  for (const [key, collection, where] of queries) {
    counts.push({ key, label: LABELS[key], count: await count(collection, where), ...(key === 'escalated' ? { escalationLevel: level } : {}) });
  }
  // Seed 001 五: rounds not walked show to the manager until the look-back passes them.
  if (holdsAny(grants, ['manager'], communityId)) counts.push({ key: 'missedRounds', label: LABELS.missedRounds, count: (await missedRounds(communityId, now)).length });
  return { counts, tickets: queries.filter(([, collection]) => collection === 'tickets').map(([, , where]) => where) };
}

export const getWorkload: Route<'staff.workload'> = {
  access: staffAnywhere(ALL_STAFF),
  input: z.strictObject({}),
  async handle(_input, { caller, now }): Promise<Workload> {
    const grants = await caller.grants();
    const _ = command();
    const communities: Workload['communities'] = [];
    let total = 0;
    for (const communityId of await communitiesOf(grants)) {
      const { counts, tickets } = await countsIn(communityId, caller.openid, grants, now);
      // A ticket both overdue and waiting to be accepted is one item waiting, not two.
      const distinctTickets = tickets.length ? await count('tickets', tickets.length === 1 ? tickets[0] : (_.or(tickets) as unknown as Where)) : 0;
      const others = counts.filter((item) => !['toAccept', 'mine', 'overdue', 'escalated'].includes(item.key)).reduce((sum, item) => sum + item.count, 0);
      communities.push({ communityId, counts, waiting: distinctTickets + others });
      total += distinctTickets + others;
    }
    return { communities, total };
  },
};
