import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { ChatError } from '../../protocol/chat-error.js';
import { DEFAULT_CONVERSATION_POLICY } from './conversation-policy.js';

/**
 * Flood control in chat rooms: each sender may send so many messages per window in one room.
 * Counted in this process's memory (a Redis limiter takes its place for a cluster).
 *
 * The check runs inside the message transaction (send-permission.ts), which knows only the
 * room's id; each server registers the rooms its participants join, so the room finds its own
 * server's budget here.
 */
export class ChatRoomFlood {
  private readonly limiter: RateLimiterMemory;
  private readonly rooms = new Set<string>();

  constructor(messages: number, seconds: number) {
    this.limiter = new RateLimiterMemory({ points: messages, duration: seconds });
  }

  /** Counts one message of `user` in the room; refuses it with 4116 past the budget. */
  async admit(cid: string, user: string): Promise<void> {
    try {
      await this.limiter.consume(`${cid}\n${user}`);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      throw new ChatError('MESSAGE_SENT_QUOTA_EXCEEDED', 'Sending too fast in this chat room', {
        field: 'cid',
        retryAfterMs: error.msBeforeNext,
      });
    }
  }

  register(cid: string): void {
    this.rooms.add(cid);
    floodByRoom.set(cid, this);
  }

  forget(cid: string): void {
    this.rooms.delete(cid);
    if (floodByRoom.get(cid) === this) floodByRoom.delete(cid);
  }

  /** The server is closing: its rooms no longer point here. */
  forgetAll(): void {
    for (const cid of [...this.rooms]) this.forget(cid);
  }
}

const floodByRoom = new Map<string, ChatRoomFlood>();
const defaultFlood = new ChatRoomFlood(DEFAULT_CONVERSATION_POLICY.chatRoomFloodMessages, DEFAULT_CONVERSATION_POLICY.chatRoomFloodSeconds);

/** The budget of the server hosting this room, or the default one. */
export function floodControlFor(cid: string): ChatRoomFlood {
  return floodByRoom.get(cid) ?? defaultFlood;
}
