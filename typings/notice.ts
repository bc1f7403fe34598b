import type { NoticeAction } from './actions';

/**
 * A notice on the community's board (公告/通知, seed 000 (六)2), printable in the format of seed 001
 * 三(二). Drafted by the desk, published by the manager, withdrawn (作废) with a reason — never
 * rewritten once published (seed 002 §2 ¶10); a correction is a new notice naming the one it replaces.
 */
export type NoticeCategory = 'outage' | 'maintenance' | 'activity' | 'safety' | 'other';

export type NoticeStatus = 'draft' | 'published' | 'withdrawn';

/** What the desk writes. `buildings` empty: the whole community. */
export interface NoticeText {
  category: NoticeCategory;
  title: string;
  /** 发文对象, e.g. 各位业主、住户. */
  addressee: string;
  body: string;
  /** 落款, e.g. 锦城花园物业服务中心. */
  issuer: string;
  buildings: string[];
}

export interface Notice extends NoticeText {
  id: string;
  communityId: string;
  status: NoticeStatus;
  /** 文号, e.g. 锦城花园物业〔2026〕12号: given when published. */
  number?: string;
  publishedAt?: string;
  publishedByName?: string;
  withdrawnAt?: string;
  withdrawnByName?: string;
  withdrawReason?: string;
  /** The withdrawn notice this one corrects. */
  replaces?: { id: string; number: string };
  /** The notice that corrects this withdrawn one. */
  replacedBy?: { id: string; number: string };
  draftedByName: string;
  updatedAt: string;
  version: number;
  /** A resident it was published to: their opening counts as read once they send `notice.read`. */
  countsAsRead?: true;
  /** Staff only: residents who opened it, and residents it is for (bound in its buildings). */
  reads?: { read: number; expected: number };
  allowed: NoticeAction[];
}

/** The staff's register of notices: a page, and whether the caller may draft one. */
export interface NoticeRegister {
  items: Notice[];
  cursor?: string;
  canDraft: boolean;
}
