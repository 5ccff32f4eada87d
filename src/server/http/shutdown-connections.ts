import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** How long a shutdown waits for open connections before cutting them. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Lets the HTTP server's close finish. `server.close()` waits for every open connection, and a
 * client that keeps retrying over a kept-alive one (socket.io reconnecting by long-polling, a
 * browser reusing its pool) would hold that wait open for as long as it retries (nodejs/node#2642).
 * Once the server is no longer accepting, a connection ends with the request it is serving: a
 * request that arrives then is answered with `Connection: close`, and one that was already being
 * served closes its connection when its response is done. Whatever is still open after the grace
 * period is cut: a stalled request, or a WebSocket that never closed (an upgraded socket is no
 * longer the HTTP server's to close, so every socket is tracked here).
 */
export class ConnectionShutdown {
  private readonly open = new Set<Socket>();

  constructor(
    private readonly server: Server,
    accepting: () => boolean,
  ) {
    server.on('connection', (socket: Socket) => {
      this.open.add(socket);
      socket.once('close', () => this.open.delete(socket));
    });
    // Prepended, so it runs before socket.io's and Fastify's handlers write their headers.
    server.prependListener('request', (_request, response) => {
      if (!accepting()) response.setHeader('connection', 'close');
      else response.once('finish', () => !accepting() && server.closeIdleConnections());
    });
  }

  /** Waits for `closed` (the server's close), cutting the connections still open after `graceMs`. */
  async closeWithin(closed: Promise<void>, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
    const cut = setTimeout(() => {
      for (const socket of this.open) socket.destroy();
    }, graceMs);
    try {
      await closed;
    } finally {
      clearTimeout(cut);
    }
  }
}
