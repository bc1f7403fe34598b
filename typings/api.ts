/**
 * The contract between the mini-program and the `api` cloud function.
 * Types only: both sides import them with `import type`.
 */
import type {
  AccessLogEntry,
  Binding,
  BindingStatus,
  Community,
  CommunityListing,
  CommunityPhones,
  Invite,
  Page,
  PersonalDataExport,
  Profile,
  ResidentRelation,
  RevealedPerson,
  RoleChange,
  RosterImportResult,
  StaffMember,
  UnitListing,
} from './domain';
import type { StaffRole } from './roles';
import type { Alert, ConsentState, RobotChannel, RobotSettings, Workload } from './alerts';
import type { Board, FigureKey, FigurePart, MonthlyReport, TrendMonth } from './board';
import type { Review, ReviewCandidate, ReviewStatus } from './review';
import type { CalendarOverview, HolidayYear, SaveHolidayYearInput } from './calendar';
import type { BackupSummary } from './backup';
import type { CallEntry, DeskEntry, DutyEntry, ShiftRecords } from './desk';
import type { UnitFile } from './unit-file';
import type {
  AgreementForUnit,
  AgreementKind,
  AgreementVersion,
  MoveInInput,
  MoveInRecord,
  MoveInRow,
  PreferencesInput,
  PreferencesSummary,
  RevealedPreferences,
} from './movein';
import type { Incident, IncidentAnalysis, IncidentStatus } from './incident';
import type {
  CustodyItem,
  CustodyKind,
  CustodyStatus,
  KeyKind,
  KeyLoanRow,
  KeyRecord,
  MissedRound,
  PatrolFinding,
  PatrolKind,
  PatrolRound,
  PatrolRoute,
  PatrolVisit,
  WorkOrder,
  WorkOrderStatus,
} from './site';
import type { FileLoan, FileLoanFilter, FileLoanRequest, KeeperHandover, LentFile } from './fileLoans';
import type { Contract, ContractDetail, ContractFields, ContractFilter, FireCheckInput, Shop, ShopDetail, ShopFields, ShopFilter } from './contracts';
import type { Notice, NoticeRegister, NoticeStatus, NoticeText } from './notice';
import type { CareContactInput, CareContactResult, CareFilter, CarePerson, CarePersonInput, CareRow } from './care';
import type { Visit, VisitInterviewInput } from './visits';
import type { ArrearsRow, Bill, BillStatus, Reconciliation, Disclosure, DisclosureContent, DisclosureDiff, OrderStatus, PaymentParams, ReminderChannel } from './disclosure';
import type { InspectionCheck, RenovationDetail, RenovationForm, RenovationStatus, RenovationSummary, RenovationTerms } from './renovation';
import type {
  ComplaintGrade,
  ConfirmationChannel,
  Handover,
  NewTicketInput,
  RepairPromise,
  RepairUrgency,
  Satisfaction,
  TicketCatalog,
  TicketChannel,
  TicketDetail,
  TicketKind,
  TicketStatus,
  TicketSummary,
} from './tickets';

/** The closed set of refusal codes every action may answer. */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'RATE_LIMITED'
  | 'INTERNAL';

export type ApiResult<T> = { ok: true; data: T } | { ok: false; code: ErrorCode; message: string };

/** What the mini-program sends as `data` to `wx.cloud.callFunction({ name: 'api' })`. */
export interface ApiRequest<A extends ActionName = ActionName> {
  action: A;
  input: ActionInput<A>;
  /** Client-chosen id that makes a write idempotent: a retry returns the first result. */
  requestId?: string;
}

export type EmptyInput = Record<string, never>;

export interface PingResult {
  /** The caller's OPENID as the cloud reports it (never taken from the request). */
  openid: string;
  /** Server time, ISO 8601. */
  serverTime: string;
  /** The cloud env that answered. */
  env: string;
}

export interface CommunityInput {
  name: string;
  address: string;
  phones: CommunityPhones;
}

/** Every action: its input and its output. The route table must cover exactly these. */
export interface Actions extends DisclosureActions, RenovationActions, SiteRecordActions, NoticeActions {
  'system.ping': { input: EmptyInput; output: PingResult };

  'me.profile': { input: EmptyInput; output: Profile };
  /** Turns the code of WeChat's phone-number button into the number, for the owner to confirm. */
  'me.phoneFromCode': { input: { code: string }; output: { phone: string } };
  'me.export': { input: EmptyInput; output: PersonalDataExport };
  'me.delete': {
    input: { confirm: '删除我的个人信息' };
    output: { bindingsRemoved: number; filesRemoved: number; ticketsAnonymized: number; renovationsAnonymized: number };
  };

