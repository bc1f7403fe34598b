import type { ApiResult } from '../../../typings/api';
import { command, findById, insert, isDuplicateKey, remove, update } from './db';
import { AppError } from './errors';

interface RequestRecord {
  _id: string;
  state: 'running' | 'done';
  result?: unknown;
  startedAt: Date;
}

/** A claim older than this is from a call that crashed mid-way; a retry may run again. */
const STALE_MS = 60_000;

/**
 * Runs a write at most once per (caller, action, request id): a retry after a timeout or a double
 * tap gets the first call's result instead of a second ticket. The claim is taken before the
 * work, so two concurrent copies cannot both run.
 */
export async function once<T>(key: string, now: Date, work: () => Promise<T>): Promise<ApiResult<T>> {
  try {
    await insert('requests', { _id: key, state: 'running', startedAt: now });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const previous = await findById<RequestRecord>('requests', key);
    if (previous?.state === 'done') return { ok: true, data: previous.result as T };
    if (previous && now.getTime() - new Date(previous.startedAt).getTime() < STALE_MS) {
      throw new AppError('CONFLICT', '正在处理您的上一次提交，请稍候');
    }
    await update('requests', { _id: key }, { state: 'running', startedAt: now });
  }
  try {
    const data = await work();
    // `set` stores the result whole instead of merging it field by field.
    await update('requests', { _id: key }, { state: 'done', result: command().set(data as unknown as object) });
    return { ok: true, data };
  } catch (error) {
    // A refused or failed call changed nothing: let the same request id try again.
    await remove('requests', { _id: key });
    throw error;
  }
}
