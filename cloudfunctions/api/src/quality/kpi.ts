import type { Board, Breakdown, Figure, FigureKey, FigurePart } from '../../../../typings/board';
import type { BoardTicket } from '../tickets/boardFacts';
import { chineseOrder } from '../chineseOrder';
import { CHANNEL_LABELS, TICKET_KIND_LABELS } from '../../../../miniprogram/shared/labels';

/**
 * The management board's figures (seed 002 §3, §4; 000 (一)4, (二)4; 001 四), computed from the
 * recorded tickets only, exactly as docs/kpi.md defines them. Every figure is a rule that decides,
 * for one ticket, whether it is counted and whether it met the target; the board counts with the
 * rule and the drill-down lists with the same rule, so a figure and its tickets always agree.
 */

const DAY_MS = 86_400_000;

/** How long after a period's end what happens still counts for it; from then on its figures never change. */
export const SETTLING_DAYS = 30;

/** A period in China dates, inclusive, and the instant its figures are evaluated at. */
export interface Period {
  start: Date;
  /** Exclusive: 00:00 China time of the day after `to`. */
  end: Date;
  /** min(now, end + SETTLING_DAYS): events after it do not count, deadlines after it are not yet due. */
  evaluatedAt: Date;
}

export function periodOf(from: string, to: string, now: Date): Period {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + DAY_MS);
  const settled = new Date(end.getTime() + SETTLING_DAYS * DAY_MS);
  return { start, end, evaluatedAt: now < settled ? now : settled };
}

// A date read from the database is a Date already; a copy per comparison was most of a board's rule time.
const at = (value: Date | undefined): number | undefined => (value instanceof Date ? value.getTime() : value ? new Date(value).getTime() : undefined);
/** The event happened, and by the evaluation instant. */
const by = (value: Date | undefined, period: Period): boolean => at(value) !== undefined && at(value)! <= period.evaluatedAt.getTime();
const onOrBefore = (value: Date | undefined, deadline: Date | undefined): boolean =>
  at(value) !== undefined && at(deadline) !== undefined && at(value)! <= at(deadline)!;
/** A ticket as the rules read it: its kept facts, or the whole ticket (the drill-down and the exports list them). */
type RuleTicket = Omit<BoardTicket, 'building' | '_id'>;

/** Judged invalid (不属实, 重复) by the evaluation instant. */
const invalid = (ticket: RuleTicket, period: Period): boolean => ticket.validity?.valid === false && by(ticket.validity.at, period);

interface Rule {
  label: string;
  targetText: string;
  source: string;
  /** Whether `met / counted` meets the target. */
  onTarget(percent: number): boolean;
  counted(ticket: RuleTicket, period: Period): boolean;
  met(ticket: RuleTicket, period: Period): boolean;
}

const complaint = (ticket: RuleTicket): boolean => ticket.kind === 'complaint';
const hundred = (percent: number): boolean => percent >= 100;

/** A repair of one urgency, counted once its completion deadline passed or it was resolved. */
const repairTimeliness = (urgency: 'urgent' | 'routine', label: string): Rule => ({
  label,
  targetText: '100%',
  source: '002 §5',
  onTarget: hundred,
  counted: (ticket, period) =>
    ticket.kind === 'repair' && ticket.urgency === urgency && (by(ticket.resolvedAt, period) || at(ticket.deadlines.completionDue)! <= period.evaluatedAt.getTime()),
  met: (ticket, period) =>
    by(ticket.acceptedAt, period) &&
    by(ticket.resolvedAt, period) &&
    onOrBefore(ticket.acceptedAt, ticket.deadlines.responseDue) &&
    onOrBefore(ticket.resolvedAt, ticket.deadlines.completionDue),
});

