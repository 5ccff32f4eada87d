import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io as connectSocket, type Socket } from 'socket.io-client';
import type { AckResult, ClientToServerEvents, CommandName, CommandPayload, CommandResult, ServerToClientEvents } from '../../src/protocol/events.js';
import type { ErrorPayload } from '../../src/protocol/errors.js';
import type { UserProfile } from '../../src/protocol/model.js';
import { type ChatServer, createChatServer, DEFAULT_SERVER_LIMITS, type ServerConfig, systemClock } from '../../src/server/index.js';
import { createLogger } from '../../src/server/logger.js';
import { testDatabaseUrl } from './test-database.js';

export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export const TEST_SECRET = 'test-secret-test-secret-test-secret-0123';

export interface TestServer {
  server: ChatServer;
  url: string;
  dataDir: string;
  /** Set when the suite runs on PostgreSQL (PARLEY_TEST_DATABASE=postgres); SQLite in `dataDir` otherwise. */
  databaseUrl?: string;
  token(user: string, name?: string): Promise<string>;
  /** A connected socket for `user` (an id, named after itself, or a whole profile); closed with the server. */
  connect(user: string | UserProfile): Promise<TestSocket>;
  /** Stops the server, keeping its data folder (for restart tests). */
  stop(): Promise<void>;
  /** Stops the server and deletes its data. */
  close(): Promise<void>;
}

/**
 * A real Parley server on 127.0.0.1, random port, SQLite in a temp folder, or with
 * PARLEY_TEST_DATABASE=postgres a fresh PostgreSQL database (the same one again for the same `dataDir`).
 */
export async function startTestServer(overrides: Partial<ServerConfig> = {}): Promise<TestServer> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-'));
  const databaseUrl = overrides.databaseUrl ?? (await testDatabaseUrl(dataDir));
  const server = await createChatServer(
    {
      host: '127.0.0.1',
      port: 0,
      dataDir,
      secret: TEST_SECRET,
      demo: true,
      allowedOrigins: '*',
      limits: DEFAULT_SERVER_LIMITS,
      clock: systemClock,
      ...(databaseUrl ? { databaseUrl } : {}),
      ...overrides,
    },
    createLogger(process.env.LOG_LEVEL ?? 'silent'),
  );
  const sockets: TestSocket[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    for (const s of sockets) s.disconnect();
    await server.close();
  };
  return {
    server,
    url: server.url,
    dataDir,
    ...(databaseUrl ? { databaseUrl } : {}),
    token: (user, name = user) => server.tokens.sign({ id: user, name }),
    async connect(user) {
      const profile = typeof user === 'string' ? { id: user, name: user } : user;
      const socket = await connectWithToken(server.url, await server.tokens.sign(profile));
      sockets.push(socket);
      return socket;
    },
    stop,
    async close() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Connects, resolving once the server accepted the handshake, or rejecting with its refusal. */
export function connectWithToken(url: string, token: unknown): Promise<TestSocket> {
  const socket: TestSocket = connectSocket(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error: Error & { data?: ErrorPayload }) => {
      socket.close();
      reject(error);
    });
  });
}

/** Sends a command and returns the raw ack. */
export function request<C extends CommandName>(
  socket: TestSocket,
  command: C,
  payload: CommandPayload<C>,
): Promise<AckResult<CommandResult<C>>> {
  const timed = socket.timeout(5000);
  const emit = timed.emitWithAck as (event: string, payload: unknown) => Promise<unknown>;
  return emit.call(timed, command, payload) as Promise<AckResult<CommandResult<C>>>;
}

/** Sends a command and returns its data, failing the test on an error ack. */
export async function call<C extends CommandName>(socket: TestSocket, command: C, payload: CommandPayload<C>): Promise<CommandResult<C>> {
  const result = await request(socket, command, payload);
  if (!result.ok) throw new Error(`${command} failed: ${result.error.name} ${result.error.message}`);
  return result.data;
}

/** Resolves with the next `event` the socket receives (bounded wait). */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${event} within ${timeoutMs} ms`)), timeoutMs);
    socket.once(event as never, ((value: never) => {
      clearTimeout(timer);
      resolve(value);
    }) as never);
  });
}

let counter = 0;
export function newClientId(): string {
  counter++;
  return `cid-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export interface EventRecorder<T> {
  /** Everything received so far, in order. */
  readonly events: T[];
  /** Resolves with the first recorded event (past or future) matching `predicate` (bounded wait). */
  until(predicate: (value: T) => boolean, timeoutMs?: number): Promise<T>;
  stop(): void;
}

/**
 * Records every `event` a socket receives. To show that something was NOT pushed, wait for a
 * later marker event with `until` and then look at `events`: pushes on one socket keep their order.
 */
export function record<E extends keyof ServerToClientEvents>(
  socket: TestSocket,
  event: E,
): EventRecorder<Parameters<ServerToClientEvents[E]>[0]> {
  type T = Parameters<ServerToClientEvents[E]>[0];
  const events: T[] = [];
  const waiters = new Set<{ predicate: (value: T) => boolean; resolve: (value: T) => void }>();
  const listener = (value: T) => {
    events.push(value);
    for (const waiter of waiters) {
      if (waiter.predicate(value)) {
        waiters.delete(waiter);
        waiter.resolve(value);
      }
    }
  };
  socket.on(event, listener as never);
  return {
    events,
    until(predicate, timeoutMs = 5000) {
      const found = events.find(predicate);
      if (found !== undefined) return Promise.resolve(found);
      return new Promise<T>((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (value: T) => {
            clearTimeout(timer);
            resolve(value);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no matching ${event} within ${timeoutMs} ms (got ${events.length})`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    stop() {
      socket.off(event, listener as never);
    },
  };
}

/** Sends any event with any arguments and waits for the ack (bounded): for malformed commands. */
export function rawRequest(socket: TestSocket, event: string, ...args: unknown[]): Promise<AckResult<unknown>> {
  const timed = socket.timeout(5000) as unknown as { emitWithAck(event: string, ...args: unknown[]): Promise<unknown> };
  return timed.emitWithAck(event, ...args) as Promise<AckResult<unknown>>;
}
