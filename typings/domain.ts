/** Domain records as the mini-program sees them. Types only. */
import type { Role, StaffRole } from './roles';
import type { BindingAction } from './actions';

/** The phone numbers owners see for their community (seed 002 §6: emergency, 24-hour service, complaints). */
export interface CommunityPhones {
  emergency: string;
  service24h: string;
  complaint: string;
}

export interface Community {
  id: string;
  name: string;
  address: string;
  phones: CommunityPhones;
  version: number;
}

/** A community as anyone may see it when choosing where they live. */
export interface CommunityListing {
  id: string;
  name: string;
  address: string;
}

export interface UnitListing {
  id: string;
  building: string;
  /** 单元, may be empty for buildings without units. */
  unit: string;
  room: string;
  /** e.g. `3栋2单元1202`. */
  label: string;
}

export type ResidentRelation = 'owner' | 'family' | 'tenant';
export type BindingStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn';

/**
 * A request to be recognised as a resident of a unit. Personal fields are masked for staff
 * (`张*`, `138****5678`) unless revealed by the information keeper; owners see their own in full.
 */
export interface Binding {
  id: string;
  communityId: string;
  communityName: string;
  unitId: string;
  unitLabel: string;
  relation: ResidentRelation;
  /** A tenant who pays the home's bills (the owner pays otherwise); reminders reach owners and payers. */
  payer: boolean;
  status: BindingStatus;
  name: string;
  phone: string;
  proofCount: number;
  /** Staff only: whether the given name and phone match the roster, without showing either. */
  rosterMatch?: { name: boolean; phone: boolean };
  reason?: string;
  createdAt: string;
  reviewedAt?: string;
  version: number;
  /** What the caller may do to this request now, as the server decides. */
  allowed: BindingAction[];
}

export interface RoleGrant {
  role: Role;
  /** `*` for a deployment-wide admin. */
  communityId: string;
  communityName: string;
}

export interface Profile {
  openid: string;
  /** Staff display name (set when an invite is redeemed); empty for owners. */
  staffName: string;
  grants: RoleGrant[];
  /** Whether the staff tab (工作台) is shown. */
  isStaff: boolean;
  bindings: Binding[];
}

export interface StaffMember {
  openid: string;
  name: string;
  roles: Role[];
}

/** A change of someone's staff roles in a community: who, what, by whom, when (admins read them). */
export interface RoleChange {
  id: string;
  openid: string;
  name: string;
  added: StaffRole[];
  removed: StaffRole[];
  byName: string;
  /** How: an invitation redeemed, or an admin setting the roles. */
  how: 'invite' | 'roles';
  at: string;
}

export interface Invite {
  code: string;
  roles: Role[];
  communityIds: string[];
  expiresAt: string;
}

export interface RosterRejection {
  /** 1-based row number in the file, counting the header row. */
  row: number;
  reason: string;
}

export interface RosterImportResult {
  created: number;
  updated: number;
  rejected: RosterRejection[];
}

export type AccessKind = 'view' | 'export' | 'delete';

/** One entry of the personal-data access log: who saw or exported whose data, what, when and why. */
export interface AccessLogEntry {
  id: string;
  actorOpenid: string;
  actorName: string;
  kind: AccessKind;
  subject: string;
  fields: string[];
  reason: string;
  at: string;
}

/** Personal data revealed to the information keeper for one binding. */
export interface RevealedPerson {
  name: string;
  phone: string;
  /** Short-lived URLs of the proof images. */
  proofUrls: string[];
}

export interface Page<T> {
  items: T[];
  /** Pass back to get the next page; absent on the last page. */
  cursor?: string;
}

export interface PersonalDataExport {
  /** A temporary URL of the readable export file (xlsx), valid for `expiresInSeconds`. */
  url: string;
  fileID: string;
  expiresInSeconds: number;
}
