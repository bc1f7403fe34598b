import { Agent, request } from 'node:http';
import { createWxCloud as createClient, type WxCloudClient, type WxCloudClientOptions } from './wx-cloud';

export type { CallFunctionOptions, UploadFileOptions, WxCloudClient, WxCloudClientOptions } from './wx-cloud';

/**
 * `createWxCloud` for callers that run in Node (tests, the demo seed, the bench): the same client,
 * its requests made with node:http over kept-alive connections. Node's global `fetch` cost about
 * 1 ms more CPU per request in its stream machinery, which made the calling process as busy as the
 * local cloud and the function instance on a short call.
 */
export const createWxCloud = (options: WxCloudClientOptions): WxCloudClient => createClient({ fetch: nodeFetch, ...options });

const agent = new Agent({ keepAlive: true });

/** A reply as the client reads it: `ok`, `status` and `json()`. */
function reply(status: number, text: string): Response {
  return { ok: status >= 200 && status < 300, status, json: () => Promise.resolve(JSON.parse(text) as unknown), text: () => Promise.resolve(text) } as Response;
}

function send(input: URL | string, init: RequestInit | undefined, retried: boolean): Promise<Response> {
  return new Promise((resolve, reject) => {
    const body = init?.body as string | Uint8Array | undefined;
    const headers = { ...(init?.headers as Record<string, string> | undefined), ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) };
    const req = request(input, { method: init?.method ?? 'GET', headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => resolve(reply(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'))));
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // The local cloud closed a kept-alive connection while this process was busy (a page test
      // compiles the app for seconds) and the request went out on it: the cloud never read it, so
      // it is sent again once on a new connection, as a phone's network stack would.
      if (req.reusedSocket && !retried && (error.code === 'ECONNRESET' || error.code === 'EPIPE')) resolve(send(input, init, true));
      else reject(error);
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** The client's transport: `fetch` as far as the client uses it (`ok`, `status`, `json()` and `text()`). */
export const nodeFetch = ((input: URL | string, init?: RequestInit) => send(input, init, false)) as typeof fetch;
