import { createWebhookService } from './webhooks';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import busboy from 'busboy';
import { Clock } from './clock';
import { CloudError, ErrorCode } from './errors';
import { readJson, sendJson } from './http';
import { collectGarbage, gcFigures, observeGc } from './memory';
import {
  BinaryReply,
  type AdminCall,
  type AdminHandler,
  type HttpRoute,
  type LocalCloudConfig,
  type Service,
  type ServiceContext,
} from './service';
import { createDatabaseService } from './db';
import { createStorageService } from './storage';
import { createFunctionService } from './functions';
import { RunningCalls } from './functions/calls';
import { createOpenApiService } from './openapi';
import { createPayService } from './pay';
import { createCameraService } from './camera';

export interface LocalCloudOptions {
  dataDir: string;
  functionsDir: string;
  config: LocalCloudConfig;
  host?: string;
  port?: number;
  log?: (message: string) => void;
  /** Where warnings go (standard error unless given). */
  warn?: (message: string) => void;
}

/** The local WeChat cloud: one HTTP server that the unmodified wx-server-sdk talks to. */
export class LocalCloud {
  readonly clock: Clock;
  private readonly server: Server;
  private readonly services: Service[];
  private readonly handlers = new Map<string, AdminHandler>();
  private readonly routes: HttpRoute[] = [];
  /** Requests answered per SDK action since start, for benchmarks (`GET /_emulator/metrics`), in all and per env. */
  private readonly actionCounts = new Map<string, number>();
  private readonly envActionCounts = new Map<string, Map<string, number>>();
  private url = '';

