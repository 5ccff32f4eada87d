import type { Kysely } from 'kysely';
import { ChatError } from '../../protocol/chat-error.js';
import type { ConversationKind, MemberRole } from '../../protocol/model.js';
import type { MemberRestriction } from '../../protocol/conversation-model.js';
import { PreparedQuery } from '../store/prepared-query.js';
import type { ConversationRow, Database } from '../store/schema.js';

/**
 * Who may see and do what in a conversation. Every service goes through here, so "a
 * conversation you may not see answers exactly like a missing one" holds everywhere.
 */

/** The sender of messages an admin sends to a service conversation. No token can name it: user ids never start with `#`. */
export const SERVICE_SENDER = '#service';

export interface Membership {
  role: MemberRole;
  last_read_seq: number;
  muted: number;
}

export interface Access {
  conversation: ConversationRow;
  /** The user's member row; absent for chat rooms and services they do not subscribe to. */
  member?: Membership;
}

export function notVisible(): never {
  throw new ChatError('INVALID_MESSAGING_TARGET', undefined, { field: 'cid' });
}

export function kindOf(row: Pick<ConversationRow, 'kind'>): ConversationKind {
  return row.kind as ConversationKind;
}

export function isExpired(row: Pick<ConversationRow, 'expires_at'>, now: number): boolean {
  return row.expires_at !== null && Number(row.expires_at) <= now;
}

/**
 * The conversation as `user` may see it, or 4401. Chat rooms and services are visible to
 * everyone (a service's per-user thread only to its subscriber); normal and temporary ones to
 * members. An expired temporary conversation answers 4323 to its members until it is deleted.
 */
export async function loadVisible(db: Kysely<Database>, user: string, cid: string, now: number): Promise<Access> {
  const conversation = await findConversation(db, cid);
  if (!conversation) notVisible();
  const member = await db
    .selectFrom('members')
    .select(['role', 'last_read_seq', 'muted'])
    .where('conversation_id', '=', cid)
    .where('user_id', '=', user)
    .executeTakeFirst();
  const access: Access = member
    ? { conversation, member: { role: member.role as MemberRole, last_read_seq: Number(member.last_read_seq), muted: Number(member.muted) } }
    : { conversation };
  const kind = kindOf(conversation);
  const public_ = kind === 'transient' || (kind === 'system' && conversation.service_id === null);
  if (!public_ && !member) notVisible();
  if (isExpired(conversation, now)) {
    if (!member) notVisible();
    throw new ChatError('TEMPORARY_CONVERSATION_EXPIRED', undefined, { field: 'cid' });
  }
  return access;
}

/** Like `loadVisible`, and the user must be a member (not just able to see it). */
export async function loadAsMember(db: Kysely<Database>, user: string, cid: string, now: number): Promise<Required<Access>> {
  const access = await loadVisible(db, user, cid, now);
  if (!access.member) throw new ChatError('CONVERSATION_MEMBERSHIP_REQUIRED', undefined, { field: 'cid' });
  return access as Required<Access>;
}

/** Member lists may change only in normal conversations; each other kind says why not. */
export function requireNormal(row: ConversationRow): void {
  const kind = kindOf(row);
  if (kind === 'normal') return;
  if (kind === 'temporary') {
    throw new ChatError('CONVERSATION_READ_ONLY', 'The members of a temporary conversation are fixed at creation', { field: 'cid' });
  }
  if (kind === 'system') {
    throw new ChatError('CONVERSATION_READ_ONLY', "Subscriptions to a service conversation are managed by the site's server", { field: 'cid' });
  }
  throw new ChatError('NORMAL_CONVERSATION_REQUIRED', 'A chat room has no member list', { field: 'cid' });
}

const RANK: Record<MemberRole, number> = { subscriber: 0, member: 1, manager: 2, owner: 3 };

export function outranks(actor: MemberRole, target: MemberRole): boolean {
  return RANK[actor] > RANK[target];
}

export function requireManager(role: MemberRole | undefined): void {
  if (role !== 'owner' && role !== 'manager') {
    throw new ChatError('CONVERSATION_OPERATION_UNAUTHORIZED', 'Only the owner and managers may do this');
  }
}

/** Chat rooms have no member rows: their creator is their owner and the only one who manages them. */
export function chatRoomRole(row: ConversationRow, user: string): MemberRole | undefined {
  return row.creator === user ? 'owner' : undefined;
}

/** Whether a manager silenced (reads only) or blocked (out, cannot come back) this user here. */
const restrictionOf = new PreparedQuery<{ cid: string; restriction: MemberRestriction; user: string }, { user_id: string }>((db, p) =>
  db
    .selectFrom('member_restrictions')
    .select('user_id')
    .where('conversation_id', '=', p('cid'))
    .where('restriction', '=', p('restriction'))
    .where('user_id', '=', p('user')),
);

export async function isRestricted(db: Kysely<Database>, cid: string, user: string, restriction: MemberRestriction): Promise<boolean> {
  return (await restrictionOf.takeFirst(db, { cid, restriction, user })) !== undefined;
}

/** The ids of a conversation's members (a chat room keeps none). */
const presenceOf = new PreparedQuery<{ cid: string; user: string }, { socket_id: string }>((db, p) =>
  db.selectFrom('chat_room_presence').select('socket_id').where('conversation_id', '=', p('cid')).where('user_id', '=', p('user')),
);

/** The user is in the chat room on some connection (a chat room keeps no member list). */
export async function isInChatRoom(db: Kysely<Database>, cid: string, user: string): Promise<boolean> {
  return (await presenceOf.takeFirst(db, { cid, user })) !== undefined;
}

const membersOf = new PreparedQuery<{ cid: string }, { user_id: string }>((db, p) =>
  db.selectFrom('members').select('user_id').where('conversation_id', '=', p('cid')),
);

export async function memberIds(db: Kysely<Database>, cid: string): Promise<string[]> {
  return (await membersOf.execute(db, { cid })).rows.map((r) => r.user_id);
}

const conversationById = new PreparedQuery<{ cid: string }, ConversationRow>((db, p) =>
  db.selectFrom('conversations').selectAll().where('id', '=', p('cid')),
);

/** A conversation's row, or undefined. */
export function findConversation(db: Kysely<Database>, cid: string): Promise<ConversationRow | undefined> {
  return conversationById.takeFirst(db, { cid });
}

/** What deciding who may send needs of a conversation's row. */
export type SendGate = Pick<ConversationRow, 'kind' | 'expires_at' | 'service_id'>;

const sendGateById = new PreparedQuery<{ cid: string }, SendGate>((db, p) =>
  db.selectFrom('conversations').select(['kind', 'expires_at', 'service_id']).where('id', '=', p('cid')),
);

/**
 * The columns a send checks, or undefined: every message reads them, and the whole row carries
 * the custom attributes, as large as a conversation's owner made them.
 */
export function findSendGate(db: Kysely<Database>, cid: string): Promise<SendGate | undefined> {
  return sendGateById.takeFirst(db, { cid });
}
