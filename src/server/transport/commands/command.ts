import type { z } from 'zod';
import type { CommandName, CommandResult, ServerToClientEvents } from '../../../protocol/events.js';
import type { UserProfile } from '../../../protocol/model.js';
import type { ConversationService } from '../../services/conversation-service.js';
import type { MessageService } from '../../services/message-service.js';

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

/** One client command: the schema its payload must pass, and what it does. */
export interface CommandDefinition<C extends CommandName, S extends z.ZodType> {
  schema: S;
  run(ctx: CommandContext, payload: z.output<S>): Promise<CommandOutcome<CommandResult<C>>>;
}

/** Ties a definition's types to its command name. */
export function defineCommand<C extends CommandName, S extends z.ZodType>(
  _name: C,
  definition: CommandDefinition<C, S>,
): CommandDefinition<C, S> {
  return definition;
}
