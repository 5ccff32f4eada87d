import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

/**
 * A socket.io connection spoken by hand over a WebSocket (engine.io v4, socket.io v5 text
 * frames), so packets can be anything at all, not only what socket.io-client would write.
 */
export class RawConnection {
  private acks = new Map<number, (frame: string | undefined) => void>();
  private nextAck = 1_000_000;
  closed = false;

  private constructor(private readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const frame = data.toString();
      if (frame === '2') ws.send('3'); // the server's ping
      const ack = /^43(\d+)/.exec(frame);
      if (ack) this.acks.get(Number(ack[1]))?.(frame);
    });
    const closed = () => {
      this.closed = true;
      for (const answer of this.acks.values()) answer(undefined);
    };
    ws.on('close', closed);
    ws.on('error', closed);
  }

  static async open(url: string, token: string): Promise<RawConnection> {
    const ws = new WebSocket(`${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const connection = new RawConnection(ws);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no namespace connect')), 5000);
      ws.on('message', (data) => {
        const frame = data.toString();
        if (frame.startsWith('0{')) ws.send(`40${JSON.stringify({ token })}`);
        if (frame.startsWith('40{')) {
          clearTimeout(timer);
          resolve();
        }
      });
      ws.once('error', reject);
    });
    return connection;
  }

  send(frame: string | Buffer): void {
    if (!this.closed) this.ws.send(frame);
  }

  /** A well-formed command; resolves with the ack frame, or undefined once the connection closed. */
  request(event: string, payload: unknown): Promise<string | undefined> {
    const id = this.nextAck++;
    if (this.closed) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${event} in 5 s, connection open`)), 5000);
      this.acks.set(id, (frame) => {
        clearTimeout(timer);
        this.acks.delete(id);
        resolve(frame);
      });
      this.send(`42${id}${JSON.stringify([event, payload])}`);
    });
  }

  /** Stops reading from the network, as a frozen tab or a stalled link would; the server's writes pile up. */
  stopReading(): void {
    (this.ws as unknown as { _socket: Socket })._socket.pause();
  }

  close(): void {
    this.ws.terminate();
  }
}
