import * as schemas from '../../../protocol/schemas.js';
import { deliverChange, deliverMessage } from '../message-delivery.js';
import { defineCommand } from './command.js';

export const messageCommands = {
  'message:send': defineCommand('message:send', {
    schema: schemas.sendMessageSchema,
    async run({ user, services, broadcast, releaseQueue, client }, payload) {
      const { will, transient, pushData, ...input } = payload;
      // A closed support conversation takes no messages; visitors' sends are rate-limited.
      if (!will && !transient) await services.support.visitors.admitSend(user, client, input.cid);
      if (will) return { data: await services.wills.hold(user.id, { ...input, pushData }) };
      if (transient) {
        const { message, members, kind } = await services.messages.relay(user.id, input);
        return {
          data: message,
          afterAck: () => {
            deliverMessage(broadcast.toUsers, 'message:relayed', message, members);
            if (kind === 'transient') broadcast.toRoom(message.cid, 'message:relayed', message);
          },
        };
      }
      // send() queues into the group-commit writer at once: from here on, order is kept there.
      const sending = services.messages.send(user.id, { ...input, pushData });
      releaseQueue();
      const result = await sending;
      const { message, created, members } = result;
      if (!created) return { data: message };
      await services.support.visitors.recordSent(message);
      return {
        data: message,
        afterAck: () => {
          deliverMessage(broadcast.toUsers, 'message:created', message, members);
          // A chat room has no members: whoever is in the room now gets it.
          if (result.kind === 'transient') broadcast.toRoom(message.cid, 'message:created', message);
          // The sender has read up to their own message, on every device.
          broadcast.toUsers([user.id], 'conversation:read-updated', {
            cid: message.cid,
            lastReadSeq: message.seq,
            unreadMessagesCount: 0,
          });
          void services.push.notifyOffline(result);
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
  'message:recall': defineCommand('message:recall', {
    schema: schemas.recallMessageSchema,
    async run({ user, services, broadcast }, payload) {
      const result = await services.edits.recall({ user: user.id }, payload.cid, payload.id);
      return { data: result.message, afterAck: () => deliverChange(broadcast, 'message:recalled', result) };
    },
  }),
  'message:update': defineCommand('message:update', {
    schema: schemas.updateMessageSchema,
    async run({ user, services, broadcast }, payload) {
      const result = await services.edits.update({ user: user.id }, payload);
      return { data: result.message, afterAck: () => deliverChange(broadcast, 'message:updated', result) };
    },
  }),
  'message:ack': defineCommand('message:ack', {
    schema: schemas.ackMessagesSchema,
    async run({ user, services, broadcast }, payload) {
      const { state, notify } = await services.receipts.acknowledge(user.id, payload.cid, payload.seq);
      return { data: state, afterAck: () => broadcast.toUsers(notify, 'message:receipts-updated', state) };
    },
  }),
  'message:receipts': defineCommand('message:receipts', {
    schema: schemas.conversationIdPayloadSchema,
    async run({ user, services }, payload) {
      return { data: await services.receipts.peerState(user.id, payload.cid) };
    },
  }),
  'message:patches': defineCommand('message:patches', {
    schema: schemas.patchesSchema,
    async run({ user, services }, payload) {
      return { data: await services.messages.patches(user.id, payload) };
    },
  }),
};
