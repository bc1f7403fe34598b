import { z } from 'zod';
import type { StaffMember } from '../../../../typings/domain';
import type { StaffRole } from '../../../../typings/roles';
import { ADMINS, MAINTAINERS, RECORDS_DESK, inCommunity } from '../access';
import type { AccountDocument } from '../caller';
import { findAll, findById } from '../db';
import { AppError, notFound } from '../errors';
import type { Route } from '../router';
import { loadCommunity } from '../communities/communities';
import { id } from '../validation';
import { rolesIn, saveAccount, withStaffRoles } from './accounts';

function member(account: AccountDocument, communityId: string): StaffMember {
  return { openid: account._id, name: account.staffName, roles: rolesIn(account.grants, communityId).filter((role) => role !== 'owner') };
}

export const listStaff: Route<'staff.list'> = {
  access: inCommunity(MAINTAINERS, (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }) {
    await loadCommunity(communityId);
    const accounts = await findAll<AccountDocument>('accounts', { 'grants.communityId': communityId });
    return accounts
      .map((account) => member(account, communityId))
      .filter((staff) => staff.roles.length > 0)
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  },
};

export const setStaffRoles: Route<'staff.setRoles'> = {
  access: inCommunity(ADMINS, (input) => input.communityId),
  input: z.strictObject({
    openid: z.string().min(1).max(64),
    communityId: id,
    roles: z.array(z.enum(['cs', 'tech', 'manager', 'admin', 'infokeeper'])).max(5),
  }),
  async handle({ openid, communityId, roles }, { caller, now }) {
    // A grant names a community that exists (a deployment-wide admin could otherwise name any id).
    await loadCommunity(communityId);
    if (openid === caller.openid && !roles.includes('admin')) {
      throw new AppError('VALIDATION', '不能撤销自己的管理员权限，请由其他管理员操作');
    }
    const account = await findById<AccountDocument>('accounts', openid);
    if (!account) throw notFound('该员工不存在');
    const grants = withStaffRoles(account.grants, communityId, [...new Set(roles)] as StaffRole[]);
    await saveAccount({ ...account, grants }, now);
    return member({ ...account, grants }, communityId);
  },
};

export const listTechnicians: Route<'staff.technicians'> = {
  access: inCommunity(RECORDS_DESK, (input) => input.communityId),
  input: z.strictObject({ communityId: id }),
  async handle({ communityId }) {
    const accounts = await findAll<AccountDocument>('accounts', { 'grants.communityId': communityId });
    return accounts
      .filter((account) => rolesIn(account.grants, communityId).includes('tech'))
      .map((account) => ({ openid: account._id, name: account.staffName }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
  },
};
