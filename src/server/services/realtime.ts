import type { ServerToClientEvents } from '../../protocol/events.js';

/**
 * What services may do to live connections without knowing socket.io: push to users or to a
 * chat room, and move a connection in or out of a chat room. The transport implements it.
 */
export interface Realtime {
  /** To every connection of these users. */
  toUsers<E extends keyof ServerToClientEvents>(users: string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  /** To every connection in the chat room. */
  toRoom<E extends keyof ServerToClientEvents>(cid: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  joinRoom(socketId: string, cid: string): void;
  leaveRoom(socketId: string, cid: string): void;
  /** Takes one user's connections (or everyone's) out of the chat room. */
  evict(cid: string, user?: string): void;
}
