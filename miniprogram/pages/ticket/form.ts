/**
 * What the new-request form offers and checks, as the cloud does (cloudfunctions/api/src/tickets/intake.ts):
 * kinds and their categories with published prices, visit days in China time, the contact and description rules.
 */
import type { TicketCatalog, TicketKind } from '../../../typings/tickets';
import { TICKET_KIND_LABELS } from '../../shared/labels';
import { LIMITS, textLength } from '../../shared/limits';
import { MOBILE } from '../../shared/patterns';
import { DAY_MS, chinaClock } from '../../shared/time';
import { repairPrice } from './views';

export type OwnerKind = Exclude<TicketKind, 'inquiry'>;

export interface CategoryOption {
  value: string;
  label: string;
  /** The published price for repairs (`免费`, `¥80.00/次`); empty for other kinds. */
  price: string;
  charged: boolean;
}

export interface Option {
  label: string;
  value: string;
}

export const [DESCRIPTION_MIN, DESCRIPTION_MAX] = LIMITS.ticket.description;
export const PREFERRED_TIME_MAX = LIMITS.ticket.preferredTime[1];
const WEEKDAYS = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];
const VISIT_DAYS = 7;
export const VISIT_PERIODS: Option[] = [
  { label: '上午（8:00–12:00）', value: '上午' },
  { label: '下午（12:00–18:00）', value: '下午' },
  { label: '晚上（18:00–20:00）', value: '晚上' },
];

export const KIND_OPTIONS: { value: OwnerKind; label: string }[] = (['repair', 'complaint', 'consultation', 'suggestion'] as const).map((value) => ({
  value,
  label: TICKET_KIND_LABELS[value],
}));

export const DESCRIPTION_HINTS: Record<OwnerKind, string> = {
  repair: '请描述故障的位置和现象，例如：厨房水槽下方水管漏水，已关闭总阀',
  complaint: '请描述发生的时间、地点和经过，我们会在 2 个工作日内给您答复',
  consultation: '请写下您想咨询的问题',
  suggestion: '请写下您的意见或建议',
};

export const NAME_MESSAGES = { missing: '请填写联系人', length: '联系人姓名应为 2–20 个字', characters: '联系人姓名只能包含汉字、字母或 ·' };

export function categoriesFor(kind: OwnerKind, catalog: TicketCatalog | null): CategoryOption[] {
  if (kind === 'repair') {
    return (catalog?.categories ?? []).map((category) => ({ value: category.code, label: category.name, price: repairPrice(category), charged: category.charged }));
  }
  const names = (kind === 'complaint' ? catalog?.complaintCategories : catalog?.otherCategories) ?? [];
  return names.map((name) => ({ value: name, label: name, price: '', charged: false }));
}

/** The next days in China time as the visit-time picker offers them: `今天 11月23日`, `11月24日 周二`. */
export function visitDays(now: number): Option[] {
  return Array.from({ length: VISIT_DAYS }, (_, offset) => {
    const day = chinaClock(now + offset * DAY_MS)!;
    const value = `${day.getUTCMonth() + 1}月${day.getUTCDate()}日`;
    const prefix = offset === 0 ? '今天' : offset === 1 ? '明天' : WEEKDAYS[day.getUTCDay()];
    return { label: `${prefix} ${value}`, value };
  });
}

export function checkPhone(phone: string): string {
  if (!phone) return '请填写联系电话';
  return MOBILE.test(phone) ? '' : '请填写 11 位中国大陆手机号，如 13812345678';
}

export function checkDescription(description: string): string {
  const length = textLength(description);
  if (length === 0) return '请描述您遇到的情况';
  if (length < DESCRIPTION_MIN) return `描述至少 ${DESCRIPTION_MIN} 个字，请写得具体一些`;
  return length > DESCRIPTION_MAX ? `描述不能超过 ${DESCRIPTION_MAX} 个字` : '';
}
