/** Move-in (入住/入伙), delivery acceptance (房屋交付验收) and the agreements owners sign (管理规约). Types only. */
import type { MoveInAction } from './actions';

/** 管理规约 (after the owners' assembly adopts one) or 临时管理规约 (before it, seed 002 §6). */
export type AgreementKind = 'management' | 'provisional';

/** One published version of a community's agreement; a new text is a new version, never an edit. */
export interface AgreementVersion {
  id: string;
  communityId: string;
  kind: AgreementKind;
  version: number;
  title: string;
  body: string;
  publishedAt: string;
  publishedByName: string;
}

/** An owner's signature: the version they read and signed stays recorded when the text changes. */
export interface AgreementSignature {
  id: string;
  agreementId: string;
  kind: AgreementKind;
  title: string;
  version: number;
  unitId: string;
  unitLabel: string;
  /** Masked for staff. */
  signerName: string;
  signedAt: string;
}

/** What an owner sees for one home: the current text, and what was signed for the home. */
export interface AgreementForUnit {
  unitId: string;
  unitLabel: string;
  current?: AgreementVersion;
  /** The home's signatures, newest first. */
  signatures: AgreementSignature[];
  /** The caller has signed the current version for this home. */
  signedCurrent: boolean;
  canSign: boolean;
}

/** A document of the customer file's basic data (seed 001 三(一)1 1)), received at move-in. */
export type MoveInDocument = 'notice' | 'proxy' | 'id-copy' | 'photo' | 'registration' | 'service-agreement';

export type MoveInStatus = 'open' | 'signed';

export interface MeterReadings {
  water: string;
  electricity: string;
  gas: string;
}

export interface AcceptanceItem {
  name: string;
  ok: boolean;
}

export interface AcceptanceRoom {
  room: string;
  items: AcceptanceItem[];
}

/** A defect found at acceptance; once the acceptance is signed it is a repair ticket under the developer's warranty. */
export interface Defect {
  id: string;
  room: string;
  item: string;
  description: string;
  photos: string[];
  photoUrls: string[];
  ticket?: { id: string; number: string; status: string; nextStep: string };
}

export interface DefectInput {
  /** Kept by an edit; a new defect has none. */
  id?: string;
  room: string;
  item: string;
  description: string;
  photos: string[];
}

export interface MoveInSignature {
  method: 'miniprogram';
  byName: string;
  at: string;
}

export interface MoveInRecord {
  id: string;
  communityId: string;
  unitId: string;
  unitLabel: string;
  /** The verified owner taking the home; masked for staff. */
  ownerName: string;
  documents: MoveInDocument[];
  keys: { sets: number; note: string };
  meters: MeterReadings;
  rooms: AcceptanceRoom[];
  defects: Defect[];
  status: MoveInStatus;
  signature?: MoveInSignature;
  /** The home's agreement signatures, newest first (the checklist's 已签署). */
  agreements: AgreementSignature[];
  recordedByName: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  allowed: MoveInAction[];
}

export interface MoveInRow {
  id: string;
  unitId: string;
  unitLabel: string;
  ownerName: string;
  status: MoveInStatus;
  defects: number;
  createdAt: string;
  signedAt?: string;
}

export interface MoveInInput {
  communityId: string;
  unitId: string;
  id?: string;
  version?: number;
  documents: MoveInDocument[];
  keys: { sets: number; note: string };
  meters: MeterReadings;
  rooms: AcceptanceRoom[];
  defects: DefectInput[];
}

/** 客户个性资料 (seed 001 三(一)1 3)): kept by the information keeper, masked for everyone else. */
export interface PreferenceFields {
  hobbies: string;
  preferences: string;
  needs: string;
}

/** What the file shows staff: whether preferences are kept and for whom, the content only to the keeper. */
export interface PreferencesSummary {
  recorded: boolean;
  /** The resident they are about, masked. */
  residentName?: string;
  updatedAt?: string;
  version: number;
  /** The caller may read them in full (logged) and keep them. */
  canKeep: boolean;
}

export interface PreferencesInput extends PreferenceFields {
  unitId: string;
  bindingId: string;
  version: number;
}

/** The preferences in full, for the information keeper; every reading is logged. */
export interface RevealedPreferences extends PreferenceFields {
  bindingId: string;
  residentName: string;
  version: number;
}