export const RULES: Record<FigureKey, Rule> = {
  complaintFeedback: {
    label: '投诉 2 个工作日内反馈',
    targetText: '100%',
    source: '002 §3 ¶7',
    onTarget: hundred,
    // Every complaint, valid or not, once its feedback deadline passed or it was answered.
    counted: (ticket, period) =>
      complaint(ticket) && ticket.deadlines.feedbackDue !== undefined && (by(ticket.feedbackAt, period) || at(ticket.deadlines.feedbackDue)! <= period.evaluatedAt.getTime()),
    met: (ticket, period) => by(ticket.feedbackAt, period) && onOrBefore(ticket.feedbackAt, ticket.deadlines.feedbackDue),
  },
  validHandled: {
    label: '有效投诉处理率',
    targetText: '100%',
    source: '002 §3 ¶9',
    onTarget: hundred,
    counted: (ticket, period) => complaint(ticket) && !invalid(ticket, period),
    met: (ticket, period) => by(ticket.resolvedAt, period) || by(ticket.closedAt, period),
  },
  validVisited: {
    label: '有效投诉回访率',
    targetText: '100%',
    source: '002 §3 ¶10',
    onTarget: hundred,
    counted: (ticket, period) => complaint(ticket) && !invalid(ticket, period) && (by(ticket.resolvedAt, period) || by(ticket.closedAt, period)),
    met: (ticket, period) => by(ticket.returnVisit?.at, period),
  },
  urgentTimely: repairTimeliness('urgent', '急修及时率'),
  routineTimely: repairTimeliness('routine', '零修及时率'),
  rework: {
    label: '返修率',
    targetText: '≤ 1%',
    source: '002 §5',
    onTarget: (percent) => percent <= 1,
    // Repairs done at least once; `met` here is the repairs reopened (the figure to keep low).
    counted: (ticket, period) => ticket.kind === 'repair' && (by(ticket.resolvedAt, period) || ticket.reworkCount > 0),
    met: (ticket) => ticket.reworkCount > 0,
  },
  satisfaction: {
    label: '回访满意率',
    targetText: '≥ 95%',
    source: '002 §3',
    onTarget: (percent) => percent >= 95,
    counted: (ticket, period) => by(ticket.returnVisit?.at, period),
    met: (ticket) => ticket.returnVisit?.satisfaction === 'satisfied' || ticket.returnVisit?.satisfaction === 'basic',
  },
  majorReported: {
    label: '重大投诉 1 个工作日内通报',
    targetText: '100%',
    source: '002 §4',
    onTarget: hundred,
    counted: (ticket, period) =>
      complaint(ticket) &&
      ticket.grade === 'major' &&
      ticket.deadlines.majorNoticeDue !== undefined &&
      (by(ticket.majorNoticeAt, period) || at(ticket.deadlines.majorNoticeDue)! <= period.evaluatedAt.getTime()),
    met: (ticket, period) => by(ticket.majorNoticeAt, period) && onOrBefore(ticket.majorNoticeAt, ticket.deadlines.majorNoticeDue),
  },
  punctuality: {
    label: '上门准时率',
    targetText: '100%',
    source: '001 四 维修 5',
    onTarget: hundred,
    counted: (ticket, period) => by(ticket.checkIn?.at, period),
    met: (ticket) => ticket.checkIn?.punctuality === 'on-time',
  },
};

export const FIGURE_KEYS = Object.keys(RULES) as FigureKey[];

/** The tickets behind one figure: counted, met, or counted and missed. */
export function ticketsBehind<T extends RuleTicket>(tickets: T[], key: FigureKey, part: FigurePart, period: Period): T[] {
  const rule = RULES[key];
  return tickets.filter((ticket) => {
    if (!rule.counted(ticket, period)) return false;
    if (part === 'counted') return true;
    return rule.met(ticket, period) === (part === 'met');
  });
}

function figureOf(tickets: BoardTicket[], key: FigureKey, period: Period): Figure {
  const rule = RULES[key];
  const counted = ticketsBehind(tickets, key, 'counted', period).length;
  const met = ticketsBehind(tickets, key, 'met', period).length;
  // One decimal, rounded half up, from integers: 1/3 is 33.3.
  const percent = counted ? Math.round((met * 1000) / counted) / 10 : null;
  return { key, label: rule.label, targetText: rule.targetText, source: rule.source, met, counted, percent, onTarget: percent === null ? null : rule.onTarget(percent) };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: number[], q: number): number | null {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
}

