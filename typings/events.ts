/**
 * Community activities (社区文化活动, seed 000 (八), 002 §6), owner meetings (业主恳谈会) and the
 * annual customer-opinion survey (顾客意见调查).
 */
import type { Page } from './domain';
import type { TicketStatus } from './tickets';

/** Seed 000 (八)1–2: the themes an activity may have. */
export type ActivityTheme = 'fire' | 'food' | 'waste' | 'building' | 'environment' | 'law' | 'culture' | 'volunteer';
/** planned (the plan, not yet announced) → published (notice out, sign-up open) → held (record and summary in). */
export type ActivityStatus = 'planned' | 'published' | 'held';
export type ActivityAction = 'edit' | 'publish' | 'report' | 'signUp' | 'cancel';
export type SignupStatus = 'confirmed' | 'waiting' | 'cancelled';

/** A period's target: met, missed (over and not met), or still open. */
export type TargetState = 'met' | 'missed' | 'open';
export interface PeriodTarget {
  /** 2026 第4季度 / 2026 下半年 */
  label: string;
  count: number;
  state: TargetState;
}

export interface ActivityFields {
  title: string;
  theme: ActivityTheme;
  /** ISO instant with offset. */
  startsAt: string;
  place: string;
  budgetFen: number;
  capacity: number;
  description: string;
}

export interface ActivityReport {
  attendance: number;
  photos: string[];
  /** 过程记录 */
  record: string;
  /** 总结 */
  summary: string;
  /** 评估: 1–5 */
  rating: number;
  /** 经验与改进 */
  lessons: string;
}

export interface Activity extends ActivityFields {
  id: string;
  communityId: string;
  status: ActivityStatus;
  confirmed: number;
  waiting: number;
  publishedAt?: string;
  report?: ActivityReport & { photoUrls: string[]; byName: string; at: string };
  /** The caller's own sign-up, for an owner. */
  mine?: { status: SignupStatus; position?: number };
  version: number;
  allowed: ActivityAction[];
}

export interface ActivityRegister extends Page<Activity> {
  /** Seed 002 §6: at least one activity held each quarter of this year. */
  quarters: PeriodTarget[];
}

export interface Signup {
  id: string;
  name: string;
  unitLabel: string;
  status: SignupStatus;
  at: string;
}

export type MeetingStatus = 'scheduled' | 'held';
export type MeetingAction = 'edit' | 'minutes' | 'suggest';

export interface MeetingFields {
  title: string;
  startsAt: string;
  place: string;
  agenda: string;
}

export interface MeetingSuggestion {
  ticketId: string;
  number: string;
  summary: string;
  unitLabel: string;
  status: TicketStatus;
  /** Answered once its ticket is resolved or closed; until then it stays open on the meeting. */
  answered: boolean;
}

export interface Meeting extends MeetingFields {
  id: string;
  communityId: string;
  status: MeetingStatus;
  minutes?: { attendance: number; text: string; byName: string; at: string };
  suggestions: MeetingSuggestion[];
  openSuggestions: number;
  version: number;
  allowed: MeetingAction[];
}

export interface MeetingRegister extends Page<Meeting> {
  /** Seed 002 §6: at least one meeting held each half-year. */
  halves: PeriodTarget[];
}

/** What an owner sees of a meeting: the invitation. */
export interface MeetingInvite {
  id: string;
  communityId: string;
  title: string;
  startsAt: string;
  place: string;
  agenda: string;
}

export type QuestionKind = 'single' | 'multiple' | 'rating' | 'text';

export interface Question {
  id: string;
  kind: QuestionKind;
  title: string;
  /** Choices for single and multiple; empty otherwise. */
  options: string[];
  required: boolean;
}

export type SurveyStatus = 'draft' | 'open' | 'closed';
export type SurveyAction = 'edit' | 'send' | 'close' | 'answer' | 'act';

export interface SurveyFields {
  title: string;
  intro: string;
  questions: Question[];
}

export interface Survey extends SurveyFields {
  id: string;
  communityId: string;
  status: SurveyStatus;
  sentAt?: string;
  answers: number;
  /** For an owner: they have answered it. */
  answered?: boolean;
  version: number;
  allowed: SurveyAction[];
}

export interface AnswerInput {
  questionId: string;
  choices?: number[];
  rating?: number;
  text?: string;
}

export interface QuestionResult {
  questionId: string;
  kind: QuestionKind;
  title: string;
  /** Counts per option (single, multiple) or per rating 1–5. */
  labels: string[];
  counts: number[];
  /** Rating questions: the mean, one decimal; 0 without answers. */
  average: number;
  answered: number;
}

export interface BuildingResult {
  building: string;
  answers: number;
  /** Mean of every rating given in the building, one decimal. */
  averageRating: number;
}

export interface SurveyFinding {
  finding: string;
  action: string;
  byName: string;
  at: string;
}

/** Totals only: no answer carries who gave it. */
export interface SurveyResults {
  survey: Survey;
  questions: QuestionResult[];
  buildings: BuildingResult[];
  findings: SurveyFinding[];
}

export interface FreeTextAnswer {
  questionTitle: string;
  text: string;
}
