import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { nanoid } from 'nanoid';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { TokenVerifier } from './auth/tokens.js';
import type { ServerConfig } from './config.js';
import { createHttpApp } from './http/http-app.js';
import { createLogger } from './logger.js';
import { registerAdminMessageRoutes } from './http/admin-message-routes.js';
import { registerAdminRoutes } from './http/admin-routes.js';
import { registerAdminUserRoutes } from './http/admin-user-routes.js';
import { registerDemoServiceRoutes } from './http/demo-service-route.js';
import { createConversationServices } from './services/conversation-services.js';
import type { ExpiryReport } from './services/expiry-job.js';
import { ServiceConversations } from './services/service-conversations.js';
import { UserProfiles } from './services/user-profiles.js';
import { LocalDiskStorage } from './files/file-storage.js';
import { filePolicy } from './files/file-policy.js';
import { OrphanUploads } from './files/orphan-uploads.js';
import { UploadBudget } from './files/upload-budget.js';
import { UploadService } from './files/upload-service.js';
import { registerFileRoutes } from './http/file-routes.js';
import { registerServiceWorkerRoute } from './http/service-worker-route.js';
import { ConnectionShutdown } from './http/shutdown-connections.js';
import { createMessageServices } from './services/message-services.js';
import { MeasuredMessageWriter } from './store/measured-writer.js';
import { ServerMetrics } from './cluster/metrics.js';
import { registerOpsRoutes } from './cluster/ops-routes.js';
import { DEFAULT_HEARTBEAT, NodeHeartbeat } from './cluster/node-heartbeat.js';
import { OnlineUsers } from './cluster/online-users.js';
import { connectCluster } from './cluster/redis-adapter.js';
import { openDatabase } from './store/open-database.js';
import type { Database } from './store/schema.js';
import { attachSocketServer, type ChatIo } from './transport/socket-server.js';
import { DEFAULT_SLOW_CONSUMER_LIMITS, SlowConsumerGuard } from './transport/slow-consumers.js';
import { SocketRealtime } from './transport/socket-realtime.js';
import { attachWillRelease } from './transport/will-release.js';
import { createSupportServices } from './services/support/support-services.js';
import { registerSupportAdminRoutes } from './http/support-admin-routes.js';
import { registerSupportRoutes } from './http/support-routes.js';
import { attachSupportPresence } from './transport/support-presence.js';

export type { ServerConfig, ServerLimits, Clock, TestHooks } from './config.js';
export { DEFAULT_SERVER_LIMITS, systemClock } from './config.js';
export { configFromEnv } from './config-from-env.js';
export { TokenVerifier } from './auth/tokens.js';

export interface ChatServer {
  /** `http://host:port` once listening. */
  readonly url: string;
  /** This node's name in the cluster (on its chat room presence rows). */
  readonly nodeId: string;
  readonly io: ChatIo;
  readonly http: FastifyInstance;
  readonly db: Kysely<Database>;
  readonly tokens: TokenVerifier;
  /** Periodic jobs, also callable directly (tests, admin tools). */
  readonly jobs: { expireNow(): Promise<ExpiryReport>; removeOrphanUploadsNow(): Promise<number> };
  close(): Promise<void>;
}

/** Builds and starts a Parley server: storage, HTTP, socket.io. */
/** Unused uploads are looked for hourly; each is kept for FilePolicy.keepUnusedMs first. */
const ORPHAN_SWEEP_INTERVAL_MS = 3600 * 1000;

