import type { Server } from 'node:http';

/** How long a shutdown waits for open HTTP connections before cutting them. */
export const SHUTDOWN_GRACE_MS = 10_000;

/**
 * Lets the HTTP server's close finish. `server.close()` waits for every open connection, and a
 * client that keeps retrying over a kept-alive one (socket.io reconnecting by long-polling, a
 * browser reusing its pool) would hold that wait open for as long as it retries (nodejs/node#2642).
 * Once the server is no longer accepting, a connection ends with the request it is serving: a
 * request that arrives then is answered with `Connection: close`, and one that was already being
 * served closes its connection when its response is done.
 */
export function endConnectionsWhenClosing(server: Server, accepting: () => boolean): void {
  // Prepended, so it runs before socket.io's and Fastify's handlers write their headers.
  server.prependListener('request', (_request, response) => {
    if (!accepting()) response.setHeader('connection', 'close');
    else response.once('finish', () => !accepting() && server.closeIdleConnections());
  });
}

/** Waits for `closed`; connections still open after `graceMs` (a stalled request) are cut. */
export async function closeWithin(server: Server, closed: Promise<void>, graceMs = SHUTDOWN_GRACE_MS): Promise<void> {
  const cut = setTimeout(() => server.closeAllConnections(), graceMs);
  try {
    await closed;
  } finally {
    clearTimeout(cut);
  }
}
