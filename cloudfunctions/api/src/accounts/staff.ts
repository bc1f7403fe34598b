import { z } from 'zod';
import { chineseOrder } from '../chineseOrder';
import type { RoleChange, StaffMember } from '../../../../typings/domain';
import type { StaffRole } from '../../../../typings/roles';
import { ADMINS, MAINTAINERS, RECORDS_DESK, inCommunity } from '../access';
import { ALL_COMMUNITIES, type AccountDocument, type Grant } from '../caller';
import { command, findAll, findById } from '../db';
import { newestFirst } from '../paging';
import { AppError, notFound } from '../errors';
import type { Route } from '../router';
import { loadCommunity } from '../communities/communities';
import { cursor, id } from '../validation';
import { changeAccount, rolesIn, withStaffRoles, type RoleChangeDocument } from './accounts';

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
      .sort((a, b) => chineseOrder(a.name, b.name));
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
    if (!(await findById<AccountDocument>('accounts', openid))) throw notFound('该员工不存在');
    const byName = (await caller.account())?.staffName || '管理员';
    const changed = await changeAccount(
      openid,
      now,
      (account) => ({ ...account, grants: withStaffRoles(account.grants, communityId, [...new Set(roles)] as StaffRole[]) }),
      { openid: caller.openid, name: byName, how: 'roles' },
    );
    return member(changed!, communityId);
  },
};

const LOG_PAGE = 30;

/** Admins read who changed whose roles in their community, newest first. */
export const listRoleChanges: Route<'staff.roleChanges'> = {
  access: inCommunity(ADMINS, (input) => input.communityId),
  input: z.strictObject({ communityId: id, cursor }),
  async handle({ communityId, cursor: after }) {
    const here = (grants: Grant[]) => grants.filter((grant) => grant.communityId === communityId || grant.communityId === ALL_COMMUNITIES).map((grant) => grant.role as StaffRole);
    return newestFirst<RoleChangeDocument, RoleChange>('roleChanges', { communityIds: command().in([communityId, ALL_COMMUNITIES]) }, 'at', after, LOG_PAGE, (doc) => ({
      id: doc._id,
      openid: doc.openid,
      name: doc.name,
      added: here(doc.added),
      removed: here(doc.removed),
      byName: doc.byName,
      how: doc.how,
      at: new Date(doc.at).toISOString(),
    }));
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
      .sort((a, b) => chineseOrder(a.name, b.name));
  },
};
