/** Renovation applications (装修手续办理). Types only. */
import type { RenovationAction } from './actions';

export type RenovationStatus = 'submitted' | 'needs-more' | 'approved' | 'rejected' | 'completed';

/** One item of the work checklist; structural ones need the government approval document. */
export interface WorkItem {
  code: string;
  label: string;
  /** 拆改房屋结构, 增加夹层 and other changes that can affect integrity, seismic or structural safety. */
  structural: boolean;
}

/** What the owner reads and signs before applying (seed 000 (三) 1–2). */
export interface RenovationTerms {
  workItems: WorkItem[];
  prohibitions: string[];
  notes: string[];
  agreementVersion: string;
  agreementText: string;
  safetyCommitmentText: string;
  /** The inspection checklist (seed 002 §11). */
  inspectionChecks: { code: string; label: string }[];
  /** Today in China by the cloud's clock (YYYY-MM-DD), the earliest start date the cloud accepts; the phone's own clock may be off. */
  today: string;
}

export interface Contractor {
  company: string;
  licenceNo: string;
  contactName: string;
  contactPhone: string;
  workers: number;
}

export interface RenovationForm {
  unitId: string;
  contractor: Contractor;
  /** `YYYY-MM-DD`, China dates. */
  startDate: string;
  endDate: string;
  /** Floor area in hundredths of a m² (89.50 m² → 8950). */
  areaCenti: number;
  workItems: string[];
  /** Photos or drawings of the plan. */
  attachments: string[];
  /** Government approval documents (required when a structural item is ticked). */
  approvalDocs: string[];
  /** An existing building: the construction-safety commitment (施工安全告知承诺) must be signed. */
  existingBuilding: boolean;
  safetyCommitmentSigned: boolean;
  /** The management agreement version the owner signed, having read the prohibitions and notes. */
  agreementVersion: string;
  acknowledgedTerms: boolean;
}

/** Each item of the checklist, recorded one by one (seed 002 §11 逐项): passed, failed, or not applicable here. */
export type InspectionResult = 'pass' | 'fail' | 'na';

export interface InspectionCheck {
  code: string;
  result: InspectionResult;
  note: string;
}

export interface Inspection {
  id: string;
  at: string;
  inspectorName: string;
  checks: InspectionCheck[];
  photoCount: number;
  violation: boolean;
  fixedAt?: string;
  fixNote?: string;
  fixedByName?: string;
}

export interface RenovationSummary {
  id: string;
  communityId: string;
  unitLabel: string;
  status: RenovationStatus;
  startDate: string;
  endDate: string;
  permitNo?: string;
  /** Approved, not accepted, and past its end date. */
  overdue: boolean;
  openViolations: number;
  submittedAt: string;
  /** What the caller may do to this application now, as the server decides. */
  allowed: RenovationAction[];
}

export interface RenovationDetail extends RenovationSummary {
  form: RenovationForm;
  extinguishersRequired: number;
  /** How many times the application was submitted (every version is kept). */
  revisionCount: number;
  /** The staff's reason (rejection, what to add), or the acceptance note once completed. */
  reason?: string;
  /** Short-lived links to the plan drawings and the approval documents, for the owner and staff. */
  attachmentUrls: string[];
  approvalDocUrls: string[];
  inspections: Inspection[];
  /** Staff only: whether the applicant's verified name matches the roster's owner. */
  rosterMatch?: boolean;
  agreementSignedAt: string;
  completedAt?: string;
  acceptedByName?: string;
  version: number;
}