  'directory.communities': { input: EmptyInput; output: CommunityListing[] };
  /** The community's buildings, and the homes of `building` when it is given (none without it). */
  'directory.units': { input: { communityId: string; building?: string }; output: { buildings: string[]; units: UnitListing[] } };
  'directory.unit': { input: { communityId: string; unitId: string }; output: UnitListing };
  'unit.file': { input: { unitId: string }; output: UnitFile };

  'incident.record': { input: { communityId: string; title: string; occurredOn: string; description: string; ticketNumbers: string[] }; output: Incident };
  'incident.analyse': { input: IncidentAnalysis & { id: string; version: number; ticketNumbers: string[] }; output: Incident };
  'incident.signOff': { input: { id: string; version: number; note: string }; output: Incident };
  'incident.list': { input: { communityId: string; status?: IncidentStatus; cursor?: string }; output: Page<Incident> };
  'incident.get': { input: { id: string }; output: Incident };
  'patrol.routes': { input: { communityId: string }; output: PatrolRound[] };
  /** One route with its round in the current window. */
  'patrol.round': { input: { routeId: string }; output: PatrolRound };
  'patrol.saveRoute': { input: PatrolRouteInput; output: PatrolRoute };
  'patrol.check': { input: { routeId: string; code: string; answers: { ok: boolean; note: string }[]; photos: string[]; finding?: PatrolFinding }; output: PatrolVisit };
  'patrol.missed': { input: { communityId: string }; output: MissedRound[] };
  /** The route's QR codes on A4, to print and post at its checkpoints. */
  'patrol.codes': { input: { routeId: string }; output: { fileID: string; url: string; expiresInSeconds: number; fileType: 'pdf' } };
  'workOrder.list': { input: { communityId: string; status?: WorkOrderStatus; cursor?: string }; output: Page<WorkOrder> };
  'workOrder.complete': { input: { id: string; version: number; note: string }; output: WorkOrder };
  'key.list': { input: { communityId: string; cursor?: string }; output: Page<KeyRecord> };
  'key.save': { input: KeyInput; output: KeyRecord };
  'key.lend': { input: { id: string; version: number; borrowerName: string; reason: string; dueAt: string }; output: KeyRecord };
  /** The version is optional: a return from the list of loans out concerns the loan, which is returned once. */
  'key.return': { input: { id: string; version?: number; loanId: string }; output: KeyRecord };
  /** Keys out now, the longest overdue first. */
  'key.loans': { input: { communityId: string; cursor?: string }; output: Page<KeyLoanRow> };
  /** An owner's keys left with the desk, with who borrowed them. */
  'key.mine': { input: EmptyInput; output: KeyRecord[] };
  'key.authorise': { input: { id: string; version: number; accept: boolean }; output: KeyRecord };
  'custody.list': { input: { communityId: string; status?: CustodyStatus; cursor?: string }; output: Page<CustodyItem> };
  'custody.record': { input: CustodyInput; output: CustodyItem };
  'custody.handOver': { input: { id: string; version: number; toName: string }; output: CustodyItem };
  /** What waits at the desk for the caller's homes, and what they collected lately. */
  'custody.mine': { input: EmptyInput; output: CustodyItem[] };
  'custody.confirm': { input: { id: string; version: number }; output: CustodyItem };

  'community.list': { input: EmptyInput; output: Community[] };
  'community.get': { input: { id: string }; output: Community };
  'community.create': { input: CommunityInput; output: Community };
  'community.update': { input: CommunityInput & { id: string; version: number }; output: Community };
  'roster.import': { input: { communityId: string; fileID: string }; output: RosterImportResult };

  'invite.create': { input: { roles: StaffRole[]; communityIds: string[]; expiresInDays?: number }; output: Invite };
  'invite.redeem': { input: { code: string; name: string }; output: Profile };
  'staff.list': { input: { communityId: string }; output: StaffMember[] };
  /** The technicians of a community, for the desk to assign tickets to. */
  'staff.technicians': { input: { communityId: string }; output: { openid: string; name: string }[] };
  /** Replaces a staff member's roles in one community; an empty list revokes them. */
  'staff.setRoles': { input: { openid: string; communityId: string; roles: StaffRole[] }; output: StaffMember };
  'staff.roleChanges': { input: { communityId: string; cursor?: string }; output: Page<RoleChange> };

