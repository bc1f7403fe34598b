import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { UnitListing } from '../../../../typings/domain';
import { naturalOrder } from '../chineseOrder';
import { findAll, findById } from '../db';
import { notFound } from '../errors';
import type { Route } from '../router';
import { id, text } from '../validation';
import { loadCommunity } from './communities';
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

/** Buildings and rooms of a community, for choosing one's home; no personal data. */
export const listUnits: Route<'directory.units'> = {
  access: anyone('楼栋与房号，不含个人信息'),
  input: z.strictObject({ communityId: id, building: text(1, 20).optional() }),
  async handle({ communityId, building }) {
    await loadCommunity(communityId);
    const docs = await findAll<UnitDocument>('units', { communityId });
    const buildings = [...new Set(docs.map((doc) => doc.building))].sort(naturalOrder);
    const units = docs
      .filter((doc) => building === undefined || doc.building === building)
      .sort((a, b) => naturalOrder(a.building, b.building) || naturalOrder(a.unit, b.unit) || naturalOrder(a.room, b.room))
      .map(toListing);
    return { buildings, units };
  },
};
