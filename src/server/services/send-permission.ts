import type { Kysely } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import type { Database } from '../store/schema.js';
import type { ChatRoomFlood } from './chat-room-flood.js';
import { findSendGate, isExpired, isInChatRoom, isRestricted, kindOf, memberIds, notVisible, SERVICE_SENDER } from './conversation-access.js';
import type { MessageTarget } from './message-service.js';

/**
 * Whether `from` may send to the conversation now, by its kind's rules; throws the refusal, or
 * returns the conversation's kind and members (what delivery needs), read once here.
 * Runs inside the message transaction, after the idempotency check (a resend of a committed
 * message is answered before this).
 *
 * - normal and temporary: members only (4401 otherwise, like a missing conversation); a
 *   temporary one past its time answers 4323; a silenced member 4563.
 * - chat room: only while in the room (4317), not silenced (4563), within the flood budget (4116).
 * - service: only the admin API sends (`SERVICE_SENDER`); subscribers read (4307).
 */
export async function assertCanSend(
  trx: Kysely<Database>,
  from: string,
  cid: string,
  now: number,
  flood: ChatRoomFlood,
): Promise<MessageTarget> {
  const conversation = await findSendGate(trx, cid);
  if (!conversation) notVisible();
  const kind = kindOf(conversation);
  const members = await memberIds(trx, cid);
  const target: MessageTarget = { kind, members };

  if (kind === 'system') {
    if (from === SERVICE_SENDER) return target;
    if (!members.includes(from) && conversation.service_id !== null) notVisible();
    throw new ChatError('CONVERSATION_READ_ONLY', 'Only the service sends to a service conversation', { field: 'cid' });
  }

  if (kind === 'transient') {
    if (!(await isInChatRoom(trx, cid, from))) throw new ChatError('CONVERSATION_MEMBERSHIP_REQUIRED', 'Join the chat room to send to it', { field: 'cid' });
    await assertNotSilenced(trx, cid, from);
    await flood.admit(cid, from);
    return target;
  }

  if (!members.includes(from)) notVisible();
  if (isExpired(conversation, now)) throw new ChatError('TEMPORARY_CONVERSATION_EXPIRED', undefined, { field: 'cid' });
  await assertNotSilenced(trx, cid, from);
  return target;
}

async function assertNotSilenced(trx: Kysely<Database>, cid: string, user: string): Promise<void> {
  if (await isRestricted(trx, cid, user, 'silenced')) throw new ChatError('SILENCED', undefined, { field: 'cid' });
}
