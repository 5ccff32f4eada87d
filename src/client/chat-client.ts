import { liveQuery, type Observable } from 'dexie';
import type { ChatError } from '../protocol/chat-error.js';
import type { ConversationRecord, MessageRecord, ReceiptState, UploadRecord, UserProfile } from '../protocol/model.js';
import type { CreateChatRoomPayload, CreateTemporaryPayload } from '../protocol/conversation-schemas.js';
import type { CreateConversationPayload } from '../protocol/schemas.js';
import { CacheDb, type CachedConversation, cacheDbName } from './cache-db.js';
import type { ChatMessage } from './chat-message.js';
import { ConversationApi } from './conversation-api.js';
import { listenToConversationPushes } from './conversation-events.js';
import { SessionRenewal } from './session-renewal.js';
import type { ConversationQuery } from './conversation-query.js';
import { type MessageChanges, MessageFeatures, type MessageQuery } from './message-features.js';
import { CacheSync } from './cache-sync.js';
import { MessageSync } from './message-sync.js';
import { type MessageWindow, type MessageWindowSpec, readMessageWindow } from './message-window.js';
import { type OutgoingMessage, typeForMime } from './message-types.js';
import { Outbox } from './outbox.js';
import { type MemoryIndexedDb, memoryFromServer, type OpenedCache, openCache, type StorageMode } from './open-cache.js';
import { subscribeToPush, unsubscribeFromPush } from './push-registration.js';
import { SupportApi } from './support-api.js';
import { profileFromToken } from './token.js';
import { UserDirectory } from './user-directory.js';
import { measureMedia, type UploadOptions, uploadFile } from './uploader.js';
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
  /** A message was recalled (by its sender or a moderator): its content is gone. */
  messagerecall: CustomEvent<MessageRecord>;
  /** A message was edited. */
  messageupdate: CustomEvent<MessageRecord>;
  /** 1:1: the other member received more (`lastDeliveredAt`). */
  lastdeliveredatupdate: CustomEvent<ReceiptState>;
  /** 1:1: the other member read more (`lastReadAt`). */
  lastreadatupdate: CustomEvent<ReceiptState>;
  /** Unread counts changed (new messages, reads on any of the user's devices). */
  unreadmessagescountupdate: CustomEvent<CachedConversation[]>;
  /** Conversation events (see conversation-events.ts), each already applied to the cache. */
  conversationinfoupdated: CustomEvent<{ cid: string; attributes: Record<string, unknown>; unset: string[]; updatedBy: string }>;
  membersjoined: CustomEvent<{ cid: string; members: string[]; invitedBy: string }>;
  membersleft: CustomEvent<{ cid: string; members: string[]; kickedBy: string }>;
  invited: CustomEvent<{ cid: string; invitedBy: string }>;
  kicked: CustomEvent<{ cid: string; kickedBy: string; blocked?: boolean }>;
  memberinfoupdated: CustomEvent<{ cid: string; member: string; role: string; updatedBy: string }>;
  conversationdeleted: CustomEvent<{ cid: string; reason: 'expired' | 'inactive' }>;
  /** The chat room could not be rejoined after a reconnect (away too long): join it again. */
  chatroomexpired: CustomEvent<{ cid: string; error: ChatError }>;
  /**
   * A newer version of the widget opened this user's cache in another tab and upgraded it: this
   * page's copy of the code can no longer use it, so it went offline. Reload the page.
   */
  outdated: Event;
  /**
   * The server refused the one token this client was given (no `tokenProvider`): it has expired.
   * The client stays offline; the page needs a fresh token (a reload, or a new client).
   */
  sessionexpired: Event;
  /** Names or pictures of people arrived (see `people`). */
  profilesupdate: Event;
}

