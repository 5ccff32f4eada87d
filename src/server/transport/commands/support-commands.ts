import { ChatError } from '../../../protocol/chat-error.js';
import type { UserProfile } from '../../../protocol/model.js';
import * as schemas from '../../../protocol/support-schemas.js';
import { sendNotices } from '../../services/notice.js';
import type { SupportOutcome } from '../../services/support/support-access.js';
import { requireAgent } from '../../services/support/support-agents.js';
import { deliverMessage } from '../message-delivery.js';
import type { Broadcaster, CommandOutcome } from './command.js';
import { defineCommand } from './command.js';

/** The ack carries the data; after it, everyone concerned hears of the change and members get written messages. */
function outcome<T>(broadcast: Broadcaster, result: SupportOutcome<T>): CommandOutcome<T> {
  return {
    data: result.data,
    afterAck: () => {
      // Notices first: an agent learns of a conversation (invited) before its messages arrive.
      sendNotices(broadcast, result.notices);
      for (const d of result.deliveries) deliverMessage(broadcast.toUsers, 'message:created', d.message, d.members);
    },
  };
}

export const supportCommands = {
  'support:start': defineCommand('support:start', {
    schema: schemas.supportStartSchema,
    async run({ user, services, broadcast, client }, payload) {
      const started = await services.support.visitors.start(user, client, payload);
      // The name a visitor gives is what agents see of them from now on (their token has none).
      const name = payload.form?.name?.trim();
      if (user.role === 'visitor' && name) await services.profiles.remember({ id: user.id, name });
      return outcome(broadcast, started);
    },
  }),
  'support:mine': defineCommand('support:mine', {
    schema: schemas.emptySchema,
    async run({ user, services }) {
      return { data: { tickets: await services.support.visitors.mine(user) } };
    },
  }),
  'support:reopen': defineCommand('support:reopen', {
    schema: schemas.supportCidSchema,
    async run({ user, services, broadcast, client }, payload) {
      return outcome(broadcast, await services.support.visitors.reopen(user, client, payload.cid));
    },
  }),
  'support:rate': defineCommand('support:rate', {
    schema: schemas.supportRateSchema,
    async run({ user, services, broadcast }, payload) {
      return outcome(broadcast, await services.support.visitors.rate(user, payload.cid, payload.score, payload.comment));
    },
  }),
  'support:offline-message': defineCommand('support:offline-message', {
    schema: schemas.offlineMessageSchema,
    async run({ user, services, client }, payload) {
      const { visitors, records, limits } = services.support;
      const department = visitors.department(payload.department);
      await limits.admitStart(user.id, client.ip);
      return { data: await records.leaveOfflineMessage(user.id, { ...payload, department }) };
    },
  }),
  'support:get': defineCommand('support:get', {
    schema: schemas.supportCidSchema,
    async run({ user, services }, payload) {
      return { data: await services.support.desk.get(user, payload.cid) };
    },
  }),
  'support:close': defineCommand('support:close', {
    schema: schemas.supportCidSchema,
    async run({ user, services, broadcast }, payload) {
      return outcome(broadcast, await services.support.desk.close(user, payload.cid));
    },
  }),
  'support:set-availability': defineCommand('support:set-availability', {
    schema: schemas.availabilitySchema,
    async run({ user, services, broadcast }, payload) {
      return outcome(broadcast, await services.support.desk.setAvailability(user, payload.status));
    },
  }),
  'support:agents': defineCommand('support:agents', {
    schema: schemas.emptySchema,
    async run({ user, services }) {
      return { data: { agents: await services.support.desk.list(user) } };
    },
  }),
  'support:queue': defineCommand('support:queue', {
    schema: schemas.queueSchema,
    async run({ user, services }, payload) {
      return { data: { tickets: await services.support.desk.queue(user, payload.department) } };
    },
  }),
  'support:list': defineCommand('support:list', {
    schema: schemas.agentListSchema,
    async run({ user, services }, payload) {
      return { data: { tickets: await services.support.desk.mine(user, payload.status) } };
    },
  }),
  'support:take': defineCommand('support:take', {
    schema: schemas.supportCidSchema,
    async run({ user, services, broadcast }, payload) {
      return outcome(broadcast, await services.support.desk.take(user, payload.cid));
    },
  }),
  'support:transfer': defineCommand('support:transfer', {
    schema: schemas.transferSchema,
    async run({ user, services, broadcast }, payload) {
      return outcome(broadcast, await services.support.desk.transfer(user, payload.cid, payload.to));
    },
  }),
  'support:note': defineCommand('support:note', {
    schema: schemas.noteSchema,
    async run({ user, services, broadcast }, payload) {
      return outcome(broadcast, await services.support.records.addNote(user, payload.cid, payload.text));
    },
  }),
  'support:notes': defineCommand('support:notes', {
    schema: schemas.supportCidSchema,
    async run({ user, services }, payload) {
      requireAgent(user);
      return { data: { notes: await services.support.records.notes(user, payload.cid) } };
    },
  }),
};

/**
 * What a `role: "visitor"` token may do: talk to support in its own conversations, nothing else
 * (no new conversations with arbitrary users, no chat rooms).
 */
const VISITOR_COMMANDS = new Set<string>([
  'support:start',
  'support:mine',
  'support:reopen',
  'support:rate',
  'support:offline-message',
  'support:get',
  'support:close',
  'conversation:list',
  'conversation:get',
  'conversation:read',
  'conversation:query',
  'conversation:members-info',
  'conversation:count',
  'conversation:mute',
  'conversation:unmute',
  'message:send',
  'message:history',
  'message:recall',
  'message:update',
  'message:ack',
  'message:receipts',
  'message:patches',
  'push:get-key',
  'push:subscribe',
  'push:unsubscribe',
  'session:renew',
  'user:profiles',
]);

export function assertRoleMayRun(user: UserProfile, command: string): void {
  if (user.role !== 'visitor' || VISITOR_COMMANDS.has(command)) return;
  if (command.startsWith('support:')) throw new ChatError('SUPPORT_AGENT_REQUIRED');
  throw new ChatError('CONVERSATION_OPERATION_UNAUTHORIZED', 'A visitor token only talks to customer service');
}
