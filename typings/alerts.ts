/** Alerts to staff, consent to subscribe messages, the company's group robots, and the workbench's counts. */

/** What a subscribe-message template is for; each is its own template id in the deployment. */
export type MessagePurpose = 'progress' | 'dispatch' | 'escalation' | 'major' | 'renovationReview' | 'bindingReview' | 'contractExpiry';

/** One template the caller may be asked to consent to, with the messages they have left. */
export interface ConsentTemplate {
  purpose: MessagePurpose;
  templateId: string;
  label: string;
  remaining: number;
}

export interface ConsentState {
  templates: ConsentTemplate[];
  /** The templates to ask for now (quota below the threshold), lowest first, at most 3 (one WeChat dialog). */
  ask: string[];
}

/** What an alert is about. */
/**
 * `contractExpiry60` / `contractExpiry30`: a contract ends in 60 / 30 days (seed 002 §2 ¶14).
 * `careAbnormal`: a contact with a person of the care ledger found something wrong (seed 000 (九)2).
 */
export type AlertKind = 'dispatch' | 'rework' | 'escalation' | 'major' | 'overdue' | 'renovationReview' | 'bindingReview' | 'contractExpiry60' | 'contractExpiry30' | 'careAbnormal';

export type RobotChannel = 'wecom' | 'dingtalk';

/** How one alert reached (or did not reach) one person or one group. */
export interface AlertDelivery {
  channel: 'subscribe' | RobotChannel;
  /** The staff member's name, or the group's channel label. */
  to: string;
  outcome: 'sent' | 'refused' | 'no-consent' | 'posted' | 'failed';
  /** WeChat's errcode of a refusal, or the robot's error. */
  detail?: string;
}

export interface Alert {
  id: string;
  communityId: string;
  kind: AlertKind;
  subject: { type: 'ticket' | 'renovation' | 'binding' | 'contract' | 'care'; id: string; number: string; title: string };
  at: string;
  deliveries: AlertDelivery[];
  /** Someone or a group got it. */
  reached: boolean;
  /** It had to reach someone (a dispatch, an escalation, a major complaint) and reached nobody: 未送达. */
  unreached: boolean;
  /** A manager followed an unreached alert up by other means. */
  acknowledged?: { name: string; note: string; at: string };
}

/** A community's group robots, as a manager sees them: the secret key is never shown again. */
export interface RobotSettings {
  wecom: { configured: boolean; hint: string };
  dingtalk: { configured: boolean; hint: string };
}

/** What waits for the caller in one community; each count opens the filtered list. */
export interface WorkloadCount {
  key: 'toAccept' | 'mine' | 'overdue' | 'escalated' | 'reviews' | 'renovations' | 'unreached' | 'overdueKeys' | 'missedRounds' | 'loanApprovals' | 'overdueLoans' | 'contracts' | 'fireChecks' | 'careToday' | 'careOverdue' | 'visitsToBook';
  label: string;
  count: number;
  /** For `escalated`: the level this user takes (1 the manager, 2 the head), the inbox's filter. */
  escalationLevel?: number;
}

export interface Workload {
  communities: { communityId: string; counts: WorkloadCount[]; waiting: number }[];
  /** Distinct items across the caller's communities: the 工作台 tab's badge. */
  total: number;
}
