import type { ChatError } from '../protocol/chat-error.js';
import type { ConversationRecord, MessageRecord, ReadState } from '../protocol/model.js';
import type { CacheDb } from './cache-db.js';
import type { ConversationApi } from './conversation-api.js';
import type { MessageFeatures } from './message-features.js';
import type { MessageSync } from './message-sync.js';
import type { Transport } from './transport.js';

/** Cached conversations checked at once after a reconnect. */
const RECONCILE_BATCH = 8;

export interface CacheSyncDeps {
  db: CacheDb;
  transport: Transport;
  messages: MessageSync;
  conversations: ConversationApi;
  features: MessageFeatures;
  userId: string;
}

/**
 * Keeps the cache in step with the server: what a push or an ack brings in, and the catch-up
 * after every (re)connect. Writes only to the cache; the elements see the changes through
 * their live queries.
 */
export class CacheSync {
  constructor(private readonly deps: CacheSyncDeps) {}

  /**
   * After (re)connecting: the conversation list (forgetting conversations lost meanwhile), then
   * every cached conversation's range repaired and extended, then recalls and edits.
   */
  async resync(): Promise<void> {
    const { db, messages, features } = this.deps;
    await this.reconcileCached(await this.refreshList());
    const cursors = await db.cursors.toArray();
    const conversations = await db.conversations.bulkGet(cursors.map((c) => c.cid));
    await Promise.all(
      cursors.map(async (cursor, i) => {
        // A cache that lost rows (evicted, damaged) is refilled before it is extended.
        await messages.repair(cursor.cid);
        const known = conversations[i];
        if (known && known.lastSeq > cursor.high) await messages.catchUp(cursor.cid);
      }),
    );
    await features.afterSync();
  }

  /** The newest conversations from the server into the cache; returns their ids. */
  async refreshList(limit = 100): Promise<Set<string>> {
    const page = await this.deps.transport.request('conversation:list', { limit });
    await this.putConversations(page.conversations);
    return new Set(page.conversations.map((c) => c.id));
  }

  /** A committed message, live or acked: into its range, and into its conversation's summary. */
  async applyMessage(message: MessageRecord): Promise<void> {
    const { db, transport, messages, conversations, userId } = this.deps;
    if (await conversations.receiveRoomMessage(message)) return;
    await messages.receive(message);
    const known = await db.transaction('rw', db.conversations, async () => {
      const conversation = await db.conversations.get(message.cid);
      if (!conversation) return false;
      if (message.seq <= conversation.lastSeq) return true;
      const mine = message.from === userId;
      const lastReadSeq = mine ? message.seq : conversation.lastReadSeq;
      await db.conversations.put({
        ...conversation,
        lastMessage: message,
        lastMessageAt: message.timestamp,
        lastSeq: message.seq,
        lastReadSeq,
        unreadMessagesCount: message.seq - lastReadSeq,
        unreadMessagesMentioned: !mine && (message.mentioned === true || conversation.unreadMessagesMentioned === true),
        activity: message.timestamp,
      });
      return true;
    });
    if (!known) await this.putConversations([await transport.request('conversation:get', { cid: message.cid })]);
  }

  /** The user's read position moved (here or on another device); never backwards. */
  async applyReadState(state: ReadState): Promise<void> {
    await this.deps.db.conversations
      .where('id')
      .equals(state.cid)
      .modify((c) => {
        if (state.lastReadSeq < c.lastReadSeq) return;
        c.lastReadSeq = state.lastReadSeq;
        c.unreadMessagesCount = Math.max(0, c.lastSeq - state.lastReadSeq);
        if (c.unreadMessagesCount === 0) delete c.unreadMessagesMentioned;
      });
  }

  async putConversations(conversations: ConversationRecord[]): Promise<void> {
    await this.deps.conversations.store(conversations);
  }

  /**
   * Cached conversations the fresh list did not include may have expired, been deleted, or
   * dropped the user while offline: ask about each, and forget the ones that answer 4401.
   */
  private async reconcileCached(fresh: Set<string>): Promise<void> {
    const { db, conversations } = this.deps;
    const cached = (await db.conversations.toCollection().primaryKeys()) as string[];
    const stale = cached.filter((cid) => !fresh.has(cid));
    for (let i = 0; i < stale.length; i += RECONCILE_BATCH) {
      await Promise.all(
        stale.slice(i, i + RECONCILE_BATCH).map((cid) =>
          conversations.get(cid).catch(async (error: unknown) => {
            if ((error as ChatError).name === 'INVALID_MESSAGING_TARGET') await conversations.forget(cid);
            else throw error;
          }),
        ),
      );
    }
  }
}
