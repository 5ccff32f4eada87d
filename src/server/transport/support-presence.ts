import type { Logger } from 'pino';
import type { Realtime } from '../services/realtime.js';
import { sendNotices } from '../services/notice.js';
import type { SupportServices } from '../services/support/support-services.js';
import type { ChatIo } from './socket-server.js';

/**
 * Agents' connections, recorded in the database so every node routes by the same picture: an
 * agent with no open connection is never routed to; coming back (still available) picks up
 * waiting conversations.
 */
export function attachSupportPresence(io: ChatIo, support: SupportServices, realtime: Realtime, logger: Logger): void {
  io.on('connection', (socket) => {
    const user = socket.data.user;
    if (user.role !== 'agent') return;
    const opened = support.agents
      .connected(user, socket.id)
      .then(() => support.desk.connectionChanged(user.id, true))
      .then((notices) => sendNotices(realtime, notices))
      .catch((error: unknown) => logger.error({ err: error, user: user.id }, 'agent presence failed'));
    socket.on('disconnect', (reason) => {
      // A node shutting down only forgets its connections: pushing then would race its closing links.
      const shuttingDown = reason === 'server shutting down';
      void opened
        .then(() => support.agents.disconnected(socket.id))
        .then(() => (shuttingDown ? [] : support.desk.connectionChanged(user.id, false)))
        .then((notices) => sendNotices(realtime, notices))
        .catch((error: unknown) => logger.error({ err: error, user: user.id }, 'agent presence failed'));
    });
  });
}
