/**
 * How notices (公告/通知) read on the owners' board, in their history and detail, and on the desk's
 * register: WXML cannot look labels up or format time, so pages turn notices into these views.
 */
import type { NoticeCategory, Notice } from '../../../typings/notice';
import { NOTICE_CATEGORY_LABELS, NOTICE_STATUS_LABELS } from '../../shared/labels';
import { chinaDate, chinaMinute } from '../../shared/time';

/** TDesign tag themes per category: outages and safety stand out. */
const CATEGORY_THEMES: Record<NoticeCategory, string> = { outage: 'danger', maintenance: 'warning', activity: 'success', safety: 'primary', other: 'default' };

export interface NoticeCard {
  id: string;
  title: string;
  number: string;
  categoryLabel: string;
  categoryTheme: string;
  status: Notice['status'];
  statusLabel: string;
  withdrawn: boolean;
  /** 全小区, or the buildings. */
  scope: string;
  /** When published (China time), or empty for a draft. */
  publishedAt: string;
  /** The first words of the body, for a list. */
  excerpt: string;
  withdrawReason: string;
  withdrawnText: string;
  /** 已读 12 / 应读 40, for the desk. */
  readsText: string;
}

export const scopeOf = (notice: Pick<Notice, 'buildings'>): string => (notice.buildings.length ? notice.buildings.join('、') : '全小区');

export function noticeCard(notice: Notice): NoticeCard {
  return {
    id: notice.id,
    title: notice.title,
    number: notice.number ?? '',
    categoryLabel: NOTICE_CATEGORY_LABELS[notice.category],
    categoryTheme: CATEGORY_THEMES[notice.category],
    status: notice.status,
    statusLabel: NOTICE_STATUS_LABELS[notice.status],
    withdrawn: notice.status === 'withdrawn',
    scope: scopeOf(notice),
    publishedAt: chinaMinute(notice.publishedAt),
    excerpt: notice.body.replace(/\s+/g, ' ').slice(0, 60),
    withdrawReason: notice.withdrawReason ?? '',
    withdrawnText: notice.withdrawnAt ? `${notice.withdrawnByName ?? ''} 于 ${chinaMinute(notice.withdrawnAt)} 作废` : '',
    readsText: notice.reads ? `已读 ${notice.reads.read} / 应读 ${notice.reads.expected}` : '',
  };
}

/** The notice as printed: paragraphs, the 落款 and its date. */
export interface NoticeSheet extends NoticeCard {
  addressee: string;
  paragraphs: { key: string; text: string }[];
  issuer: string;
  /** 2026年12月3日 */
  signedOn: string;
  replaces: { id: string; number: string } | null;
  replacedBy: { id: string; number: string } | null;
}

const chineseDate = (iso: string | undefined): string => {
  if (!iso) return '';
  const [year, month, day] = chinaDate(iso).split('-').map(Number);
  return `${year}年${month}月${day}日`;
};

export function noticeSheet(notice: Notice): NoticeSheet {
  return {
    ...noticeCard(notice),
    addressee: notice.addressee,
    paragraphs: notice.body
      .split(/\n+/)
      .map((text) => text.trim())
      .filter(Boolean)
      .map((text, index) => ({ key: String(index), text })),
    issuer: notice.issuer,
    signedOn: chineseDate(notice.publishedAt),
    replaces: notice.replaces ?? null,
    replacedBy: notice.replacedBy ?? null,
  };
}