  'binding.request': {
    input: { unitId: string; relation: ResidentRelation; name: string; phone: string; proofFileIds: string[] };
    output: Binding;
  };
  'binding.queue': { input: { communityId: string; status?: BindingStatus; cursor?: string }; output: Page<Binding> };
  'binding.review': {
    /** `payer`: approving a tenant who pays the home's bills. */
    input: { id: string; version: number; decision: 'approve' | 'reject'; reason?: string; payer?: boolean };
    output: Binding;
  };
  /** Information keeper only: shows one binding's personal data in full; every call is logged. */
  'binding.reveal': { input: { id: string; reason: string }; output: RevealedPerson };

  'accessLog.list': { input: { communityId: string; cursor?: string }; output: Page<AccessLogEntry> };

  /** Records the subscribe-message templates the user accepted (one message each). */
  'me.subscribe': { input: { accepted: string[] }; output: { granted: number } };
  /** The templates the caller is alerted with, their remaining messages, and which to ask for now. */
  'me.subscriptions': { input: EmptyInput; output: ConsentState };
  /** What waits for the caller, per community: the 工作台 badge and its counts. */
  'staff.workload': { input: EmptyInput; output: Workload };
  'alert.unreached': { input: { communityId: string; cursor?: string }; output: Page<Alert> };
  /** A manager records how an alert that reached nobody was followed up. */
  'alert.acknowledge': { input: { id: string; note: string }; output: Alert };
  'robots.get': { input: { communityId: string }; output: RobotSettings };
  /** The management board for tickets received between two China dates (inclusive). */
  'board.get': { input: { communityId: string; from: string; to: string }; output: Board };
  /** The board of a period as .xlsx (figures, what missed each, every ticket), behind a link valid 10 minutes. */
  'board.export': { input: { communityId: string; from: string; to: string }; output: { fileID: string; url: string; expiresInSeconds: number } };
  /** The major, group and repeat complaints received in a period, earliest first, a page at a time, for a self-inspection (自查整改). */
  'review.candidates': { input: { communityId: string; from: string; to: string; cursor?: string }; output: Page<ReviewCandidate> };
  'review.open': {
    input: { communityId: string; ticketIds: string[]; cause: string; responsibility: string; measures: string; deadline: string };
    output: Review;
  };
  'review.update': { input: { id: string; version: number; cause: string; responsibility: string; measures: string; deadline: string; progress: string }; output: Review };
  'review.complete': { input: { id: string; version: number; outcome: string }; output: Review };
  'review.list': { input: { communityId: string; status?: ReviewStatus; cursor?: string }; output: Page<Review> };
  'review.get': { input: { id: string }; output: Review };
  /** The last 12 months of the board's figures: the monthly reports', and this month's as computed now. */
  'board.trend': { input: { communityId: string }; output: TrendMonth[] };
  /** The monthly reports (月报) generated for a community, newest first. */
  'report.list': { input: { communityId: string }; output: MonthlyReport[] };
  /** The manager's analysis of a month's report (written or rewritten; empty removes it). */
  'report.comment': { input: { communityId: string; month: string; comment: string }; output: MonthlyReport };
  /** One month's stored report as .xlsx (figures and tickets) or PDF (A4 pages with charts and the comment), behind a link valid 10 minutes. */
  'report.open': { input: { communityId: string; month: string; format: 'xlsx' | 'pdf' }; output: { fileID: string; url: string; expiresInSeconds: number; fileType: 'xlsx' | 'pdf' } };
  /** The tickets behind one figure of the board, by the rule that counted them: oldest first, a page at a time; `total` is how many in all. */
  'board.tickets': {
    input: { communityId: string; from: string; to: string; figure: FigureKey; part: FigurePart; cursor?: string };
    output: Page<TicketSummary> & { total: number };
  };
  /** Sets (after a test post the robot accepts) or clears (empty URL) a community's group robot. */
  'robots.save': { input: { communityId: string; channel: RobotChannel; url: string }; output: RobotSettings };

