import { databaseRequests, localCloudUrl, pointSdkAt, uniqueEnv } from '../support/cloud';

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

  const before = await databaseRequests(undefined, env);
  for (let i = 0; i < 10; i += 1) await second.checkRate(key, now, rule, env);
  // The window's start read once and a block reserved in it, then one more block.
  expect((await databaseRequests(undefined, env)) - before).toBe(3);

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

test('an owner’s next attempt after the window ended starts the next one in one request on an instance that knew the window; the next attempts in it are counted in one each', async () => {
  const [served, other] = [instance(), instance()];
  // An owner's limit: 30 reports in 10 minutes, counted one by one.
  const rule = { limit: 30, windowMs: 600_000, what: '提交过于频繁' };
  const key = 'ticket.create:o-blocks-owner';
  const start = Date.now();
  await served.checkRate(key, new Date(start), rule, env);

  const costOf = async (attempt: () => Promise<void>): Promise<number> => {
    const before = await databaseRequests(undefined, env);
    await attempt();
    return (await databaseRequests(undefined, env)) - before;
  };
  // Eleven minutes later, on the instance that opened the window: straight to the next one.
  const later = start + 11 * 60_000;
  expect(await costOf(() => served.checkRate(key, new Date(later), rule, env))).toBe(1);
  expect(await costOf(() => served.checkRate(key, new Date(later + 1_000), rule, env))).toBe(1);
  // Another instance, which knows nothing of it, counts in the open window as well.
  expect(await costOf(() => other.checkRate(key, new Date(later + 2_000), rule, env))).toBe(1);

  // Still thirty in that window, whichever instance the attempts reach.
  let passed = 3;
  let refusal: unknown;
  for (let i = 0; i < 40 && !refusal; i += 1) {
    try {
      await (i % 2 ? served : other).checkRate(key, new Date(later + 3_000 + i), rule, env);
      passed += 1;
    } catch (error) {
      refusal = error;
    }
  }
  expect(passed).toBe(30);
  expect(String((refusal as Error).message)).toMatch(/^提交过于频繁，请 \d+ 分钟后（\d\d:\d\d 以后）再试$/);
});
