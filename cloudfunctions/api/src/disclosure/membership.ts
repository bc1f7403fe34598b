import { holdsAny, type Caller } from '../caller';
import { find } from '../db';
import { forbidden } from '../errors';

/** Owners (with an approved home there) and staff of a community may read what it publishes. */
export async function requireMember(caller: Caller, communityId: string): Promise<void> {
  if (holdsAny(await caller.grants(), ['owner', 'cs', 'tech', 'manager', 'admin', 'infokeeper'], communityId)) return;
  const homes = await find('bindings', { openid: caller.openid, communityId, status: 'approved' }, { limit: 1 });
  if (!homes.length) throw forbidden('请先完成该小区的房屋认证');
}
