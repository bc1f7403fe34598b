import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { StaffRole } from '../../../../typings/roles';
import { command, findById, insert, update } from '../db';
import { ADMINS, anyone, inCommunity } from '../access';
import { AppError, notFound } from '../errors';
import type { Route } from '../router';
import { loadCommunity } from '../communities/communities';
import { id, personName } from '../validation';
import { accountOf, saveAccount, withStaffRoles } from './accounts';
import { describeProfile } from './profile';
import { checkRate } from '../rateLimit';

interface InviteDocument {
  /** sha256 of the code: the database never holds a usable code. */
  _id: string;
  roles: StaffRole[];
  communityIds: string[];
  createdBy: string;
  createdAt: Date;
  expiresAt: Date;
  redeemedBy?: string;
  redeemedAt?: Date;
}

/** No 0/O, 1/I/L: codes are read aloud and typed by hand. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE_LENGTH = 8;

const hashCode = (code: string): string => createHash('sha256').update(code.toUpperCase()).digest('hex');

const staffRole = z.enum(['cs', 'tech', 'manager', 'admin', 'infokeeper']);

export const createInvite: Route<'invite.create'> = {
  access: inCommunity(ADMINS, (input) => input.communityIds),
  input: z.strictObject({
    roles: z.array(staffRole).min(1, '至少选择一个角色').max(5),
    communityIds: z.array(id).min(1, '至少选择一个小区').max(50),
    expiresInDays: z.number().int().min(1).max(30).optional(),
  }),
  idempotent: true,
  async handle({ roles, communityIds, expiresInDays }, { caller, now }) {
    for (const communityId of communityIds) await loadCommunity(communityId);
    const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const expiresAt = new Date(now.getTime() + (expiresInDays ?? 7) * 86_400_000);
    await insert('invites', {
      _id: hashCode(code),
      roles: [...new Set(roles)],
      communityIds: [...new Set(communityIds)],
      createdBy: caller.openid,
      createdAt: now,
      expiresAt,
    });
    return { code, roles, communityIds, expiresAt: expiresAt.toISOString() };
  },
};

export const redeemInvite: Route<'invite.redeem'> = {
  access: anyone('凭管理员生成的邀请码'),
  input: z.strictObject({
    code: z
      .string()
      .trim()
      .regex(new RegExp(`^[A-Za-z0-9]{${CODE_LENGTH}}$`), `邀请码是 ${CODE_LENGTH} 位字母和数字`),
    name: personName,
  }),
  // A retry after a timeout must not read as "already used" when the first try succeeded.
  idempotent: true,
  async handle({ code, name }, { caller, now }) {
    // Guessing codes is slow: a few wrong tries per hour per WeChat user.
    await checkRate(`invite:${caller.openid}`, now, { limit: 10, windowMs: 3_600_000 }, '尝试次数过多，请一小时后再试');
    const key = hashCode(code);
    const invite = await findById<InviteDocument>('invites', key);
    if (!invite) throw notFound('邀请码不正确，请核对后重试');
    if (invite.redeemedBy) throw new AppError('CONFLICT', '该邀请码已被使用');
    if (new Date(invite.expiresAt).getTime() < now.getTime()) throw new AppError('CONFLICT', '邀请码已过期，请联系管理员重新生成');
    // Claim the code first: of two people redeeming at once, exactly one gets it.
    const claimed = await update('invites', { _id: key, redeemedBy: command().exists(false) }, { redeemedBy: caller.openid, redeemedAt: now });
    if (claimed !== 1) throw new AppError('CONFLICT', '该邀请码已被使用');
    const account = await accountOf(caller.openid, now);
    let grants = account.grants;
    for (const communityId of invite.communityIds) {
      const current = grants.filter((grant) => grant.communityId === communityId && grant.role !== 'owner').map((grant) => grant.role as StaffRole);
      grants = withStaffRoles(grants, communityId, [...new Set([...current, ...invite.roles])]);
    }
    await saveAccount({ ...account, staffName: name, grants }, now);
    return describeProfile(caller.openid, now);
  },
};
