import type { z } from 'zod';
import type { CommandName, CommandResult, ServerToClientEvents } from '../../../protocol/events.js';
import type { SessionState, UserProfile } from '../../../protocol/model.js';
import type { ConversationServices } from '../../services/conversation-services.js';
import type { MessageService } from '../../services/message-service.js';
import type { PushService } from '../../services/push/push-service.js';
import type { ReceiptService } from '../../services/receipts.js';
import type { MessageEdits } from '../../services/recall-edit.js';
import type { WillService } from '../../services/will-messages.js';
import type { ClientInfo } from '../../services/support/support-access.js';
import type { SupportServices } from '../../services/support/support-services.js';
import type { UserProfiles } from '../../services/user-profiles.js';

export interface Services extends ConversationServices {
  messages: MessageService;
  edits: MessageEdits;
  receipts: ReceiptService;
  wills: WillService;
  push: PushService;
  support: SupportServices;
  /** Who is connected, on any node (cluster/online-users.ts). */
  presence: { among(users: string[]): Promise<Set<string>> };
  /** Each user's name and picture from their last token. */
  profiles: UserProfiles;
}

/** What a command may push to others once its ack has gone out. */
export interface Broadcaster {
  /** To every connection of these users except the one that sent the command. */
  toUsers<E extends keyof ServerToClientEvents>(
    users: string[],
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
  /** To every connection in the chat room except the one that sent the command. */
  toRoom<E extends keyof ServerToClientEvents>(
    cid: string,
    event: E,
    ...args: Parameters<ServerToClientEvents[E]>
  ): void;
}

export interface CommandContext {
  user: UserProfile;
  services: Services;
  broadcast: Broadcaster;
  /** The connection the command came on (a chat room holds connections, not users). */
  socketId: string;
  /** The connection's address and browser, as the transport saw them. */
  client: ClientInfo;
  /**
   * Call once the command's place in the commit order is fixed (queued into the group-commit
   * writer): the socket's next command may then start before this one's commit.
   */
  releaseQueue: () => void;
  /** The connection's token: swapped for a fresh one of the same user, answering its expiry (ms). */
  renewSession(token: string): Promise<SessionState>;
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
