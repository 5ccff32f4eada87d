import { liveQuery, type Observable } from 'dexie';
import type { ChatError } from '../protocol/chat-error.js';
import type { ConversationRecord, MessageRecord, ReadState, UserProfile } from '../protocol/model.js';
import type { CreateConversationPayload } from '../protocol/schemas.js';
import { activityOf, CacheDb, type CachedConversation, cacheDbName } from './cache-db.js';
import { type ChatMessage, fromOutbox, fromRecord } from './chat-message.js';
import { MessageSync } from './message-sync.js';
import { Outbox } from './outbox.js';
import { type MemoryIndexedDb, memoryFromServer, type OpenedCache, openCache, type StorageMode } from './open-cache.js';
import { profileFromToken } from './token.js';
import { type ConnectionState, type TokenProvider, Transport } from './transport.js';

export interface ChatClientOptions {
  /** Server URL, e.g. `https://chat.example.com`. */
  server: string;
  /** A token from the site's backend… */
  token?: string;
  /** …or a function that returns a fresh one on every (re)connect. */
  tokenProvider?: TokenProvider;
  /** How long a command waits for the server's answer. Default 10 s. */
  ackTimeoutMs?: number;
  /** Attempts before a send is marked failed. Default 5. */
  maxSendAttempts?: number;
  /**
   * Where to get an in-memory IndexedDB when the browser's cannot be used (`connect()` only).
   * Default: `/dist/parley-memory-storage.js` from the server.
   */
  memoryStorage?: () => Promise<MemoryIndexedDb>;
}

export interface ChatClientEventMap {
  statechange: CustomEvent<ConnectionState>;
  /** A message from someone else, just arrived. */
  message: CustomEvent<MessageRecord>;
  error: CustomEvent<ChatError>;
  /** After a (re)connect: the list and every cached conversation are up to date with the server. */
  synced: Event;
}

/**
 * The store every element shares: the user's conversations and messages, cached in IndexedDB
 * and kept in step with the server. Reads are live queries over the cache; writes go to the
 * server (sends through the durable outbox) and come back into the cache.
 */
export class ChatClient extends EventTarget {
  readonly server: string;
  readonly user: UserProfile;
  /** Where the cache lives; `memory` when the browser refused IndexedDB (nothing survives the page). */
  readonly storage: StorageMode;
  /** Why IndexedDB could not be used, when `storage` is `memory`. */
  readonly storageProblem?: string;
  private readonly db: CacheDb;
  private readonly transport: Transport;
  private readonly sync: MessageSync;
  private readonly outbox: Outbox;
  private closed = false;

  /**
   * The recommended way to make a client: gets the first token (from `tokenProvider` if need be)
   * and opens the cache, falling back to memory when the browser's storage cannot be used.
   */
  static async connect(options: ChatClientOptions): Promise<ChatClient> {
    const token = options.token ?? (await options.tokenProvider?.());
    if (!token) throw new TypeError('ChatClient needs a token or a tokenProvider');
    const user = profileFromToken(token);
    const cache = await openCache(
      cacheDbName(options.server, user.id),
      options.memoryStorage ?? memoryFromServer(options.server),
    );
    return new ChatClient({ ...options, token }, cache);
  }

  /** Synchronous form: assumes IndexedDB works. `cache` is what `connect()` opened. */
  constructor(options: ChatClientOptions, cache?: OpenedCache) {
    super();
    if (!options.token) throw new TypeError('ChatClient needs a token; use ChatClient.connect() with a tokenProvider');
    this.server = options.server;
    this.user = profileFromToken(options.token);
    let firstToken: string | undefined = options.token;
    const tokenProvider: TokenProvider = () => {
      // The first connect uses the token given; later ones ask the provider, if any.
      const token = firstToken ?? options.tokenProvider?.() ?? options.token!;
      firstToken = undefined;
      return token;
    };
    this.db = cache?.db ?? new CacheDb(cacheDbName(options.server, this.user.id));
    this.storage = cache?.storage ?? 'indexeddb';
    if (cache?.reason) this.storageProblem = cache.reason;
    this.transport = new Transport({ server: options.server, tokenProvider, ackTimeoutMs: options.ackTimeoutMs });
    this.sync = new MessageSync(this.db, this.transport);
    this.outbox = new Outbox(this.db, this.transport, {
      maxAttempts: options.maxSendAttempts,
      userId: this.user.id,
      onError: (error) => this.report(error),
      lockName: `${this.db.name}:outbox`,
      onCommitted: (message) => this.applyMessage(message),
    });
    this.listen();
    this.transport.connect();
  }

