import { resolve } from 'node:path';
import { loadOrCreateDemoSecret } from './auth/secret.js';
import { DEFAULT_SERVER_LIMITS, type ServerConfig, systemClock } from './config.js';
import { messageConfigFromEnv } from './message-config-from-env.js';
import { supportConfigFromEnv } from './services/support/support-config-from-env.js';

/**
 * Reads `npm start`'s configuration from the environment. Production (`NODE_ENV=production`)
 * needs PARLEY_SECRET; anything else runs in demo mode with a generated, persisted secret.
 */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env, root = process.cwd()): ServerConfig {
  const production = env.NODE_ENV === 'production';
  const dataDir = resolve(root, env.PARLEY_DATA_DIR ?? 'data');
  if (production && !env.PARLEY_SECRET) {
    throw new Error('PARLEY_SECRET must be set in production (NODE_ENV=production): it signs user tokens.');
  }
  if (env.PARLEY_SECRET !== undefined && env.PARLEY_SECRET.length < 32) {
    throw new Error('PARLEY_SECRET must be at least 32 characters.');
  }
  if (env.PARLEY_MASTER_KEY !== undefined && env.PARLEY_MASTER_KEY.length < 32) {
    throw new Error('PARLEY_MASTER_KEY must be at least 32 characters.');
  }
  const origins = env.PARLEY_ORIGINS?.split(',').map((o) => o.trim()).filter(Boolean);
  return {
    host: env.HOST ?? '0.0.0.0',
    port: Number(env.PORT ?? 3000),
    dataDir,
    secret: env.PARLEY_SECRET ?? loadOrCreateDemoSecret(dataDir),
    demo: !production,
    allowedOrigins: origins && origins.length > 0 ? origins : production ? [] : '*',
    staticRoot: root,
    limits: { ...DEFAULT_SERVER_LIMITS, maxMembers: Number(env.PARLEY_MAX_MEMBERS ?? DEFAULT_SERVER_LIMITS.maxMembers) },
    clock: systemClock,
    ...messageConfigFromEnv(env),
    ...supportConfigFromEnv(env),
    ...(env.PARLEY_MASTER_KEY ? { masterKey: env.PARLEY_MASTER_KEY } : {}),
    ...(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : {}),
    ...(env.REDIS_URL ? { redisUrl: env.REDIS_URL } : {}),
    ...(env.PARLEY_NODE_ID ? { nodeId: env.PARLEY_NODE_ID } : {}),
    ...heartbeatFromEnv(env),
    ...clientLimitsFromEnv(env),
    ...(env.PARLEY_INACTIVE_DAYS ? { conversations: { inactiveAfterMs: positiveDays(env.PARLEY_INACTIVE_DAYS) * 24 * 3600 * 1000 } } : {}),
  };
}

function positiveDays(value: string): number {
  const days = Number(value);
  if (!Number.isFinite(days) || days <= 0) throw new Error('PARLEY_INACTIVE_DAYS must be a positive number of days.');
  return days;
}

function heartbeatFromEnv(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'heartbeat'> {
  const heartbeat: NonNullable<ServerConfig['heartbeat']> = {};
  if (env.PARLEY_HEARTBEAT_MS) heartbeat.intervalMs = positiveMs('PARLEY_HEARTBEAT_MS', env.PARLEY_HEARTBEAT_MS);
  if (env.PARLEY_NODE_TIMEOUT_MS) heartbeat.timeoutMs = positiveMs('PARLEY_NODE_TIMEOUT_MS', env.PARLEY_NODE_TIMEOUT_MS);
  return Object.keys(heartbeat).length > 0 ? { heartbeat } : {};
}

/** PARLEY_COMMAND_BUDGET (`points/seconds`, e.g. `300/5`) and PARLEY_MAX_CONNECTIONS_PER_USER. */
function clientLimitsFromEnv(env: NodeJS.ProcessEnv): Pick<ServerConfig, 'clientLimits'> {
  const clientLimits: NonNullable<ServerConfig['clientLimits']> = {};
  if (env.PARLEY_COMMAND_BUDGET) {
    const [points, seconds] = env.PARLEY_COMMAND_BUDGET.split('/').map(Number);
    if (!Number.isInteger(points) || points! <= 0 || !Number.isInteger(seconds) || seconds! <= 0) {
      throw new Error('PARLEY_COMMAND_BUDGET must be commands/seconds, two positive whole numbers (e.g. 300/5).');
    }
    Object.assign(clientLimits, { commandPoints: points, commandSeconds: seconds });
  }
  if (env.PARLEY_MAX_CONNECTIONS_PER_USER) {
    const max = Number(env.PARLEY_MAX_CONNECTIONS_PER_USER);
    if (!Number.isInteger(max) || max <= 0) throw new Error('PARLEY_MAX_CONNECTIONS_PER_USER must be a positive whole number.');
    clientLimits.maxConnections = max;
  }
  return Object.keys(clientLimits).length > 0 ? { clientLimits } : {};
}

function positiveMs(name: string, value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) throw new Error(`${name} must be a positive whole number of milliseconds.`);
  return ms;
}
