/**
 * `wx.cloud` for mini-program code running outside WeChat (page tests, the browser preview):
 * the same calls, answered by the local cloud's client endpoints as a given WeChat user.
 * Failures reject with `{ errCode, errMsg }`, as `wx.cloud` does.
 */

export interface WxCloudClientOptions {
  /** The local cloud, e.g. `http://127.0.0.1:4300`. */
  baseUrl: string;
  /** The WeChat user the calls are made as. */
  openid: () => string;
  /** Env used until `init` names one. */
  env?: string;
  fetch?: typeof fetch;
}

/** What a failed call rejects with: `errCode` and `errMsg`, as `wx.cloud` gives them. */
export class CloudCallError extends Error {
  constructor(
    readonly errCode: number,
    readonly errMsg: string,
  ) {
    super(errMsg);
    this.name = 'CloudCallError';
  }
}

export interface CallFunctionOptions {
  name: string;
  data?: Record<string, unknown>;
  config?: { env?: string };
}

export interface UploadFileOptions {
  cloudPath: string;
  /** Bytes of the chosen file (the preview reads them from its file picker). */
  fileContent: Uint8Array<ArrayBuffer>;
  config?: { env?: string };
}

export interface WxCloudClient {
  init(options?: { env?: string; traceUser?: boolean }): void;
  callFunction(options: CallFunctionOptions): Promise<{ result: unknown; requestID: string; errMsg: string }>;
  uploadFile(options: UploadFileOptions): Promise<{ fileID: string; statusCode: number; errMsg: string }>;
  getTempFileURL(options: { fileList: string[] }): Promise<{
    fileList: { fileID: string; tempFileURL: string; status: number; maxAge?: number }[];
    errMsg: string;
  }>;
}

export function createWxCloud(options: WxCloudClientOptions): WxCloudClient {
  const doFetch = options.fetch ?? fetch;
  let env = options.env ?? '';

  const post = async (path: string, query: Record<string, string>, body: string | Uint8Array<ArrayBuffer>, type: string): Promise<unknown> => {
    const url = new URL(path, options.baseUrl);
    for (const [key, value] of Object.entries(query)) url.searchParams.set(key, value);
    let response: Response;
    try {
      response = await doFetch(url, { method: 'POST', headers: { 'content-type': type }, body });
    } catch (error) {
      throw new CloudCallError(-1, `request:fail ${error instanceof Error ? error.message : String(error)}`);
    }
    const parsed: unknown = await response.json().catch(() => undefined);
    if (!response.ok || !parsed || typeof parsed !== 'object') throw new CloudCallError(-1, `request:fail HTTP ${response.status}`);
    const answer = parsed as Record<string, unknown>;
    if (typeof answer.errCode === 'number' && answer.errCode !== 0) {
      throw new CloudCallError(answer.errCode, String(answer.errMsg ?? 'fail'));
    }
    return answer;
  };

  return {
    init(initOptions) {
      if (initOptions?.env) env = initOptions.env;
    },
    async callFunction({ name, data, config }) {
      const answer = (await post(
        '/client/callFunction',
        { env: config?.env ?? env },
        JSON.stringify({ openid: options.openid(), name, data: data ?? {} }),
        'application/json',
      )) as { result: unknown; requestID: string };
      return { result: answer.result, requestID: answer.requestID, errMsg: 'cloud.callFunction:ok' };
    },
    async uploadFile({ cloudPath, fileContent, config }) {
      const answer = (await post(
        '/client/uploadFile',
        { env: config?.env ?? env, openid: options.openid(), cloudPath },
        fileContent,
        'application/octet-stream',
      )) as { fileID: string };
      return { fileID: answer.fileID, statusCode: 204, errMsg: 'cloud.uploadFile:ok' };
    },
    async getTempFileURL({ fileList }) {
      const answer = (await post(
        '/client/getTempFileURL',
        { env },
        JSON.stringify({ openid: options.openid(), fileList }),
        'application/json',
      )) as { fileList: { fileID: string; tempFileURL: string; status: number; maxAge?: number }[] };
      return { fileList: answer.fileList, errMsg: 'cloud.getTempFileURL:ok' };
    },
  };
}
