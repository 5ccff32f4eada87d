import type { MessagePriority } from '../../protocol/model.js';
import type { RedisClient } from '../cluster/redis-adapter.js';
import type { MessagePolicy } from './message-policy.js';

/** Counts one message in a window unless it is already at `limit` (-1: no limit); answers 1 if counted. */
const ADMIT_SCRIPT = `
local count = tonumber(redis.call('GET', KEYS[1]) or '0')
local limit = tonumber(ARGV[1])
if limit >= 0 and count >= limit then return 0 end
redis.call('INCR', KEYS[1])
redis.call('PEXPIRE', KEYS[1], 2000)
return 1`;

/**
 * Load shedding for chat rooms: counts the messages each room accepted in the current
 * one-second window. Past the low-priority rate, low messages are refused; past the normal
 * rate, normal ones too; high-priority messages always pass (and still count).
 *
 * With Redis the window is counted there (a room's rate is the whole cluster's), atomically in
 * one script; while Redis is unreachable each node falls back to its own count.
 */
export class RoomLoad {
  private readonly windows = new Map<string, { second: number; count: number }>();

  constructor(
    private readonly policy: Pick<MessagePolicy, 'roomLowPriorityPerSecond' | 'roomNormalPriorityPerSecond'>,
    private readonly redis?: RedisClient,
  ) {}

  /** Counts the message and answers true if it may pass, false if it is dropped. */
  async admit(cid: string, priority: MessagePriority, now: number): Promise<boolean> {
    const second = Math.floor(now / 1000);
    const limit =
      priority === 'high'
        ? Number.POSITIVE_INFINITY
        : priority === 'low'
          ? this.policy.roomLowPriorityPerSecond
          : this.policy.roomNormalPriorityPerSecond;
    if (this.redis?.isReady) {
      try {
        const counted = await this.redis.eval(ADMIT_SCRIPT, {
          keys: [`parley:room-load:${cid}:${second}`],
          arguments: [String(Number.isFinite(limit) ? limit : -1)],
        });
        return counted === 1;
      } catch {
        // Connection lost mid-call: count locally below.
      }
    }
    return this.admitLocally(cid, second, limit);
  }

  private admitLocally(cid: string, second: number, limit: number): boolean {
    let window = this.windows.get(cid);
    if (!window || window.second !== second) {
      window = { second, count: 0 };
      this.windows.set(cid, window);
      this.forgetIdleRooms(second);
    }
    if (window.count >= limit) return false;
    window.count++;
    return true;
  }

  private forgetIdleRooms(second: number): void {
    if (this.windows.size < 1000) return;
    for (const [cid, window] of this.windows) if (window.second < second) this.windows.delete(cid);
  }
}
