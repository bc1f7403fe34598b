import { localCloudUrl, pointSdkAt, uniqueEnv } from '../support/cloud';

/**
 * A busy desk's limit is counted in blocks per function instance (rateLimit.ts). The cloud runs
 * several instances of the api and starts new ones as it likes, so a desk member's window is often
 * opened by another instance than the one serving them now. Two copies of the module, each with its
 * own memory, stand for two instances here, both on the same database.
 */

type RateLimitModule = typeof import('../../cloudfunctions/api/src/rateLimit');

const env = uniqueEnv('blocks');

function instance(): RateLimitModule {
  let loaded: RateLimitModule | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('../../cloudfunctions/api/src/rateLimit') as RateLimitModule;
  });
  return loaded!;
}

async function databaseRequests(): Promise<number> {
  const response = await fetch(`${localCloudUrl()}/_emulator/metrics?env=${encodeURIComponent(env)}`);
  const { actions } = (await response.json()) as { actions: Record<string, number> };
  return Object.entries(actions)
    .filter(([action]) => action.startsWith('database.'))
    .reduce((sum, [, n]) => sum + n, 0);
}

beforeAll(() => {
  // The modules' SDK works in the env it finds here (DYNAMIC_CURRENT_ENV), as in a deployed function.
  pointSdkAt(localCloudUrl(), env);
});

test('an instance that did not open the window reserves a block of its own: ten steps there cost three requests, not ten, and the limit still holds across both', async () => {
  const [first, second] = [instance(), instance()];
  // A desk limit of 100 in 10 minutes is counted in blocks of 5.
  const rule = { limit: 100, windowMs: 600_000, what: '查看过于频繁' };
  const key = 'ticket.contact:o-blocks-cs';
  const now = new Date();
  await first.checkRate(key, now, rule, env);

  const before = await databaseRequests();
  for (let i = 0; i < 10; i += 1) await second.checkRate(key, now, rule, env);
  // The window's start read once and a block reserved in it, then one more block.
  expect((await databaseRequests()) - before).toBe(3);

  // However the attempts go between the two, no more than the limit pass in the window.
  let passed = 11;
  let refusal: unknown;
  for (let i = 0; i < 120 && !refusal; i += 1) {
    try {
      await (i % 3 === 0 ? first : second).checkRate(key, now, rule, env);
      passed += 1;
    } catch (error) {
      refusal = error;
    }
  }
  expect(passed).toBeLessThanOrEqual(100);
  // A block held by the other instance is the most that is refused early.
  expect(passed).toBeGreaterThan(90);
  expect(String((refusal as Error).message)).toMatch(/^查看过于频繁，请 \d+ 分钟后（\d\d:\d\d 以后）再试$/);
});
