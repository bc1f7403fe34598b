import { createWxCloud } from '../../emulator/client/node';
import type { ApiResult, PingResult } from '../../typings/api';
import { cloudNow, localCloudUrl, sdkFor, uniqueEnv } from '../support/cloud';

const env = uniqueEnv('api');

/** Calls the deployed `api` function as a WeChat user, the way the mini-program does. */
async function callAs(openid: string, data: Record<string, unknown>): Promise<ApiResult<unknown>> {
  const cloud = createWxCloud({ baseUrl: localCloudUrl(), env, openid: () => openid });
  const { result } = await cloud.callFunction({ name: 'api', data });
  return result as ApiResult<unknown>;
}

describe('api function', () => {
  test('system.ping answers with the caller’s OPENID and the server time', async () => {
    // The cloud's own clock, which other tests of the run move forward: the answer falls between two readings of it.
    const before = Date.parse((await cloudNow()).now);
    const result = await callAs('o-ping-owner', { action: 'system.ping', input: {} });
    const after = Date.parse((await cloudNow()).now);
    expect(result.ok).toBe(true);
    const pong = (result as { ok: true; data: PingResult }).data;
    expect(pong.openid).toBe('o-ping-owner');
    expect(pong.env).toBe(env);
    const served = Date.parse(pong.serverTime);
    expect(served).toBeGreaterThanOrEqual(before);
    expect(served).toBeLessThanOrEqual(after);
  });

  test('an openid sent in the request is refused, never trusted', async () => {
    const result = await callAs('o-real-user', { action: 'system.ping', input: { openid: 'o-forged' } });
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION' });
    const envelope = await callAs('o-real-user', { action: 'system.ping', input: {}, openid: 'o-forged' });
    expect(envelope).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  test('an unknown action is refused with a Chinese message', async () => {
    const result = await callAs('o-someone', { action: 'tickets.destroyAll', input: {} });
    expect(result).toMatchObject({ ok: false, code: 'NOT_FOUND' });
    expect((result as { message: string }).message).toContain('没有这个操作');
  });

  test('a malformed request id is refused', async () => {
    const result = await callAs('o-someone', { action: 'system.ping', input: {}, requestId: 'x' });
    expect(result).toMatchObject({ ok: false, code: 'VALIDATION' });
  });

  test('a call with no WeChat user behind it is unauthenticated', async () => {
    const cloud = sdkFor(env);
    const response = await cloud.callFunction({ name: 'api', data: { action: 'system.ping', input: {} } });
    expect((response as { result: unknown }).result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' });
  });
});
