import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import type { Invite } from '../../../../typings/domain';
import type { StaffRole } from '../../../../typings/roles';
import { ADMINS, anyone, inCommunity } from '../access';
import { AppError, notFound } from '../errors';
import { requestOf } from '../idempotency';
import type { Route } from '../router';
import { atomically } from '../transaction';
import { loadCommunity } from '../communities/communities';
import { id, personName } from '../validation';
import { changeAccountIn, withStaffRoles } from './accounts';
import { describeProfile } from './profile';

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
  async handle({ roles, communityIds, expiresInDays }, { caller, now, request }) {
    const idempotent = requestOf(request);
    for (const communityId of communityIds) await loadCommunity(communityId);
    const code = Array.from({ length: CODE_LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    const expiresAt = new Date(now.getTime() + (expiresInDays ?? 7) * 86_400_000);
    const invite: InviteDocument = {
      _id: hashCode(code),
      roles: [...new Set(roles)],
      communityIds: [...new Set(communityIds)],
      createdBy: caller.openid,
      createdAt: now,
      expiresAt,
    };
    // The code exists only in the answer: stored with the invite, so a retry gets the same code.
    return atomically(['invites', 'requests'], async (transaction) => {
      const earlier = await idempotent.earlier<Invite>(transaction);
      if (earlier) return earlier;
      await transaction.insert('invites', { ...invite });
      return idempotent.finish(transaction, { code, roles, communityIds, expiresAt: expiresAt.toISOString() });
    });
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
    // Attempts are limited per WeChat user (rateLimit.ts): guessing codes stays slow.
    const key = hashCode(code);
    // The code is claimed and the roles granted together: of two people redeeming at once exactly
    // one gets it, and a grant made meanwhile by someone else (a binding approved) is kept.
    await atomically(['invites', 'accounts', 'roleChanges'], async (transaction) => {
      const invite = await transaction.get<InviteDocument>('invites', key);
      if (!invite) throw notFound('邀请码不正确，请核对后重试');
      // Redeemed by this caller already: a retry of a redemption that was stored.
      if (invite.redeemedBy === caller.openid) return;
      if (invite.redeemedBy) throw new AppError('CONFLICT', '该邀请码已被使用');
      if (new Date(invite.expiresAt).getTime() < now.getTime()) throw new AppError('CONFLICT', '邀请码已过期，请联系管理员重新生成');
      await transaction.update('invites', key, { redeemedBy: caller.openid, redeemedAt: now });
      await changeAccountIn(transaction, caller.openid, now, (account) => {
        let grants = account.grants;
        for (const communityId of invite.communityIds) {
          const current = grants.filter((grant) => grant.communityId === communityId && grant.role !== 'owner').map((grant) => grant.role as StaffRole);
          grants = withStaffRoles(grants, communityId, [...new Set([...current, ...invite.roles])]);
        }
        return { ...account, staffName: name, grants };
      }, { openid: caller.openid, name, how: 'invite' });
    });
    return describeProfile(caller.openid, now);
  },
};