  constructor(private readonly options: LocalCloudOptions) {
    this.clock = new Clock(join(options.dataDir, 'clock.json'));
    const log = options.log ?? (() => undefined);
    const context: ServiceContext = {
      clock: this.clock,
      dataDir: options.dataDir,
      config: options.config,
      baseUrl: () => this.url,
      log,
      warn: options.warn ?? ((message) => process.stderr.write(`[cloud] warning: ${message}\n`)),
    };
    const running = new RunningCalls();
    const functions = createFunctionService(context, { functionsDir: options.functionsDir, running });
    this.services = [
      createDatabaseService(context),
      createStorageService(context),
      functions,
      createOpenApiService(context, running),
      createPayService(context, running, (invocation) => functions.invoke(invocation)),
      createWebhookService(context),
      createCameraService(context),
    ];
    for (const service of this.services) {
      for (const [action, handler] of Object.entries(service.handlers ?? {})) this.handlers.set(action, handler);
      this.routes.push(...(service.routes ?? []));
    }
    this.routes.push(...this.controlRoutes());
    this.routes.sort((a, b) => b.prefix.length - a.prefix.length);
    this.server = createServer((req, res) => {
      this.dispatch(req, res).catch((error: unknown) => {
        log(`unhandled: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        if (!res.headersSent) sendJson(res, 500, { code: ErrorCode.SysErr, message: 'internal error' });
        else res.end();
      });
    });
    // Idle keep-alive connections stay open until the client closes them. Clients (Node's fetch and
    // agent, the SDK, Chromium) reuse an idle connection until their own idle limit; a server that
    // closes it at a time of its own races them: a client whose event loop was busy past that time
    // (a page test compiling the app for seconds, any process on a loaded machine) sends its next
    // call on a connection the server has just closed, and the call fails ("fetch failed: other
    // side closed"). Without a server limit no hint is sent, so clients use their own (seconds).
    this.server.keepAliveTimeout = 0;
    this.server.headersTimeout = 15_000;
  }

  async listen(): Promise<string> {
    const host = this.options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port ?? 0, host, () => resolve());
    });
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://${host}:${port}`;
    for (const service of this.services) await service.start?.();
    return this.url;
  }

  get baseUrl(): string {
    return this.url;
  }

  async close(): Promise<void> {
    for (const service of [...this.services].reverse()) await service.close?.();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method === 'POST' && url.pathname === '/admin') {
      await this.admin(req, res, url);
      return;
    }
    const route = this.routes.find((r) => r.method === req.method && url.pathname.startsWith(r.prefix));
    if (!route) {
      sendJson(res, 404, { code: 'NOT_FOUND', message: `${req.method} ${url.pathname}` });
      return;
    }
    await route.handle(req, res, url);
  }

  private async admin(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestId = randomUUID();
    let body: Record<string, unknown>;
    try {
      body = (req.headers['content-type'] ?? '').startsWith('multipart/form-data')
        ? await readMultipart(req)
        : await readJson(req);
    } catch (error) {
      sendJson(res, 200, { code: ErrorCode.InvalidParam, message: messageOf(error), requestId });
      return;
    }
    const action = typeof body.action === 'string' ? body.action : '';
    const env = url.searchParams.get('env') || (typeof body.envName === 'string' ? body.envName : '');
    const handler = this.handlers.get(action);
    if (!handler) {
      sendJson(res, 200, { code: ErrorCode.InvalidParam, message: `unknown action ${action || '(none)'}`, requestId });
      return;
    }
    if (!env) {
      sendJson(res, 200, { code: ErrorCode.InvalidEnv, message: 'env is required', requestId });
      return;
    }
    this.actionCounts.set(action, (this.actionCounts.get(action) ?? 0) + 1);
    const perEnv = this.envActionCounts.get(env) ?? new Map<string, number>();
    perEnv.set(action, (perEnv.get(action) ?? 0) + 1);
    this.envActionCounts.set(env, perEnv);
    const call: AdminCall = { action, env, body };
    try {
      const reply = await handler(call);
      if (reply instanceof BinaryReply) {
        res.writeHead(200, { 'content-type': reply.contentType, 'content-length': reply.body.length });
        res.end(reply.body);
        return;
      }
      sendJson(res, 200, { requestId, ...reply });
    } catch (error) {
      if (error instanceof CloudError) {
        sendJson(res, 200, { code: error.code, message: error.message, requestId });
        return;
      }
      this.options.log?.(`${action} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sendJson(res, 200, { code: ErrorCode.SysErr, message: messageOf(error), requestId });
    }
  }

  /** Routes for tests and tools: read and move the clock, count requests. */
  private controlRoutes(): HttpRoute[] {
    observeGc();
    return [
      {
        method: 'GET',
        prefix: '/_emulator/metrics',
        handle: async (req, res) => {
          // `?env=` counts one env's requests only (tests measure their own env on the shared cloud).
          const env = new URL(req.url ?? '/', 'http://local').searchParams.get('env');
          const counts = env === null ? this.actionCounts : (this.envActionCounts.get(env) ?? new Map<string, number>());
          sendJson(res, 200, { actions: Object.fromEntries(counts) });
        },
      },
      {
        // The local cloud's garbage collections so far (memory.ts).
        method: 'GET',
        prefix: '/_emulator/gc',
        handle: async (_req, res) => sendJson(res, 200, gcFigures()),
      },
      {
        // A full collection now (only with --expose-gc): `collected` says whether there was one.
        method: 'POST',
        prefix: '/_emulator/gc',
        handle: async (_req, res) => {
          const collected = collectGarbage();
          sendJson(res, 200, { collected, ...gcFigures() });
        },
      },
      {
        method: 'GET',
        prefix: '/_emulator/clock',
        handle: async (_req, res) => {
          sendJson(res, 200, { now: this.clock.now().toISOString(), offsetMs: this.clock.offset() });
        },
      },
      {
        method: 'POST',
        prefix: '/_emulator/clock',
        handle: async (req, res) => {
          const body = await readJson(req);
          try {
            if (typeof body.advanceMs === 'number') await this.clock.advance(body.advanceMs);
            else if (typeof body.to === 'string') await this.clock.set(new Date(body.to));
            else throw new RangeError('give advanceMs (number) or to (ISO date)');
          } catch (error) {
            sendJson(res, 400, { code: ErrorCode.InvalidParam, message: messageOf(error) });
            return;
          }
          sendJson(res, 200, { now: this.clock.now().toISOString(), offsetMs: this.clock.offset() });
        },
      },
    ];
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Parses the SDK's multipart body (used by `wx.openApi`): text parts as strings, file parts as Buffers. */
function readMultipart(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, unknown> = {};
    const parser = busboy({ headers: req.headers, limits: { fileSize: 16 * 1024 * 1024 } });
    parser.on('field', (name, value) => {
      fields[name] = value;
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        fields[name] = Buffer.concat(chunks);
      });
    });
    parser.on('close', () => resolve(fields));
    parser.on('error', reject);
    req.pipe(parser);
  });
}

