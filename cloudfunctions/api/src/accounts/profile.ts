import { z } from 'zod';
import type { Profile, RoleGrant } from '../../../../typings/domain';
import { ALL_COMMUNITIES, grantsOf, type AccountDocument } from '../caller';
import { cloud } from '../cloud';
import { findById } from '../db';
import { AppError } from '../errors';
import type { Route } from '../router';
import { communityNames } from '../communities/communities';
import { ownBindings } from '../residents/bindings';
import { isStaff } from './accounts';
import { anyone } from '../access';
import { MOBILE } from '../../../../miniprogram/shared/patterns';

/** Everything the mini-program needs to know about the caller: roles (for the staff tab) and homes. */
export async function describeProfile(openid: string, now: Date): Promise<Profile> {
  const account = await findById<AccountDocument>('accounts', openid);
  const grants = grantsOf(openid, account);
  const ids = [...new Set(grants.map((grant) => grant.communityId).filter((id) => id !== ALL_COMMUNITIES))];
  const names = await communityNames(ids, now);
  const roleGrants: RoleGrant[] = grants.map((grant) => ({
    role: grant.role,
    communityId: grant.communityId,
    communityName: grant.communityId === ALL_COMMUNITIES ? '全部小区' : (names.get(grant.communityId) ?? '已删除的小区'),
  }));
  return {
    openid,
    staffName: account?.staffName ?? '',
    grants: roleGrants,
    isStaff: isStaff(grants),
    bindings: await ownBindings({ openid, grants }, now),
  };
}

export const getProfile: Route<'me.profile'> = {
  access: anyone('本人的角色与房屋'),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    return describeProfile(caller.openid, now);
  },
};

interface PhoneNumberResult {
  phoneInfo?: { purePhoneNumber?: string; countryCode?: string };
}

/** WeChat's phone-number button gives a one-time code; the number itself only comes from the OpenAPI. */
export const phoneFromCode: Route<'me.phoneFromCode'> = {
  access: anyone('本人授权的手机号'),
  input: z.strictObject({ code: z.string().min(1).max(128) }),
  async handle({ code }) {
    let result: PhoneNumberResult;
    try {
      result = (await cloud.openapi.phonenumber.getPhoneNumber({ code })) as PhoneNumberResult;
    } catch {
      throw new AppError('VALIDATION', '获取手机号失败，请手动填写');
    }
    const phone = result.phoneInfo?.purePhoneNumber ?? '';
    if (!MOBILE.test(phone)) throw new AppError('VALIDATION', '该手机号无法用于认证，请手动填写大陆手机号');
    return { phone };
  },
};
