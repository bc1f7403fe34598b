import { z } from 'zod';
import type { BackupSummary } from '../../../../typings/backup';
import { ADMINS, deploymentWide } from '../access';
import { ALL_COMMUNITIES } from '../caller';
import { cloud } from '../cloud';
import { command, find, findById, put, remove, update } from '../db';
import { AppError, notFound } from '../errors';
import { exportLink } from '../files';
import { logAccess } from '../privacy/accessLog';
import type { Route } from '../router';

/** How many complete backups are kept: two months of weekly ones. */
export const BACKUPS_KEPT = 8;

/**
 * One backup run, written before any file and marked `complete` only after its archive and
 * manifest are stored: a run that stops half-way stays `writing` and is never offered for
 * download. `expired` ones are on their way out (files first, then the record).
 */
export interface BackupDocument {
  _id: string;
  status: 'writing' | 'complete' | 'expired';
  startedAt: Date;
  finishedAt?: Date;
  collections: { name: string; documents: number }[];
  documents: number;
  fileReferences: number;
  bytes: number;
  /** Set as soon as each file is stored, so even an unfinished run's files can be removed. */
  archiveFileId?: string;
  manifestFileId?: string;
}

/** Storage folder of a backup. */
export const backupFolder = (id: string): string => `backups/${id}`;

/** The id of the run for a scheduled time: a retried firing writes over the same run. */
export function backupIdOf(time: Date): string {
  return time.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
}

export async function openRun(id: string, startedAt: Date): Promise<BackupDocument | undefined> {
  const existing = await findById<BackupDocument>('backups', id);
  if (existing?.status === 'complete') return undefined;
  const run: BackupDocument = { _id: id, status: 'writing', startedAt, collections: [], documents: 0, fileReferences: 0, bytes: 0 };
  const { _id, ...fields } = run;
  await put('backups', _id, fields);
  return run;
}

export async function noteFile(id: string, field: 'archiveFileId' | 'manifestFileId', fileID: string): Promise<void> {
  await update('backups', { _id: id }, { [field]: fileID });
}

export async function completeRun(id: string, fields: Pick<BackupDocument, 'finishedAt' | 'collections' | 'documents' | 'fileReferences' | 'bytes'>): Promise<void> {
  await update('backups', { _id: id }, { ...fields, status: 'complete' });
}

/**
 * Keeps the newest `BACKUPS_KEPT` complete backups. Older ones, and unfinished runs older than the
 * newest complete one (they crashed), are marked expired, their files deleted, then their record.
 */
export async function pruneBackups(): Promise<string[]> {
  const runs = await find<BackupDocument>('backups', {}, { orderBy: [['_id', 'desc']], limit: 100 });
  const complete = runs.filter((run) => run.status === 'complete');
  const newest = complete[0]?._id ?? '';
  const kept = new Set(complete.slice(0, BACKUPS_KEPT).map((run) => run._id));
  const leaving = runs.filter((run) => !kept.has(run._id) && (run.status !== 'writing' || run._id < newest));
  for (const run of leaving) {
    await update('backups', { _id: run._id }, { status: 'expired' });
    const fileList = [run.archiveFileId, run.manifestFileId].filter((fileID): fileID is string => Boolean(fileID));
    if (fileList.length) await cloud.deleteFile({ fileList });
    await remove('backups', { _id: run._id });
  }
  return leaving.map((run) => run._id);
}

function summaryOf(run: BackupDocument): BackupSummary {
  const complete = run.status === 'complete';
  return {
    id: run._id,
    startedAt: run.startedAt.toISOString(),
    ...(run.finishedAt ? { finishedAt: run.finishedAt.toISOString() } : {}),
    complete,
    collections: run.collections.length,
    documents: run.documents,
    fileReferences: run.fileReferences,
    bytes: run.bytes,
    allowed: complete ? ['download'] : [],
  };
}

/** Backups hold every resident's personal data: only the deployment's own admins see them. */
const KEEPERS = deploymentWide(ADMINS);

export const listBackups: Route<'backup.list'> = {
  access: KEEPERS,
  input: z.strictObject({}),
  async handle() {
    const runs = await find<BackupDocument>('backups', { status: command().in(['writing', 'complete']) }, { orderBy: [['_id', 'desc']], limit: 20 });
    return runs.map(summaryOf);
  },
};

export const downloadBackup: Route<'backup.download'> = {
  access: KEEPERS,
  input: z.strictObject({ id: z.string().regex(/^\d{8}T\d{6}Z$/, '备份编号不正确') }),
  async handle({ id }, { caller, now }) {
    const run = await findById<BackupDocument>('backups', id);
    if (!run || run.status === 'expired') throw notFound('该备份已不存在（只保留最近 8 份）');
    if (run.status !== 'complete' || !run.archiveFileId) throw new AppError('CONFLICT', '该备份没有完成，不能下载');
    const account = await caller.account();
    await logAccess({
      communityId: ALL_COMMUNITIES,
      actorOpenid: caller.openid,
      actorName: account?.staffName ?? '',
      kind: 'export',
      subject: `全部数据备份 ${id}`,
      fields: ['全部数据'],
      reason: '下载数据备份',
      at: now,
    });
    return exportLink(run.archiveFileId);
  },
};
