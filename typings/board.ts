/** The management board (管理看板): the standards' targets beside measured figures. Types only. */

/** Each figure the board computes; docs/kpi.md defines every one exactly. */
export type FigureKey =
  | 'complaintFeedback'
  | 'validHandled'
  | 'validVisited'
  | 'urgentTimely'
  | 'routineTimely'
  | 'rework'
  | 'satisfaction'
  | 'majorReported'
  | 'punctuality';

/** Which tickets behind a figure a drill-down lists. */
export type FigurePart = 'counted' | 'met' | 'missed';

export interface Figure {
  key: FigureKey;
  label: string;
  /** The standard's target, as the board says it (≥ 95%, ≤ 1%, 100%). */
  targetText: string;
  /** met / counted, in percent with one decimal; null when nothing was counted. */
  percent: number | null;
  met: number;
  counted: number;
  /** The figure meets its target (null when nothing was counted). */
  onTarget: boolean | null;
  /** Which clause of the standards sets it. */
  source: string;
}

export interface Breakdown {
  label: string;
  count: number;
}

export interface Board {
  /** A community, or `*` for the whole company (deployment admins). */
  communityId: string;
  /** China dates, inclusive. */
  from: string;
  to: string;
  figures: Figure[];
  /** Minutes from receipt to acceptance, over the tickets accepted. */
  firstResponse: { median: number | null; p90: number | null; count: number };
  satisfaction: { satisfied: number; basic: number; unsatisfied: number; averageRating: number | null; rated: number };
  escalations: { toManager: number; toHead: number };
  punctuality: { onTime: number; early: number; late: number };
  unreachedAlerts: number;
  volumes: { byKind: Breakdown[]; byChannel: Breakdown[]; byCategory: Breakdown[]; byBuilding: Breakdown[]; byCommunity: Breakdown[] };
  complaints: { group: number; repeat: number; major: number; invalid: number };
  /** Categories that came up at least twice, with the buildings they came from. */
  recurring: { category: string; count: number; buildings: string[] }[];
  /** Tickets received in the period. */
  received: number;
  /** When the figures were computed: those whose deadline had not yet passed are left out until it has. */
  computedAt: string;
}

/** A month's report as generated on the first working day after it (a snapshot of the board then). */
export interface MonthlyReport {
  /** `2027-02`. */
  month: string;
  generatedAt: string;
  figures: Figure[];
  received: number;
  /** The manager's analysis of the month (定期统计分析), when written. */
  comment?: { text: string; byName: string; at: string };
}

/** One month of the board's trend: its report's figures, or this month's as computed now (`live`). */
export interface TrendMonth {
  month: string;
  /** Empty for a month with no report (before the product ran, or not yet generated). */
  figures: Figure[];
  live: boolean;
}
