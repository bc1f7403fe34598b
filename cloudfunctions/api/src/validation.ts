import { z } from 'zod';
import { LIMITS } from '../../../miniprogram/shared/limits';
import { MOBILE, PERSON_NAME_CHARACTERS } from '../../../miniprogram/shared/patterns';
import { phoneNumbers } from './lazy';

/** Shared input rules; every action's schema is built from these so limits are the same everywhere. */

export const id = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, '编号格式不正确');

export const version = z.number().int().min(0);

export const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min <= 1 ? '不能为空' : `至少 ${min} 个字`)
    .max(max, `不能超过 ${max} 个字`);

/** A person's name as people write it: Chinese, letters, the middle dot, spaces. */
export const personName = z
  .string()
  .trim()
  .min(LIMITS.personName[0], `姓名至少 ${LIMITS.personName[0]} 个字`)
  .max(LIMITS.personName[1], `姓名不能超过 ${LIMITS.personName[1]} 个字`)
  .regex(PERSON_NAME_CHARACTERS, '姓名只能包含汉字、字母或 ·');

/** Mainland China mobile number, 11 digits. */
export const mobile = z.string().trim().regex(MOBILE, '请填写 11 位手机号码');

/** Any Chinese phone number a community may publish: mobile, landline with area code, or 400/800. */
export const publicPhone = z
  .string()
  .trim()
  .max(20, '电话号码过长')
  .refine(
    (value) => /^(400|800)-?\d{3}-?\d{4}$/.test(value) || phoneNumbers().isValidPhoneNumber(value, 'CN'),
    '请填写有效的电话号码，如 028-85550000 或 13800000000',
  );

/** A file in this env's cloud storage. */
export const fileId = z.string().regex(/^cloud:\/\/[^\s]{1,900}$/, '文件编号不正确');

export const cursor = z.string().max(200).optional();

/**
 * Dates and times as they come in, one rule for all: a date that exists on the calendar (no
 * 2027-02-30) and lies in 2000–2099, the years the service can meaningfully hold. Rules about
 * "not before today" or "within 90 days" belong to the action that needs them.
 */
const EARLIEST_DAY = '2000-01-01';
const LATEST_DAY = '2099-12-31';
const EARLIEST_MS = Date.parse(`${EARLIEST_DAY}T00:00:00+08:00`);
const LATEST_MS = Date.parse(`${LATEST_DAY}T23:59:59.999+08:00`);
const RANGE_MESSAGE = '日期须在 2000 年至 2099 年之间';

/** A China calendar date, `YYYY-MM-DD`. */
export const calendarDate = z.iso
  .date({ message: '请填写存在的日期，格式如 2026-12-01' })
  .refine((value) => value >= EARLIEST_DAY && value <= LATEST_DAY, RANGE_MESSAGE);

/** A month, `YYYY-MM` (a billing period). */
export const calendarMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '账期格式为 2026-11')
  .refine((value) => value >= EARLIEST_DAY.slice(0, 7) && value <= LATEST_DAY.slice(0, 7), RANGE_MESSAGE);

/** An instant with its offset, ISO 8601 (`2026-12-01T09:30:00+08:00`). */
export const instant = z.iso
  .datetime({ offset: true, message: '请选择有效的时间' })
  .refine((value) => {
    const ms = Date.parse(value);
    return ms >= EARLIEST_MS && ms <= LATEST_MS;
  }, RANGE_MESSAGE);
