import type { Deadlines, TicketDocument } from './model';

/**
 * What the management board's figures read of a ticket (quality/kpi.ts), and nothing else. A month
 * of a large community is some 800 tickets, and moving them whole is most of the board's time, so
 * each ticket keeps these facts in one compact field (`boardFacts`), written with every change to
 * it as `dueAt` is. The rules themselves stay in kpi.ts: the facts are their inputs, not results.
 */
export interface BoardTicket
  extends Pick<
    TicketDocument,
    | '_id'
    | 'communityId'
    | 'kind'
    | 'category'
    | 'urgency'
    | 'channel'
    | 'grade'
    | 'flags'
    | 'createdAt'
    | 'acceptedAt'
    | 'feedbackAt'
    | 'majorNoticeAt'
    | 'resolvedAt'
    | 'closedAt'
    | 'escalationLevel'
    | 'reworkCount'
  > {
  deadlines: Pick<Deadlines, 'feedbackDue' | 'majorNoticeDue' | 'responseDue' | 'completionDue'>;
  rating?: { score: number };
  returnVisit?: Pick<NonNullable<TicketDocument['returnVisit']>, 'at' | 'satisfaction'>;
  checkIn?: Pick<NonNullable<TicketDocument['checkIn']>, 'at' | 'punctuality'>;
  validity?: Pick<NonNullable<TicketDocument['validity']>, 'valid' | 'at'>;
  /** The building it came from (`1栋` of `1栋1单元101`), or 公共区域. */
  building: string;
}

/** The ticket fields a ticket's facts are made from: what a board reads of a ticket that has none. */
export const BOARD_FIELDS = [
  'communityId',
  'kind',
  'category',
  'urgency',
  'channel',
  'grade',
  'flags',
  'unitId',
  'locationLabel',
  'deadlines',
  'createdAt',
  'acceptedAt',
  'feedbackAt',
  'majorNoticeAt',
  'resolvedAt',
  'closedAt',
  'escalationLevel',
  'reworkCount',
  'rating',
  'returnVisit',
  'checkIn',
  'validity',
] as const satisfies readonly (keyof TicketDocument)[];

/** Milliseconds after the ticket was received (null when not yet): shorter than the instant itself. */
type After = number | null;

/**
 * The facts by position (names repeated on 800 tickets would be most of it): the format, the
 * ticket's codes and counts, when it was received (ms), then its other instants. Stored as their
 * JSON text: the SDK hands a string back as it is, where it would rebuild every number and date
 * of an array or object on the way (most of a board's time).
 */
type Facts = [
  format: 1,
  kind: string,
  category: string,
  urgency: string,
  channel: string,
  grade: string,
  building: string,
  group: 0 | 1,
  repeat: 0 | 1,
  escalationLevel: number,
  reworkCount: number,
  ratingScore: number | null,
  satisfaction: string,
  punctuality: string,
  valid: 0 | 1 | null,
  createdAt: number,
  acceptedAt: After,
  feedbackAt: After,
  majorNoticeAt: After,
  resolvedAt: After,
  closedAt: After,
  returnVisitAt: After,
  checkInAt: After,
  validityAt: After,
  feedbackDue: After,
  majorNoticeDue: After,
  responseDue: After,
  completionDue: After,
];

const FORMAT = 1;
const LENGTH = 28;

export const buildingOf = (ticket: Pick<TicketDocument, 'unitId' | 'locationLabel'>): string =>
  ticket.unitId ? (/^(.+?栋)/.exec(ticket.locationLabel)?.[1] ?? ticket.locationLabel) : '公共区域';

/** A whole ticket (or its BOARD_FIELDS) as the figures read it. */
export function boardTicketOf(ticket: Pick<TicketDocument, '_id' | (typeof BOARD_FIELDS)[number]>): BoardTicket {
  const { deadlines: d, rating, returnVisit, checkIn, validity } = ticket;
  return {
    _id: ticket._id,
    communityId: ticket.communityId,
    kind: ticket.kind,
    category: ticket.category,
    urgency: ticket.urgency,
    channel: ticket.channel,
    grade: ticket.grade,
    flags: { group: ticket.flags.group, repeat: ticket.flags.repeat },
    deadlines: { feedbackDue: d.feedbackDue, majorNoticeDue: d.majorNoticeDue, responseDue: d.responseDue, completionDue: d.completionDue },
    createdAt: ticket.createdAt,
    acceptedAt: ticket.acceptedAt,
    feedbackAt: ticket.feedbackAt,
    majorNoticeAt: ticket.majorNoticeAt,
    resolvedAt: ticket.resolvedAt,
    closedAt: ticket.closedAt,
    escalationLevel: ticket.escalationLevel,
    reworkCount: ticket.reworkCount,
    rating: rating && { score: rating.score },
    returnVisit: returnVisit && { at: returnVisit.at, satisfaction: returnVisit.satisfaction },
    checkIn: checkIn && { at: checkIn.at, punctuality: checkIn.punctuality },
    validity: validity && { valid: validity.valid, at: validity.at },
    building: buildingOf(ticket),
  };
}