/** Options for `sendFile`. */
export interface SendFileOptions extends UploadOptions, Omit<OutgoingMessage, 'type' | 'file'> {
  /** The name shown; the File's own name by default. */
  name?: string;
  /** A message type other than the one the file's kind suggests (image, audio, video, file). */
  type?: number;
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
  private readonly features: MessageFeatures;
  private readonly cache: CacheSync;
  /** Kinds, members, roles, attributes, queries and the current chat room. */
  readonly conversations: ConversationApi;
  /** Customer service: visitors' conversations with agents, the agents' queue and tools. */
  readonly support: SupportApi;
  /** People's names and pictures, by user id. */
  readonly people: UserDirectory;
  /** A current token for HTTP requests (uploads). */
  private readonly currentToken: () => Promise<string>;
  private closed = false;
  /** Whether a newer version of the widget took over the cache (see the `outdated` event). */
  outdated = false;
  /** Whether the one token this client was given has expired (see the `sessionexpired` event). */
  sessionExpired = false;

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
    this.transport = new Transport({ server: options.server, tokenProvider, tokenRenews: options.tokenProvider !== undefined, ackTimeoutMs: options.ackTimeoutMs });
    // Hands in fresh tokens over the open connection; it lives as long as the transport.
    if (options.tokenProvider) new SessionRenewal(this.transport, options.tokenProvider);
    this.sync = new MessageSync(this.db, this.transport);
    this.outbox = new Outbox(this.db, this.transport, {
      maxAttempts: options.maxSendAttempts,
      userId: this.user.id,
      onError: (error) => this.report(error),
      lockName: `${this.db.name}:outbox`,
      onCommitted: (message) => this.cache.applyMessage(message),
      // Measured when its turn comes, so a file is queued (in order) the moment it is sent.
      upload: async (blob, name, uploadOptions) => ({ ...(await measureMedia(blob)), ...(await this.upload(blob, { ...uploadOptions, name })) }),
    });
    this.features = new MessageFeatures(this.db, this.transport, this.user, this, (error) => this.report(error));
    this.conversations = new ConversationApi(this.db, this.transport, this.user.id, this);
    listenToConversationPushes(this.transport, this.conversations, this.db, this.user.id, this);
    this.cache = new CacheSync({
      db: this.db,
      transport: this.transport,
      messages: this.sync,
      conversations: this.conversations,
      features: this.features,
      userId: this.user.id,
    });
    this.currentToken = async () => (await options.tokenProvider?.()) ?? options.token!;
    this.people = new UserDirectory(this.db, this.transport, this.user, () => this.dispatchEvent(new Event('profilesupdate')));
    this.support = new SupportApi(this.transport, this.conversations, this, { server: options.server, token: this.currentToken });
    this.listen();
    this.transport.connect();
  }

  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: AddEventListenerOptions | boolean): void {
    // The unread watch costs a read of every cached conversation on each change: only for those who listen.
    if (type === 'unreadmessagescountupdate') this.features.watchUnread();
    super.addEventListener(type, listener, options);
  }

  get state(): ConnectionState {
    return this.transport.state;
  }

  /** The time by the server's clock (ms since epoch): a device's own clock may be far off. */
  now(): number {
    return this.transport.clock.now();
  }

  // ---- reads: live queries over the cache ----

  /** The user's conversations, most recently active first. */
  watchConversations(limit = 100): Observable<CachedConversation[]> {
    return liveQuery(() => this.db.conversations.orderBy('[activity+id]').reverse().limit(limit).toArray());
  }

  watchConversation(cid: string): Observable<CachedConversation | undefined> {
    return liveQuery(() => this.readConversation(cid));
  }

  /** The cached conversation, read once. */
  readConversation(cid: string): Promise<CachedConversation | undefined> {
    return this.db.conversations.get(cid);
  }

  /** A window of a conversation's cached messages (see MessageWindowSpec), live. */
  watchMessageWindow(cid: string, spec: MessageWindowSpec): Observable<MessageWindow> {
    return liveQuery(() => readMessageWindow(this.db, this.user.id, cid, spec));
  }

  /** The same window read once: what a view shows before its live query first answers. */
  readMessageWindow(cid: string, spec: MessageWindowSpec): Promise<MessageWindow> {
    return readMessageWindow(this.db, this.user.id, cid, spec);
  }

  /** The newest `limit` committed messages of a conversation, then the user's pending ones. */
  watchMessages(cid: string, limit = 50): Observable<ChatMessage[]> {
    return liveQuery(async () => (await readMessageWindow(this.db, this.user.id, cid, { end: 'newest', count: limit })).messages);
  }

  // ---- commands ----

  async createConversation(input: CreateConversationPayload): Promise<ConversationRecord> {
    const conversation = await this.transport.request('conversation:create', input);
    await this.cache.putConversations([conversation]);
    return conversation;
  }

  /** A chat room (joined at once): no member list, anyone may join, one room per login. */
  createChatRoom(input: CreateChatRoomPayload): Promise<ConversationRecord> {
    return this.conversations.createChatRoom(input);
  }

  /** For customer service: fixed members and a time to live (`ttl`, seconds). */
  createTemporaryConversation(input: CreateTemporaryPayload): Promise<ConversationRecord> {
    return this.conversations.createTemporaryConversation(input);
  }

  /** The conversation as the server has it now (also refreshed in the cache). */
  getConversation(cid: string): Promise<ConversationRecord> {
    return this.conversations.get(cid);
  }

  /** Conversations by name, members, `attr.*`, kind; `find()` on the server, `findInCache()` locally. */
  getQuery(): ConversationQuery {
    return this.conversations.getQuery();
  }

  getChatRoomQuery(): ConversationQuery {
    return this.conversations.getQuery().ofKind('transient');
  }

  /** Every service conversation; `.subscribed()` for the user's subscriptions. */
  getServiceConversationQuery(): ConversationQuery {
    return this.conversations.getQuery().ofKind('system');
  }

  /** Refreshes one conversation and fills its cached messages up to the newest. */
  async openConversation(cid: string): Promise<ConversationRecord> {
    const conversation = await this.transport.request('conversation:get', { cid });
    await this.cache.putConversations([conversation]);
    // A chat room keeps no history for those who were not there.
    if (!conversation.transient) await this.sync.catchUp(cid);
    return conversation;
  }

  /** Loads one more page (default 20, at most 100) of older messages into the cache; false when there are no more. */
  loadOlder(cid: string, limit?: number): Promise<boolean> {
    return this.sync.loadOlder(cid, limit);
  }

  /**
   * Sends a message (text, or any type with its options); resolves once the server has committed
   * it, after resends if needed.
   */
  send(cid: string, content: string | OutgoingMessage): Promise<MessageRecord> {
    return this.outbox.send(cid, typeof content === 'string' ? { type: -1, text: content } : content);
  }

  /**
   * Sends a file as an image, audio, video or file message. The file waits in the outbox with
   * its message until uploaded (with progress; aborting `signal` withdraws it), so it survives a
   * reload or a lost connection like any other send; resolves once the message is committed.
   */
  async sendFile(cid: string, file: Blob, options: SendFileOptions = {}): Promise<MessageRecord> {
    const { name, type, onProgress, signal, ...message } = options;
    const fileName = name ?? (file instanceof File ? file.name : 'file');
    return this.outbox.sendFile(
      cid,
      // Until the server has read the file, its declared type stands in for the one it finds.
      { ...message, type: type ?? typeForMime(file.type || 'application/octet-stream') },
      { blob: file, name: fileName, typeFromFile: type === undefined },
      { onProgress, signal },
    );
  }

  /** Uploads a file to the server; the record can go into a message's `file`. */
  async upload(file: Blob, options: UploadOptions & { name?: string } = {}): Promise<UploadRecord> {
    const name = options.name ?? (file instanceof File ? file.name : 'file');
    return uploadFile(this.server, await this.currentToken(), file, name, options);
  }

  /** Sends to whoever is online now; never stored, never retried (typing indicators). */
  sendTransient(cid: string, message: OutgoingMessage): Promise<MessageRecord> {
    return this.features.sendTransient(cid, message);
  }

  /** A message the server posts only if this user's connection is lost; one per user. */
  setWill(cid: string, message: OutgoingMessage): Promise<MessageRecord> {
    return this.features.setWill(cid, message);
  }

  /** Recalls a message for everyone (the sender's own, or any as an owner or manager). */
  recall(cid: string, id: string): Promise<MessageRecord> {
    return this.features.recall(cid, id);
  }

  /** Edits a message (the sender's own, or any as an owner or manager). */
  update(cid: string, id: string, changes: MessageChanges): Promise<MessageRecord> {
    return this.features.update(cid, id, changes);
  }

  /** A page of history, oldest first, optionally of one type; from the cache when it holds the range. */
  queryMessages(cid: string, query?: MessageQuery): Promise<{ messages: MessageRecord[]; hasMore: boolean }> {
    return this.features.query(cid, query);
  }

  /** 1:1: when the other member last received and read; also updates the cached conversation. */
  fetchReceipts(cid: string): Promise<ReceiptState> {
    return this.features.receipts(cid);
  }

  /** Web Push for this user on this browser, through the page's service worker (see README). */
  enablePush(registration: ServiceWorkerRegistration): Promise<PushSubscription> {
    return subscribeToPush(this.transport, registration);
  }

  disablePush(registration: ServiceWorkerRegistration): Promise<void> {
    return unsubscribeFromPush(this.transport, registration);
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
    await this.cache.applyReadState(await this.transport.request('conversation:read', { cid }));
  }

  /** Which of these users (at most 20) have a connection open now; the online-status `ping`. */
  async online(users: string[]): Promise<string[]> {
    return (await this.transport.request('user:online', { users })).online;
  }

  /** Reloads the newest page of the user's conversations from the server. */
  async refreshConversations(limit = 100): Promise<void> {
    await this.cache.refreshList(limit);
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
    this.features.stop();
    this.transport.close();
    // Live queries still subscribed must not reopen the database behind the caller's back.
    if (options.clear) await this.db.delete({ disableAutoOpen: true });
    else this.db.close({ disableAutoOpen: true });
  }

  // ---- server pushes ----

  private listen(): void {
    // Another tab upgrades the cache's schema: Dexie closes this connection so the upgrade is not
    // blocked. Working on without the cache would lose what arrives, so this page steps aside.
    this.db.on('versionchange', () => {
      // Closed for good, where Dexie's own handler (stopped by returning false) would reopen on
      // the next query and put this page's older code to work on the newer schema.
      this.db.close({ disableAutoOpen: true });
      this.outdated = true;
      this.transport.close();
      this.dispatchEvent(new Event('outdated'));
      return false;
    });
    this.transport.addEventListener('statechange', (event) => {
      const state = (event as CustomEvent<ConnectionState>).detail;
      this.dispatchEvent(new CustomEvent('statechange', { detail: state }));
      if (state === 'online') this.background(this.resync());
    });
    this.transport.addEventListener('error', (event) => {
      this.dispatchEvent(new CustomEvent('error', { detail: (event as CustomEvent<ChatError>).detail }));
    });
    this.transport.addEventListener('sessionexpired', () => {
      this.sessionExpired = true;
      this.dispatchEvent(new Event('sessionexpired'));
    });
    this.transport.on('message:created', (message) => {
      this.background(
        this.cache.applyMessage(message).then(() => {
          if (message.from === this.user.id) return;
          this.features.received(message);
          this.dispatchEvent(new CustomEvent('message', { detail: message }));
        }),
      );
    });
    this.transport.on('conversation:created', (conversation) => this.background(this.cache.putConversations([conversation])));
    this.transport.on('conversation:read-updated', (state) => this.background(this.cache.applyReadState(state)));
  }

  /** Work started by the network, not by a caller: failures become `error` events (none once closed). */
  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => this.report(error));
  }

  private report(error: unknown): void {
    if (!this.closed) this.dispatchEvent(new CustomEvent('error', { detail: error }));
  }

  /** After (re)connecting: the cache catches up, then the outbox is flushed. */
  private async resync(): Promise<void> {
    try {
      await this.cache.resync();
      this.dispatchEvent(new Event('synced'));
    } catch (error) {
      this.report(error);
    } finally {
      void this.outbox.flush();
    }
  }
}