  get state(): ConnectionState {
    return this.transport.state;
  }

  // ---- reads: live queries over the cache ----

  /** The user's conversations, most recently active first. */
  watchConversations(limit = 100): Observable<CachedConversation[]> {
    return liveQuery(() => this.db.conversations.orderBy('[activity+id]').reverse().limit(limit).toArray());
  }

  watchConversation(cid: string): Observable<CachedConversation | undefined> {
    return liveQuery(() => this.db.conversations.get(cid));
  }

  /** The newest `limit` committed messages of a conversation, then the user's pending ones. */
  watchMessages(cid: string, limit = 50): Observable<ChatMessage[]> {
    return liveQuery(async () => {
      const [records, pending] = await Promise.all([
        this.newestMessages(cid, limit),
        this.db.outbox.where('cid').equals(cid).sortBy('order'),
      ]);
      const committed = records.map(fromRecord);
      const seen = new Set(committed.map((m) => m.key));
      return [...committed, ...pending.map((e) => fromOutbox(e, this.user.id)).filter((m) => !seen.has(m.key))];
    });
  }

  /**
   * The newest `limit` cached messages, oldest first. The cached range is contiguous, so the
   * newest page is a known key range: one forward read instead of a reverse cursor walk.
   */
  private async newestMessages(cid: string, limit: number): Promise<MessageRecord[]> {
    const cursor = await this.db.cursors.get(cid);
    if (!cursor || cursor.high < cursor.low) return [];
    const from = Math.max(cursor.low, cursor.high - limit + 1);
    return this.db.messages.where('[cid+seq]').between([cid, from], [cid, cursor.high], true, true).toArray();
  }

  // ---- commands ----

  async createConversation(input: CreateConversationPayload): Promise<ConversationRecord> {
    const conversation = await this.transport.request('conversation:create', input);
    await this.putConversations([conversation]);
    return conversation;
  }

  /** Refreshes one conversation and fills its cached messages up to the newest. */
  async openConversation(cid: string): Promise<ConversationRecord> {
    const conversation = await this.transport.request('conversation:get', { cid });
    await this.putConversations([conversation]);
    await this.sync.catchUp(cid);
    return conversation;
  }

  /** Loads one more page (default 20, at most 100) of older messages into the cache; false when there are no more. */
  loadOlder(cid: string, limit?: number): Promise<boolean> {
    return this.sync.loadOlder(cid, limit);
  }

  /** Sends a text message; resolves once the server has committed it (after resends if needed). */
  send(cid: string, text: string): Promise<MessageRecord> {
    return this.outbox.send(cid, text);
  }

  retry(clientId: string): Promise<void> {
    return this.outbox.retry(clientId);
  }

  discard(clientId: string): Promise<void> {
    return this.outbox.discard(clientId);
  }

  /** Marks everything in the conversation read, here and on the user's other devices. */
  async markRead(cid: string): Promise<void> {
    const conversation = await this.db.conversations.get(cid);
    if (!conversation || conversation.unreadMessagesCount === 0 || !this.transport.connected) return;
    await this.applyReadState(await this.transport.request('conversation:read', { cid }));
  }

  /** Reloads the newest page of the user's conversations from the server. */
  async refreshConversations(limit = 100): Promise<void> {
    const page = await this.transport.request('conversation:list', { limit });
    await this.putConversations(page.conversations);
  }

  /** Goes offline on purpose: sends queue in the outbox until `reconnect()`. */
  disconnect(): void {
    this.transport.close();
  }

