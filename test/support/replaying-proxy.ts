import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { seededRandom } from './seeded-random.js';

export interface ReplayOptions {
  /** The share of socket.io events and acks sent twice, each way. */
  duplicate: number;
  /** Each frame is held up to this long (in order: a later frame never overtakes an earlier one). */
  maxDelayMs: number;
  seed: number;
}

/**
 * A TCP proxy in front of the server that, once a connection is a WebSocket, sends some
 * socket.io events and acks twice and holds every frame for a random while, both ways: what a
 * replaying middlebox or a retrying load balancer does. Order is kept, as TCP keeps it.
 */
export class ReplayingProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private readonly random: () => number;
  /** Frames sent twice so far. */
  duplicated = 0;

  constructor(
    targetPort: () => number,
    private readonly options: ReplayOptions,
  ) {
    this.random = seededRandom(options.seed);
    this.server = createServer((client) => {
      const upstream = connect(targetPort(), '127.0.0.1');
      const drop = () => {
        for (const socket of [client, upstream]) {
          this.sockets.delete(socket);
          socket.destroy();
        }
      };
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('error', drop).on('close', drop);
      }
      const toServer = new FramePump(upstream, this);
      const toClient = new FramePump(client, this);
      client.on('data', (chunk: Buffer) => toServer.push(chunk));
      upstream.on('data', (chunk: Buffer) => toClient.push(chunk));
    });
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  /** Whether to send this frame twice. */
  replays(frame: Buffer): boolean {
    if (!isEventOrAck(frame) || this.random() >= this.options.duplicate) return false;
    this.duplicated++;
    return true;
  }

  delay(): number {
    return this.random() * this.options.maxDelayMs;
  }
}

/** One direction of a connection: the HTTP upgrade as it comes, then whole WebSocket frames. */
class FramePump {
  private pending = Buffer.alloc(0);
  private upgraded = false;
  private releaseAt = 0;

  constructor(
    private readonly to: Socket,
    private readonly proxy: ReplayingProxy,
  ) {}

  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    if (!this.upgraded) {
      const end = this.pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      this.send(this.pending.subarray(0, end + 4));
      this.pending = this.pending.subarray(end + 4);
      this.upgraded = true;
    }
    for (let length = frameLength(this.pending); length !== undefined; length = frameLength(this.pending)) {
      const frame = this.pending.subarray(0, length);
      this.pending = this.pending.subarray(length);
      this.send(frame);
      if (this.proxy.replays(frame)) this.send(frame);
    }
  }

  private send(bytes: Buffer): void {
    this.releaseAt = Math.max(this.releaseAt, performance.now() + this.proxy.delay());
    setTimeout(() => {
      if (!this.to.destroyed) this.to.write(bytes);
    }, this.releaseAt - performance.now());
  }
}

/** The length of the whole WebSocket frame at the start of `buffer`, once all of it is there. */
function frameLength(buffer: Buffer): number | undefined {
  if (buffer.length < 2) return undefined;
  let length = buffer[1]! & 0x7f;
  let header = 2;
  if (length === 126) {
    if (buffer.length < 4) return undefined;
    length = buffer.readUInt16BE(2);
    header = 4;
  } else if (length === 127) {
    if (buffer.length < 10) return undefined;
    length = Number(buffer.readBigUInt64BE(2));
    header = 10;
  }
  if (buffer[1]! & 0x80) header += 4; // the client's masking key
  return buffer.length >= header + length ? header + length : undefined;
}

/** A whole text frame carrying a socket.io EVENT or ACK (engine.io "4", then socket.io "2" or "3"). */
function isEventOrAck(frame: Buffer): boolean {
  const fin = (frame[0]! & 0x80) !== 0;
  const text = (frame[0]! & 0x0f) === 1;
  if (!fin || !text) return false;
  const masked = (frame[1]! & 0x80) !== 0;
  const length = frame[1]! & 0x7f;
  const header = (length === 126 ? 4 : length === 127 ? 10 : 2) + (masked ? 4 : 0);
  if (frame.length < header + 2) return false;
  const byte = (i: number) => (masked ? frame[header + i]! ^ frame[header - 4 + i]! : frame[header + i]!);
  return byte(0) === 0x34 && (byte(1) === 0x32 || byte(1) === 0x33);
}
