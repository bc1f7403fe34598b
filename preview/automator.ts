/**
 * miniprogram-automator's protocol for the browser preview. WeChat DevTools speaks JSON-RPC over a
 * WebSocket (`automator.connect({ wsEndpoint })`); here the preview server accepts that socket and
 * relays every request to a preview page in a browser, which runs it on the real pages
 * (preview/client/automator.ts), and relays the answer and the page's notifications back.
 *
 * Pairing is by session name. A scenario opens the preview page with `?automator=<session>`, and
 * connects to `ws://<preview>/automator?session=<session>` (no session: the `default` one, which a
 * page opened with `?automator=1` joins). Requests that arrive before the page has joined wait for
 * it, up to `pageTimeoutMs`; a page that reloads (the user switcher does) rejoins its session and
 * the next requests go to it. A newer page joining a session takes it over from the older one.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';

/** Where automator clients connect. */
export const AUTOMATOR_PATH = '/automator';
/** Where preview pages connect. */
export const AUTOMATOR_PAGE_PATH = '/automator/page';
export const DEFAULT_SESSION = 'default';
const SESSION_NAME = /^[\w.-]{1,100}$/;
/** Close code telling a page that a newer page took its session over. */
export const REPLACED_CODE = 4001;

export interface AutomatorOptions {
  /** How long a request waits for a page to join its session (default 60 s). */
  pageTimeoutMs?: number;
}

export interface AutomatorHub {
  /** Closes every automator and page socket (the HTTP server waits for them otherwise). */
  close(): void;
}

/** The automator endpoint of a preview at `previewUrl` (http://127.0.0.1:port) for one session. */
export function automatorEndpoint(previewUrl: string, session: string = DEFAULT_SESSION): string {
  const url = new URL(AUTOMATOR_PATH, previewUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  if (session !== DEFAULT_SESSION) url.searchParams.set('session', session);
  return url.toString();
}

interface Message {
  id?: string | number;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { message: string };
}

interface Waiting {
  client: WebSocket;
  request: Message;
  timer: NodeJS.Timeout;
}

interface Session {
  name: string;
  page?: WebSocket;
  clients: Set<WebSocket>;
  /** Requests waiting for a page. */
  waiting: Waiting[];
  /** Requests sent to the page, by the id the page sees (clients' ids may collide). */
  sent: Map<number, { client: WebSocket; id: string | number; method: string }>;
}

function parse(data: RawData): Message | undefined {
  try {
    const message = JSON.parse(data.toString()) as unknown;
    return message && typeof message === 'object' ? (message as Message) : undefined;
  } catch {
    return undefined;
  }
}

function reply(client: WebSocket, message: Message): void {
  if (client.readyState === WebSocket.OPEN) client.send(JSON.stringify(message));
}

const LOOPBACK = ['127.0.0.1', 'localhost', '[::1]'];

/**
 * Browsers send an Origin with every WebSocket: only the preview's own page, reached by a loopback
 * name, may connect, so no other site open in the same browser (nor one rebinding its DNS name to
 * this machine) can drive the mini-program. Node clients send no Origin.
 */
function originAllowed(req: IncomingMessage, page: boolean): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return !page;
  try {
    const from = new URL(origin);
    return from.host === req.headers.host && LOOPBACK.includes(from.hostname);
  } catch {
    return false;
  }
}

