/** Owner visits (业主上门拜访, seed 000 (四)): a monthly plan, a time booked with the owner, the interview record. */
import type { VisitAction } from './actions';

/**
 * planned: in the month's plan; proposed: a time offered to the owner; countered: the owner asked
 * for another time; booked: a time both agreed; done: the interview is recorded.
 */
export type VisitStatus = 'planned' | 'proposed' | 'countered' | 'booked' | 'done';

export interface VisitRequest {
  text: string;
  /** The ticket this request became, once. */
  ticketId?: string;
  ticketNumber?: string;
}

/** 访谈记录表: what was talked about, the owner's opinions, and requests (each may become a ticket). */
export interface VisitInterview {
  intervieweeName: string;
  intervieweePhone: string;
  topics: string;
  opinions: string;
  requests: VisitRequest[];
  recordedAt: string;
  recordedByName: string;
}

export interface Visit {
  id: string;
  communityId: string;
  month: string;
  unitId: string;
  unitLabel: string;
  visitorOpenid: string;
  visitorName: string;
  status: VisitStatus;
  /** The time on the table: offered by staff, or the owner's counter-proposal. */
  proposedAt?: string;
  proposedBy?: 'staff' | 'owner';
  bookedAt?: string;
  interview?: VisitInterview;
  version: number;
  allowed: VisitAction[];
}

export interface VisitInterviewInput {
  id: string;
  version: number;
  intervieweeName: string;
  intervieweePhone: string;
  topics: string;
  opinions: string;
  requests: string[];
}
