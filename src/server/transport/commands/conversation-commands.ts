import * as kinds from '../../../protocol/conversation-schemas.js';
import * as schemas from '../../../protocol/schemas.js';
import { sendNotices } from '../../services/notice.js';
import type { ConversationRecord } from '../../../protocol/model.js';
import { type Broadcaster, defineCommand } from './command.js';

/**
 * A new conversation, to each member as they see it: the creator's other devices get the
 * creator's view; everyone else is a plain member who has read nothing yet.
 */
function announceCreated(broadcast: Broadcaster, creator: string, conversation: ConversationRecord): void {
  broadcast.toUsers([creator], 'conversation:created', conversation);
  const asMember: ConversationRecord = { ...conversation, role: 'member', muted: false, lastReadSeq: 0, unreadMessagesCount: 0 };
  delete asMember.unreadMessagesMentioned;
  broadcast.toUsers(
    conversation.members.filter((m) => m !== creator),
    'conversation:created',
    asMember,
  );
}

/** Normal and temporary conversations: create, find, read, change. */
export const conversationCommands = {
  'conversation:create': defineCommand('conversation:create', {
    schema: schemas.createConversationSchema,
    async run({ user, services, broadcast }, payload) {
      const { conversation, created, returned } = await services.conversations.create(user.id, payload);
      if (created) return { data: conversation, afterAck: () => announceCreated(broadcast, user.id, conversation) };
      if (returned.length === 0) return { data: conversation };
      // Those back in it see it as they are in it now (their role, what they have not read).
      const views = await Promise.all(returned.map((member) => services.conversations.get(member, conversation.id)));
      // A unique conversation someone had left: they are back in it.
      const others = conversation.members.filter((m) => !returned.includes(m));
      return {
        data: conversation,
        afterAck: () => {
          broadcast.toUsers(others, 'conversation:members-joined', { cid: conversation.id, members: returned, invitedBy: user.id, updatedAt: conversation.updatedAt });
          returned.forEach((member, i) => broadcast.toUsers([member], 'conversation:created', views[i]!));
        },
      };
    },
  }),
  'conversation:create-temporary': defineCommand('conversation:create-temporary', {
    schema: kinds.createTemporarySchema,
    async run({ user, services, broadcast }, payload) {
      const conversation = await services.temporary.create(user.id, payload);
      return { data: conversation, afterAck: () => announceCreated(broadcast, user.id, conversation) };
    },
  }),
  'conversation:list': defineCommand('conversation:list', {
    schema: schemas.conversationListSchema,
    async run({ user, services }, payload) {
      return { data: await services.conversations.list(user.id, payload) };
    },
  }),
  'conversation:query': defineCommand('conversation:query', {
    schema: kinds.conversationQuerySchema,
    async run({ user, services }, payload) {
      return { data: await services.queries.run(user.id, payload) };
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
      // In a 1:1 conversation the other member sees the read mark (lastReadAt).
      const receipt = await services.receipts.afterRead(user.id, payload.cid);
      return {
        data: state,
        afterAck: () => {
          broadcast.toUsers([user.id], 'conversation:read-updated', state);
          broadcast.toUsers(receipt.notify, 'message:receipts-updated', receipt.state);
        },
      };
    },
  }),
  'conversation:update': defineCommand('conversation:update', {
    schema: kinds.updateConversationSchema,
    async run({ user, services, broadcast }, payload) {
      const { conversation, notices } = await services.attributes.update(user.id, payload.cid, payload);
      return { data: conversation, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:mute': defineCommand('conversation:mute', {
    schema: kinds.cidPayloadSchema,
    async run({ user, services, broadcast }, payload) {
      const { data, notices } = await services.members.setMuted(user.id, payload.cid, true);
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:unmute': defineCommand('conversation:unmute', {
    schema: kinds.cidPayloadSchema,
    async run({ user, services, broadcast }, payload) {
      const { data, notices } = await services.members.setMuted(user.id, payload.cid, false);
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
};