  'ticket.catalog': { input: { communityId: string }; output: TicketCatalog };
  'ticket.create': { input: NewTicketInput; output: TicketDetail };
  /** Staff register a request that came by phone, at the desk or on patrol, for the unit's residents. */
  'ticket.register': { input: NewTicketInput & { channel: Exclude<TicketChannel, 'miniprogram'> }; output: TicketDetail };
  'ticket.mine': { input: { cursor?: string }; output: Page<TicketSummary> };
  'ticket.get': { input: { id: string }; output: TicketDetail };
  /** Staff look up the number an owner quotes on the phone. */
  'ticket.find': { input: { communityId: string; number: string }; output: TicketSummary };
  /** The desk finds a caller's requests: by home, the name they give, their phone's last 4 digits, or when they called. */
  'ticket.search': {
    input: {
      communityId: string;
      unitId?: string;
      name?: string;
      phoneTail?: string;
      from?: string;
      to?: string;
      kind?: TicketKind;
      status?: TicketStatus;
      cursor?: string;
    };
    output: Page<TicketSummary>;
  };
  'ticket.inbox': {
    input: {
      communityId: string;
      kind?: TicketKind;
      status?: TicketStatus;
      grade?: ComplaintGrade;
      overdue?: boolean;
      mine?: boolean;
      /** Complaints escalated to this level or beyond (1 the manager, 2 the head). */
      escalatedFrom?: 1 | 2;
      cursor?: string;
    };
    output: Page<TicketSummary>;
  };
  'ticket.accept': { input: TicketStep; output: TicketDetail };
  'ticket.grade': { input: TicketStep & { grade: ComplaintGrade; group: boolean; repeat: boolean }; output: TicketDetail };
  'ticket.assign': { input: TicketStep & { technician: string }; output: TicketDetail };
  /** The manager sends an assigned ticket to another technician. */
  'ticket.reassign': { input: TicketStep & { technician: string }; output: TicketDetail };
  'ticket.reply': { input: TicketStep & { text: string; ownerVisible: boolean }; output: TicketDetail };
  'ticket.proposeCharge': { input: TicketStep & { items: { code: string; quantity: number }[] }; output: TicketDetail };
  'ticket.respondCharge': { input: TicketStep & { accept: boolean }; output: TicketDetail };
  'ticket.resolve': { input: TicketStep & { note: string }; output: TicketDetail };
  'ticket.confirm': { input: TicketStep; output: TicketDetail };
  'ticket.reopen': { input: TicketStep & { reason: string }; output: TicketDetail };
  'ticket.rate': { input: TicketStep & { score: number; comment: string }; output: TicketDetail };
  'ticket.returnVisit': { input: TicketStep & { satisfaction: Satisfaction; note: string }; output: TicketDetail };
  'ticket.close': { input: TicketStep; output: TicketDetail };
  'ticket.judgeValidity': { input: TicketStep & { valid: boolean; reason: string }; output: TicketDetail };
  'ticket.recordConfirmation': { input: TicketStep & { channel: ConfirmationChannel; answeredBy: string; said: string }; output: TicketDetail };
  'ticket.closeUnanswered': { input: TicketStep & { attempts: string }; output: TicketDetail };
  /** Records that a major complaint was reported to the departments concerned. */
  'ticket.notifyDepartments': { input: TicketStep & { departments: string; note: string }; output: TicketDetail };
  'ticket.closeOutOfScope': { input: TicketStep & { explanation: string; channel: string }; output: TicketDetail };
  /** Agrees a visit time with the owner; the technician's check-in is measured against it. */
  'ticket.schedule': { input: TicketStep & { at: string }; output: TicketDetail };
  'ticket.checkIn': { input: TicketStep; output: TicketDetail };
  'ticket.recordWork': { input: TicketStep & { note: string; photos: string[] }; output: TicketDetail };
  /** Shows the contact phone to staff working the ticket; every view is logged. */
  'ticket.contact': { input: { id: string }; output: { name: string; phone: string } };

  'phrases.save': { input: { communityId: string; phrases: string[] }; output: { phrases: string[] } };
  'repairPromises.get': { input: { communityId: string }; output: Record<RepairUrgency, RepairPromise> };
  'repairPromises.save': { input: { communityId: string } & Record<RepairUrgency, RepairPromise>; output: Record<RepairUrgency, RepairPromise> };

  /** Everything still open, for the end of a shift. */
  'handover.open': { input: { communityId: string; cursor?: string }; output: Page<TicketSummary> };
  'handover.create': {
    input: { communityId: string; summary: string; notes: { ticketId: string; followUp: string }[] };
    output: Handover;
  };
  'handover.list': { input: { communityId: string; cursor?: string }; output: Page<Handover> };
  'handover.acknowledge': { input: { id: string }; output: Handover };

  'desk.logCall': {
    input: { communityId: string; callerName: string; unitLabel: string; topic: string; outcome: string; ticketNumber?: string };
    output: CallEntry;
  };
  'desk.logDuty': { input: { communityId: string; event: string; reportedTo: string }; output: DutyEntry };
  'desk.list': { input: { communityId: string; kind: DeskEntry['kind']; cursor?: string }; output: Page<DeskEntry> };
  'desk.shift': { input: { communityId: string }; output: ShiftRecords };