export type BoardFacts = string;

/** The facts to keep on a ticket as it now is. */
export function boardFactsOf(ticket: TicketDocument): BoardFacts {
  return JSON.stringify(factsOf(ticket));
}

function factsOf(ticket: TicketDocument): Facts {
  const t = boardTicketOf(ticket);
  const d = t.deadlines;
  const received = new Date(t.createdAt).getTime();
  const after = (value: Date | undefined): After => (value ? new Date(value).getTime() - received : null);
  return [
    FORMAT,
    t.kind,
    t.category,
    t.urgency ?? '',
    t.channel,
    t.grade ?? '',
    t.building,
    t.flags.group ? 1 : 0,
    t.flags.repeat ? 1 : 0,
    t.escalationLevel,
    t.reworkCount,
    t.rating ? t.rating.score : null,
    t.returnVisit?.satisfaction ?? '',
    t.checkIn?.punctuality ?? '',
    t.validity ? (t.validity.valid ? 1 : 0) : null,
    received,
    after(t.acceptedAt),
    after(t.feedbackAt),
    after(t.majorNoticeAt),
    after(t.resolvedAt),
    after(t.closedAt),
    after(t.returnVisit?.at),
    after(t.checkIn?.at),
    after(t.validity?.at),
    after(d.feedbackDue),
    after(d.majorNoticeDue),
    after(d.responseDue),
    after(d.completionDue),
  ];
}

function parsed(text: unknown): unknown {
  if (typeof text !== 'string') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The ticket as the figures read it, from its kept facts; undefined for facts of another form (read the ticket instead). */
export function fromBoardFacts(doc: { _id: string; boardFacts?: unknown }, communityId: string): BoardTicket | undefined {
  const f = parsed(doc.boardFacts);
  if (!Array.isArray(f) || f.length !== LENGTH || f[0] !== FORMAT || typeof f[15] !== 'number') return undefined;
  const [, kind, category, urgency, channel, grade, building, group, repeat, escalationLevel, reworkCount, score, satisfaction, punctuality, valid] = f as Facts;
  const [received, acceptedAt, feedbackAt, majorNoticeAt, resolvedAt, closedAt, visitAt, checkInAt, validityAt, feedbackDue, majorNoticeDue, responseDue, completionDue] = f.slice(15);
  const date = (value: unknown): Date | undefined => (typeof value === 'number' ? new Date((received as number) + value) : undefined);
  return {
    _id: doc._id,
    communityId,
    kind: kind as BoardTicket['kind'],
    category,
    urgency: (urgency || undefined) as BoardTicket['urgency'],
    channel: channel as BoardTicket['channel'],
    grade: (grade || undefined) as BoardTicket['grade'],
    flags: { group: group === 1, repeat: repeat === 1 },
    deadlines: { feedbackDue: date(feedbackDue), majorNoticeDue: date(majorNoticeDue), responseDue: date(responseDue), completionDue: date(completionDue) },
    createdAt: new Date(received as number),
    acceptedAt: date(acceptedAt),
    feedbackAt: date(feedbackAt),
    majorNoticeAt: date(majorNoticeAt),
    resolvedAt: date(resolvedAt),
    closedAt: date(closedAt),
    escalationLevel,
    reworkCount,
    rating: score === null ? undefined : { score },
    returnVisit: satisfaction ? { at: date(visitAt)!, satisfaction: satisfaction as NonNullable<BoardTicket['returnVisit']>['satisfaction'] } : undefined,
    checkIn: punctuality ? { at: date(checkInAt)!, punctuality: punctuality as NonNullable<BoardTicket['checkIn']>['punctuality'] } : undefined,
    validity: valid === null ? undefined : { valid: valid === 1, at: date(validityAt)! },
    building,
  };
}
