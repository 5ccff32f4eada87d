import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { TokenVerifier } from './auth/tokens.js';
import type { ServerConfig } from './config.js';
import { createHttpApp } from './http/http-app.js';
import { createLogger } from './logger.js';
import { registerAdminMessageRoutes } from './http/admin-message-routes.js';
import { registerAdminRoutes } from './http/admin-routes.js';
import { registerDemoServiceRoutes } from './http/demo-service-route.js';
import { createConversationServices } from './services/conversation-services.js';
import type { ExpiryReport } from './services/expiry-job.js';
import { ServiceConversations } from './services/service-conversations.js';
import { LocalDiskStorage } from './files/file-storage.js';
import { filePolicy } from './files/file-policy.js';
import { UploadService } from './files/upload-service.js';
import { registerFileRoutes } from './http/file-routes.js';
import { registerServiceWorkerRoute } from './http/service-worker-route.js';
import { createMessageServices } from './services/message-services.js';
import { MessageWriter } from './store/message-writer.js';
import { ServerMetrics } from './cluster/metrics.js';
import { registerOpsRoutes } from './cluster/ops-routes.js';
import { connectCluster } from './cluster/redis-adapter.js';
import { openDatabase } from './store/open-database.js';
import type { Database } from './store/schema.js';
import { attachSocketServer, type ChatIo, userRoom } from './transport/socket-server.js';
import { SocketRealtime } from './transport/socket-realtime.js';
import { attachWillRelease } from './transport/will-release.js';

export type { ServerConfig, ServerLimits, Clock, TestHooks } from './config.js';
export { DEFAULT_SERVER_LIMITS, systemClock } from './config.js';
export { configFromEnv } from './config-from-env.js';
export { TokenVerifier } from './auth/tokens.js';

export interface ChatServer {
  /** `http://host:port` once listening. */
  readonly url: string;
  readonly io: ChatIo;
  readonly http: FastifyInstance;
  readonly db: Kysely<Database>;
  readonly tokens: TokenVerifier;
  /** Periodic jobs, also callable directly (tests, admin tools). */
  readonly jobs: { expireNow(): Promise<ExpiryReport> };
  close(): Promise<void>;
}

/** Builds and starts a Parley server: storage, HTTP, socket.io. */
export async function createChatServer(config: ServerConfig, logger: Logger = createLogger()): Promise<ChatServer> {
  const db = await openDatabase({ file: config.databaseFile ?? `${config.dataDir}/parley.db`, url: config.databaseUrl });
  const tokens = new TokenVerifier(config.secret);
  const writer = new MessageWriter(db);
  // Known once socket.io is attached; push asks it who is connected.
  let presence: ChatIo | undefined;
  const realtime = new SocketRealtime();
  const conversationSide = createConversationServices({ db, config, realtime, logger });
  const services = {
    ...conversationSide.services,
    ...createMessageServices({
      db,
      writer,
      config,
      logger,
      isOnline: (user) => (presence?.sockets.adapter.rooms.get(userRoom(user))?.size ?? 0) > 0,
    }),
  };
  const http = await createHttpApp(config, tokens, logger);
  const files = filePolicy(config.files);
  const uploads = new UploadService(db, new LocalDiskStorage(join(config.dataDir, 'files')), files, config.clock);
  await registerFileRoutes(http, { tokens, uploads, policy: files, allowedOrigins: config.allowedOrigins });
  registerServiceWorkerRoute(http, config.staticRoot);
  const serviceConversations = new ServiceConversations(db, config.clock, services.attributes, services.messages);
  if (config.masterKey) await registerAdminRoutes(http, { masterKey: config.masterKey, services: serviceConversations, realtime });
  if (config.masterKey) await registerAdminMessageRoutes(http, { masterKey: config.masterKey, edits: services.edits, realtime });
  if (config.demo) registerDemoServiceRoutes(http, { tokens, services: serviceConversations, realtime });
  let accepting = true;
  let connections = () => 0;
  const metrics = new ServerMetrics({ connections: () => connections(), queuedWrites: () => writer.queued });
  registerOpsRoutes(http, { db, metrics, accepting: () => accepting });
  await http.ready();
  const io = attachSocketServer(http.server, { config, tokens, services, logger, metrics });
  connections = () => io.engine.clientsCount;
  presence = io;
  const cluster = config.redisUrl ? await connectCluster(io, config.redisUrl, logger) : undefined;
  realtime.attach(io, (socketId) => services.chatRooms.dropped(socketId), logger);
  await services.chatRooms.start();
  conversationSide.jobs.start();
  attachWillRelease(io, services, logger);
  await http.listen({ host: config.host, port: config.port });
  const { port } = http.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    io,
    http,
    db,
    tokens,
    jobs: conversationSide.jobs,
    async close() {
      // Stop taking connections, let committed work finish, then close storage.
      accepting = false;
      await conversationSide.jobs.close();
      services.chatRooms.close();
      // Queued writes commit and their acks go out while the connections are still open; a
      // command caught later is resent by the client's outbox to another node (idempotent).
      await writer.drain();
      await io.close();
      await cluster?.close();
      await writer.drain();
      await http.close();
      await db.destroy();
    },
  };
}
