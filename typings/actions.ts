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

/** A notice on the board: the desk drafts it, the manager publishes it and may withdraw it with a reason; the desk drafts its correction. */
export type NoticeAction = 'editDraft' | 'publish' | 'withdraw' | 'correct' | 'print';
