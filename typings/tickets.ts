/** Service tickets (服务需求) as the mini-program sees them. Types only. */
import type { Alert } from './alerts';
import type { TicketAction } from './actions';
import type { CallEntry, DutyEntry } from './desk';

export type TicketKind = 'repair' | 'complaint' | 'consultation' | 'suggestion' | 'inquiry';
export type TicketStatus = 'submitted' | 'accepted' | 'assigned' | 'resolved' | 'closed';
export type ComplaintGrade = 'general' | 'serious' | 'major';
export type TicketChannel = 'miniprogram' | 'phone' | 'visit' | 'patrol';
/** 急修 / 零修. */
export type RepairUrgency = 'urgent' | 'routine';
export type Satisfaction = 'satisfied' | 'basic' | 'unsatisfied';

/** Whether a complaint is valid (有效投诉): counted by the KPIs; an invalid one needs no return visit. */
export interface ComplaintValidity {
  valid: boolean;
  reason: string;
  byName: string;
  at: string;
}

/** How staff heard the owner confirm the result (seed 001 四 维修4): by phone, the intercom, or on a visit. */
export type ConfirmationChannel = 'phone' | 'intercom' | 'visit';

/** Who confirmed that the problem is solved: the owner in the mini-program, or staff recording what the owner said. */
export interface Confirmation {
  source: 'owner' | ConfirmationChannel;
  /** For a recorded confirmation: who answered, what they said, and who recorded it. */
  answeredBy?: string;
  said?: string;
  recordedBy?: string;
  at: string;
}

/** A repair item with its published price (明码标价): free items have `priceFen` 0. */
export interface RepairCategory {
  code: string;
  name: string;
  charged: boolean;
  /** Price per unit in fen (1/100 yuan), exact; 0 for a charged item whose price is not yet published. */
  priceFen: number;
  unit: string;
  urgency: RepairUrgency;
  /** A charged item's price is on the community's published fee standard (only then can it be charged). */
  published: boolean;
}

/** The published fee standard a price came from: the notice and its version. */
export interface PriceListSource {
  disclosureId: string;
  title: string;
  version: number;
}

export interface TicketCatalog {
  /** Repair items with their prices. */
  categories: RepairCategory[];
  /** The published fee standard the paid items' prices come from, when there is one. */
  priceList?: PriceListSource;
  complaintCategories: string[];
  /** Categories of consultations, suggestions and inquiries. */
  otherCategories: string[];
  commonAreas: string[];
  /** Courteous standard phrases (文明用语) staff start replies from. */
  phrases: string[];
  /** Subscribe-message template ids the mini-program asks consent for at submit. */
  templateIds: string[];
}

export type TicketLocation = { kind: 'unit'; unitId: string } | { kind: 'common'; communityId: string; area: string };

export interface ChargeItem {
  code: string;
  name: string;
  priceFen: number;
  quantity: number;
  amountFen: number;
}

export interface Charge {
  items: ChargeItem[];
  totalFen: number;
  status: 'proposed' | 'accepted' | 'refused';
  /** The published fee standard the prices came from; a later correction does not change them. */
  priceList?: PriceListSource;
}

export interface TicketEvent {
  id: string;
  type: string;
  text: string;
  actorName: string;
  at: string;
  ownerVisible: boolean;
}

export interface TicketSummary {
  id: string;
  /** What the owner quotes on the phone, e.g. `BX20261123-0007`. */
  number: string;
  kind: TicketKind;
  category: string;
  status: TicketStatus;
  communityId: string;
  /** The home it concerns; empty for a common area. */
  unitId: string;
  locationLabel: string;
  summary: string;
  createdAt: string;
  /** What happens next, in a sentence for the owner or staff. */
  nextStep: string;
  /** The nearest open deadline, if any. */
  dueAt?: string;
  overdue: boolean;
  grade?: ComplaintGrade;
  flags: { group: boolean; repeat: boolean };
  escalationLevel: number;
  assigneeName?: string;
  /** The owner said it is fixed; what remains is the return visit. */
  confirmedByOwner: boolean;
  /** A defect found at delivery acceptance, repaired under the developer's warranty (开发商保修). */
  warranty?: boolean;
  /** What the caller may do to this ticket now, as the server decides. */
  allowed: TicketAction[];
}

/** The published disclosure an inquiry is about. */
export interface TicketSubject {
  disclosureId: string;
  seriesId: string;
  title: string;
  version: number;
}

export type Punctuality = 'on-time' | 'early' | 'late';

/** Seed 002 §7: arrive no more than 5 minutes early and no more than 2 minutes late. */
export interface CheckIn {
  at: string;
  punctuality: Punctuality;
  /** Minutes early (negative) or late (positive) against the appointment. */
  minutesOff: number;
}

export interface RepairPromise {
  responseMinutes: number;
  completionHours: number;
}

export interface HandoverNote {
  ticketId: string;
  number: string;
  followUp: string;
}

/** A shift handover (交接班, seed 001 四 维修 5): what is open and what the next shift must follow up. */
export interface Handover {
  id: string;
  communityId: string;
  fromName: string;
  /** Written by the viewer (who cannot be the one to confirm it). */
  fromMe: boolean;
  summary: string;
  notes: HandoverNote[];
  /** The shift's calls and duty events, handed over with it. */
  calls: CallEntry[];
  duty: DutyEntry[];
  createdAt: string;
  acknowledgedBy?: string;
  acknowledgedAt?: string;
}

export interface TicketDetail extends TicketSummary {
  /** Who is looking: the ticket's owner (may act on it) or staff (sees every event, contact masked). */
  viewer: 'owner' | 'staff';
  /** The viewer is the technician the ticket is assigned to. */
  assignedToMe: boolean;
  description: string;
  /** Temporary URLs of the photos. */
  photoUrls: string[];
  /** Temporary URLs of the photos technicians attached to their work records. */
  workPhotoUrls: string[];
  contactName: string;
  contactPhone: string;
  preferredTime?: string;
  channel: TicketChannel;
  charge?: Charge;
  rating?: { score: number; comment: string };
  returnVisit?: { satisfaction: Satisfaction; note: string; at: string };
  confirmation?: Confirmation;
  /** A complaint judged valid or not (有效投诉), with why, by whom and when. */
  validity?: ComplaintValidity;
  /** Closed without an answer from the owner after the rework window: the contact attempts staff made. */
  unanswered?: { attempts: string; at: string };
  reworkCount: number;
  appointmentAt?: string;
  /** A major complaint was reported to the departments concerned (due within 1 working day). */
  majorNoticeAt?: string;
  checkIn?: CheckIn;
  /** For an inquiry (质询): the published notice it questions. */
  subject?: TicketSubject;
  /** Closed as outside the property service's remit, with where to turn instead (seed 000 (一) 3). */
  outOfScope?: { explanation: string; channel: string };
  events: TicketEvent[];
  version: number;
  /**
   * A step's answer: `events` and `alerts` hold only what the step added after this version, the
   * one the page showed when it sent the step; the page adds them to what it shows. Absent: whole.
   */
  since?: number;
  /** Staff only: every alert about this ticket and whom it reached; one that must reach someone and reached nobody shows 未送达. */
  alerts?: Alert[];
  /** Owner only: a progress message was dropped for lack of consent, and none is left (通知次数已用完). */
  notifyPaused?: boolean;
}

export interface NewTicketInput {
  kind: TicketKind;
  category: string;
  description: string;
  photos: string[];
  location: TicketLocation;
  preferredTime?: string;
  contactName: string;
  contactPhone: string;
}
