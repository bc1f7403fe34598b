/** Roles a WeChat user can hold; they come only from the database, never from a request. */
export type Role = 'owner' | 'cs' | 'tech' | 'manager' | 'admin' | 'infokeeper';

/** Roles given to staff by invitation; `owner` comes from an approved unit binding instead. */
export type StaffRole = Exclude<Role, 'owner'>;
