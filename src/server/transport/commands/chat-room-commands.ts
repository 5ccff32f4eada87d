import * as kinds from '../../../protocol/conversation-schemas.js';
import { sendNotices } from '../../services/notice.js';
import { defineCommand } from './command.js';

/** Chat rooms, and joining, leaving and counting for every kind. */
export const chatRoomCommands = {
  'conversation:create-chat-room': defineCommand('conversation:create-chat-room', {
    schema: kinds.createChatRoomSchema,
    async run({ user, services }, payload) {
      return { data: await services.chatRooms.create(user.id, payload) };
    },
  }),
  'conversation:join': defineCommand('conversation:join', {
    schema: kinds.cidPayloadSchema,
    async run({ user, services, socketId }, payload) {
      // Chat rooms announce nobody's coming and going.
      return { data: await services.members.join(user.id, socketId, payload.cid) };
    },
  }),
  'conversation:rejoin': defineCommand('conversation:rejoin', {
    schema: kinds.cidPayloadSchema,
    async run({ user, services, socketId }, payload) {
      return { data: await services.chatRooms.rejoin(user.id, socketId, payload.cid) };
    },
  }),
  'conversation:quit': defineCommand('conversation:quit', {
    schema: kinds.cidPayloadSchema,
    async run({ user, services, broadcast, socketId }, payload) {
      const { data, notices } = await services.members.quit(user.id, socketId, payload.cid);
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:count': defineCommand('conversation:count', {
    schema: kinds.cidPayloadSchema,
    async run({ user, services }, payload) {
      return { data: await services.members.count(user.id, payload.cid) };
    },
  }),
};
