/**
 * What a caller may do to one record, as the server decides it. Every record the `api` function
 * returns carries `allowed`, the actions open to the caller now; pages render their buttons from
 * that list and keep no status rules of their own. docs/role-matrix.md lists who may do what.
 */

export type TicketAction =
  | 'accept'
  | 'grade'
  | 'judgeValidity'
  | 'notifyDepartments'
  | 'assign'
  | 'reassign'
  | 'reply'
  | 'note'
  | 'schedule'
  | 'checkIn'
  | 'recordWork'
  | 'proposeCharge'
  | 'respondCharge'
  | 'resolve'
  | 'confirm'
  | 'recordConfirmation'
  | 'reopen'
  | 'rate'
  | 'returnVisit'
  | 'close'
  | 'closeUnanswered'
  | 'closeOutOfScope'
  | 'contact';

export type RenovationAction = 'review' | 'inspect' | 'fixViolation' | 'acceptCompletion' | 'resubmit';

export type BindingAction = 'review' | 'reveal';

/** A service-quality incident: its analysis written, then signed off by the manager. */
export type IncidentAction = 'analyse' | 'signOff';

/** A self-inspection of major, group or repeat complaints (自查整改): kept up to date, then completed by the manager. */
export type ReviewAction = 'update' | 'complete';

export type BillAction = 'markPaid' | 'remind' | 'waive';

export type DisclosureAction = 'editDraft' | 'publish' | 'correct' | 'inquire';

/** A patrol route: its checkpoints edited and its QR codes printed by the manager; walked by staff. */
export type PatrolRouteAction = 'edit' | 'check';

/** An internal work order raised on a patrol: done by the department it went to. */
export type WorkOrderAction = 'complete';

/** A key of the list: edited, lent and returned at the desk; an owner's key authorised by its owner. */
export type KeyAction = 'edit' | 'lend' | 'return' | 'authorise';

/** Something the desk received for a resident: collected by them in the mini-program, or handed over at the desk. */
export type CustodyAction = 'confirm' | 'handOver';
/** A loan of a confidential file (借阅): approved, lent, returned; the borrower reads a lent home's file. */
export type FileLoanAction = 'approve' | 'consent' | 'refuse' | 'lend' | 'return' | 'read';

/** The handover of important files when the file keeper changes: the incoming keeper acknowledges it. */
export type KeeperHandoverAction = 'acknowledge';

export type ContractAction = 'update' | 'end';

export type ShopAction = 'update' | 'recordCheck' | 'close';
/** A notice on the board: the desk drafts it, the manager publishes it and may withdraw it with a reason; the desk drafts its correction. */
export type NoticeAction = 'editDraft' | 'publish' | 'withdraw' | 'correct' | 'print';

/** A person of the care ledger: read, edited by the manager, a contact recorded by the responsible staff or the manager. */
export type CareAction = 'view' | 'edit' | 'record';

/** An owner visit: a time proposed, answered by the owner, accepted, the interview recorded, a request made a ticket. */
export type VisitAction = 'propose' | 'answer' | 'accept' | 'record' | 'ticket';
/** A move-in record with its delivery acceptance: edited by the desk until the owner signs; read and printed by the desk and the home's owner. */
export type MoveInAction = 'view' | 'edit' | 'sign' | 'print';
/** Community activities, owner meetings and surveys (typings/events.ts). */
export type { ActivityAction, MeetingAction, SurveyAction } from './events';
