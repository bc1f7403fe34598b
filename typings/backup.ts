/** Weekly backups of the whole database, as the deployment's admins see them. */

/** What an admin may do with a backup; only a complete one can be downloaded. */
export type BackupAction = 'download';

export interface BackupSummary {
  /** The scheduled time it was made for, e.g. `20261206T190000Z` (also its folder in storage). */
  id: string;
  startedAt: string;
  finishedAt?: string;
  /** False while it is being written, or when writing it stopped half-way (it is then never downloadable). */
  complete: boolean;
  collections: number;
  documents: number;
  /** File ids the documents refer to (photos, proofs, exports), listed in the archive. */
  fileReferences: number;
  /** Size of the archive (.tar.gz) in bytes. */
  bytes: number;
  allowed: BackupAction[];
}

/** manifest.json in each archive and beside it in storage. */
export interface BackupManifest {
  format: 1;
  id: string;
  env: string;
  startedAt: string;
  finishedAt: string;
  collections: { name: string; documents: number }[];
  documents: number;
  fileReferences: number;
}
