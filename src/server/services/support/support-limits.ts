import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { ChatError } from '../../../protocol/chat-error.js';
import type { ErrorName } from '../../../protocol/errors.js';
import type { RedisClient } from '../../cluster/redis-adapter.js';
import { consumeOrRefuse, sharedRateLimiter } from '../../cluster/rate-limiter.js';
import type { Budget, SupportPolicy } from './support-policy.js';

/**
 * Abuse limits on what visitors do: opening conversations (offline messages count too),
 * sending, and creating anonymous identities, each per visitor and per IP address. Counted in
 * Redis when the nodes share one (whichever node a visitor reaches), else in memory.
 */
export class SupportLimits {
  private readonly startsByVisitor: RateLimiterAbstract;
  private readonly startsByIp: RateLimiterAbstract;
  private readonly sendsByVisitor: RateLimiterAbstract;
  private readonly sendsByIp: RateLimiterAbstract;
  private readonly visitorsByIp: RateLimiterAbstract;

  constructor(policy: SupportPolicy, redis?: RedisClient) {
    const limiter = (budget: Budget, name: string) =>
      sharedRateLimiter({ points: budget.points, duration: budget.seconds, keyPrefix: `parley:support:${name}` }, redis);
    this.startsByVisitor = limiter(policy.startsPerVisitor, 'starts-by-visitor');
    this.startsByIp = limiter(policy.startsPerIp, 'starts-by-ip');
    this.sendsByVisitor = limiter(policy.sendsPerVisitor, 'sends-by-visitor');
    this.sendsByIp = limiter(policy.sendsPerIp, 'sends-by-ip');
    this.visitorsByIp = limiter(policy.visitorsPerIp, 'visitors-by-ip');
  }

  /** Refuses with 4703 past either budget. */
  async admitStart(visitor: string, ip: string): Promise<void> {
    await consume(this.startsByVisitor, visitor, 'RATE_LIMITED', 'visitor');
    await consume(this.startsByIp, ip, 'RATE_LIMITED', 'ip');
  }

  /** Refuses with 4116 past either budget. */
  async admitSend(visitor: string, ip: string): Promise<void> {
    await consume(this.sendsByVisitor, visitor, 'MESSAGE_SENT_QUOTA_EXCEEDED', 'visitor');
    await consume(this.sendsByIp, ip, 'MESSAGE_SENT_QUOTA_EXCEEDED', 'ip');
  }

  async admitNewVisitor(ip: string): Promise<void> {
    await consume(this.visitorsByIp, ip, 'RATE_LIMITED', 'ip');
  }
}

function consume(limiter: RateLimiterAbstract, key: string, name: ErrorName, scope: 'visitor' | 'ip'): Promise<void> {
  return consumeOrRefuse(
    limiter,
    key,
    1,
    (retryAfterMs) => new ChatError(name, `Too many requests from this ${scope === 'ip' ? 'address' : 'visitor'}`, { field: '', scope, retryAfterMs }),
  );
}
