import type { DeskEntry } from '../../../../../typings/desk';
import { chinaMinute } from '../../../../shared/time';

export interface DeskEntryView {
  id: string;
  kind: DeskEntry['kind'];
  at: string;
  /** What happened, as one line: `张先生（2栋301）：咨询停水时间 → 已告知明早 8 点恢复`. */
  line: string;
  ticketId: string;
  ticketNumber: string;
  byName: string;
}

/** One record of the desk as its list and the handover show it. */
export function deskEntryView(entry: DeskEntry): DeskEntryView {
  const line =
    entry.kind === 'call'
      ? `${entry.callerName || '来电人'}${entry.unitLabel ? `（${entry.unitLabel}）` : ''}：${entry.topic} → ${entry.outcome}`
      : `${entry.event}${entry.reportedTo ? ` → 已报告${entry.reportedTo}` : ''}`;
  return {
    id: entry.id,
    kind: entry.kind,
    at: chinaMinute(entry.at),
    line,
    ticketId: entry.kind === 'call' ? (entry.ticketId ?? '') : '',
    ticketNumber: entry.kind === 'call' ? (entry.ticketNumber ?? '') : '',
    byName: entry.byName,
  };
}
