import { z } from 'zod';
import type { Board, FigureKey } from '../../../../typings/board';
import type { TicketSummary } from '../../../../typings/tickets';
import { MAINTAINERS, inCommunity } from '../access';
import { unreachedWhere } from '../alerts/alerts';
import { command, count, find, findAll, findByIds, type Where } from '../db';
import { AppError } from '../errors';
import type { Route } from '../router';
import { toSummary, type TicketDocument } from '../tickets/model';
import { calendarDate, cursor, id } from '../validation';
import { decodeCursor, encodeCursor } from '../paging';
import type { Page } from '../../../../typings/domain';
import { ALL_COMMUNITIES } from '../caller';
import { communityNames, type CommunityDocument } from '../communities/communities';
import { FIGURE_KEYS, computeBoard, periodOf, ticketsBehind, type Period } from './kpi';
import { BOARD_FIELDS, boardTicketOf, fromBoardFacts, type BoardTicket } from '../tickets/boardFacts';

/** A board covers at most a year: the trend of longer spans is the monthly reports'. */
const MAX_DAYS = 366;

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

/** Where a ticket received in the period is: every figure is computed from those tickets alone. */
function receivedWhere(communityId: string, period: Period): Where {
  const _ = command();
  const received = { createdAt: _.and([_.gte(period.start), _.lt(period.end)]) };
  return communityId === ALL_COMMUNITIES ? received : { communityId, ...received };
}

/**
 * The tickets received in the period as the figures read them: from the facts each keeps, and
 * whole (their BOARD_FIELDS) for the few that keep none (last written before facts were kept).
 */
async function boardTicketsIn(communityId: string, period: Period): Promise<BoardTicket[]> {
  // The community is read only for the company-wide board: one community's tickets are all its own.
  const everyCommunity = communityId === ALL_COMMUNITIES;
  const fields = everyCommunity ? ['communityId', 'boardFacts'] : ['boardFacts'];
  const kept = await findAll<{ _id: string; communityId?: string; boardFacts?: unknown }>('tickets', receivedWhere(communityId, period), undefined, fields);
  const tickets: BoardTicket[] = [];
  const without: string[] = [];
  for (const doc of kept) {
    const ticket = fromBoardFacts(doc, doc.communityId ?? communityId);
    if (ticket) tickets.push(ticket);
    else without.push(doc._id);
  }
  if (without.length) tickets.push(...(await findByIds<TicketDocument>('tickets', without, BOARD_FIELDS)).map(boardTicketOf));
  return tickets;
}

/** Community names, for the breakdown by community: every one for the company-wide board, else the one (kept by the instance a minute). */
async function namesFor(communityId: string, now: Date): Promise<ReadonlyMap<string, string>> {
  if (communityId !== ALL_COMMUNITIES) return communityNames([communityId], now);
  return new Map((await findAll<CommunityDocument>('communities', {})).map((community) => [community._id, community.name]));
}

/** A period's board from the given tickets, with the unreached alerts raised in it (read beside them). */
async function boardFrom<T>(communityId: string, from: string, to: string, now: Date, read: (period: Period) => Promise<T[]>, asBoard: (ticket: T) => BoardTicket): Promise<{ board: Board; tickets: T[]; period: Period }> {
  const period = checkedPeriod(from, to, now);
  const _ = command();
  // Independent reads, asked for together.
  const [unreached, tickets, names] = await Promise.all([
    count('alerts', { ...unreachedWhere(communityId), at: _.and([_.gte(period.start), _.lt(period.end)]) }),
    read(period),
    namesFor(communityId, now),
  ]);
  return { board: computeBoard(communityId, from, to, tickets.map(asBoard), unreached, period, names), tickets, period };
}

/** A period's board, with the whole tickets it was computed from (the export and the monthly report list them). */
export function boardFor(communityId: string, from: string, to: string, now: Date): Promise<{ board: Board; tickets: TicketDocument[]; period: Period }> {
  return boardFrom(communityId, from, to, now, (period) => findAll<TicketDocument>('tickets', receivedWhere(communityId, period)), boardTicketOf);
}

/** A period's figures alone, from the facts the tickets keep. */
export async function figuresFor(communityId: string, from: string, to: string, now: Date): Promise<Board> {
  return (await boardFrom(communityId, from, to, now, (period) => boardTicketsIn(communityId, period), (ticket) => ticket)).board;
}

export const getBoard: Route<'board.get'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject(periodInput),
  handle: ({ communityId, from, to }, { now }): Promise<Board> => figuresFor(communityId, from, to, now),
};

/** A drill-down page lists this many tickets. */
const DRILL_PAGE = 30;

/** The tickets behind a figure, by the same rule that counted them, oldest first, a page at a time. */
export const boardTickets: Route<'board.tickets'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ ...periodInput, figure: z.enum(FIGURE_KEYS as [FigureKey, ...FigureKey[]]), part: z.enum(['counted', 'met', 'missed']), cursor }),
  async handle({ communityId, from, to, figure, part, cursor: after }, { now, caller }): Promise<Page<TicketSummary> & { total: number }> {
    const period = checkedPeriod(from, to, now);
    // The rule runs on what the board reads of each ticket; only the page's tickets are read whole.
    const behind = ticketsBehind(await boardTicketsIn(communityId, period), figure, part, period).sort(byReceipt);
    const start = after ? pageStart(behind, decodeCursor(after)) : 0;
    const shown = behind.slice(start, start + DRILL_PAGE);
    const [whole, viewer] = await Promise.all([
      shown.length ? find<TicketDocument>('tickets', { _id: command().in(shown.map((ticket) => ticket._id)) }, { limit: DRILL_PAGE }) : [],
      caller.viewer(),
    ]);
    const byId = new Map(whole.map((ticket) => [ticket._id, ticket]));
    const last = shown.at(-1);
    return {
      items: shown.flatMap((ticket) => (byId.has(ticket._id) ? [toSummary(byId.get(ticket._id)!, now, viewer)] : [])),
      total: behind.length,
      ...(last && start + DRILL_PAGE < behind.length ? { cursor: encodeCursor(last.createdAt, last._id) } : {}),
    };
  },
};

const byReceipt = (a: BoardTicket, b: BoardTicket): number => a.createdAt.getTime() - b.createdAt.getTime() || (a._id < b._id ? -1 : a._id > b._id ? 1 : 0);

/** The first ticket after the cursor's (received later, or at the same instant with a later id). */
function pageStart(tickets: readonly BoardTicket[], { value, id: after }: { value: number | null; id: string }): number {
  const at = value ?? -Infinity;
  const index = tickets.findIndex((ticket) => ticket.createdAt.getTime() > at || (ticket.createdAt.getTime() === at && ticket._id > after));
  return index === -1 ? tickets.length : index;
}