export async function createChatServer(config: ServerConfig, logger: Logger = createLogger()): Promise<ChatServer> {
  const db = await openDatabase({ file: config.databaseFile ?? `${config.dataDir}/parley.db`, url: config.databaseUrl });
  const tokens = new TokenVerifier(config.secret);
  let connections = () => 0;
  let slowConsumersCut = () => 0;
  const metrics = new ServerMetrics({ connections: () => connections(), queuedWrites: () => writer.queued, slowConsumersCut: () => slowConsumersCut() });
  const writer = new MeasuredMessageWriter(db, (seconds) => metrics.storeCommitted(seconds));
  const cluster = config.redisUrl ? await connectCluster(config.redisUrl, logger) : undefined;
  // Without Redis this node is alone on its database, and every presence row is its own.
  const nodeId = config.nodeId ?? (cluster ? `${hostname()}-${nanoid(8)}` : 'single');
  // Known once socket.io is attached; push and wills ask it who is connected.
  let online: OnlineUsers | undefined;
  const realtime = new SocketRealtime();
  const profiles = new UserProfiles(db, config.clock, realtime);
  const conversationSide = createConversationServices({ db, config, realtime, logger, node: { nodeId, redis: cluster?.redis } });
  const services = {
    ...conversationSide.services,
    ...createMessageServices({
      db,
      writer,
      config,
      logger,
      onlineAmong: async (users) => online?.among(users) ?? new Set(),
      flood: conversationSide.services.chatRooms.flood,
      profiles,
      redis: cluster?.redis,
    }),
  };
  const support = createSupportServices({ db, clock: config.clock, tokens, messages: services.messages, temporary: services.temporary, overrides: config.support, redis: cluster?.redis, nodeId });
  const http = await createHttpApp(config, tokens, logger);
  const files = filePolicy(config.files);
  const fileStorage = new LocalDiskStorage(join(config.dataDir, 'files'));
  const uploads = new UploadService(db, fileStorage, files, config.clock);
  const orphanUploads = new OrphanUploads(db, fileStorage, config.clock, files.keepUnusedMs);
  const uploadBudget = new UploadBudget(files.uploadBytesPerHour, cluster?.redis);
  await registerFileRoutes(http, { tokens, uploads, budget: uploadBudget, policy: files, allowedOrigins: config.allowedOrigins });
  registerServiceWorkerRoute(http, config.staticRoot);
  const serviceConversations = new ServiceConversations(db, config.clock, services.attributes, services.messages);
  if (config.masterKey) await registerAdminRoutes(http, { masterKey: config.masterKey, services: serviceConversations, realtime });
  if (config.masterKey) await registerAdminMessageRoutes(http, { masterKey: config.masterKey, edits: services.edits, realtime });
  if (config.masterKey) await registerAdminUserRoutes(http, { masterKey: config.masterKey, profiles });
  if (config.demo) registerDemoServiceRoutes(http, { tokens, services: serviceConversations, realtime });
  await registerSupportRoutes(http, { support, tokens, allowedOrigins: config.allowedOrigins });
  if (config.masterKey) await registerSupportAdminRoutes(http, { masterKey: config.masterKey, support });
  let accepting = true;
  registerOpsRoutes(http, { db, metrics, accepting: () => accepting });
  await http.ready();
  const presence = { among: async (users: string[]) => online?.among(users) ?? new Set<string>() };
  const commandServices = { ...services, support, presence, profiles };
  const io = attachSocketServer(http.server, { config, tokens, services: commandServices, logger, metrics, accepting: () => accepting });
  const shutdown = new ConnectionShutdown(http.server, () => accepting);
  connections = () => io.engine.clientsCount;
  const slowConsumers = new SlowConsumerGuard(io, { ...DEFAULT_SLOW_CONSUMER_LIMITS, ...config.slowConsumers }, logger);
  slowConsumersCut = () => slowConsumers.cut;
  cluster?.attach(io);
  online = new OnlineUsers(io, cluster !== undefined, logger);
  realtime.attach(io, (socketId) => services.chatRooms.dropped(socketId), logger);
  const heartbeat = new NodeHeartbeat(db, nodeId, [services.chatRooms, support.agents], { ...DEFAULT_HEARTBEAT, ...config.heartbeat }, logger);
  await heartbeat.start();
  conversationSide.jobs.start();
  orphanUploads.start(ORPHAN_SWEEP_INTERVAL_MS, logger);
  attachWillRelease(io, commandServices, online, logger);
  attachSupportPresence(io, support, realtime, logger);
  await http.listen({ host: config.host, port: config.port });
  const { port } = http.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    nodeId,
    io,
    http,
    db,
    tokens,
    jobs: { expireNow: () => conversationSide.jobs.expireNow(), removeOrphanUploadsNow: () => orphanUploads.removeNow() },
    async close() {
      // Stop taking connections, let committed work finish, then close storage.
      accepting = false;
      slowConsumers.stop();
      await conversationSide.jobs.close();
      orphanUploads.close();
      // Queued writes commit and their acks go out while the connections are still open; a
      // command caught later is resent by the client's outbox to another node (idempotent).
      await writer.drain();
      // Disconnects every socket, then closes the HTTP server (which waits for its connections).
      await shutdown.closeWithin(io.close());
      await writer.drain();
      // This node's chat room connections become drops, to be rejoined on another node.
      await heartbeat.stop();
      await cluster?.close();
      await http.close();
      await db.destroy();
    },
  };
}
