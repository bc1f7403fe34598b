import type { Role } from '../../../../typings/roles';
import { ALL_COMMUNITIES, bootstrapAdmins, type AccountDocument } from '../caller';
import { command, findAll } from '../db';

/** The accounts holding `role` in a community (in it, or in every community). */
export async function roleHolders(ticket: { communityId: string }, role: Role): Promise<AccountDocument[]> {
  const _ = command();
  const holders = await findAll<AccountDocument>('accounts', {
    grants: _.elemMatch({ role, communityId: _.in([ticket.communityId, ALL_COMMUNITIES]) }),
  });
  if (role !== 'admin') return holders;
  // The deployment's own admins (ADMIN_OPENIDS) hold the head's role everywhere without a stored grant.
  const missing = [...bootstrapAdmins()].filter((openid) => !holders.some((holder) => holder._id === openid));
  if (!missing.length) return holders;
  const stored = await findAll<AccountDocument>('accounts', { _id: _.in(missing) });
  const epoch = new Date(0);
  return [
    ...holders,
    ...missing.map((openid) => stored.find((account) => account._id === openid) ?? { _id: openid, staffName: '', grants: [], createdAt: epoch, updatedAt: epoch, version: 0 }),
  ];
}

export const holderNames = (holders: AccountDocument[]): string[] => holders.map((holder) => holder.staffName || holder._id);