  'calendar.overview': { input: EmptyInput; output: CalendarOverview };
  'calendar.saveYear': { input: SaveHolidayYearInput; output: HolidayYear };

  /** The weekly backups of the whole database, newest first (deployment admins). */
  'backup.list': { input: EmptyInput; output: BackupSummary[] };
  /** A complete backup's archive (.tar.gz) behind a link valid 10 minutes; every download is logged. */
  'backup.download': { input: { id: string }; output: { fileID: string; url: string; expiresInSeconds: number } };

  /** The special-group care ledger (seed 000 (九)): customer service see the people they are responsible for. */
  'care.list': { input: { communityId: string; filter: CareFilter; mine?: boolean; cursor?: string }; output: Page<CareRow> };
  /** A person's whole record; every reading is written to the access log. */
  'care.get': { input: { id: string }; output: CarePerson };
  'care.save': { input: CarePersonInput; output: CarePerson };
  'care.record': { input: CareContactInput; output: CareContactResult };
  /** Owner visits (seed 000 (四)): a community's plan for one month. */
  'visit.plan': { input: { communityId: string; month: string; cursor?: string }; output: Page<Visit> };
  'visit.get': { input: { id: string }; output: Visit };
  'visit.create': { input: { communityId: string; month: string; unitId: string; visitorOpenid: string }; output: Visit };
  /** A time offered to the owner, or (`byPhone`) the time already agreed with them on the phone. */
  'visit.propose': { input: { id: string; version: number; at: string; byPhone?: boolean }; output: Visit };
  /** The owner accepts the proposed time, or proposes another (`at`). */
  'visit.answer': { input: { id: string; version: number; accept: boolean; at?: string }; output: Visit };
  'visit.accept': { input: { id: string; version: number }; output: Visit };
  'visit.record': { input: VisitInterviewInput; output: Visit };
  /** A request of the interview registered as a ticket (channel 来访), once. */
  'visit.ticket': { input: { id: string; index: number; kind: 'repair' | 'complaint' | 'consultation' | 'suggestion' }; output: TicketDetail };
  'visit.mine': { input: EmptyInput; output: Visit[] };
  /** A community's visits of one month as .xlsx, behind a link valid 10 minutes. */
  'visit.archive': { input: { communityId: string; month: string }; output: { fileID: string; url: string; expiresInSeconds: number } };
}

/** Disclosure board (物业服务双晒) and bills. */
export interface DisclosureActions {
  /**
   * Admins write a draft: a new notice, the next version of the published version they are
   * `correcting` (refused if a newer one was published meanwhile), or a `draftId` at `revision`.
   */
  'disclosure.saveDraft': {
    input: { communityId: string; correcting?: string; draftId?: string; revision?: number; title: string; period: string; content: DisclosureContent };
    output: Disclosure;
  };
  'disclosure.drafts': { input: { communityId: string }; output: Disclosure[] };
  /** Publishing freezes the version; from version 2 on a correction note is required. */
  'disclosure.publish': { input: { id: string; revision: number; correctionNote?: string }; output: Disclosure };
  /** The current published version of every notice of a community. */
  'disclosure.board': { input: { communityId: string }; output: Disclosure[] };
  'disclosure.history': { input: { seriesId: string }; output: Disclosure[] };
  'disclosure.diff': { input: { seriesId: string; from: number; to: number }; output: DisclosureDiff };
  /** An owner questions a published item (质询): a ticket of kind inquiry linked to it. */
  'disclosure.inquire': { input: { disclosureId: string; question: string }; output: TicketDetail };

