import type { RouteTable } from './router';
import { ping } from './actions/system';

/** Every action of the `api` function. Adding an action to `typings/api.ts` without a row here fails type checking. */
export const routes: RouteTable = {
  'system.ping': ping,
};
