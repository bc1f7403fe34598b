import { z } from 'zod';
import type { Board, FigureKey } from '../../../../typings/board';
import type { TicketSummary } from '../../../../typings/tickets';
import { MAINTAINERS, inCommunity } from '../access';
import { unreachedWhere } from '../alerts/alerts';
import { command, count, findAll } from '../db';
import { AppError } from '../errors';
import type { Route } from '../router';
import { toSummary, type TicketDocument } from '../tickets/model';
import { calendarDate, id } from '../validation';
import { ALL_COMMUNITIES } from '../caller';
import { communityNames, type CommunityDocument } from '../communities/communities';
import { BOARD_FIELDS, FIGURE_KEYS, computeBoard, periodOf, ticketsBehind, type Period } from './kpi';

/** A board covers at most a year: the trend of longer spans is the monthly reports'. */
const MAX_DAYS = 366;
/** A drill-down lists at most this many tickets, oldest first. */
const MAX_LISTED = 200;

/** A community, or `*`: the whole company, for the deployment's admins (the access check allows `*` to them only). */
const scope = z.union([id, z.literal(ALL_COMMUNITIES)]);

const periodInput = {
  communityId: scope,
  from: calendarDate,
  to: calendarDate,
};

function checkedPeriod(from: string, to: string, now: Date): Period {
  if (from > to) throw new AppError('VALIDATION', '结束日期不能早于开始日期');
  const period = periodOf(from, to, now);
  if ((period.end.getTime() - period.start.getTime()) / 86_400_000 > MAX_DAYS) throw new AppError('VALIDATION', `统计区间最长 ${MAX_DAYS} 天`);
  if (period.start > now) throw new AppError('VALIDATION', '统计区间还没有开始');
  return period;
}

/** The tickets received in the period: every figure is computed from them alone (`fields`: only those read). */
function receivedIn(communityId: string, period: Period, fields?: readonly string[]): Promise<TicketDocument[]> {
  const _ = command();
  const received = { createdAt: _.and([_.gte(period.start), _.lt(period.end)]) };
  return findAll<TicketDocument>('tickets', communityId === ALL_COMMUNITIES ? received : { communityId, ...received }, undefined, fields);
}

/** Community names, for the breakdown by community: every one for the company-wide board, else the one (kept by the instance a minute). */
async function namesFor(communityId: string, now: Date): Promise<ReadonlyMap<string, string>> {
  if (communityId !== ALL_COMMUNITIES) return communityNames([communityId], now);
  return new Map((await findAll<CommunityDocument>('communities', {})).map((community) => [community._id, community.name]));
}

/** A period's board, with the tickets it was computed from (the export lists them). */
export async function boardFor(
  communityId: string,
  from: string,
  to: string,
  now: Date,
  fields?: typeof BOARD_FIELDS,
): Promise<{ board: Board; tickets: TicketDocument[]; period: Period }> {
  const period = checkedPeriod(from, to, now);
  const _ = command();
  // Independent reads, asked for together.
  const [unreached, tickets, names] = await Promise.all([
    count('alerts', { ...unreachedWhere(communityId), at: _.and([_.gte(period.start), _.lt(period.end)]) }),
    receivedIn(communityId, period, fields),
    namesFor(communityId, now),
  ]);
  return { board: computeBoard(communityId, from, to, tickets, unreached, period, names), tickets, period };
}

export const getBoard: Route<'board.get'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject(periodInput),
  async handle({ communityId, from, to }, { now }): Promise<Board> {
    // The figures alone: only the fields they are computed from are read.
    return (await boardFor(communityId, from, to, now, BOARD_FIELDS)).board;
  },
};

/** The tickets behind a figure, by the same rule that counted them. */
export const boardTickets: Route<'board.tickets'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ ...periodInput, figure: z.enum(FIGURE_KEYS as [FigureKey, ...FigureKey[]]), part: z.enum(['counted', 'met', 'missed']) }),
  async handle({ communityId, from, to, figure, part }, { now, caller }): Promise<{ items: TicketSummary[]; total: number }> {
    const period = checkedPeriod(from, to, now);
    const behind = ticketsBehind(await receivedIn(communityId, period), figure, part, period);
    behind.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime() || a._id.localeCompare(b._id));
    const viewer = await caller.viewer();
    return { items: behind.slice(0, MAX_LISTED).map((ticket) => toSummary(ticket, now, viewer)), total: behind.length };
  },
};
