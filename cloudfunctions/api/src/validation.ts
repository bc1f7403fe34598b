import { isValidPhoneNumber } from 'libphonenumber-js/min';
import { z } from 'zod';
import { LIMITS } from '../../../miniprogram/shared/limits';
import { MOBILE, PERSON_NAME_CHARACTERS } from '../../../miniprogram/shared/patterns';

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
    (value) => /^(400|800)-?\d{3}-?\d{4}$/.test(value) || isValidPhoneNumber(value, 'CN'),
    '请填写有效的电话号码，如 028-85550000 或 13800000000',
  );

/** A file in this env's cloud storage. */
export const fileId = z.string().regex(/^cloud:\/\/[^\s]{1,900}$/, '文件编号不正确');

export const cursor = z.string().max(200).optional();
