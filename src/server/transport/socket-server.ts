import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { ChatError } from '../../protocol/chat-error.js';
import type { AckResult, ClientToServerEvents, ServerToClientEvents } from '../../protocol/events.js';
import { MAX_FRAME_BYTES } from '../../protocol/limits.js';
import type { SessionState, UserProfile } from '../../protocol/model.js';
import type { TokenVerifier } from '../auth/tokens.js';
import type { CommandMetrics } from '../cluster/metrics.js';
import type { ClientInfo } from '../services/support/support-access.js';
import type { ServerConfig } from '../config.js';
import { ClientGate, DEFAULT_CLIENT_LIMITS } from './client-limits.js';
import { CommandQueue } from './command-queue.js';
import { SessionExpiry } from './session-expiry.js';
import { type Broadcaster, COMMANDS, type CommandOutcome, isCommand, type Services } from './commands/index.js';
import { validate } from './validate.js';
import { assertRoleMayRun } from './commands/support-commands.js';

interface SocketData {
  user: UserProfile;
  /** When the token the connection was opened with expires (ms since epoch). */
  expiresAt: number;
  /** Ends the connection at its token's expiry, which `session:renew` moves. */
  expiry: SessionExpiry;
  queue: CommandQueue;
}

/** Between nodes (through the adapter): which of these users have a connection on your node. */
export interface ClusterEvents {
  'presence:online': (users: string[], reply: (online: string[]) => void) => void;
}

export type ChatIo = Server<ClientToServerEvents, ServerToClientEvents, ClusterEvents, SocketData>;
type ChatSocket = Socket<ClientToServerEvents, ServerToClientEvents, ClusterEvents, SocketData>;

export interface SocketServerDeps {
  config: ServerConfig;
  tokens: TokenVerifier;
  services: Services;
  logger: Logger;
  metrics?: CommandMetrics;
  /** False once the server is shutting down: new connections and commands are refused from then on. */
  accepting: () => boolean;
}

/** Every connection of one user shares this room, so a user is reachable on all devices. */
export const userRoom = (userId: string) => `user:${userId}`;

/** The connections in a chat room. */
export const chatRoomChannel = (cid: string) => `chatroom:${cid}`;

