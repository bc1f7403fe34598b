import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { UnitListing } from '../../../../typings/domain';
import { naturalOrder } from '../chineseOrder';
import { command, findAll, findById, update } from '../db';
import { notFound } from '../errors';
import type { Route } from '../router';
import { id, text } from '../validation';
import { loadCommunity, type CommunityDocument } from './communities';
import { anyone } from '../access';

export interface UnitDocument {
  _id: string;
  communityId: string;
  building: string;
  unit: string;
  room: string;
  /** Floor area in hundredths of a square metre, so later fee and extinguisher rules stay exact. */
  areaCenti: number;
  ownerName: string;
  ownerPhone: string;
  createdAt: Date;
  updatedAt: Date;
}

/** Same building/unit/room in the same community → same id, so re-importing a roster updates. */
export function unitId(communityId: string, building: string, unit: string, room: string): string {
  const digest = createHash('sha256').update([communityId, building, unit, room].join('\u0000')).digest('hex');
  return `u${digest.slice(0, 23)}`;
}

export function unitLabel(unit: Pick<UnitDocument, 'building' | 'unit' | 'room'>): string {
  return `${unit.building}${unit.unit}${unit.room}`;
}

export function toListing(doc: UnitDocument): UnitListing {
  return { id: doc._id, building: doc.building, unit: doc.unit, room: doc.room, label: unitLabel(doc) };
}

export async function loadUnit(unitIdValue: string): Promise<UnitDocument> {
  const found = await findById<UnitDocument>('units', unitIdValue);
  if (!found) throw notFound('房屋不存在，请重新选择');
  return found;
}

/**
 * A community's buildings in natural order. The roster import keeps them on the community, so
 * choosing one's home costs no read of its thousands of homes; a community imported before that
 * has none kept, and they are read from its homes (and kept from then on).
 */
export async function buildingsOf(community: Pick<CommunityDocument, '_id' | 'buildings'>): Promise<string[]> {
  let names = community.buildings;
  if (!names) {
    names = [...new Set((await findAll<Pick<UnitDocument, '_id' | 'building'>>('units', { communityId: community._id }, undefined, ['building'])).map((doc) => doc.building))];
    await keepBuildings(community._id, names);
  }
  return [...names].sort(naturalOrder);
}

/** Adds buildings to those kept on a community: a set, so retries and imports at once lose none. */
export async function keepBuildings(communityId: string, names: readonly string[]): Promise<void> {
  await update('communities', { _id: communityId }, { buildings: command().addToSet({ $each: [...names] }) });
}

/** A community's buildings, and the homes of the one asked for (none without): no personal data. */
export const listUnits: Route<'directory.units'> = {
  access: anyone('楼栋与房号，不含个人信息'),
  input: z.strictObject({ communityId: id, building: text(1, 20).optional() }),
  async handle({ communityId, building }) {
    const community = await loadCommunity(communityId);
    const [buildings, docs] = await Promise.all([
      buildingsOf(community),
      building === undefined ? [] : findAll<UnitDocument>('units', { communityId, building }),
    ]);
    const units = docs.sort((a, b) => naturalOrder(a.unit, b.unit) || naturalOrder(a.room, b.room)).map(toListing);
    return { buildings, units };
  },
};

/** One home of a community, by id (a page opened for it shows which home it is); no personal data. */
export const getUnitListing: Route<'directory.unit'> = {
  access: anyone('楼栋与房号，不含个人信息'),
  input: z.strictObject({ communityId: id, unitId: id }),
  async handle({ communityId, unitId: unitIdValue }) {
    const unit = await loadUnit(unitIdValue);
    if (unit.communityId !== communityId) throw notFound('房屋不存在，请重新选择');
    return toListing(unit);
  },
};
