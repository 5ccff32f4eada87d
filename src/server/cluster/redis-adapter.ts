import { createAdapter } from '@socket.io/redis-adapter';
import type { Logger } from 'pino';
import { createClient } from 'redis';
import type { ChatIo } from '../transport/socket-server.js';

const redisClient = (url: string) => createClient({ url });

/** A connected node-redis client (commands; also the adapter's publisher). */
export type RedisClient = ReturnType<typeof redisClient>;

export interface ClusterLink {
  /** For shared counters (rate limits); check `isReady` before relying on it. */
  readonly redis: RedisClient;
  /** Routes the socket.io server's rooms and broadcasts through Redis. */
  attach(io: ChatIo): void;
  close(): Promise<void>;
}

/**
 * Connects this node to the others through Redis (REDIS_URL), so a push to a user's or a chat
 * room's socket.io room reaches connections on every node, and rate limits count on every node.
 *
 * The pub/sub adapter, not the streams one: delivery does not rely on the adapter to be
 * lossless. Every message is committed with a gap-free per-conversation `seq` before it is
 * pushed, and clients fill any gap from the store, so a push lost while Redis restarts is
 * recovered by the client; pub/sub keeps fan-out latency lowest and has no stream to trim.
 * node-redis reconnects and resubscribes by itself after a Redis restart.
 */
export async function connectCluster(redisUrl: string, logger: Logger): Promise<ClusterLink> {
  const pub = redisClient(redisUrl);
  const sub = pub.duplicate();
  for (const client of [pub, sub]) {
    // Without a listener a connection error would crash the process; the client retries itself.
    client.on('error', (err: unknown) => logger.warn({ err }, 'redis connection error'));
  }
  await Promise.all([pub.connect(), sub.connect()]);
  return {
    redis: pub,
    attach(io) {
      io.adapter(createAdapter(pub, sub));
    },
    async close() {
      await Promise.all([closeClient(pub), closeClient(sub)]);
    },
  };
}

/** How long a shutdown waits for Redis: to finish reconnecting, then to answer what is queued. */
const CLOSE_GRACE_MS = 2000;

/**
 * Closes a client once what it has queued is answered (the adapter's unsubscribes). A client still
 * reconnecting (Redis restarted) is given a moment to get back first: `quit()` would queue its QUIT
 * behind a connection that, once closing, is never made, and wait forever. Whatever is not done
 * within the grace period is dropped.
 */
async function closeClient(client: RedisClient): Promise<void> {
  if (!client.isOpen) return;
  const within = <T>(work: Promise<T>) =>
    new Promise<T | 'late'>((resolve) => {
      const timer = setTimeout(() => resolve('late'), CLOSE_GRACE_MS);
      void work.then((value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  const ready = client.isReady || (await within(new Promise<true>((resolve) => client.once('ready', () => resolve(true))))) === true;
  if (ready && (await within(client.close())) !== 'late') return;
  client.destroy();
}
