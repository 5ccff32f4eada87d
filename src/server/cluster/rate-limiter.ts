import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { ChatError } from '../../protocol/chat-error.js';
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

/**
 * Spends `points` of `key`'s budget. Past it, throws the typed refusal `refuse` makes from how
 * long until there is room again (its `retryAfterMs`); any other failure is thrown as it is.
 */
export async function consumeOrRefuse(
  limiter: RateLimiterAbstract,
  key: string,
  points: number,
  refuse: (retryAfterMs: number) => ChatError,
): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    throw refuse(error.msBeforeNext);
  }
}
