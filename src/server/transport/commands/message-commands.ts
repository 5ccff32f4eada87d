import { MessageType } from '../../../protocol/limits.js';
import * as schemas from '../../../protocol/schemas.js';
import { defineCommand } from './command.js';

export const messageCommands = {
  'message:send': defineCommand('message:send', {
    schema: schemas.sendMessageSchema,
    async run({ user, services, broadcast }, payload) {
      const { message, created, members } = await services.messages.send(user.id, {
        ...payload,
        type: MessageType.TEXT,
      });
      if (!created) return { data: message };
      return {
        data: message,
        afterAck: () => {
          broadcast.toUsers(members, 'message:created', message);
          // The sender has read up to their own message, on every device.
          broadcast.toUsers([user.id], 'conversation:read-updated', {
            cid: message.cid,
            lastReadSeq: message.seq,
            unreadMessagesCount: 0,
          });
        },
      };
    },
  }),
  'message:history': defineCommand('message:history', {
    schema: schemas.historySchema,
    async run({ user, services }, payload) {
      return { data: await services.messages.history(user.id, payload) };
    },
  }),
};