function countBy(tickets: BoardTicket[], label: (ticket: BoardTicket) => string): Breakdown[] {
  const counts = new Map<string, number>();
  for (const ticket of tickets) {
    const name = label(ticket);
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, count]) => ({ label: name, count })).sort((a, b) => b.count - a.count || chineseOrder(a.label, b.label));
}

/** The whole board for the tickets received in `period` (and the unreached alerts raised in it). */
export function computeBoard(
  communityId: string,
  from: string,
  to: string,
  tickets: BoardTicket[],
  unreachedAlerts: number,
  period: Period,
  communityNames: ReadonlyMap<string, string> = new Map(),
): Board {
  const responses = tickets
    .filter((ticket) => by(ticket.acceptedAt, period))
    .map((ticket) => Math.round((at(ticket.acceptedAt)! - at(ticket.createdAt)!) / 60_000))
    .sort((a, b) => a - b);
  const visits = tickets.filter((ticket) => by(ticket.returnVisit?.at, period));
  const ratings = tickets.filter((ticket) => ticket.rating).map((ticket) => ticket.rating!.score);
  const checkIns = tickets.filter((ticket) => by(ticket.checkIn?.at, period));
  const complaints = tickets.filter(complaint);
  const recurring = countBy(
    tickets.filter((ticket) => ticket.kind === 'complaint' || ticket.kind === 'repair'),
    (ticket) => ticket.category,
  )
    .filter((item) => item.count >= 2)
    .map((item) => ({
      category: item.label,
      count: item.count,
      buildings: countBy(
        tickets.filter((ticket) => ticket.category === item.label),
        (ticket) => ticket.building,
      ).map((building) => building.label),
    }));
  return {
    communityId,
    from,
    to,
    figures: FIGURE_KEYS.map((key) => figureOf(tickets, key, period)),
    firstResponse: { median: percentile(responses, 0.5), p90: percentile(responses, 0.9), count: responses.length },
    satisfaction: {
      satisfied: visits.filter((ticket) => ticket.returnVisit!.satisfaction === 'satisfied').length,
      basic: visits.filter((ticket) => ticket.returnVisit!.satisfaction === 'basic').length,
      unsatisfied: visits.filter((ticket) => ticket.returnVisit!.satisfaction === 'unsatisfied').length,
      // Tenths, from integers.
      averageRating: ratings.length ? Math.round((ratings.reduce((sum, score) => sum + score, 0) * 10) / ratings.length) / 10 : null,
      rated: ratings.length,
    },
    escalations: {
      toManager: complaints.filter((ticket) => ticket.escalationLevel >= 1).length,
      toHead: complaints.filter((ticket) => ticket.escalationLevel >= 2).length,
    },
    punctuality: {
      onTime: checkIns.filter((ticket) => ticket.checkIn!.punctuality === 'on-time').length,
      early: checkIns.filter((ticket) => ticket.checkIn!.punctuality === 'early').length,
      late: checkIns.filter((ticket) => ticket.checkIn!.punctuality === 'late').length,
    },
    unreachedAlerts,
    volumes: {
      byKind: countBy(tickets, (ticket) => TICKET_KIND_LABELS[ticket.kind]),
      byChannel: countBy(tickets, (ticket) => CHANNEL_LABELS[ticket.channel]),
      byCategory: countBy(tickets, (ticket) => ticket.category),
      byBuilding: countBy(tickets, (ticket) => ticket.building),
      byCommunity: countBy(tickets, (ticket) => communityNames.get(ticket.communityId) ?? '已删除的小区'),
    },
    complaints: {
      group: complaints.filter((ticket) => ticket.flags.group).length,
      repeat: complaints.filter((ticket) => ticket.flags.repeat).length,
      major: complaints.filter((ticket) => ticket.grade === 'major').length,
      invalid: complaints.filter((ticket) => invalid(ticket, period)).length,
    },
    recurring,
    received: tickets.length,
    computedAt: period.evaluatedAt.toISOString(),
  };
}
