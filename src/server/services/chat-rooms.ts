import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../protocol/chat-error.js';
import type { ConversationRecord } from '../../protocol/model.js';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import { ChatRoomFlood } from './chat-room-flood.js';
import { isRestricted, kindOf, loadVisible, notVisible } from './conversation-access.js';
import type { ConversationPolicy } from './conversation-policy.js';
import { viewConversation } from './conversation-view.js';
import type { Realtime } from './realtime.js';
import { newConversationRow } from './new-conversation-row.js';

/**
 * Chat rooms (`transient`): no member list, only who is in the room now. Presence is one row per
 * connection, so a login is in at most one room, the online count is right across connections
 * (and across servers sharing the database), and a dropped connection leaves a mark that lets
 * it be put back within the rejoin window.
 */
export class ChatRooms {
  readonly flood: ChatRoomFlood;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: ConversationPolicy,
    private readonly realtime: Realtime,
  ) {
    this.flood = new ChatRoomFlood(policy.chatRoomFloodMessages, policy.chatRoomFloodSeconds);
  }

  /**
   * At start-up nobody is connected yet: whoever was in a room counts as dropped just now, so
   * clients reconnecting after a restart are put back.
   */
  async start(): Promise<void> {
    const now = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      const present = await trx.selectFrom('chat_room_presence').select(['user_id', 'conversation_id']).execute();
      for (const p of present) await this.markDropped(trx, p.user_id, p.conversation_id, now);
      await trx.deleteFrom('chat_room_presence').execute();
    });
  }

  close(): void {
    this.flood.forgetAll();
  }

  async create(user: string, input: { name: string; attributes?: Record<string, unknown> }): Promise<ConversationRecord> {
    const now = this.clock.now();
    const id = nanoid();
    await this.db
      .insertInto('conversations')
      .values(newConversationRow({ id, kind: 'transient', name: input.name, creator: user, now, attributes: input.attributes }))
      .execute();
    return viewConversation(this.db, user, id);
  }

  /** Puts this connection in the room, taking it out of the one it was in. */
  async join(user: string, socketId: string, cid: string): Promise<ConversationRecord> {
    const now = this.clock.now();
    const previous = await this.db.transaction().execute(async (trx) => {
      const room = await trx.selectFrom('conversations').select(['kind']).where('id', '=', cid).executeTakeFirst();
      if (!room) notVisible();
      if (room.kind !== 'transient') throw new ChatError('TRANSIENT_CONVERSATION_REQUIRED', undefined, { field: 'cid' });
      if (await isRestricted(trx, cid, user, 'blocked')) throw new ChatError('BLOCKED_BY_CONV', undefined, { field: 'cid' });
      const before = await trx.selectFrom('chat_room_presence').select('conversation_id').where('socket_id', '=', socketId).executeTakeFirst();
      await trx.deleteFrom('chat_room_presence').where('socket_id', '=', socketId).execute();
      await trx.insertInto('chat_room_presence').values({ socket_id: socketId, conversation_id: cid, user_id: user, joined_at: now }).execute();
      await trx.deleteFrom('chat_room_drops').where('user_id', '=', user).where('conversation_id', '=', cid).execute();
      return before?.conversation_id;
    });
    if (previous && previous !== cid) this.realtime.leaveRoom(socketId, previous);
    this.realtime.joinRoom(socketId, cid);
    this.flood.register(cid);
    return viewConversation(this.db, user, cid);
  }

  /** Back into a room this user's connection dropped out of, if that was within the rejoin window. */
  async rejoin(user: string, socketId: string, cid: string): Promise<ConversationRecord> {
    const { conversation } = await loadVisible(this.db, user, cid, this.clock.now());
    if (kindOf(conversation) !== 'transient') throw new ChatError('TRANSIENT_CONVERSATION_REQUIRED', undefined, { field: 'cid' });
    const drop = await this.db
      .selectFrom('chat_room_drops')
      .select('dropped_at')
      .where('user_id', '=', user)
      .where('conversation_id', '=', cid)
      .executeTakeFirst();
    const present = await this.db
      .selectFrom('chat_room_presence')
      .select('socket_id')
      .where('socket_id', '=', socketId)
      .where('conversation_id', '=', cid)
      .executeTakeFirst();
    if (!present && (!drop || this.clock.now() - Number(drop.dropped_at) > this.policy.chatRoomRejoinWindowMs)) {
      throw new ChatError('CHAT_ROOM_REJOIN_EXPIRED', undefined, { field: 'cid', windowMs: this.policy.chatRoomRejoinWindowMs });
    }
    return this.join(user, socketId, cid);
  }

  /** Leaves on purpose: no automatic rejoin afterwards. */
  async quit(user: string, socketId: string, cid: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('chat_room_presence').where('socket_id', '=', socketId).where('conversation_id', '=', cid).execute();
      await trx.deleteFrom('chat_room_drops').where('user_id', '=', user).where('conversation_id', '=', cid).execute();
    });
    this.realtime.leaveRoom(socketId, cid);
  }

  /** A connection closed: it leaves its room, and the user may be put back within the window. */
  async dropped(socketId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const presence = await trx.selectFrom('chat_room_presence').selectAll().where('socket_id', '=', socketId).executeTakeFirst();
      if (!presence) return;
      await trx.deleteFrom('chat_room_presence').where('socket_id', '=', socketId).execute();
      await this.markDropped(trx, presence.user_id, presence.conversation_id, this.clock.now());
    });
  }

  /** Distinct users in the room now, however many connections each has. */
  async onlineCount(cid: string): Promise<number> {
    const row = await this.db
      .selectFrom('chat_room_presence')
      .select((eb) => eb.fn.count<number>('user_id').distinct().as('n'))
      .where('conversation_id', '=', cid)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Takes a user out of the room on every connection (a block). */
  async evict(trx: Kysely<Database>, cid: string, user: string): Promise<void> {
    await trx.deleteFrom('chat_room_presence').where('conversation_id', '=', cid).where('user_id', '=', user).execute();
    await trx.deleteFrom('chat_room_drops').where('conversation_id', '=', cid).where('user_id', '=', user).execute();
  }

  private async markDropped(trx: Kysely<Database>, user: string, cid: string, now: number): Promise<void> {
    await trx
      .insertInto('chat_room_drops')
      .values({ user_id: user, conversation_id: cid, dropped_at: now })
      .onConflict((oc) => oc.columns(['user_id', 'conversation_id']).doUpdateSet({ dropped_at: now }))
      .execute();
  }
}
