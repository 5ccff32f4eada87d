import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { connectCluster } from '../../../src/server/cluster/redis-adapter.js';
import { createLogger } from '../../../src/server/logger.js';
import { type RedisServer, redisBin, startRedis } from '../../support/services.js';

const logger = createLogger('silent');

/** Fails if `work` has not settled within `ms`: a shutdown must never wait forever on Redis. */
function settlesWithin<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 500 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(check(), what);
};

describe('the Redis link closing', { skip: redisBin() ? false : 'Redis not installed' }, () => {
  let redis: RedisServer;
  before(async () => {
    redis = await startRedis();
  });
  after(() => redis.stop());

  it('closes cleanly when connected', async () => {
    const link = await connectCluster(redis.url, logger);
    await settlesWithin(link.close(), 5000, 'close');
    assert.equal(link.redis.isOpen, false);
  });

  it('closes, without waiting forever, while the clients are reconnecting after a Redis restart', async () => {
    const link = await connectCluster(redis.url, logger);
    const reconnecting = new Promise<void>((resolve) => link.redis.once('reconnecting', () => resolve()));
    await redis.restart();
    await reconnecting;
    await settlesWithin(link.close(), 5000, 'close');
    assert.equal(link.redis.isOpen, false);
  });

  it('gives up on a Redis that is gone, within the grace period', async () => {
    const gone = await startRedis();
    const link = await connectCluster(gone.url, logger);
    await gone.stop();
    await until(() => !link.redis.isReady, 'the client noticed');
    await settlesWithin(link.close(), 5000, 'close');
    assert.equal(link.redis.isOpen, false);
  });
});
