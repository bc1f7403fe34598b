import { z } from 'zod';
import type { MonthlyReport, TrendMonth } from '../../../../typings/board';
import { MAINTAINERS, inCommunity } from '../access';
import { cloud } from '../cloud';
import { command, find, findAll, findById, insert, isDuplicateKey, update } from '../db';
import { assertSafeText } from '../contentCheck';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { notFound } from '../errors';
import { exportLink } from '../files';
import type { Route } from '../router';
import { loadCalendar } from '../time/schedules';
import { calendarMonth, id, text } from '../validation';
import { ALL_COMMUNITIES } from '../caller';
import { chinaDate } from '../../../../miniprogram/shared/time';
import { boardFor, figuresFor } from './board';
import { workbookOf } from './boardExport';
import type { Board } from '../../../../typings/board';
import type { TicketDocument } from '../tickets/model';
import type { CommunityDocument } from '../communities/communities';
import { periodOf } from './kpi';
import { reportPdf, type ReportComplaint } from './reportPdf';
import { reasonsOf } from './reviews';

/**
 * The monthly report (月报, seed 002 §4 ¶2): on the first working day of each month the timer
 * generates the previous month's board per community, keeps it and its workbook, and lists them
 * for managers. A report is a snapshot of the figures on the day it was made; the board itself
 * keeps counting late events for 30 days (docs/kpi.md).
 */

interface ReportDocument {
  /** community:YYYY-MM: one report per community and month. */
  _id: string;
  communityId: string;
  month: string;
  board: Board;
  fileID: string;
  /** The PDF, rendered again whenever the comment changes. */
  pdfFileID?: string;
  generatedAt: Date;
  comment?: { text: string; byName: string; at: Date };
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** The month before a China date's, with its first and last day. */
function previousMonth(today: string): { month: string; from: string; to: string } {
  const [year, month] = today.split('-').map(Number);
  const y = month === 1 ? year - 1 : year;
  const m = month === 1 ? 12 : month - 1;
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return { month: `${y}-${pad(m)}`, from: `${y}-${pad(m)}-01`, to: `${y}-${pad(m)}-${pad(last)}` };
}

/** Whether `today` is its month's first working day on the calendar (holidays and 调休 included). */
async function firstWorkingDay(today: string): Promise<boolean> {
  const calendar = await loadCalendar();
  if (!calendar.isWorkingDate(today)) return false;
  for (let day = 1; day < Number(today.slice(8, 10)); day += 1) {
    if (calendar.isWorkingDate(`${today.slice(0, 8)}${pad(day)}`)) return false;
  }
  return true;
}

const folderOf = (communityId: string): string => (communityId === ALL_COMMUNITIES ? 'company' : communityId);

/** The month's major, group and repeat complaints, each with the self-inspections that took it up. */
async function complaintsOf(communityId: string, tickets: TicketDocument[]): Promise<ReportComplaint[]> {
  const flagged = tickets
    .filter((ticket) => reasonsOf(ticket).length > 0)
    .sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime());
  if (flagged.length === 0) return [];
  const reviews = await findAll<{ _id: string; number: string; status: 'open' | 'done'; measures: string; deadline: string; outcome?: string; tickets: { id: string }[] }>('reviews', {
    ...(communityId === ALL_COMMUNITIES ? {} : { communityId }),
    'tickets.id': command().in(flagged.map((ticket) => ticket._id)),
  });
  return flagged.map((ticket) => ({
    number: ticket.number,
    receivedAt: ticket.createdAt,
    reasons: reasonsOf(ticket),
    category: ticket.category,
    locationLabel: ticket.locationLabel,
    status: ticket.status,
    reviews: reviews
      .filter((review) => review.tickets.some((reviewed) => reviewed.id === ticket._id))
      .map(({ number, status, measures, deadline, outcome }) => ({ number, status, measures, deadline, ...(outcome ? { outcome } : {}) })),
  }));
}

/** Renders a report's PDF (its figures as generated, the follow-up and comment as they stand) and stores it. */
async function storePdf(doc: Omit<ReportDocument, 'pdfFileID'>, tickets?: TicketDocument[]): Promise<string> {
  const months = [doc.month];
  for (let i = 1; i < TREND_MONTHS; i += 1) months.unshift(previousMonth(`${months[0]}-01`).month);
  const earlier = await find<ReportDocument>('reports', { communityId: doc.communityId, month: command().in(months.slice(0, -1)) }, { limit: TREND_MONTHS });
  const period = periodOf(doc.board.from, doc.board.to, new Date(doc.generatedAt));
  const _ = command();
  const monthTickets =
    tickets ??
    (await findAll<TicketDocument>('tickets', {
      ...(doc.communityId === ALL_COMMUNITIES ? {} : { communityId: doc.communityId }),
      kind: 'complaint',
      createdAt: _.and([_.gte(period.start), _.lt(period.end)]),
    }));
  const community = doc.communityId === ALL_COMMUNITIES ? undefined : await findById<CommunityDocument>('communities', doc.communityId);
  const pdf = await reportPdf({
    title: community?.name ?? '全公司',
    month: doc.month,
    board: doc.board,
    generatedAt: new Date(doc.generatedAt),
    trend: months.map((month) => ({ month, figures: month === doc.month ? doc.board.figures : (earlier.find((report) => report.month === month)?.board.figures ?? []) })),
    complaints: await complaintsOf(doc.communityId, monthTickets),
    ...(doc.comment ? { comment: { ...doc.comment, at: new Date(doc.comment.at) } } : {}),
  });
  const { fileID } = await cloud.uploadFile({ cloudPath: `reports/${folderOf(doc.communityId)}/monthly-${doc.month}.pdf`, fileContent: pdf });
  return fileID;
}

