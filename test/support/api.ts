import { randomBytes } from 'node:crypto';
import { createWxCloud } from '../../emulator/client/node';
import type { ActionInput, ActionName, ActionOutput, ApiResult } from '../../typings/api';
import type { UnitListing } from '../../typings/domain';
import { uploadPath } from '../../miniprogram/shared/uploads';
import { localCloudUrl } from './cloud';

export type ApiCaller = <A extends ActionName>(action: A, input: ActionInput<A>, requestId?: string) => Promise<ApiResult<ActionOutput<A>>>;

/**
 * Calls the `api` function as a WeChat user through the local cloud, as the mini-program does.
 * Like the mini-program, every call carries a request id (a fresh one unless the test passes one).
 */
export function apiAs(env: string, openid: string, baseUrl = localCloudUrl()): ApiCaller {
  const cloud = createWxCloud({ baseUrl, env, openid: () => openid });
  return async (action, input, requestId) => {
    const { result } = await cloud.callFunction({ name: 'api', data: { action, input, requestId: requestId ?? randomBytes(8).toString('hex') } });
    return result as ApiResult<ActionOutput<typeof action>>;
  };
}

/** Like `apiAs`, but unwraps a success and throws on a refusal (for arranging test data). */
export function okAs(env: string, openid: string, baseUrl = localCloudUrl()) {
  const call = apiAs(env, openid, baseUrl);
  return async <A extends ActionName>(action: A, input: ActionInput<A>): Promise<ActionOutput<A>> => {
    const result = await call(action, input);
    if (!result.ok) throw new Error(`${action} as ${openid}: ${result.code} ${result.message}`);
    return result.data;
  };
}

/** Every home of a community, building by building, as the directory lists them. */
export async function everyHome(call: ReturnType<typeof okAs>, communityId: string): Promise<UnitListing[]> {
  const { buildings } = await call('directory.units', { communityId });
  const listed = await Promise.all(buildings.map((building) => call('directory.units', { communityId, building })));
  return listed.flatMap((directory) => directory.units);
}

/** Uploads bytes to `relative` in a WeChat user's own upload folder, as the mini-program does. */
export async function uploadAs(env: string, openid: string, relative: string, bytes: Uint8Array, baseUrl = localCloudUrl()): Promise<string> {
  const cloud = createWxCloud({ baseUrl, env, openid: () => openid });
  const { fileID } = await cloud.uploadFile({ cloudPath: uploadPath(openid, relative), fileContent: new Uint8Array(bytes) });
  return fileID;
}

/** The owner taps 允许 in WeChat's subscribe prompt (one message's worth per call), and the product records it. */
export async function grantSubscription(env: string, openid: string, templateId: string, times = 1, baseUrl = localCloudUrl()): Promise<void> {
  for (let i = 0; i < times; i += 1) {
    const response = await fetch(`${baseUrl}/client/requestSubscribeMessage?env=${env}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid, tmplIds: [templateId], decisions: { [templateId]: 'accept' } }),
    });
    if (!response.ok) throw new Error(`consent failed: ${response.status}`);
    await okAs(env, openid, baseUrl)('me.subscribe', { accepted: [templateId] });
  }
}

export interface OutboxMessage {
  touser: string;
  templateId: string;
  page: string;
  data: Record<string, { value: string }>;
  errcode: number;
}

export async function outbox(env: string, baseUrl = localCloudUrl()): Promise<OutboxMessage[]> {
  const response = await fetch(`${baseUrl}/_emulator/outbox?env=${env}`);
  return ((await response.json()) as { messages: OutboxMessage[] }).messages;
}
