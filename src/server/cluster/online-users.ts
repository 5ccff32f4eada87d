import type { Logger } from 'pino';
import { type ChatIo, userRoom } from '../transport/socket-server.js';

/** How long to wait for the other nodes before answering with what is known. */
const ASK_TIMEOUT_MS = 2000;

/**
 * Which users have an open connection on any node: for offline push and for will messages (sent
 * only when a user's last connection anywhere is gone).
 *
 * Connections on this node are looked up locally; the rest are asked of the other nodes through
 * the socket.io adapter (`serverSideEmitWithAck`), each answering from its own rooms. Asking the
 * live nodes keeps no second copy of presence in Redis that could drift from the real
 * connections or survive a crashed node: a node that dies stops answering at once (its Redis
 * subscription goes with its connection). A node that does not answer in time counts as having
 * none of them online: at worst a push too many, or a will sent for a user still connected there.
 */
export class OnlineUsers {
  constructor(
    private readonly io: ChatIo,
    private readonly clustered: boolean,
    private readonly logger: Logger,
  ) {
    if (clustered) io.on('presence:online', (users, reply) => reply(this.here(users)));
  }

  async among(users: string[]): Promise<Set<string>> {
    const online = new Set(this.here(users));
    const elsewhere = users.filter((user) => !online.has(user));
    if (!this.clustered || elsewhere.length === 0) return online;
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      const replies = await Promise.race([
        this.io.serverSideEmitWithAck('presence:online', elsewhere),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error('no answer from every node in time')), ASK_TIMEOUT_MS);
        }),
      ]);
      for (const reply of replies) for (const user of reply) online.add(user);
    } catch (err) {
      this.logger.warn({ err }, 'online check across nodes incomplete');
    } finally {
      clearTimeout(timer);
    }
    return online;
  }

  /** The users with a connection on this node. */
  private here(users: string[]): string[] {
    const rooms = this.io.sockets.adapter.rooms;
    return users.filter((user) => (rooms.get(userRoom(user))?.size ?? 0) > 0);
  }
}
