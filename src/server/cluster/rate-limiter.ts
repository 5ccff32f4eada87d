import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import type { RedisClient } from './redis-adapter.js';

export interface RateBudget {
  points: number;
  /** Seconds. */
  duration: number;
  /** Names the limit's keys in Redis (e.g. `parley:flood`). */
  keyPrefix: string;
}

/**
 * A rate limiter counted in Redis when the nodes share one (a budget is the same whichever node
 * a request arrives on), or in this process's memory on a single node. While Redis is
 * unreachable each node counts in its own memory rather than refusing or waiting: the limits
 * are checked inside store transactions, which must not queue behind a lost connection.
 */
export function sharedRateLimiter(budget: RateBudget, redis?: RedisClient): RateLimiterAbstract {
  const memory = new RateLimiterMemory({ points: budget.points, duration: budget.duration });
  if (!redis) return memory;
  return new RateLimiterRedis({
    storeClient: redis,
    useRedisPackage: true,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
    keyPrefix: budget.keyPrefix,
    points: budget.points,
    duration: budget.duration,
  });
}