  /** Draft bills for every unit from a published fee standard's items. */
  'bill.generate': {
    input: { communityId: string; period: string; feeDisclosureId: string; itemNames: string[] };
    output: { created: number; replaced: number };
  };
  /** Issues a period's drafts with the date they are due (China date, today to 90 days on). */
  'bill.publish': { input: { communityId: string; period: string; dueDate: string }; output: { issued: number } };
  'bill.list': { input: { communityId: string; period: string; status?: BillStatus; cursor?: string }; output: Page<Bill> };
  'bill.mine': { input: EmptyInput; output: Bill[] };
  /** A payment at the desk with its receipt number: the whole outstanding amount unless `amountFen` says less. */
  'bill.markPaid': { input: { id: string; version: number; receiptNo: string; amountFen?: number }; output: Bill };
  /**
   * A courteous reminder, recorded with its channel, who sent it and the reasonable time it gives
   * (7–60 days on); by message it reaches the unit's payers, otherwise it records a call, letter or visit.
   */
  'bill.remind': { input: { id: string; version?: number; channel: ReminderChannel; deadline: string }; output: { reached: number; bill: Bill } };
  /** Writes off what is left of a bill, with the reason; managers and admins approve it. */
  'bill.waive': { input: { id: string; version: number; reason: string }; output: Bill };
  /** One payment's electronic receipt (PDF), for the home's residents and its desk, behind a link valid 10 minutes. */
  'bill.receipt': { input: { billId: string; paymentId: string }; output: { fileID: string; url: string; expiresInSeconds: number; fileType: 'pdf' } };
  /** A period's reconciliation: issued, collected online and at the desk, refunded, waived, outstanding. */
  'bill.reconcile': { input: { communityId: string; period: string }; output: Reconciliation };
  /** The reconciliation and every payment, refund and write-off behind it, as .xlsx behind a link valid 10 minutes. */
  'bill.reconcileExport': { input: { communityId: string; period: string }; output: { fileID: string; url: string; expiresInSeconds: number } };
  /** The community's homes with overdue bills, the longest overdue first. */
  'bill.arrears': { input: { communityId: string; cursor?: string }; output: Page<ArrearsRow> };
  /** A WeChat Pay order for what is left of a bill (the same order again while it is waiting), for `wx.requestPayment`. */
  'pay.start': { input: { billId: string }; output: { orderId: string; amountFen: number; payment: PaymentParams } };
  /** Where an order stands: the bill changes only when WeChat's payment notice arrives. */
  'pay.status': { input: { orderId: string }; output: { status: OrderStatus; bill: Bill } };
  /** Returns an online payment to the payer (managers and admins), with the reason. */
  'pay.refund': { input: { orderId: string; reason: string }; output: Bill };
}

/** Notices on the board (公告/通知): drafted by the desk, published and withdrawn by the manager, printed on A4. */
export interface NoticeActions {
  /** A new draft (for the whole community when `buildings` is empty; `replaces` a withdrawn notice it corrects), or draft `id` at `version`. */
  'notice.saveDraft': { input: NoticeText & { communityId: string; id?: string; version?: number; replaces?: string }; output: Notice };
  /** Puts the draft on the board with its 文号 (per community and year). */
  'notice.publish': { input: { id: string; version: number }; output: Notice };
  /** Takes a published notice down (作废) with the reason; it stays in the history, marked. */
  'notice.withdraw': { input: { id: string; version: number; reason: string }; output: Notice };
  /** The desk's register: every notice with its status and read counts, latest change first. */
  'notice.list': { input: { communityId: string; status?: NoticeStatus; cursor?: string }; output: NoticeRegister };
  /** The notices in force the caller may read, newest first. */
  'notice.board': { input: { communityId: string }; output: Notice[] };
  /** Every notice published to the caller, withdrawn ones included, newest first. */
  'notice.history': { input: { communityId: string; cursor?: string }; output: Page<Notice> };
  /** One notice: as a resident it was published to reads it, or as staff (`desk`: as the notice desk, even for staff who live here). */
  'notice.get': { input: { id: string; desk?: true }; output: Notice };
  /** Counts a resident's opening of a published notice as read, once however often it is sent. */
  'notice.read': { input: { id: string }; output: { read: true } };
  /** The notice as an A4 PDF (seed 001 三(二)), behind a link valid 10 minutes. */
  'notice.pdf': { input: { id: string }; output: { fileID: string; url: string; expiresInSeconds: number; fileType: 'pdf' } };
}

/** Renovation applications (装修手续办理). */
export interface RenovationActions {
  'renovation.terms': { input: EmptyInput; output: RenovationTerms };
  /** An owner (verified for the unit) applies. */
  'renovation.apply': { input: RenovationForm; output: RenovationDetail };
  /** After "ask for more": the owner edits and resubmits; every version is kept. */
  'renovation.resubmit': { input: RenovationForm & { id: string; version: number }; output: RenovationDetail };
  'renovation.mine': { input: EmptyInput; output: RenovationSummary[] };
  'renovation.get': { input: { id: string }; output: RenovationDetail };
  'renovation.queue': { input: { communityId: string; status?: RenovationStatus; cursor?: string }; output: Page<RenovationSummary> };
  /** Approve (a permit number is issued), reject with a reason, or ask for more with a reason. */
  'renovation.review': { input: { id: string; version: number; decision: 'approve' | 'reject' | 'more'; reason?: string }; output: RenovationDetail };
  'renovation.inspect': { input: { id: string; version: number; checks: InspectionCheck[]; photos: string[] }; output: RenovationDetail };
  'renovation.fixViolation': { input: { id: string; version: number; inspectionId: string; note: string }; output: RenovationDetail };
  /** Completion acceptance (验收) closes the application. */
  'renovation.accept': { input: { id: string; version: number; note: string }; output: RenovationDetail };
}

