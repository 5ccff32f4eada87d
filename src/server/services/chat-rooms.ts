import type { Kysely } from 'kysely';
import { nanoid } from 'nanoid';
import { ChatError } from '../../protocol/chat-error.js';
import type { ConversationRecord } from '../../protocol/model.js';
import type { RedisClient } from '../cluster/redis-adapter.js';
import type { Clock } from '../config.js';
import type { Database } from '../store/schema.js';
import { ChatRoomFlood } from './chat-room-flood.js';
import { isInChatRoom, isRestricted, kindOf, loadVisible, notVisible } from './conversation-access.js';
import type { ConversationPolicy } from './conversation-policy.js';
import { viewConversation } from './conversation-view.js';
import type { Realtime } from './realtime.js';
import { newConversationRow } from './new-conversation-row.js';

export interface ChatRoomNode {
  /** This node's id: its presence rows carry it, so they go when it stops or dies. */
  nodeId: string;
  /** Shared by the nodes of a cluster: flood budgets are counted there. */
  redis?: RedisClient;
}

/**
 * Chat rooms (`transient`): no member list, only who is in the room now. Presence is one row per
 * connection, so a login is in at most one room, the online count is right across connections
 * (and across nodes sharing the database), and a dropped connection leaves a mark that lets
 * it be put back within the rejoin window. Each row names the node holding the connection; when
 * a node stops, or dies and a live node notices (node-heartbeat.ts), its rows become drops.
 */
export class ChatRooms {
  readonly flood: ChatRoomFlood;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly policy: ConversationPolicy,
    private readonly realtime: Realtime,
    private readonly node: ChatRoomNode,
  ) {
    this.flood = new ChatRoomFlood(policy.chatRoomFloodMessages, policy.chatRoomFloodSeconds, node.redis);
  }

  /**
   * The connections these nodes held are gone (the nodes stopped or died, or this node is
   * starting again under the same id): each leaves its room with a drop mark, as if its
   * connection had dropped, so clients reconnecting are put back. Safe on several nodes at once.
   */
  async releaseNodes(nodeIds: string[]): Promise<number> {
    if (nodeIds.length === 0) return 0;
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      // Presence rows first, then drops (in key order): the order `dropped` takes them in, so the
      // two never deadlock when a node stops while its connections are closing.
      const present = await trx
        .deleteFrom('chat_room_presence')
        .where('node_id', 'in', nodeIds)
        .returning(['user_id', 'conversation_id'])
        .execute();
      // One drop per user and room, however many connections they had there.
      const drops = new Map(present.map((p) => [`${p.user_id}\n${p.conversation_id}`, p]));
      const ordered = [...drops.keys()].sort().map((key) => drops.get(key)!);
      for (const chunk of chunks(ordered, 500)) {
        await trx
          .insertInto('chat_room_drops')
          .values(chunk.map((p) => ({ user_id: p.user_id, conversation_id: p.conversation_id, dropped_at: now })))
          .onConflict((oc) => oc.columns(['user_id', 'conversation_id']).doUpdateSet({ dropped_at: now }))
          .execute();
      }
      return present.length;
    });
  }

  /** Node ids on presence rows that no heartbeat vouches for (a node gone before this schema knew nodes). */
  async unvouchedNodes(): Promise<string[]> {
    const rows = await this.db
      .selectFrom('chat_room_presence')
      .select('node_id')
      .distinct()
      .where('node_id', 'not in', (eb) => eb.selectFrom('cluster_nodes').select('node_id'))
      .execute();
    return rows.map((r) => r.node_id);
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
      await trx
        .insertInto('chat_room_presence')
        .values({ socket_id: socketId, conversation_id: cid, user_id: user, joined_at: now, node_id: this.node.nodeId })
        .execute();
      await trx.deleteFrom('chat_room_drops').where('user_id', '=', user).where('conversation_id', '=', cid).execute();
      return before?.conversation_id;
    });
    if (previous && previous !== cid) this.realtime.leaveRoom(socketId, previous);
    this.realtime.joinRoom(socketId, cid);
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
    // Still in the room on some connection: this one, or one on a node that died moments ago and
    // whose rows no live node has released yet.
    const present = await isInChatRoom(this.db, cid, user);
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

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
