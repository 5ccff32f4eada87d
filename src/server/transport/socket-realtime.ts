import type { Logger } from 'pino';
import type { ServerToClientEvents } from '../../protocol/events.js';
import type { Realtime } from '../services/realtime.js';
import { type ChatIo, chatRoomChannel, userRoom } from './socket-server.js';

/**
 * Realtime over socket.io, for services that act outside a command (the admin API, jobs, chat
 * room presence). Until the server is attached there is nobody to reach, and calls do nothing.
 * Room operations go through the adapter, so they reach connections on every node.
 */
export class SocketRealtime implements Realtime {
  private io: ChatIo | undefined;

  /** Starts delivering; `onDisconnect` hears of every connection that closes. */
  attach(io: ChatIo, onDisconnect: (socketId: string) => Promise<void>, logger: Logger): void {
    this.io = io;
    io.on('connection', (socket) => {
      socket.on('disconnect', () => {
        onDisconnect(socket.id).catch((err: unknown) => logger.error({ err }, 'disconnect handling failed'));
      });
    });
  }

  toUsers<E extends keyof ServerToClientEvents>(users: string[], event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    if (users.length > 0) this.io?.to(users.map(userRoom)).emit(event, ...args);
  }

  toRoom<E extends keyof ServerToClientEvents>(cid: string, event: E, ...args: Parameters<ServerToClientEvents[E]>): void {
    this.io?.to(chatRoomChannel(cid)).emit(event, ...args);
  }

  joinRoom(socketId: string, cid: string): void {
    this.io?.in(socketId).socketsJoin(chatRoomChannel(cid));
  }

  leaveRoom(socketId: string, cid: string): void {
    this.io?.in(socketId).socketsLeave(chatRoomChannel(cid));
  }

  evict(cid: string, user?: string): void {
    this.io?.in(user ? userRoom(user) : chatRoomChannel(cid)).socketsLeave(chatRoomChannel(cid));
  }
}
