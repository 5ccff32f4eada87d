import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { TokenVerifier } from './auth/tokens.js';
import type { ServerConfig } from './config.js';
import { createHttpApp } from './http/http-app.js';
import { createLogger } from './logger.js';
import { ConversationService } from './services/conversation-service.js';
import { MessageService } from './services/message-service.js';
import { MessageWriter } from './store/message-writer.js';
import { openDatabase } from './store/open-database.js';
import type { Database } from './store/schema.js';
import { attachSocketServer, type ChatIo } from './transport/socket-server.js';

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
  close(): Promise<void>;
}

/** Builds and starts a Parley server: storage, HTTP, socket.io. */
export async function createChatServer(config: ServerConfig, logger: Logger = createLogger()): Promise<ChatServer> {
  const db = await openDatabase({ file: config.databaseFile ?? `${config.dataDir}/parley.db` });
  const tokens = new TokenVerifier(config.secret);
  const writer = new MessageWriter(db);
  const services = {
    conversations: new ConversationService(db, config.limits, config.clock),
    messages: new MessageService(db, writer, config.clock),
  };
  const http = await createHttpApp(config, tokens, logger);
  await http.ready();
  const io = attachSocketServer(http.server, { config, tokens, services, logger });
  await http.listen({ host: config.host, port: config.port });
  const { port } = http.server.address() as AddressInfo;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;

  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    io,
    http,
    db,
    tokens,
    async close() {
      // Stop taking connections, let committed work finish, then close storage.
      await io.close();
      await writer.drain();
      await http.close();
      await db.destroy();
    },
  };
}
