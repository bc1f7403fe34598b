import type { IncomingMessage, ServerResponse } from 'node:http';
import type { IndexManifest } from '../typings/indexes';
import type { Clock } from './clock';

/** A subscribe-message template as declared in the local configuration. */
export interface TemplateSpec {
  title?: string;
  /** key (e.g. `thing1`) → field kind (`thing`, `time`, `phrase`, …). */
  fields: Record<string, string>;
}

export interface LocalCloudConfig {
  /** The mini-program's appid as `getWXContext().APPID` reports it. */
  appId: string;
  /** Subscribe-message templates by template id. */
  subscribeTemplates: Record<string, TemplateSpec>;
  /** Words `security.msgSecCheck` treats as risky. */
  riskyWords: string[];
  /** Environment variables per function name, as set in the cloud console (云函数 → 环境变量). */
  functionEnvironment: Record<string, Record<string, string>>;
  /** The database's declared indexes (the project's `config/indexes.json`). */
  indexes: IndexManifest;
  /** Refuse queries on large declared collections that no index serves, instead of warning. */
  strictIndexes: boolean;
}

/** One call to the `/admin` endpoint, as the SDK sends it. */
export interface AdminCall {
  action: string;
  /** The env id from `?env=` or the body's `envName`. */
  env: string;
  /** JSON body fields; for multipart requests text parts are strings and binary parts Buffers. */
  body: Record<string, unknown>;
}

/** A reply that is not JSON (the OpenAPI answers in protobuf). */
export class BinaryReply {
  constructor(
    readonly body: Buffer,
    readonly contentType: string,
  ) {}
}

/** JSON fields of a successful reply (`requestId` is added by the server). */
export type AdminReply = Record<string, unknown> | BinaryReply;

/** Throw a `CloudError` to answer `{ code, message }`. */
export type AdminHandler = (call: AdminCall) => Promise<AdminReply> | AdminReply;

export interface HttpRoute {
  method: 'GET' | 'PUT' | 'POST' | 'DELETE';
  /** Path prefix, e.g. `/cos/`; the longest matching prefix wins. */
  prefix: string;
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void>;
}

export interface ServiceContext {
  clock: Clock;
  dataDir: string;
  config: LocalCloudConfig;
  /** `http://127.0.0.1:<port>`, known once the server listens. */
  baseUrl(): string;
  log(message: string): void;
  /** Warnings a developer should see even when the local cloud runs quietly (unindexed queries). */
  warn(message: string): void;
}

/** A part of the local cloud: the SDK actions it answers and any other HTTP routes it serves. */
export interface Service {
  handlers?: Record<string, AdminHandler>;
  routes?: HttpRoute[];
  /** Runs once the server listens (e.g. to start timers). */
  start?(): Promise<void> | void;
  close?(): Promise<void> | void;
}
