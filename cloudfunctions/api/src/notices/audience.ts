import { find, findAll, findByIds } from '../db';
import type { BindingDocument } from '../residents/bindings';
import type { UnitDocument } from '../communities/units';

/**
 * Who a notice is for: the residents with an approved home in the community, or in the buildings
 * it names (seed 000 (六)2: the notice boards of each building's hall).
 */
export interface Audience {
  wholeCommunity: boolean;
  buildings: string[];
}

export const reaches = (audience: Audience, buildings: readonly string[]): boolean =>
  audience.wholeCommunity || audience.buildings.some((building) => buildings.includes(building));

/** The buildings of the caller's approved homes in a community, or undefined when they have none there. */
export async function residentBuildings(openid: string, communityId: string): Promise<string[] | undefined> {
  const homes = await find<BindingDocument>('bindings', { openid, communityId, status: 'approved' }, { limit: 50 });
  if (!homes.length) return undefined;
  // Homes requested before the building was copied onto them are looked up.
  const unknown = [...new Set(homes.filter((home) => home.building === undefined).map((home) => home.unitId))];
  const units = await findByIds<Pick<UnitDocument, '_id' | 'building'>>('units', unknown, ['building']);
  return [...new Set([...homes.flatMap((home) => (home.building === undefined ? [] : [home.building])), ...units.map((unit) => unit.building)])];
}

/** The residents of a community by building, to count how many a notice is for (应读). */
export interface Residents {
  expected(audience: Audience): number;
}

export async function residentsOf(communityId: string): Promise<Residents> {
  const homes = await findAll<Pick<BindingDocument, '_id' | 'openid' | 'unitId' | 'building'>>('bindings', { communityId, status: 'approved' }, undefined, ['openid', 'unitId', 'building']);
  // Each home keeps its building; those requested before it was copied onto them are looked up.
  const unknown = [...new Set(homes.filter((home) => home.building === undefined).map((home) => home.unitId))];
  const looked = new Map((await findByIds<Pick<UnitDocument, '_id' | 'building'>>('units', unknown, ['building'])).map((unit) => [unit._id, unit.building]));
  return {
    expected(audience) {
      // A resident with two homes in the targeted buildings is one reader.
      const readers = new Set(homes.filter((home) => reaches(audience, [home.building ?? looked.get(home.unitId) ?? ''])).map((home) => home.openid));
      return readers.size;
    },
  };
}
