import * as schemas from '../../../protocol/schemas.js';
import { defineCommand } from './command.js';

export const conversationCommands = {
  'conversation:create': defineCommand('conversation:create', {
    schema: schemas.createConversationSchema,
    async run({ user, services, broadcast }, payload) {
      const { conversation, created } = await services.conversations.create(user.id, payload);
      return {
        data: conversation,
        afterAck: created ? () => broadcast.toUsers(conversation.members, 'conversation:created', conversation) : undefined,
      };
    },
  }),
  'conversation:list': defineCommand('conversation:list', {
    schema: schemas.conversationListSchema,
    async run({ user, services }, payload) {
      return { data: await services.conversations.list(user.id, payload) };
    },
  }),
  'conversation:get': defineCommand('conversation:get', {
    schema: schemas.conversationIdPayloadSchema,
    async run({ user, services }, payload) {
      return { data: await services.conversations.get(user.id, payload.cid) };
    },
  }),
  'conversation:read': defineCommand('conversation:read', {
    schema: schemas.readSchema,
    async run({ user, services, broadcast }, payload) {
      const state = await services.conversations.markRead(user.id, payload.cid, payload.seq);
      return { data: state, afterAck: () => broadcast.toUsers([user.id], 'conversation:read-updated', state) };
    },
  }),
};
