import { DEFAULT_LIMITS } from '../protocol/limits.js';
import type { HeartbeatTiming } from './cluster/node-heartbeat.js';
import type { FilePolicy } from './files/file-policy.js';
import type { ConversationPolicy } from './services/conversation-policy.js';
import type { MessagePolicy } from './services/message-policy.js';
import type { PushOptions } from './services/push/push-options.js';
import type { SupportPolicy } from './services/support/support-policy.js';
import type { ClientLimits } from './transport/client-limits.js';
import type { SlowConsumerLimits } from './transport/slow-consumers.js';
import type { ChatError } from '../protocol/chat-error.js';

export interface ServerLimits {
  maxMembers: number;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Everything `createChatServer` needs; `configFromEnv` fills it for `npm start`. */
export interface ServerConfig {
  /** Host to listen on; 127.0.0.1 in tests. */
  host: string;
  /** 0 picks a free port. */
  port: number;
  /** Where the SQLite file, the demo secret and uploads live. */
  dataDir: string;
  /** SQLite file path or ':memory:'; defaults to `<dataDir>/parley.db`. */
  databaseFile?: string;
  /** `postgres://…` (DATABASE_URL): PostgreSQL instead of SQLite, shared by every node. */
  databaseUrl?: string;
  /** `redis://…` (REDIS_URL): nodes sharing one database deliver to each other's connections through Redis. */
  redisUrl?: string;
  /**
   * This node's name in a cluster (PARLEY_NODE_ID); a stable one (host name, pod name) lets a
   * restarted node release its own earlier chat room presence at once. Defaults to a fresh id
   * per start with REDIS_URL, and to one fixed id for a single node.
   */
  nodeId?: string;
  /** Node liveness in a cluster (see node-heartbeat.ts). */
  heartbeat?: Partial<HeartbeatTiming>;
  /** HS256 key the site's backend signs user tokens with. */
  secret: string;
  /** Demo mode: a token endpoint signs tokens for any name. Never in production. */
  demo: boolean;
  /** Origins allowed to connect; `*` allows any (demo only). */
  allowedOrigins: string[] | '*';
  /** Folder with the built bundles (`dist/`) to serve, and the project root for demo pages. */
  staticRoot?: string;
  limits: ServerLimits;
  clock: Clock;
  /** Message limits, recall/edit rules and chat room load shedding (see message-policy.ts). */
  messages?: Partial<MessagePolicy>;
  /** Upload size and accepted types (see file-policy.ts). */
  files?: Partial<FilePolicy>;
  /** Web Push (see push-options.ts). */
  push?: PushOptions;
  /** Conversation kinds, expiry and chat room rules (see conversation-policy.ts). */
  conversations?: Partial<ConversationPolicy>;
  /** Customer service: departments, business hours, pre-chat fields, routing and abuse limits (see support-policy.ts). */
  support?: Partial<SupportPolicy>;
  /** Each user's command budget and connection cap, per node (see client-limits.ts). */
  clientLimits?: Partial<ClientLimits>;
  /** When a connection that stopped reading is cut (see slow-consumers.ts). */
  slowConsumers?: Partial<SlowConsumerLimits>;
  /** Authenticates the admin HTTP API (service conversations); without it that API is off. */
  masterKey?: string;
  /** Test hooks; never set in production. */
  testHooks?: TestHooks;
}

export interface TestHooks {
  /** Called after a command committed and before its ack; return false to drop the ack. */
  beforeAck?: (command: string, result: unknown) => boolean;
  /** Called before a command runs; an error returned refuses it (as the command budget would). */
  beforeCommand?: (command: string) => ChatError | undefined;
}

export const DEFAULT_SERVER_LIMITS: ServerLimits = { maxMembers: DEFAULT_LIMITS.maxMembers };
