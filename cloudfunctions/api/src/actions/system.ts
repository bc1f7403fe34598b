import { z } from 'zod';
import type { Route } from '../router';
import { anyone } from '../access';

/** A health check the home page uses to show it reached the cloud, and as whom. */
export const ping: Route<'system.ping'> = {
  access: anyone(),
  input: z.strictObject({}),
  async handle(_input, { caller, now }) {
    return { openid: caller.openid, serverTime: now.toISOString(), env: caller.env };
  },
};
