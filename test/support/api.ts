import { randomBytes } from 'node:crypto';
import { createWxCloud } from '../../emulator/client/wx-cloud';
import type { ActionInput, ActionName, ActionOutput, ApiResult } from '../../typings/api';
import { localCloudUrl } from './cloud';

export type ApiCaller = <A extends ActionName>(action: A, input: ActionInput<A>, requestId?: string) => Promise<ApiResult<ActionOutput<A>>>;

/**
 * Calls the `api` function as a WeChat user through the local cloud, as the mini-program does.
 * Like the mini-program, every call carries a request id (a fresh one unless the test passes one).
 */
export function apiAs(env: string, openid: string): ApiCaller {
  const cloud = createWxCloud({ baseUrl: localCloudUrl(), env, openid: () => openid });
  return async (action, input, requestId) => {
    const { result } = await cloud.callFunction({ name: 'api', data: { action, input, requestId: requestId ?? randomBytes(8).toString('hex') } });
    return result as ApiResult<ActionOutput<typeof action>>;
  };
}

/** Like `apiAs`, but unwraps a success and throws on a refusal (for arranging test data). */
export function okAs(env: string, openid: string) {
  const call = apiAs(env, openid);
  return async <A extends ActionName>(action: A, input: ActionInput<A>): Promise<ActionOutput<A>> => {
    const result = await call(action, input);
    if (!result.ok) throw new Error(`${action} as ${openid}: ${result.code} ${result.message}`);
    return result.data;
  };
}

/** Uploads bytes to the local cloud's storage as a WeChat user, as `wx.cloud.uploadFile` does. */
export async function uploadAs(env: string, openid: string, cloudPath: string, bytes: Uint8Array): Promise<string> {
  const cloud = createWxCloud({ baseUrl: localCloudUrl(), env, openid: () => openid });
  const { fileID } = await cloud.uploadFile({ cloudPath, fileContent: new Uint8Array(bytes) });
  return fileID;
}