/** One community's report for one month, unless it exists; resolves whether it was made now. */
export async function generateReport(communityId: string, month: { month: string; from: string; to: string }, now: Date): Promise<boolean> {
  const reportId = `${communityId}:${month.month}`;
  if (await findById('reports', reportId)) return false;
  const { board, tickets, period } = await boardFor(communityId, month.from, month.to, now);
  const { fileID } = await cloud.uploadFile({ cloudPath: `reports/${folderOf(communityId)}/monthly-${month.month}.xlsx`, fileContent: await workbookOf(board, tickets, period) });
  const report = { _id: reportId, communityId, month: month.month, board, fileID, generatedAt: now };
  const pdfFileID = await storePdf(report, tickets);
  try {
    await insert('reports', { ...report, pdfFileID });
  } catch (error) {
    // An overlapping run made it first; its files are the same month's.
    if (isDuplicateKey(error)) return false;
    throw error;
  }
  return true;
}

/** Run by the timer: on the first working day of a month, last month's report for every community and the whole company. */
export async function generateMonthlyReports(now: Date): Promise<number> {
  const today = chinaDate(now);
  if (!(await firstWorkingDay(today))) return 0;
  const month = previousMonth(today);
  let made = 0;
  const communities = (await findAll<{ _id: string }>('communities', {})).map((community) => community._id);
  for (const communityId of [...communities, ALL_COMMUNITIES]) {
    if (await generateReport(communityId, month, now)) made += 1;
  }
  return made;
}

/** A community, or `*`: the whole company, for the deployment's admins (the access check allows `*` to them only). */
const scope = z.union([id, z.literal(ALL_COMMUNITIES)]);

const toReport = (doc: ReportDocument): MonthlyReport => ({
  month: doc.month,
  generatedAt: new Date(doc.generatedAt).toISOString(),
  figures: doc.board.figures,
  received: doc.board.received,
  ...(doc.comment ? { comment: { text: doc.comment.text, byName: doc.comment.byName, at: new Date(doc.comment.at).toISOString() } } : {}),
});

/** The manager writes what the month's figures mean and what follows (seed 002 §3 ¶9 定期统计分析). */
export const commentReport: Route<'report.comment'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: scope, month: calendarMonth, comment: text(0, LIMITS.report.comment[1]) }),
  async handle({ communityId, month, comment }, { caller, now }) {
    const reportId = `${communityId}:${month}`;
    const doc = await findById<ReportDocument>('reports', reportId);
    if (!doc) throw notFound('该月的月报尚未生成');
    if (comment) await assertSafeText(caller.openid, comment);
    const written = comment ? { text: comment, byName: (await caller.account())?.staffName || '管理员', at: now } : undefined;
    await update('reports', { _id: reportId }, { comment: written ?? command().remove() });
    // The PDF carries the comment: rendered again now (the workbook has the figures only).
    const { comment: _previous, ...rest } = doc;
    const pdfFileID = await storePdf({ ...rest, ...(written ? { comment: written } : {}) });
    if (pdfFileID !== doc.pdfFileID) await update('reports', { _id: reportId }, { pdfFileID });
    return toReport({ ...doc, comment: written });
  },
};

export const listReports: Route<'report.list'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: scope }),
  async handle({ communityId }) {
    const docs = await find<ReportDocument>('reports', { communityId }, { orderBy: [['month', 'desc']], limit: 24 });
    return docs.map(toReport);
  },
};

/** One month's stored report, as a workbook (the figures and the tickets behind them) or a PDF, behind a link valid 10 minutes. */
export const openReport: Route<'report.open'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: scope, month: calendarMonth, format: z.enum(['xlsx', 'pdf']) }),
  async handle({ communityId, month, format }) {
    const doc = await findById<ReportDocument>('reports', `${communityId}:${month}`);
    if (!doc) throw notFound('该月的月报尚未生成');
    let fileID = doc.fileID;
    if (format === 'pdf') {
      fileID = doc.pdfFileID ?? (await storePdf(doc));
      if (!doc.pdfFileID) await update('reports', { _id: doc._id }, { pdfFileID: fileID });
    }
    return { ...(await exportLink(fileID)), fileType: format };
  },
};

/** How many months the board's trend shows. */
const TREND_MONTHS = 12;

/**
 * The trend of the last 12 months: each month's figures as its report recorded them (the month is
 * closed), the current month as the board computes it now. Months before the first report have none.
 */
export const boardTrend: Route<'board.trend'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: scope }),
  async handle({ communityId }, { now }): Promise<TrendMonth[]> {
    const today = chinaDate(now);
    const months: string[] = [];
    let cursorMonth = today.slice(0, 7);
    for (let i = 0; i < TREND_MONTHS; i += 1) {
      months.unshift(cursorMonth);
      cursorMonth = previousMonth(`${cursorMonth}-01`).month;
    }
    const stored = await find<ReportDocument>('reports', { communityId, month: command().in(months) }, { limit: TREND_MONTHS });
    const current = await figuresFor(communityId, `${today.slice(0, 7)}-01`, today, now);
    return months.map((month) => {
      if (month === today.slice(0, 7)) return { month, figures: current.figures, live: true };
      const report = stored.find((doc) => doc.month === month);
      return { month, figures: report?.board.figures ?? [], live: false };
    });
  },
};