export function attachSocketServer(httpServer: HttpServer, deps: SocketServerDeps): ChatIo {
  const { config, tokens, logger } = deps;
  const gate = new ClientGate({ ...DEFAULT_CLIENT_LIMITS, ...config.clientLimits });
  const io: ChatIo = new Server(httpServer, {
    maxHttpBufferSize: MAX_FRAME_BYTES,
    cors: { origin: config.allowedOrigins === '*' ? true : config.allowedOrigins },
    // `cors` only adds headers; this refuses the handshake itself from an origin not on the list.
    allowRequest: (req, callback) => {
      // A handshake accepted while shutting down (a long-poll over a kept-alive connection) would
      // hold the HTTP server open, and the shutdown with it.
      if (!deps.accepting()) return callback('shutting down', false);
      const origin = req.headers.origin;
      const allowed = config.allowedOrigins === '*' || !origin || config.allowedOrigins.includes(origin);
      callback(allowed ? null : 'origin not allowed', allowed);
    },
  });

  io.use(async (socket, next) => {
    try {
      const session = await tokens.verifySession((socket.handshake.auth as { token?: unknown }).token);
      socket.data.user = session.user;
      socket.data.expiresAt = session.expiresAt;
      // Stored before the connection is ready, so the user's first query already finds it. Not
      // stored, others only miss the latest name: no reason to refuse the connection.
      // A visitor token's name is a placeholder: it never replaces the name the visitor gave.
      await deps.services.profiles.remember(socket.data.user, { replace: socket.data.user.role !== 'visitor' }).catch((err: unknown) => {
        logger.warn({ err, user: socket.data.user.id }, 'profile not stored');
      });
      socket.data.queue = new CommandQueue();
      // Released when the engine.io connection closes, whether or not the handshake goes on to
      // connect (or already did close while the handshake was checked).
      const release = gate.openConnection(socket.data.user.id);
      if (socket.conn.readyState === 'closed') release();
      else socket.conn.once('close', release);
      next();
    } catch (error) {
      const refusal = error instanceof ChatError ? error : new ChatError('INTERNAL_ERROR');
      const err = new Error(refusal.message) as Error & { data: unknown };
      err.data = refusal.toPayload();
      next(err);
    }
  });

  io.on('connection', (socket: ChatSocket) => {
    void socket.join(userRoom(socket.data.user.id));
    socket.data.expiry = new SessionExpiry(socket, socket.data.expiresAt);
    socket.emit('session:opened', sessionState(socket.data.expiresAt));
    socket.onAny((event: string, ...args: unknown[]) => {
      const ack = args.at(-1);
      if (typeof ack !== 'function') {
        logger.warn({ event, user: socket.data.user.id }, 'command without acknowledgement ignored');
        return;
      }
      void socket.data.queue
        .run((release) => dispatch(socket, event, args.slice(0, -1), ack as (r: AckResult<unknown>) => void, release))
        // A failure past the answer (delivering to others) is this command's alone; the queue
        // goes on with the next one, and this says what went wrong.
        .catch((err: unknown) => logger.error({ err, event, user: socket.data.user.id }, 'command failed after its answer'));
    });
  });

  async function dispatch(
    socket: ChatSocket,
    event: string,
    args: unknown[],
    ack: (r: AckResult<unknown>) => void,
    releaseQueue: () => void,
  ) {
    let outcome: CommandOutcome<unknown>;
    const started = performance.now();
    const measured = (ok: boolean) =>
      deps.metrics?.commandDone(isCommand(event) ? event : 'unknown', ok, (performance.now() - started) / 1000);
    try {
      // Shutting down: what is queued commits, nothing new starts, or a stream of sends (and
      // their resends) could keep the shutdown waiting for good. The client sends it again.
      if (!deps.accepting()) throw new ChatError('SERVER_SHUTTING_DOWN');
      await gate.command(socket.data.user.id);
      const refusal = config.testHooks?.beforeCommand?.(event);
      if (refusal) throw refusal;
      if (!isCommand(event)) throw new ChatError('UNKNOWN_COMMAND', `Unknown command: ${event.slice(0, 64)}`);
      if (args.length !== 1) throw new ChatError('INVALID_PAYLOAD', 'Send exactly one payload object', { field: '' });
      assertRoleMayRun(socket.data.user, event);
      const command = COMMANDS[event];
      const payload = validate(command.schema, args[0]);
      const broadcast: Broadcaster = {
        toUsers: (users, name, ...eventArgs) => {
          if (users.length > 0) socket.to(users.map(userRoom)).emit(name, ...eventArgs);
        },
        toRoom: (cid, name, ...eventArgs) => {
          socket.to(chatRoomChannel(cid)).emit(name, ...eventArgs);
        },
      };
      outcome = await command.run(
        {
          user: socket.data.user,
          services: deps.services,
          broadcast,
          socketId: socket.id,
          releaseQueue,
          client: clientInfo(socket),
          renewSession: (token) => renewSession(socket, token),
        },
        payload as never,
      );
    } catch (error) {
      ack({ ok: false, error: toSafeError(error, event, socket.data.user.id).toPayload() });
      measured(false);
      return;
    }
    if (config.testHooks?.beforeAck?.(event, outcome.data) !== false) ack({ ok: true, data: outcome.data });
    measured(true);
    outcome.afterAck?.();
  }

  /** A fresh token must name the connection's user: a connection never changes hands. */
  async function renewSession(socket: ChatSocket, token: string): Promise<SessionState> {
    const session = await tokens.verifySession(token);
    if (session.user.id !== socket.data.user.id) throw new ChatError('INVALID_LOGIN', 'The token names another user', { field: 'token' });
    socket.data.expiry.extendTo(session.expiresAt);
    return sessionState(socket.data.expiry.expiresAt);
  }

  /** The token's remaining lifetime by the clock that ends the connection (SessionExpiry's). */
  function sessionState(expiresAt: number): SessionState {
    return { now: config.clock.now(), expiresAt, expiresIn: Math.max(0, expiresAt - Date.now()) };
  }

  function clientInfo(socket: ChatSocket): ClientInfo {
    const userAgent = socket.handshake.headers['user-agent'];
    return userAgent ? { ip: socket.handshake.address, userAgent } : { ip: socket.handshake.address };
  }

  function toSafeError(error: unknown, event: string, user: string): ChatError {
    if (error instanceof ChatError) return error;
    // Internals never reach a client: log the real error, answer with a generic one.
    logger.error({ err: error, event, user }, 'command failed');
    return new ChatError('INTERNAL_ERROR');
  }

  return io;
}
