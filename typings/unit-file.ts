import type { BillStatus } from './disclosure';
import type { BindingStatus, ResidentRelation } from './domain';
import type { RenovationStatus } from './renovation';
import type { Satisfaction, TicketSummary } from './tickets';

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
}