export function attachAutomator(server: Server, options: AutomatorOptions = {}): AutomatorHub {
  const pageTimeoutMs = options.pageTimeoutMs ?? 60_000;
  const wss = new WebSocketServer({ noServer: true });
  const sessions = new Map<string, Session>();
  let nextId = 1;

  const sessionNamed = (name: string): Session => {
    let session = sessions.get(name);
    if (!session) {
      session = { name, clients: new Set(), waiting: [], sent: new Map() };
      sessions.set(name, session);
    }
    return session;
  };
  const forgetIfIdle = (session: Session): void => {
    if (!session.page && session.clients.size === 0) sessions.delete(session.name);
  };

  const forward = (session: Session, client: WebSocket, request: Message): void => {
    const id = nextId++;
    session.sent.set(id, { client, id: request.id!, method: request.method! });
    session.page!.send(JSON.stringify({ id, method: request.method, params: request.params ?? {} }));
  };

  const joinClient = (session: Session, client: WebSocket): void => {
    session.clients.add(client);
    client.on('message', (data) => {
      const request = parse(data);
      if (!request || request.id === undefined || typeof request.method !== 'string') return;
      if (session.page?.readyState === WebSocket.OPEN) return forward(session, client, request);
      const timer = setTimeout(() => {
        session.waiting = session.waiting.filter((entry) => entry.timer !== timer);
        reply(client, {
          id: request.id,
          error: {
            message:
              `no preview page has joined automator session "${session.name}" within ${Math.round(pageTimeoutMs / 1000)} s: ` +
              `open the preview with ?automator=${session.name === DEFAULT_SESSION ? '1' : session.name}`,
          },
        });
      }, pageTimeoutMs);
      session.waiting.push({ client, request, timer });
    });
    client.on('close', () => {
      session.clients.delete(client);
      session.waiting = session.waiting.filter((entry) => {
        if (entry.client === client) clearTimeout(entry.timer);
        return entry.client !== client;
      });
      forgetIfIdle(session);
    });
  };

  const failSent = (session: Session, why: string): void => {
    for (const entry of session.sent.values()) reply(entry.client, { id: entry.id, error: { message: `${entry.method}: ${why}` } });
    session.sent.clear();
  };

  const joinPage = (session: Session, page: WebSocket): void => {
    const previous = session.page;
    if (previous) {
      failSent(session, 'a newer preview page took the session over before answering');
      previous.close(REPLACED_CODE, 'a newer preview page joined this automator session');
    }
    session.page = page;
    page.on('message', (data) => {
      const message = parse(data);
      if (!message) return;
      if (message.id === undefined) {
        // A notification (App.logAdded, App.exceptionThrown, App.bindingCalled): every client hears it.
        for (const client of session.clients) reply(client, { method: message.method, params: message.params });
        return;
      }
      const entry = session.sent.get(Number(message.id));
      if (!entry || session.page !== page) return;
      session.sent.delete(Number(message.id));
      reply(entry.client, message.error ? { id: entry.id, error: message.error } : { id: entry.id, result: message.result ?? {} });
    });
    page.on('close', () => {
      if (session.page !== page) return;
      session.page = undefined;
      failSent(session, 'the preview page closed (reloaded or navigated away) before answering');
      forgetIfIdle(session);
    });
    for (const entry of session.waiting.splice(0)) {
      clearTimeout(entry.timer);
      if (entry.client.readyState === WebSocket.OPEN) forward(session, entry.client, entry.request);
    }
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(req.url ?? '/', 'http://preview');
    const isPage = url.pathname === AUTOMATOR_PAGE_PATH;
    if (!isPage && url.pathname !== AUTOMATOR_PATH) {
      // Another listener may own this path; with none, the socket would hang.
      if (server.listenerCount('upgrade') === 1) socket.destroy();
      return;
    }
    const name = url.searchParams.get('session') || DEFAULT_SESSION;
    const refuse = (status: string): void => {
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    };
    if (!SESSION_NAME.test(name)) return refuse('400 Bad Request');
    if (!originAllowed(req, isPage)) return refuse('403 Forbidden');
    wss.handleUpgrade(req, socket, head, (ws) => (isPage ? joinPage(sessionNamed(name), ws) : joinClient(sessionNamed(name), ws)));
  };
  server.on('upgrade', onUpgrade);

  return {
    close: () => {
      server.off('upgrade', onUpgrade);
      for (const session of sessions.values()) {
        for (const entry of session.waiting) clearTimeout(entry.timer);
        session.waiting = [];
      }
      for (const ws of wss.clients) ws.terminate();
      sessions.clear();
      wss.close();
    },
  };
}
