/** Renovation rules both the application form and the cloud function apply. */

/** Seed 002 §11 ¶6: one 2 kg dry-powder extinguisher per 50 m² (5000 hundredths), a remainder counting as 50 m². */
export const AREA_PER_EXTINGUISHER_CENTI = 5000;

/** The largest floor area an application may give, in hundredths of a m² (1000 m²). */
export const MAX_AREA_CENTI = 100_000;

export function requiredExtinguishers(areaCenti: number): number {
  if (!Number.isSafeInteger(areaCenti) || areaCenti <= 0) throw new RangeError('floor area must be a positive number of hundredths');
  return Math.ceil(areaCenti / AREA_PER_EXTINGUISHER_CENTI);
}
