import type { Logger } from 'pino';
import type { Socket } from 'socket.io';
import type { ChatIo } from './socket-server.js';

export interface SlowConsumerLimits {
  /** Bytes waiting to be written to one connection beyond which it is cut. */
  maxBufferedBytes: number;
  /** How often connections are looked at. */
  intervalMs: number;
}

export const DEFAULT_SLOW_CONSUMER_LIMITS: SlowConsumerLimits = { maxBufferedBytes: 4 * 1024 * 1024, intervalMs: 1000 };

/** A socket.io connection's engine.io socket, which holds its transport. */
type EngineSocket = Socket['conn'];

/**
 * Cuts connections that stopped reading. A push is written to every member's connection at once,
 * so a client that no longer reads (a frozen tab, a stalled network) makes the server hold
 * everything sent its way, without limit. A connection with more than `maxBufferedBytes`
 * waiting is dropped, its buffers with it; the client reconnects when it can and fills the gap
 * from the store. Nothing is lost: every message is committed before it is pushed.
 */
export class SlowConsumerGuard {
  private readonly timer: ReturnType<typeof setInterval>;
  /** Per connection: bytes engine.io queued since it last handed its queue to the transport. */
  private readonly queued = new WeakMap<EngineSocket, { bytes: number }>();
  /** Connections cut since the start (a metric). */
  cut = 0;

  constructor(
    private readonly io: ChatIo,
    private readonly limits: SlowConsumerLimits,
    private readonly logger: Logger,
  ) {
    io.on('connection', (socket) => this.watch(socket.conn));
    this.timer = setInterval(() => this.check(), limits.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /**
   * engine.io queues packets while its transport is busy and hands them over in one go when it
   * is free again ('drain'); a transport whose reader is gone is never free again.
   */
  private watch(connection: EngineSocket): void {
    const queued = { bytes: 0 };
    this.queued.set(connection, queued);
    connection.on('packetCreate', (packet: { data?: unknown }) => (queued.bytes += byteSize(packet.data)));
    connection.on('drain', () => (queued.bytes = 0));
  }

  private check(): void {
    for (const socket of this.io.sockets.sockets.values()) {
      const websocket = websocketOf(socket.conn);
      const waiting = (this.queued.get(socket.conn)?.bytes ?? 0) + (websocket?.bufferedAmount ?? 0);
      if (waiting <= this.limits.maxBufferedBytes) continue;
      this.cut++;
      this.logger.warn({ user: socket.data.user.id, waiting }, 'connection cut: it stopped reading');
      // Closing politely would queue the close behind what is already waiting; drop it all.
      socket.conn.close(true);
      websocket?.terminate();
    }
  }
}

/** What a WebSocket connection has not handed to the network yet, and how to drop it. */
interface WebSocketLike {
  bufferedAmount: number;
  terminate(): void;
}

function websocketOf(connection: EngineSocket): WebSocketLike | undefined {
  const socket = (connection.transport as { socket?: Partial<WebSocketLike> }).socket;
  return typeof socket?.terminate === 'function' && typeof socket.bufferedAmount === 'number' ? (socket as WebSocketLike) : undefined;
}

function byteSize(data: unknown): number {
  if (typeof data === 'string') return data.length;
  return data instanceof ArrayBuffer || ArrayBuffer.isView(data) ? data.byteLength : 0;
}
