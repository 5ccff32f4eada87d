import { io, type Socket } from 'socket.io-client';
import { ChatError } from '../protocol/chat-error.js';
import type { ErrorPayload } from '../protocol/errors.js';
import type {
  AckResult,
  ClientToServerEvents,
  CommandName,
  CommandPayload,
  CommandResult,
  ServerToClientEvents,
} from '../protocol/events.js';
import { ServerClock } from './server-clock.js';

export type ConnectionState = 'connecting' | 'online' | 'offline' | 'reconnecting';

export type TokenProvider = () => string | Promise<string>;

export interface TransportOptions {
  server: string;
  tokenProvider: TokenProvider;
  /** Whether the provider can hand out a fresh token (false: one fixed token, not worth retrying once expired). */
  tokenRenews: boolean;
  /** How long a command may wait for its acknowledgement. */
  ackTimeoutMs?: number;
}

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/**
 * The socket.io connection: commands as promises that resolve with data or reject with a
 * ChatError, pushes as events, and a connection state. Commands are never buffered while
 * offline; the outbox decides what to resend.
 */
export class Transport extends EventTarget {
  /** The server's time, learnt on every connection. */
  readonly clock = new ServerClock();
  private readonly socket: ChatSocket;
  private readonly ackTimeoutMs: number;
  private currentState: ConnectionState = 'connecting';
  private everConnected = false;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private retryDelayMs = 500;

  constructor(options: TransportOptions) {
    super();
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.socket = io(options.server, {
      // A fresh token on every (re)connect, so an expiring token can be renewed.
      auth: (cb) => {
        Promise.resolve(options.tokenProvider()).then(
          (token) => cb({ token }),
          () => cb({ token: '' }),
        );
      },
      autoConnect: false,
      // WebSocket straight away: no polling handshake and upgrade while a page opens. Networks
      // that block WebSocket still get long-polling, tried when the WebSocket fails.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
    });
    this.socket.on('connect', () => {
      this.everConnected = true;
      this.retryDelayMs = 500;
      this.setState('online');
    });
    this.socket.on('session:opened', (session) => this.clock.observe(session.now));
    this.socket.on('disconnect', (reason) => {
      // A server-side or client-side close does not reconnect by itself; everything else does.
      this.setState(reason === 'io client disconnect' ? 'offline' : 'reconnecting');
      if (reason === 'io server disconnect') this.scheduleReconnect();
    });
    this.socket.on('connect_error', (error: Error & { data?: ErrorPayload }) => {
      if (error.data) {
        // Refused by the server: socket.io does not retry these by itself. An expired token may
        // be renewed by the token provider (if it can); a retryable refusal (a passing failure,
        // too many connections open) may pass.
        const refusal = ChatError.fromPayload(error.data);
        this.dispatchEvent(new CustomEvent('error', { detail: refusal }));
        this.setState('offline');
        const expired = refusal.name === 'SESSION_TOKEN_EXPIRED';
        if ((expired && options.tokenRenews) || refusal.retryable) this.scheduleReconnect();
        // The one token there is will be refused again: the page needs a fresh one.
        else if (expired) this.dispatchEvent(new Event('sessionexpired'));
        return;
      }
      // Unreachable: socket.io keeps trying in the background.
      this.setState(this.everConnected ? 'reconnecting' : 'offline');
    });
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  connect(): void {
    this.socket.connect();
  }

  close(): void {
    clearTimeout(this.retryTimer);
    this.socket.disconnect();
    this.setState('offline');
  }

  /** Closes and reopens the connection (used to recover quickly after the page comes back). */
  reconnectNow(): void {
    if (this.socket.connected || this.currentState === 'offline') return;
    this.socket.disconnect().connect();
  }

  on<E extends keyof ServerToClientEvents>(event: E, listener: ServerToClientEvents[E]): void {
    this.socket.on(event, listener as never);
  }

  async request<C extends CommandName>(command: C, payload: CommandPayload<C>): Promise<CommandResult<C>> {
    if (!this.socket.connected) throw new ChatError('CLIENT_OFFLINE');
    let result: AckResult<CommandResult<C>>;
    try {
      const timed = this.socket.timeout(this.ackTimeoutMs);
      const emit = timed.emitWithAck as (event: string, payload: unknown) => Promise<AckResult<CommandResult<C>>>;
      result = await emit.call(timed, command, payload);
    } catch {
      throw new ChatError('ACK_TIMEOUT');
    }
    if (!result.ok) throw ChatError.fromPayload(result.error);
    return result.data;
  }

  private scheduleReconnect(): void {
    clearTimeout(this.retryTimer);
    const delay = this.retryDelayMs * (0.75 + Math.random() / 2);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, 30_000);
    this.retryTimer = setTimeout(() => this.socket.connect(), delay);
  }

  private setState(state: ConnectionState): void {
    if (state === this.currentState) return;
    this.currentState = state;
    this.dispatchEvent(new CustomEvent('statechange', { detail: state }));
  }
}
