import type { BillStatus } from './disclosure';
import type { BindingStatus, ResidentRelation } from './domain';
import type { RenovationStatus } from './renovation';
import type { Satisfaction, TicketSummary } from './tickets';
import type { AgreementSignature, MoveInDocument, MoveInRow, PreferencesSummary } from './movein';

/** 户档案: everything the service centre holds about one home, for the desk to find in a minute (seed 002 §2). */
export interface UnitFile {
  unit: { id: string; communityId: string; label: string; areaCenti: number };
  /** Everyone who asked to be bound to the home, with the outcome; names masked. */
  residents: { id: string; relation: ResidentRelation; name: string; status: BindingStatus; requestedAt: string; reviewedAt?: string }[];
  tickets: TicketSummary[];
  renovations: { id: string; status: RenovationStatus; permitNo: string; startDate: string; endDate: string; inspections: number; openViolations: number; submittedAt: string }[];
  bills: { id: string; period: string; totalFen: number; status: BillStatus; receiptNo: string; paidAt?: string }[];
  /** Return visits (回访) made on the home's requests. */
  visits: { ticketId: string; number: string; satisfaction: Satisfaction; note: string; at: string }[];
  /** Seed 001 三(一)1 1): the basic-data documents, received at move-in or not yet. */
  documents: { code: MoveInDocument; label: string; received: boolean }[];
  /** The 管理规约 (业主公约) signed for the home, with the version signed; names masked. */
  agreements: AgreementSignature[];
  /** Seed 001 三(一)1 2): the move-ins with their delivery acceptance (入住验收文件), newest first. */
  moveIns: MoveInRow[];
  /** Seed 001 三(一)1 3): the resident's preferences, kept by the information keeper and shown to nobody else. */
  preferences: PreferencesSummary;
}
