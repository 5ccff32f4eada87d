import type { ServerToClientEvents } from '../../protocol/events.js';

type PushName = keyof ServerToClientEvents;

/**
 * A push a service decided on, to send once its change is committed (and, for commands, after
 * the ack): to some users' connections, or to everyone in a chat room.
 */
export type Notice = {
  [E in PushName]: { users?: string[]; room?: string; event: E; args: Parameters<ServerToClientEvents[E]> };
}[PushName];

export function notice<E extends PushName>(
  to: { users?: string[]; room?: string },
  event: E,
  ...args: Parameters<ServerToClientEvents[E]>
): Notice {
  return { ...to, event, args } as Notice;
}

/** Anything that can push: a command's Broadcaster (skips the sender's socket) or the server's Realtime. */
export interface PushTarget {
  toUsers<E extends PushName>(users: string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
  toRoom<E extends PushName>(cid: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void;
}

export function sendNotices(target: PushTarget, notices: Notice[]): void {
  for (const n of notices) {
    const args = n.args as Parameters<ServerToClientEvents[PushName]>;
    if (n.users && n.users.length > 0) target.toUsers(n.users, n.event, ...args);
    if (n.room) target.toRoom(n.room, n.event, ...args);
  }
}
