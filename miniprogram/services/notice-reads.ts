/**
 * Which notices this phone has had counted as read (已读): a notice opened again sends no second
 * receipt. The cloud counts each reader once whatever is sent, so a phone that forgot (another
 * phone, cleared storage) costs one more call and changes no count.
 */
import type { Notice } from '../../typings/notice';
import { call } from './api';

const KEY = 'noticesCounted';
/** The latest notices remembered; an older one opened again is simply counted again, as nothing. */
const KEEP = 300;

function remembered(): string[] {
  const kept: unknown = wx.getStorageSync(KEY);
  return Array.isArray(kept) ? kept.filter((id): id is string => typeof id === 'string') : [];
}

/** Sends the receipt for a notice the cloud says counts as read, once per phone. */
export async function countAsRead(notice: Pick<Notice, 'id' | 'countsAsRead'>): Promise<void> {
  if (!notice.countsAsRead) return;
  const kept = remembered();
  if (kept.includes(notice.id)) return;
  try {
    await call('notice.read', { id: notice.id });
  } catch {
    // Not remembered, so the next opening sends it again; the reader needs no word of it.
    return;
  }
  wx.setStorageSync(KEY, [notice.id, ...kept].slice(0, KEEP));
}
