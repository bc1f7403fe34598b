/** The front desk's own records (seed 001 一11 来电记录, 四 值班记录): calls that raised no request, and what happened on duty. */
export interface CallEntry {
  id: string;
  kind: 'call';
  at: string;
  callerName: string;
  unitLabel: string;
  topic: string;
  outcome: string;
  /** The request the call raised, if one was registered. */
  ticketId?: string;
  ticketNumber?: string;
  byName: string;
}

export interface DutyEntry {
  id: string;
  kind: 'duty';
  at: string;
  event: string;
  /** Whom it was reported to (上报), if anyone. */
  reportedTo: string;
  byName: string;
}

export type DeskEntry = CallEntry | DutyEntry;

/** The calls and duty events of the current shift: since the community's last handover. */
export interface ShiftRecords {
  since?: string;
  calls: CallEntry[];
  duty: DutyEntry[];
}
