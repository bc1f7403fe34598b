import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createWxCloud } from '../../emulator/client/node';

/**
 * The Node client of the local cloud keeps connections alive. A cloud may close one while the
 * caller is busy (a page test compiles the app for seconds), and the next request then goes out on
 * it and is reset unread: the client sends it once more on a new connection. A request reset on a
 * connection of its own was not lost that way, and fails.
 */

interface Cloud {
  url: string;
  /** Connections opened to it. */
  connections: number;
  /** Requests it answered. */
  answered: number;
  close(): Promise<void>;
}

/**
 * A cloud that answers a connection's first `answerFirst` requests (0 or 1) and resets the
 * connection when the next one arrives, without reading it.
 */
async function resettingCloud(answerFirst: 0 | 1): Promise<Cloud> {
  const sockets = new Set<Socket>();
  const cloud: Cloud = { url: '', connections: 0, answered: 0, close: () => Promise.resolve() };
  const server: Server = createServer((socket) => {
    cloud.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let served = 0;
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      if (served >= answerFirst) {
        socket.resetAndDestroy();
        return;
      }
      received += chunk.toString('utf8');
      const headerEnd = received.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = Number(/content-length:\s*(\d+)/i.exec(received.slice(0, headerEnd))?.[1] ?? 0);
      if (Buffer.byteLength(received.slice(headerEnd + 4)) < length) return;
      served += 1;
      cloud.answered += 1;
      received = '';
      const body = JSON.stringify({ result: cloud.answered, requestID: `r${cloud.answered}` });
      socket.write(`HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: keep-alive\r\n\r\n${body}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cloud.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  cloud.close = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  return cloud;
}

const call = (cloud: Cloud) => createWxCloud({ baseUrl: cloud.url, env: 'client-test', openid: () => 'o-client' }).callFunction({ name: 'api', data: {} });

it('a call on a kept-alive connection the cloud reset is sent again on a new connection, once', async () => {
  const cloud = await resettingCloud(1);
  try {
    expect((await call(cloud)).result).toBe(1);
    // The second call goes out on the first call's connection, which the cloud resets unread.
    expect((await call(cloud)).result).toBe(2);
    expect(cloud.connections).toBe(2);
    expect(cloud.answered).toBe(2);
  } finally {
    await cloud.close();
  }
});

it('a call reset on a connection of its own fails, and is not sent again', async () => {
  const cloud = await resettingCloud(0);
  try {
    await expect(call(cloud)).rejects.toMatchObject({ errCode: -1, errMsg: expect.stringContaining('request:fail') });
    expect(cloud.connections).toBe(1);
    expect(cloud.answered).toBe(0);
  } finally {
    await cloud.close();
  }
});
