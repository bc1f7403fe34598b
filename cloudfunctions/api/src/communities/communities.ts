import { z } from 'zod';
import type { Community, CommunityListing } from '../../../../typings/domain';
import { ADMINS, ALL_STAFF, anyone, deploymentWide, inCommunity, staffAnywhere } from '../access';
import { ALL_COMMUNITIES, communitiesWith } from '../caller';
import { chineseOrder } from '../chineseOrder';
import { command, find, findAll, findById, isDuplicateKey, updateVersioned } from '../db';
import { conflict, notFound, type AppError } from '../errors';
import { createOnce, requestOf } from '../idempotency';
import type { Route } from '../router';
import { LIMITS } from '../../../../miniprogram/shared/limits';
import { id, publicPhone, text, version } from '../validation';

export interface CommunityDocument {
  _id: string;
  name: string;
  address: string;
  phones: Community['phones'];
  /** Its buildings, as the roster import added them (units.ts `buildingsOf`); absent on one imported before they were kept. */
  buildings?: string[];
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export function toCommunity(doc: CommunityDocument): Community {
  return { id: doc._id, name: doc.name, address: doc.address, phones: doc.phones, version: doc.version };
}

export async function loadCommunity(communityId: string): Promise<CommunityDocument> {
  const found = await findById<CommunityDocument>('communities', communityId);
  if (!found) throw notFound('小区不存在');
  return found;
}

/**
 * Community names change only when an admin renames one, and owners' pages show them on every
 * opening: each instance keeps a name for a minute, so reading a profile costs no read for them.
 * A rename is seen at once by the instance that made it and within a minute by the others.
 */
const NAME_TTL_MS = 60_000;
const cachedNames = new Map<string, { name: string; until: number }>();

/** The names of those of `ids` that exist, one read for those not kept. */
async function existingNames(ids: readonly string[], at: Date): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  const missing: string[] = [];
  for (const communityId of new Set(ids)) {
    const kept = cachedNames.get(communityId);
    if (kept && kept.until > at.getTime()) names.set(communityId, kept.name);
    else missing.push(communityId);
  }
  if (missing.length) {
    const found = await findAll<CommunityDocument>('communities', { _id: command().in(missing) });
    for (const doc of found) {
      cachedNames.set(doc._id, { name: doc.name, until: at.getTime() + NAME_TTL_MS });
      names.set(doc._id, doc.name);
    }
  }
  return names;
}

/** The names of `ids` (`已删除的小区` for one that no longer exists), one read for those not kept. */
export async function communityNames(ids: readonly string[], at: Date): Promise<Map<string, string>> {
  const names = await existingNames(ids, at);
  for (const communityId of ids) if (!names.has(communityId)) names.set(communityId, '已删除的小区');
  return names;
}

/**
 * Refuses a community that does not exist, as loadCommunity does, where only its existence matters:
 * no action deletes a community, so one whose name is kept costs no read.
 */
export async function assertCommunity(communityId: string, at: Date): Promise<void> {
  if (!(await existingNames([communityId], at)).has(communityId)) throw notFound('小区不存在');
}

const communityInput = z.strictObject({
  name: text(...LIMITS.community.name),
  address: text(...LIMITS.community.address),
  phones: z.strictObject({ emergency: publicPhone, service24h: publicPhone, complaint: publicPhone }),
});

export const listDirectory: Route<'directory.communities'> = {
  access: anyone('小区名称与地址'),
  input: z.strictObject({}),
  async handle() {
    const all = await findAll<CommunityDocument>('communities', {});
    return all
      .map((doc): CommunityListing => ({ id: doc._id, name: doc.name, address: doc.address }))
      .sort((a, b) => chineseOrder(a.name, b.name));
  },
};

export const listCommunities: Route<'community.list'> = {
  access: staffAnywhere(ALL_STAFF),
  input: z.strictObject({}),
  async handle(_input, { caller }) {
    const scope = await communitiesWith(caller, ALL_STAFF);
    const where = scope === ALL_COMMUNITIES ? {} : { _id: command().in(scope) };
    const docs = await findAll<CommunityDocument>('communities', where);
    return docs.map(toCommunity).sort((a, b) => chineseOrder(a.name, b.name));
  },
};

/** Names, address and the published phone numbers are public notice-board information. */
export const getCommunity: Route<'community.get'> = {
  access: anyone('公示的名称、地址与服务电话'),
  input: z.strictObject({ id }),
  async handle({ id: communityId }) {
    return toCommunity(await loadCommunity(communityId));
  },
};

const nameTaken = (name: string): AppError => conflict(`已有名为“${name}”的小区`);

/** A write the unique index on names refused is answered as the name in use; anything else as it failed. */
const refusedName =
  (name: string) =>
  (error: unknown): never => {
    throw isDuplicateKey(error) ? nameTaken(name) : error;
  };

/** A new community is the deployment's decision: admins of one community cannot add others. */
export const createCommunity: Route<'community.create'> = {
  access: deploymentWide(ADMINS),
  input: communityInput,
  idempotent: true,
  async handle(input, { now, request }) {
    const idempotent = requestOf(request);
    const doc: CommunityDocument = {
      _id: idempotent.idFor('c').slice(0, 16),
      ...input,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    // A retry finds its own community under the same id; only another one with the name is a clash.
    const taken = await find<CommunityDocument>('communities', { name: input.name, _id: command().neq(doc._id) }, { limit: 1 });
    if (taken.length) throw nameTaken(input.name);
    // Another created with the name meanwhile: the unique index on names refuses this one.
    return createOnce(idempotent, 'communities', { ...doc }, toCommunity(doc)).catch(refusedName(input.name));
  },
};

export const updateCommunity: Route<'community.update'> = {
  access: inCommunity(ADMINS, (input) => input.id),
  input: communityInput.extend({ id, version }),
  async handle({ id: communityId, version: expected, ...fields }, { now }) {
    await loadCommunity(communityId);
    // Names are unique (a unique index): another community's name is refused, in the words of community.create.
    const changed = await updateVersioned('communities', communityId, expected, {
      name: fields.name,
      address: fields.address,
      phones: command().set(fields.phones),
      updatedAt: now,
    }).catch(refusedName(fields.name));
    if (!changed) throw conflict();
    cachedNames.delete(communityId);
    return toCommunity(await loadCommunity(communityId));
  },
};
