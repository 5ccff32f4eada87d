import assert from 'node:assert/strict';
import { Agent, createServer, get, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { ConnectionShutdown } from '../../../src/server/http/shutdown-connections.js';

/** A server whose first request waits for `release()`; later ones are answered at once. */
async function serverHoldingFirstRequest() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let arrived!: () => void;
  const firstArrived = new Promise<void>((resolve) => (arrived = resolve));
  let requests = 0;
  const server = createServer((_request, response) => {
    if (requests++ > 0) return void response.end('ok');
    arrived();
    void released.then(() => response.end('first'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return { server, url, release, firstArrived };
}

function fetchOver(agent: Agent, url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => resolve(response));
    }).on('error', reject);
  });
}

function closeOf(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/**
 * A kept-alive client's first request is being served when the server stops accepting and
 * starts closing; answers once that request is done, with the close still in progress.
 */
async function closeWhileServingFirstRequest(configure?: (server: Server) => void) {
  const { server, url, release, firstArrived } = await serverHoldingFirstRequest();
  configure?.(server);
  let accepting = true;
  new ConnectionShutdown(server, () => accepting);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const first = fetchOver(agent, url);
  await firstArrived;
  accepting = false;
  const closing = closeOf(server);
  release();
  await first;
  return { agent, url, closing };
}

describe('shutdown connections', () => {
  it('ends a kept-alive connection with its current request once closing, so a retrying client cannot hold the close', async () => {
    const { agent, url, closing } = await closeWhileServingFirstRequest();
    let closed = false;
    void closing.then(() => (closed = true));
    try {
      // A client retrying over the same connection, as socket.io's long-polling does; bounded.
      for (let attempt = 0; attempt < 200 && !closed; attempt++) {
        await fetchOver(agent, url).catch(() => undefined);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      assert.equal(closed, true, 'the server closed while the client was still retrying');
      await closing;
    } finally {
      agent.destroy();
    }
  });

  it('closes a connection whose request was being served when closing began, once its response is done', { timeout: 5000 }, async () => {
    // Fastify keeps idle connections 72 s: a connection left open after its response would hold the close that long.
    const { agent, closing } = await closeWhileServingFirstRequest((server) => (server.keepAliveTimeout = 60_000));
    try {
      // The client sends nothing more: the connection is not reused, yet the close ends.
      await closing;
    } finally {
      agent.destroy();
    }
  });

  it('keeps connections alive while accepting', async () => {
    const { server, url, release } = await serverHoldingFirstRequest();
    new ConnectionShutdown(server, () => true);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    release();
    try {
      assert.equal((await fetchOver(agent, url)).headers.connection, 'keep-alive');
    } finally {
      agent.destroy();
      server.closeAllConnections();
      await closeOf(server);
    }
  });

  it('cuts a connection whose request is still open after the grace period', async () => {
    const { server, url, firstArrived } = await serverHoldingFirstRequest();
    const shutdown = new ConnectionShutdown(server, () => false);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const stalled = fetchOver(agent, url).then(
        () => 'answered',
        (error: NodeJS.ErrnoException) => error.code,
      );
      await firstArrived;
      await shutdown.closeWithin(closeOf(server), 50);
      assert.equal(await stalled, 'ECONNRESET');
    } finally {
      agent.destroy();
    }
  });

  it('cuts a WebSocket-style upgraded socket left open after the grace period', async () => {
    const server = createServer();
    const shutdown = new ConnectionShutdown(server, () => false);
    // Upgraded sockets are kept open and are no longer the HTTP server's to close.
    server.on('upgrade', (_request, socket) => socket.write('HTTP/1.1 101 Switching Protocols\r\nupgrade: test\r\nconnection: upgrade\r\n\r\n'));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const upgraded = await new Promise<import('node:net').Socket>((resolve, reject) => {
      request({ port, host: '127.0.0.1', headers: { connection: 'upgrade', upgrade: 'test' } })
        .on('upgrade', (_response, socket) => resolve(socket))
        .on('error', reject)
        .end();
    });
    const ended = new Promise((resolve) => upgraded.once('close', resolve));
    server.closeAllConnections();
    await shutdown.closeWithin(closeOf(server), 50);
    await ended;
  });
});
