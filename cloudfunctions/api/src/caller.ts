import type { Role } from '../../../typings/roles';
import { cloud } from './cloud';
import { AppError } from './errors';

/** Who is calling: identity from the cloud's context only, roles from the database only. */
export interface Caller {
  openid: string;
  env: string;
  /** Loaded on first use, so actions open to anyone cost no database read. */
  roles(): Promise<ReadonlySet<Role>>;
}

interface AccountDocument {
  _id: string;
  roles?: Role[];
}

export function currentCaller(): Caller {
  const context = cloud.getWXContext();
  const openid = typeof context.OPENID === 'string' ? context.OPENID : '';
  if (!openid) throw new AppError('UNAUTHENTICATED', '请在微信中打开小程序后再试');
  let roles: Promise<ReadonlySet<Role>> | undefined;
  return {
    openid,
    env: typeof context.ENV === 'string' ? context.ENV : '',
    roles() {
      roles ??= loadRoles(openid);
      return roles;
    },
  };
}

async function loadRoles(openid: string): Promise<ReadonlySet<Role>> {
  // The SDK's typings give `get()` a union return type; the shape below is what it resolves to.
  const found = (await cloud.database().collection('accounts').where({ _id: openid }).limit(1).get()) as {
    data: AccountDocument[];
  };
  const account = found.data[0];
  return new Set(account?.roles ?? []);
}
