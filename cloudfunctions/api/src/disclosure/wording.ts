import { AppError } from '../errors';

/**
 * Seed 000 (五) 3: arrears are collected by reminder, lawsuit or arbitration, never by cutting
 * water, power, heating or gas. Every reminder text passes this check before it is sent.
 */
const THREATS = /(停|断|切断|中断|暂停|关闭)(止)?(供)?(水|电|暖|热|气|燃气)|限(水|电|气)|停止供(水|电|暖|热|气)/;

export function isCourteous(text: string): boolean {
  return !THREATS.test(text);
}

export function assertCourteous(text: string): void {
  if (!isCourteous(text)) throw new AppError('VALIDATION', '催缴内容不得以停水、停电、停暖、停气相威胁');
}

/**
 * The fixed reminder a resident receives: what is left to pay, politely, and by when — within the
 * message's 20 characters for any bill under ¥10,000 (`¥223.75 请于12月13日前缴纳`).
 */
export function reminderTitle(outstandingYuan: string, deadline: string): string {
  const [, month, day] = deadline.split('-').map(Number);
  return `¥${outstandingYuan} 请于${month}月${day}日前缴纳`;
}
