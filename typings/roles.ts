/** Roles a WeChat user can hold; they come only from the database, never from a request. */
export type Role = 'owner' | 'cs' | 'tech' | 'manager' | 'admin' | 'infokeeper';