/** The site's registers: file lending and the keeper's handover, contracts, shops and their fire checks. */
export interface SiteRecordActions {
  /** Staff borrow a file for themselves; the desk registers an authority's query for its officer. */
  'fileLoan.request': { input: FileLoanRequest; output: FileLoan };
  /** The CS manager approves. */
  'fileLoan.approve': { input: { id: string; version: number; note: string }; output: FileLoan };
  /** The general manager consents to an authority's query. */
  'fileLoan.consent': { input: { id: string; version: number; note: string }; output: FileLoan };
  'fileLoan.refuse': { input: { id: string; version: number; note: string }; output: FileLoan };
  /** The keeper records the hand-out. */
  'fileLoan.lend': { input: { id: string; version: number; note: string }; output: FileLoan };
  'fileLoan.return': { input: { id: string; version: number; note: string }; output: FileLoan };
  /** The register for its keepers; a borrower sees their own requests. */
  'fileLoan.list': { input: { communityId: string; filter: FileLoanFilter; cursor?: string }; output: Page<FileLoan> };
  'fileLoan.get': { input: { id: string }; output: FileLoan };
  /** The borrower opens the lent home's file; every opening is logged. */
  'fileLoan.read': { input: { id: string }; output: LentFile };

  'keeperHandover.create': { input: { communityId: string; incomingOpenid: string; items: { title: string; note: string }[]; note: string }; output: KeeperHandover };
  'keeperHandover.acknowledge': { input: { id: string; version: number; note: string }; output: KeeperHandover };
  'keeperHandover.list': { input: { communityId: string; cursor?: string }; output: Page<KeeperHandover> };
  /** The community's other file keepers, to hand over to. */
  'keeperHandover.keepers': { input: { communityId: string }; output: { openid: string; name: string }[] };

  'contract.create': { input: ContractFields & { communityId: string }; output: Contract };
  'contract.update': { input: ContractFields & { id: string; version: number }; output: Contract };
  /** Ended (terminated, or not renewed): no more reminders. */
  'contract.end': { input: { id: string; version: number; note: string }; output: Contract };
  'contract.list': { input: { communityId: string; filter: ContractFilter; cursor?: string }; output: Page<Contract> };
  'contract.get': { input: { id: string }; output: ContractDetail };

  'shop.create': { input: ShopFields & { communityId: string }; output: Shop };
  'shop.update': { input: ShopFields & { id: string; version: number }; output: Shop };
  'shop.recordCheck': { input: FireCheckInput & { id: string; version: number }; output: ShopDetail };
  'shop.close': { input: { id: string; version: number; note: string }; output: Shop };
  'shop.list': { input: { communityId: string; filter: ShopFilter; cursor?: string }; output: Page<Shop> };
  'shop.get': { input: { id: string }; output: ShopDetail };

  /** A new version of the community's 管理规约 / 临时管理规约; earlier versions and their signatures stay. */
  'agreement.publish': { input: { communityId: string; kind: AgreementKind; title: string; body: string }; output: AgreementVersion };
  'agreement.versions': { input: { communityId: string; cursor?: string }; output: Page<AgreementVersion> };
  'agreement.forUnit': { input: { unitId: string }; output: AgreementForUnit };
  'agreement.sign': { input: { unitId: string; agreementId: string }; output: AgreementForUnit };
  'movein.save': { input: MoveInInput; output: MoveInRecord };
  'movein.list': { input: { communityId: string; cursor?: string }; output: Page<MoveInRow> };
  'movein.get': { input: { id: string }; output: MoveInRecord };
  'movein.mine': { input: Record<string, never>; output: MoveInRecord[] };
  /** The owner confirms the acceptance; its defects become warranty repair tickets. */
  'movein.sign': { input: { id: string; version: number }; output: MoveInRecord };
  'movein.pdf': { input: { id: string }; output: { fileID: string; url: string; expiresInSeconds: number; fileType: 'pdf' } };
  'unit.preferences.save': { input: PreferencesInput; output: PreferencesSummary };
  'unit.preferences.reveal': { input: { unitId: string; reason: string }; output: RevealedPreferences };
}

