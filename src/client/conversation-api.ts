import { ChatError } from '../protocol/chat-error.js';
import type { MemberChangeResult, MemberCount, MemberInfo, MemberPage } from '../protocol/conversation-model.js';
import type { ConversationQueryPayload, CreateChatRoomPayload, CreateTemporaryPayload } from '../protocol/conversation-schemas.js';
import type { ConversationPage, ConversationRecord, MemberRole, MessageRecord } from '../protocol/model.js';
import type { CacheDb, CachedConversation } from './cache-db.js';
import { mergeConversation, putMessages } from './cache-merge.js';
import { ConversationQuery, queryCache } from './conversation-query.js';
import type { ConnectionState, Transport } from './transport.js';

/** Changes by key: `name`, or `attr.x.y` for a custom attribute. */
export type ConversationChanges = Record<string, unknown>;

/**
 * Everything about conversations beyond sending: the kinds, members and roles, attributes,
 * queries, and the chat room this login is in (put back automatically after a reconnect within
 * the server's window). Results land in the cache; `ChatClient` exposes this as
 * `client.conversations`.
 */
export class ConversationApi {
  /** The chat room this login is in, if any (one at a time). */
  private chatRoom: string | undefined;

  constructor(
    private readonly db: CacheDb,
    private readonly transport: Transport,
    private readonly user: string,
    private readonly events: EventTarget,
  ) {
    transport.addEventListener('statechange', (event) => {
      if ((event as CustomEvent<ConnectionState>).detail === 'online') void this.backIntoChatRoom();
    });
  }

  /** The chat room this login is in now. */
  get currentChatRoom(): string | undefined {
    return this.chatRoom;
  }

  getQuery(): ConversationQuery {
    return new ConversationQuery({ find: (payload) => this.find(payload), findInCache: (payload) => this.findInCache(payload) }, this.user);
  }

  /** A chat room: anyone may join, nobody is listed. Creating one also joins it. */
  async createChatRoom(input: CreateChatRoomPayload): Promise<ConversationRecord> {
    const room = await this.transport.request('conversation:create-chat-room', input);
    return this.join(room.id);
  }

  /** For customer service: a few members, a time to live in seconds (the server's default: one day). */
  async createTemporaryConversation(input: CreateTemporaryPayload): Promise<ConversationRecord> {
    return this.store(await this.transport.request('conversation:create-temporary', input));
  }

  /** The conversation as the server has it now (also refreshed in the cache). */
  async get(cid: string): Promise<ConversationRecord> {
    return this.store(await this.transport.request('conversation:get', { cid }));
  }

  /** Sets `name` or `attr.x.y` keys, removes `unset` attribute keys; every member hears of it. */
  async update(cid: string, set: ConversationChanges = {}, unset: string[] = []): Promise<ConversationRecord> {
    return this.store(await this.transport.request('conversation:update', { cid, ...(Object.keys(set).length > 0 ? { set } : {}), ...(unset.length > 0 ? { unset } : {}) }));
  }

  async add(cid: string, members: string[]): Promise<MemberChangeResult> {
    const result = await this.transport.request('conversation:add', { cid, members });
    await this.editMembers(cid, (list) => [...new Set([...list, ...result.successful])]);
    return result;
  }

  async remove(cid: string, members: string[]): Promise<MemberChangeResult> {
    const result = await this.transport.request('conversation:remove', { cid, members });
    await this.editMembers(cid, (list) => list.filter((m) => !result.successful.includes(m)));
    return result;
  }

  /** Chat rooms: enters it (leaving the one this login was in). */
  async join(cid: string): Promise<ConversationRecord> {
    const conversation = await this.store(await this.transport.request('conversation:join', { cid }));
    if (conversation.transient) this.chatRoom = cid;
    return conversation;
  }

  /** Leaves a chat room or a normal conversation (which then leaves the cache). */
  async quit(cid: string): Promise<void> {
    await this.transport.request('conversation:quit', { cid });
    if (this.chatRoom === cid) {
      this.chatRoom = undefined;
      return;
    }
    await this.forget(cid);
  }

  /** Chat rooms: users online in it now; others: members. */
  async count(cid: string): Promise<number> {
    const result: MemberCount = await this.transport.request('conversation:count', { cid });
    return result.count;
  }

  getAllMemberInfo(cid: string): Promise<MemberInfo[]> {
    return this.transport.request('conversation:members-info', { cid });
  }

  updateMemberRole(cid: string, member: string, role: Exclude<MemberRole, 'subscriber'>): Promise<MemberInfo> {
    return this.transport.request('conversation:update-role', { cid, member, role });
  }

  /** No push notifications from it for this user. */
  async mute(cid: string): Promise<ConversationRecord> {
    return this.store(await this.transport.request('conversation:mute', { cid }));
  }

