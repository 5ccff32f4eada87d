import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy in front of the server whose connections the tests can cut at will, as a train
 * tunnel or a flaky Wi-Fi would: both ends see the connection drop with no close handshake.
 */
export class FlakyProxy {
  private readonly server: Server;
  /** Each proxied connection: the client's socket and the one to the server. */
  private readonly pairs = new Set<[Socket, Socket]>();
  /** Until when new connections are dropped as they come (a network that stays down). */
  private downUntil = 0;

  constructor(targetPort: () => number) {
    this.server = createServer((client) => {
      if (performance.now() < this.downUntil) {
        client.destroy();
        return;
      }
      const upstream = connect(targetPort(), '127.0.0.1');
      const pair: [Socket, Socket] = [client, upstream];
      this.pairs.add(pair);
      const drop = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      for (const socket of pair) socket.on('error', drop).on('close', drop);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Drops every connection through the proxy, and any new one for `holdMs`; returns how many there were. */
  cut(holdMs = 0): number {
    this.downUntil = performance.now() + holdMs;
    const count = this.pairs.size;
    for (const pair of [...this.pairs]) for (const socket of pair) socket.destroy();
    return count;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
