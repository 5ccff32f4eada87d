import type { z } from 'zod';
import type { CommandName, CommandResult, ServerToClientEvents } from '../../protocol/events.js';
import { MessageType } from '../../protocol/limits.js';
import type { UserProfile } from '../../protocol/model.js';
import * as schemas from '../../protocol/schemas.js';
import type { ConversationService } from '../services/conversation-service.js';
import type { MessageService } from '../services/message-service.js';

export interface Services {
  conversations: ConversationService;
  messages: MessageService;
}

/** What a command may push to others once its ack has gone out. */
export interface Broadcaster {
  /** To every connection of these users except the one that sent the command. */
  toUsers<E extends keyof ServerToClientEvents>(
    users: string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
}

export interface CommandContext {
  user: UserProfile;
  services: Services;
  broadcast: Broadcaster;
}

export interface CommandOutcome<T> {
  data: T;
  /** Runs after the ack: delivery to other members. */
  afterAck?: () => void;
}

interface CommandDefinition<C extends CommandName, S extends z.ZodType> {
  schema: S;
  run(ctx: CommandContext, payload: z.output<S>): Promise<CommandOutcome<CommandResult<C>>>;
}

function define<C extends CommandName, S extends z.ZodType>(definition: CommandDefinition<C, S>) {
  return definition;
}

/** The command table: one entry per client event, each validated before it runs. */
export const COMMANDS = {
  'conversation:create': define<'conversation:create', typeof schemas.createConversationSchema>({
    schema: schemas.createConversationSchema,
    async run({ user, services, broadcast }, payload) {
      const { conversation, created } = await services.conversations.create(user.id, payload);
      return {
        data: conversation,
        afterAck: created ? () => broadcast.toUsers(conversation.members, 'conversation:created', conversation) : undefined,
      };
    },
  }),
  'conversation:list': define<'conversation:list', typeof schemas.conversationListSchema>({
    schema: schemas.conversationListSchema,
    async run({ user, services }, payload) {
      return { data: await services.conversations.list(user.id, payload) };
    },
  }),
  'conversation:get': define<'conversation:get', typeof schemas.conversationIdPayloadSchema>({
    schema: schemas.conversationIdPayloadSchema,
    async run({ user, services }, payload) {
      return { data: await services.conversations.get(user.id, payload.cid) };
    },
  }),
  'conversation:read': define<'conversation:read', typeof schemas.readSchema>({
    schema: schemas.readSchema,
    async run({ user, services, broadcast }, payload) {
      const state = await services.conversations.markRead(user.id, payload.cid, payload.seq);
      return { data: state, afterAck: () => broadcast.toUsers([user.id], 'conversation:read-updated', state) };
    },
  }),
  'message:send': define<'message:send', typeof schemas.sendMessageSchema>({
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
          broadcast.toUsers([user.id], 'conversation:read-updated', {
            cid: message.cid,
            lastReadSeq: message.seq,
            unreadMessagesCount: 0,
          });
        },
      };
    },
  }),
  'message:history': define<'message:history', typeof schemas.historySchema>({
    schema: schemas.historySchema,
    async run({ user, services }, payload) {
      return { data: await services.messages.history(user.id, payload) };
    },
  }),
} satisfies { [C in CommandName]: CommandDefinition<C, z.ZodType> };

export function isCommand(event: string): event is CommandName {
  return Object.hasOwn(COMMANDS, event);
}
