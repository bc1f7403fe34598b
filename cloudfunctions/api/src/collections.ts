/**
 * Every collection the functions use; docs/data-model.md lists their fields and indexes. Kept apart
 * from db.ts (which starts the SDK) so the deploy and restore scripts can read the list.
 */
export const COLLECTIONS = [
  'accounts',
  'communities',
  'units',
  'invites',
  'bindings',
  'accessLog',
  'rateLimits',
  'requests',
  'tickets',
  'ticketEvents',
  'counters',
  'messages',
  'subscriptions',
  'settings',
  'handovers',
  'disclosures',
  'bills',
  'renovations',
  'renovationRevisions',
  'holidaySchedules',
  'roleChanges',
  'deskLog',
  'incidents',
  'alerts',
  'reports',
  'reviews',
  'orders',
  'backups',
] as const;

export type CollectionName = (typeof COLLECTIONS)[number];