/** A step on a ticket names the version the caller saw; a stale version is a CONFLICT. */
export interface TicketStep {
  id: string;
  version: number;
}

export type ActionName = keyof Actions;
export type ActionInput<A extends ActionName> = Actions[A]['input'];
export type ActionOutput<A extends ActionName> = Actions[A]['output'];

export interface PatrolRouteInput {
  communityId: string;
  /** With its version to change a route; without, a new one. */
  id?: string;
  version?: number;
  name: string;
  kind: PatrolKind;
  unitId?: string;
  /** A checkpoint keeps its id (and so its printed code) through changes. */
  checkpoints: { id?: string; name: string; items: string[] }[];
}

export interface KeyInput {
  communityId: string;
  id?: string;
  version?: number;
  kind: KeyKind;
  name: string;
  opens: string;
  keptAt: string;
  copies: number;
  /** An owner's key: their home. */
  unitId?: string;
}

export interface CustodyInput {
  communityId: string;
  kind: CustodyKind;
  description: string;
  /** Cash only, in fen. */
  amountFen?: number;
  fromName: string;
  unitId: string;
  forName: string;
}

import type {
  Activity,
  ActivityFields,
  ActivityRegister,
  ActivityReport,
  AnswerInput,
  FreeTextAnswer,
  Meeting,
  MeetingFields,
  MeetingInvite,
  MeetingRegister,
  Signup,
  Survey,
  SurveyFields,
  SurveyResults,
} from './events';

/** Community activities, owner meetings (恳谈会) and the annual survey (顾客意见调查). */
export interface EngageActions {
  'activity.save': { input: ActivityFields & { communityId: string; id?: string; version?: number }; output: Activity };
  /** The notice and invitation: the plan goes out to the community's verified owners, sign-up opens. */
  'activity.publish': { input: { id: string; version: number }; output: Activity };
  'activity.list': { input: { communityId: string; cursor?: string }; output: ActivityRegister };
  'activity.get': { input: { id: string }; output: Activity };
  'activity.signups': { input: { id: string; cursor?: string }; output: Page<Signup> };
  /** After it took place: attendance, photos, the record, the summary and evaluation. */
  'activity.report': { input: ActivityReport & { id: string; version: number }; output: Activity };
  /** What a verified owner is invited to: published activities and upcoming meetings of their communities. */
  'activity.board': { input: EmptyInput; output: { activities: Activity[]; meetings: MeetingInvite[] } };
  /** Past the capacity the owner goes on the waiting list. */
  'activity.signUp': { input: { id: string }; output: Activity };
  /** A confirmed place given up goes to the first on the waiting list. */
  'activity.cancel': { input: { id: string }; output: Activity };

  'meeting.save': { input: MeetingFields & { communityId: string; id?: string; version?: number }; output: Meeting };
  'meeting.list': { input: { communityId: string; cursor?: string }; output: MeetingRegister };
  'meeting.get': { input: { id: string }; output: Meeting };
  'meeting.minutes': { input: { id: string; version: number; attendance: number; text: string }; output: Meeting };
  /** An owner's suggestion at the meeting becomes a suggestion ticket, answered through the ticket. */
  'meeting.suggest': { input: { id: string; unitId: string; contactName: string; contactPhone: string; description: string }; output: Meeting };

  'survey.save': { input: SurveyFields & { communityId: string; id?: string; version?: number }; output: Survey };
  /** Sent to the community's verified owners in the mini-program. */
  'survey.send': { input: { id: string; version: number }; output: Survey };
  'survey.close': { input: { id: string; version: number }; output: Survey };
  'survey.list': { input: { communityId: string; cursor?: string }; output: Page<Survey> };
  'survey.get': { input: { id: string }; output: Survey };
  /** The open surveys a verified owner may answer, with whether they have. */
  'survey.mine': { input: EmptyInput; output: Survey[] };
  /** Once per owner per survey; stored apart from who gave it. */
  'survey.answer': { input: { id: string; answers: AnswerInput[] }; output: { id: string; answered: true } };
  'survey.results': { input: { id: string }; output: SurveyResults };
  'survey.texts': { input: { id: string; cursor?: string }; output: Page<FreeTextAnswer> };
  /** An action taken against a finding of the survey. */
  'survey.act': { input: { id: string; version: number; finding: string; action: string }; output: SurveyResults };
}

// Declaration merging adds these actions to the map without touching its first declaration.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Actions extends EngageActions {}