  /** Reconnects after `disconnect()`; the outbox flushes and missed messages are fetched. */
  reconnect(): void {
    this.transport.connect();
  }

  /** Disconnects; with `clear`, deletes this user's cache from the browser (logout). */
  async close(options: { clear?: boolean } = {}): Promise<void> {
    this.closed = true;
    this.transport.close();
    // Live queries still subscribed must not reopen the database behind the caller's back.
    if (options.clear) await this.db.delete({ disableAutoOpen: true });
    else this.db.close({ disableAutoOpen: true });
  }

  // ---- server pushes ----

  private listen(): void {
    this.transport.addEventListener('statechange', (event) => {
      const state = (event as CustomEvent<ConnectionState>).detail;
      this.dispatchEvent(new CustomEvent('statechange', { detail: state }));
      if (state === 'online') this.background(this.resync());
    });
    this.transport.addEventListener('error', (event) => {
      this.dispatchEvent(new CustomEvent('error', { detail: (event as CustomEvent<ChatError>).detail }));
    });
    this.transport.on('message:created', (message) => {
      this.background(
        this.applyMessage(message).then(() => {
          if (message.from !== this.user.id) this.dispatchEvent(new CustomEvent('message', { detail: message }));
        }),
      );
    });
    this.transport.on('conversation:created', (conversation) => this.background(this.putConversations([conversation])));
    this.transport.on('conversation:read-updated', (state) => this.background(this.applyReadState(state)));
  }

  /** Work started by the network, not by a caller: failures become `error` events (none once closed). */
  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => this.report(error));
  }

  private report(error: unknown): void {
    if (!this.closed) this.dispatchEvent(new CustomEvent('error', { detail: error }));
  }

  /** After (re)connecting: conversations, then every cached conversation's missed messages, then the outbox. */
  private async resync(): Promise<void> {
    try {
      await this.refreshConversations();
      const cursors = await this.db.cursors.toArray();
      const conversations = await this.db.conversations.bulkGet(cursors.map((c) => c.cid));
      await Promise.all(
        cursors.map(async (cursor, i) => {
          // A cache that lost rows (evicted, damaged) is refilled before it is extended.
          await this.sync.repair(cursor.cid);
          const known = conversations[i];
          if (known && known.lastSeq > cursor.high) await this.sync.catchUp(cursor.cid);
        }),
      );
      this.dispatchEvent(new Event('synced'));
    } catch (error) {
      this.report(error);
    } finally {
      void this.outbox.flush();
    }
  }

  private async applyMessage(message: MessageRecord): Promise<void> {
    await this.sync.receive(message);
    const known = await this.db.transaction('rw', this.db.conversations, async () => {
      const conversation = await this.db.conversations.get(message.cid);
      if (!conversation) return false;
      if (message.seq <= conversation.lastSeq) return true;
      const mine = message.from === this.user.id;
      const lastReadSeq = mine ? message.seq : conversation.lastReadSeq;
      await this.db.conversations.put({
        ...conversation,
        lastMessage: message,
        lastMessageAt: message.timestamp,
        lastSeq: message.seq,
        lastReadSeq,
        unreadMessagesCount: message.seq - lastReadSeq,
        activity: message.timestamp,
      });
      return true;
    });
    if (!known) {
      const conversation = await this.transport.request('conversation:get', { cid: message.cid });
      await this.putConversations([conversation]);
    }
  }

  private async applyReadState(state: ReadState): Promise<void> {
    await this.db.conversations
      .where('id')
      .equals(state.cid)
      .modify((c) => {
        if (state.lastReadSeq < c.lastReadSeq) return;
        c.lastReadSeq = state.lastReadSeq;
        c.unreadMessagesCount = Math.max(0, c.lastSeq - state.lastReadSeq);
      });
  }

  private async putConversations(conversations: ConversationRecord[]): Promise<void> {
    await this.db.conversations.bulkPut(conversations.map((c) => ({ ...c, activity: activityOf(c) })));
  }
}
