import * as kinds from '../../../protocol/conversation-schemas.js';
import { sendNotices } from '../../services/notice.js';
import { defineCommand } from './command.js';

/** Members of normal conversations: invite, remove, roles, and what managers impose. */
export const memberCommands = {
  'conversation:add': defineCommand('conversation:add', {
    schema: kinds.membersPayloadSchema,
    async run({ user, services, broadcast }, payload) {
      const { data, notices } = await services.members.add(user.id, payload.cid, payload.members);
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:remove': defineCommand('conversation:remove', {
    schema: kinds.membersPayloadSchema,
    async run({ user, services, broadcast }, payload) {
      const { data, notices } = await services.members.remove(user.id, payload.cid, payload.members);
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:members-info': defineCommand('conversation:members-info', {
    schema: kinds.cidPayloadSchema,
    async run({ user, services }, payload) {
      return { data: await services.members.membersInfo(user.id, payload.cid) };
    },
  }),
  'conversation:update-role': defineCommand('conversation:update-role', {
    schema: kinds.updateRoleSchema,
    async run({ user, services, broadcast }, payload) {
      const { data, notices } = await services.members.updateRole(user.id, payload.cid, payload.member, payload.role);
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:mute-members': defineCommand('conversation:mute-members', {
    schema: kinds.membersPayloadSchema,
    async run({ user, services, broadcast }, payload) {
      const { data, notices } = await services.restrictions.restrict(user.id, payload.cid, payload.members, 'silenced');
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:unmute-members': defineCommand('conversation:unmute-members', {
    schema: kinds.membersPayloadSchema,
    async run({ user, services, broadcast }, payload) {
      const { data, notices } = await services.restrictions.lift(user.id, payload.cid, payload.members, 'silenced');
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:block-members': defineCommand('conversation:block-members', {
    schema: kinds.membersPayloadSchema,
    async run({ user, services, broadcast }, payload) {
      const { data, notices } = await services.restrictions.restrict(user.id, payload.cid, payload.members, 'blocked');
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:unblock-members': defineCommand('conversation:unblock-members', {
    schema: kinds.membersPayloadSchema,
    async run({ user, services, broadcast }, payload) {
      const { data, notices } = await services.restrictions.lift(user.id, payload.cid, payload.members, 'blocked');
      return { data, afterAck: () => sendNotices(broadcast, notices) };
    },
  }),
  'conversation:muted-members': defineCommand('conversation:muted-members', {
    schema: kinds.memberPageSchema,
    async run({ user, services }, payload) {
      return { data: await services.restrictions.page(user.id, payload.cid, 'silenced', payload) };
    },
  }),
  'conversation:blocked-members': defineCommand('conversation:blocked-members', {
    schema: kinds.memberPageSchema,
    async run({ user, services }, payload) {
      return { data: await services.restrictions.page(user.id, payload.cid, 'blocked', payload) };
    },
  }),
};
