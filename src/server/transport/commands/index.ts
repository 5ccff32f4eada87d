import type { z } from 'zod';
import type { CommandName } from '../../../protocol/events.js';
import type { CommandDefinition } from './command.js';
import { chatRoomCommands } from './chat-room-commands.js';
import { conversationCommands } from './conversation-commands.js';
import { memberCommands } from './member-commands.js';
import { messageCommands } from './message-commands.js';
import { presenceCommands } from './presence-commands.js';
import { pushCommands } from './push-commands.js';
import { supportCommands } from './support-commands.js';

export type { Broadcaster, CommandContext, CommandOutcome, Services } from './command.js';

/** Every client command, each validated by its schema before it runs. */
export const COMMANDS = {
  ...conversationCommands,
  ...memberCommands,
  ...chatRoomCommands,
  ...messageCommands,
  ...pushCommands,
  ...presenceCommands,
  ...supportCommands,
} satisfies { [C in CommandName]: CommandDefinition<C, z.ZodType> };

export function isCommand(event: string): event is CommandName {
  return Object.hasOwn(COMMANDS, event);
}
