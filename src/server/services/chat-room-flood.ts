import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { ChatError } from '../../protocol/chat-error.js';
import { consumeOrRefuse, sharedRateLimiter } from '../cluster/rate-limiter.js';
import type { RedisClient } from '../cluster/redis-adapter.js';

/**
 * Flood control in chat rooms: each sender may send so many messages per window in one room.
 * Counted across nodes when they share a Redis (see rate-limiter.ts).
 */
export class ChatRoomFlood {
  private readonly limiter: RateLimiterAbstract;

  constructor(messages: number, seconds: number, redis?: RedisClient) {
    this.limiter = sharedRateLimiter({ points: messages, duration: seconds, keyPrefix: 'parley:flood' }, redis);
  }

  /** Counts one message of `user` in the room; refuses it with 4116 past the budget. */
  async admit(cid: string, user: string): Promise<void> {
    await consumeOrRefuse(
      this.limiter,
      `${cid}\n${user}`,
      1,
      (retryAfterMs) => new ChatError('MESSAGE_SENT_QUOTA_EXCEEDED', 'Sending too fast in this chat room', { field: 'cid', retryAfterMs }),
    );
  }
}
