/**
 * The only place in the mini-program that calls `wx.cloud.callFunction`. Every action goes
 * through `call`, which unwraps the `api` function's envelope and turns failures into
 * `ApiError`s carrying a sentence a user can read.
 */
import type { ActionInput, ActionName, ActionOutput, ApiRequest, ApiResult, ErrorCode } from '../../typings/api';

export type ClientErrorCode = ErrorCode | 'NETWORK';

export class ApiError extends Error {
  constructor(
    readonly code: ClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const NETWORK_MESSAGE = '网络连接失败，请检查网络后重试';

export async function call<A extends ActionName>(
  action: A,
  input: ActionInput<A>,
  options: { requestId?: string } = {},
): Promise<ActionOutput<A>> {
  const data: ApiRequest<A> = { action, input, requestId: options.requestId };
  let response: ICloud.CallFunctionResult;
  try {
    response = await wx.cloud.callFunction({ name: 'api', data });
  } catch {
    throw new ApiError('NETWORK', NETWORK_MESSAGE);
  }
  const result = response.result as ApiResult<ActionOutput<A>> | undefined;
  if (!result || typeof result !== 'object' || typeof result.ok !== 'boolean') {
    throw new ApiError('INTERNAL', '服务返回异常，请稍后再试');
  }
  if (!result.ok) throw new ApiError(result.code, result.message);
  return result.data;
}

/** A request id for an idempotent write: generate once per user intent, reuse on retry. */
export function newRequestId(): string {
  const random = Math.random().toString(36).slice(2, 10);
  return `${Date.now().toString(36)}-${random}`;
}

export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : NETWORK_MESSAGE;
}

/** Tells the user what went wrong; nothing fails silently. */
export function showError(error: unknown): void {
  wx.showToast({ title: messageOf(error), icon: 'none', duration: 3000 });
}
