import type { Logger } from 'pino';
import type { Broadcaster, Services } from './commands/command.js';
import type { OnlineUsers } from '../cluster/online-users.js';
import { deliverMessage } from './message-delivery.js';
import { type ChatIo, userRoom } from './socket-server.js';

/** Disconnect reasons that mean the connection was lost rather than closed on purpose. */
const ABNORMAL = new Set(['transport close', 'transport error', 'ping timeout', 'parse error']);

/**
 * When a user's last connection goes away: an abnormal loss sends their will message; a clean
 * disconnect (the client closed it: logout, page closed on purpose) drops it unsent.
 */
export function attachWillRelease(io: ChatIo, services: Services, online: OnlineUsers, logger: Logger): void {
  const toUsers: Broadcaster['toUsers'] = (users, event, ...args) => {
    if (users.length > 0) io.to(users.map(userRoom)).emit(event, ...args);
  };
  io.on('connection', (socket) => {
    const user = socket.data.user.id;
    socket.on('disconnect', (reason) => {
      // socket.io has already taken the socket out of its rooms here; the user may still be
      // connected on this node or another.
      const stillOnline = () => online.among([user]).then((users) => users.has(user));
      const work = ABNORMAL.has(reason)
        ? stillOnline().then(async (connected) => {
            if (connected) return;
            const result = await services.wills.release(user);
            if (!result?.created) return;
            deliverMessage(toUsers, 'message:created', result.message, result.members);
            void services.push.notifyOffline(result);
          })
        : reason === 'client namespace disconnect'
          ? stillOnline().then((connected) => (connected ? undefined : services.wills.discard(user)))
          : Promise.resolve();
      work.catch((error: unknown) => logger.error({ err: error, user }, 'will message failed'));
    });
  });
}
