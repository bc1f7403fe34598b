/** Self-inspection of major, group and repeat complaints (自查整改, seed 000 (二)4). Types only. */
import type { ReviewAction } from './actions';

export type ReviewStatus = 'open' | 'done';

export interface Review {
  id: string;
  communityId: string;
  /** `ZC20270222-0001`. */
  number: string;
  /** The complaints it reviews, with why each qualifies (重大, 群体, 反复). */
  tickets: { id: string; number: string; reasons: string[] }[];
  cause: string;
  responsibility: string;
  measures: string;
  /** China date the measures are due. */
  deadline: string;
  progress: string;
  status: ReviewStatus;
  /** Still open after its deadline. */
  overdue: boolean;
  openedByName: string;
  openedAt: string;
  completedByName?: string;
  completedAt?: string;
  outcome?: string;
  version: number;
  allowed: ReviewAction[];
}

/** A complaint a review can take up: major, group or repeat. */
export interface ReviewCandidate {
  id: string;
  number: string;
  category: string;
  locationLabel: string;
  receivedAt: string;
  reasons: string[];
}