  async unmute(cid: string): Promise<ConversationRecord> {
    return this.store(await this.transport.request('conversation:unmute', { cid }));
  }

  /** Managers: these members may read but not send. */
  muteMembers(cid: string, members: string[]): Promise<MemberChangeResult> {
    return this.transport.request('conversation:mute-members', { cid, members });
  }

  unmuteMembers(cid: string, members: string[]): Promise<MemberChangeResult> {
    return this.transport.request('conversation:unmute-members', { cid, members });
  }

  /** Managers: removes these members and keeps them from coming back. */
  async blockMembers(cid: string, members: string[]): Promise<MemberChangeResult> {
    const result = await this.transport.request('conversation:block-members', { cid, members });
    await this.editMembers(cid, (list) => list.filter((m) => !result.successful.includes(m)));
    return result;
  }

  unblockMembers(cid: string, members: string[]): Promise<MemberChangeResult> {
    return this.transport.request('conversation:unblock-members', { cid, members });
  }

  queryMutedMembers(cid: string, options: { limit?: number; cursor?: string } = {}): Promise<MemberPage> {
    return this.transport.request('conversation:muted-members', { cid, ...options });
  }

  queryBlockedMembers(cid: string, options: { limit?: number; cursor?: string } = {}): Promise<MemberPage> {
    return this.transport.request('conversation:blocked-members', { cid, ...options });
  }

  /**
   * A chat room message: rooms keep no offline messages, so a gap is not fetched; the cached
   * range simply starts again. Answers false for messages of other kinds.
   */
  async receiveRoomMessage(message: MessageRecord): Promise<boolean> {
    const conversation = await this.db.conversations.get(message.cid);
    if (!conversation?.transient) return false;
    await this.db.transaction('rw', this.db.messages, this.db.cursors, this.db.conversations, async () => {
      const cursor = await this.db.cursors.get(message.cid);
      await putMessages(this.db, [message]);
      if (!cursor || message.seq > cursor.high + 1) {
        await this.db.cursors.put({ cid: message.cid, low: message.seq, high: message.seq, complete: message.seq === 1 });
      } else if (message.seq === cursor.high + 1) {
        await this.db.cursors.update(message.cid, { high: message.seq });
      }
      if (message.seq > conversation.lastSeq) {
        await this.db.conversations.put({ ...conversation, lastMessage: message, lastMessageAt: message.timestamp, lastSeq: message.seq, lastReadSeq: message.seq, activity: message.timestamp });
      }
    });
    return true;
  }

  /** Drops a conversation the user can no longer see, with its cached messages. */
  async forget(cid: string): Promise<void> {
    if (this.chatRoom === cid) this.chatRoom = undefined;
    await this.db.transaction('rw', this.db.conversations, this.db.messages, this.db.cursors, async () => {
      await this.db.conversations.delete(cid);
      await this.db.messages.where('[cid+seq]').between([cid, 0], [cid, Number.MAX_SAFE_INTEGER], true, true).delete();
      await this.db.cursors.delete(cid);
    });
  }

  /**
   * Stores records from the server, keeping what a compact or last-message-less answer left out,
   * and what pushes brought since the server read the record: its message summary and the read
   * position never go back.
   */
  async store<T extends ConversationRecord | ConversationRecord[]>(records: T, compact = false): Promise<T> {
    const list = Array.isArray(records) ? records : [records];
    await this.db.transaction('rw', this.db.conversations, async () => {
      const cached = await this.db.conversations.bulkGet(list.map((c) => c.id));
      await this.db.conversations.bulkPut(list.map((c, i) => mergeConversation(c, cached[i], compact)));
    });
    return records;
  }

  private async find(payload: ConversationQueryPayload): Promise<ConversationPage> {
    const page = await this.transport.request('conversation:query', payload);
    await this.store(page.conversations, payload.compact === true);
    return page;
  }

  private async findInCache(payload: ConversationQueryPayload): Promise<CachedConversation[]> {
    return queryCache(await this.db.conversations.toArray(), payload, this.transport.clock.now());
  }

  private async editMembers(cid: string, edit: (members: string[]) => string[]): Promise<void> {
    await this.db.conversations.where('id').equals(cid).modify((c) => {
      c.members = edit(c.members);
    });
  }

  /** After a reconnect: back into the chat room, or told (`chatroomexpired`) that the window passed. */
  private async backIntoChatRoom(): Promise<void> {
    const cid = this.chatRoom;
    if (!cid) return;
    try {
      await this.store(await this.transport.request('conversation:rejoin', { cid }));
    } catch (error) {
      if (!(error instanceof ChatError) || error.retryable) return;
      this.chatRoom = undefined;
      this.events.dispatchEvent(new CustomEvent('chatroomexpired', { detail: { cid, error } }));
    }
  }
}
