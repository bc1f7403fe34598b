import type { ApiResult } from '../../../typings/api';
import { now } from './clock';
import { cloud } from './cloud';
import { inputProblem } from './inputLimits';
import { startCall } from './transaction';
import { dispatch } from './router';
import { routes } from './routes';
import { escalateOverdueComplaints } from './tickets/escalation';
import { alertOverdueTickets } from './tickets/overdue';
import { generateMonthlyReports } from './quality/reports';
import { settleWaitingOrders } from './payments/orders';
import { remindExpiringContracts } from './records/contracts';

interface TimerEvent {
  Type: 'Timer';
  TriggerName: string;
}

/** A timer trigger has no WeChat user behind it; a user sending the same shape is just a bad request. */
function isTimer(event: unknown): event is TimerEvent {
  return (
    typeof event === 'object' && event !== null && (event as { Type?: unknown }).Type === 'Timer' && !cloud.getWXContext().OPENID
  );
}

/** Calls from the mini-program go through the route table; the timer trigger runs scheduled rules. */
/** What the cloud passes as main's second argument, as far as this function reads it. */
interface InvocationContext {
  getRemainingTimeInMillis?(): number;
}

export async function main(event: unknown, context?: InvocationContext): Promise<ApiResult<unknown>> {
  startCall(context?.getRemainingTimeInMillis?.());
  // Before identity, schemas or the database: over-deep or oversized data is refused unread.
  const problem = inputProblem(event);
  if (problem) return { ok: false, code: 'VALIDATION', message: problem };
  if (isTimer(event)) {
    try {
      const escalated = await escalateOverdueComplaints(now());
      const overdue = await alertOverdueTickets(now());
      const payments = await settleWaitingOrders(now());
      const contracts = await remindExpiringContracts(now());
      return { ok: true, data: { escalated, overdue, payments, contracts, reports: await generateMonthlyReports(now()) } };
    } catch (error) {
      console.error('scheduled run failed', error);
      return { ok: false, code: 'INTERNAL', message: 'scheduled run failed' };
    }
  }
  return dispatch(routes, event);
}
