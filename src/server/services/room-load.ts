import type { MessagePriority } from '../../protocol/model.js';
import type { MessagePolicy } from './message-policy.js';

/**
 * Load shedding for chat rooms: counts the messages each room accepted in the current
 * one-second window. Past the low-priority rate, low messages are refused; past the normal
 * rate, normal ones too; high-priority messages always pass (and still count).
 */
export class RoomLoad {
  private readonly windows = new Map<string, { second: number; count: number }>();

  constructor(private readonly policy: Pick<MessagePolicy, 'roomLowPriorityPerSecond' | 'roomNormalPriorityPerSecond'>) {}

  /** Counts the message and answers true if it may pass, false if it is dropped. */
  admit(cid: string, priority: MessagePriority, now: number): boolean {
    const second = Math.floor(now / 1000);
    let window = this.windows.get(cid);
    if (!window || window.second !== second) {
      window = { second, count: 0 };
      this.windows.set(cid, window);
      this.forgetIdleRooms(second);
    }
    const limit =
      priority === 'high'
        ? Number.POSITIVE_INFINITY
        : priority === 'low'
          ? this.policy.roomLowPriorityPerSecond
          : this.policy.roomNormalPriorityPerSecond;
    if (window.count >= limit) return false;
    window.count++;
    return true;
  }

  private forgetIdleRooms(second: number): void {
    if (this.windows.size < 1000) return;
    for (const [cid, window] of this.windows) if (window.second < second) this.windows.delete(cid);
  }
}
