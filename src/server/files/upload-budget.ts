import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { ChatError } from '../../protocol/chat-error.js';
import type { RedisClient } from '../cluster/redis-adapter.js';
import { consumeOrRefuse, sharedRateLimiter } from '../cluster/rate-limiter.js';

/** The bytes each user may upload per hour, counted on every node when they share a Redis. */
export class UploadBudget {
  private readonly limiter: RateLimiterAbstract;

  constructor(bytesPerHour: number, redis?: RedisClient) {
    this.limiter = sharedRateLimiter({ points: bytesPerHour, duration: 3600, keyPrefix: 'parley:uploads' }, redis);
  }

  /** Spends `bytes` of the user's hour; RATE_LIMITED (with `retryAfterMs`) when that is more than is left. */
  spend(user: string, bytes: number): Promise<void> {
    return consumeOrRefuse(
      this.limiter,
      user,
      Math.max(1, Math.ceil(bytes)),
      (retryAfterMs) => new ChatError('RATE_LIMITED', 'Upload budget for this hour spent', { field: 'file', retryAfterMs }),
    );
  }
}
