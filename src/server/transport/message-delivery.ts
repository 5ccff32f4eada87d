import type { MessageRecord } from '../../protocol/model.js';
import { mentions } from '../services/message-view.js';
import type { ChangeResult } from '../services/recall-edit.js';
import type { Broadcaster } from './commands/command.js';

type Event = 'message:created' | 'message:relayed' | 'message:recalled' | 'message:updated';

/**
 * Pushes a message to members, each seeing `mentioned` for themselves: members it @-mentions
 * get their own copy with `mentioned: true`, everyone else the plain record.
 */
export function deliverMessage(emit: Broadcaster['toUsers'], event: Event, message: MessageRecord, members: string[]): void {
  const mentioned = members.filter((m) => mentions(message, m));
  const others = mentioned.length === 0 ? members : members.filter((m) => !mentioned.includes(m));
  emit(others, event, message);
  if (mentioned.length > 0) emit(mentioned, event, { ...message, mentioned: true });
}

/** A recall or edit: to the members, or in a chat room to whoever is in the room now. */
export function deliverChange(
  broadcast: Pick<Broadcaster, 'toUsers' | 'toRoom'>,
  event: 'message:recalled' | 'message:updated',
  { message, members, kind }: ChangeResult,
): void {
  if (kind === 'transient') broadcast.toRoom(message.cid, event, message);
  else deliverMessage(broadcast.toUsers, event, message, members);
}
