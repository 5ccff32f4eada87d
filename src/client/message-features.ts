import { liveQuery } from 'dexie';
import { DEFAULT_LIMITS } from '../protocol/limits.js';
import type { HistoryPage, MessageRecord, PatchPage, ReceiptState, UserProfile } from '../protocol/model.js';
import type { HistoryPayload, UpdateMessagePayload } from '../protocol/schemas.js';
import type { CacheDb, CachedConversation } from './cache-db.js';
import { putMessages, supersedes } from './cache-merge.js';
import { wirePayload, type OutgoingMessage } from './message-types.js';
import type { Transport } from './transport.js';

/** A history query: one direction (after… or before…), optionally one type; as the history command takes it. */
export type MessageQuery = Omit<HistoryPayload, 'cid'>;

export type MessageChanges = Omit<UpdateMessagePayload, 'cid' | 'id'>;

/** How long delivery acknowledgements gather before one goes out per conversation. */
const ACK_DELAY_MS = 300;
const PATCH_CURSOR = 'patches-after';

/**
 * Recall and edit, receipts, transient and will messages, cache-first history queries, and
 * catching up on changes made while away. Raises the client's `messagerecall`,
 * `messageupdate`, `lastdeliveredatupdate`, `lastreadatupdate` and `unreadmessagescountupdate`
 * events on `events` (the ChatClient).
 */
export class MessageFeatures {
  private readonly pendingAcks = new Map<string, number>();
  private readonly ackedUpTo = new Map<string, number>();
  private ackTimer: ReturnType<typeof setTimeout> | undefined;
  private unreadWatch: { unsubscribe(): void } | undefined;
  private stopped = false;

  constructor(
    private readonly db: CacheDb,
    private readonly transport: Transport,
    private readonly user: UserProfile,
    private readonly events: EventTarget,
    private readonly report: (error: unknown) => void,
  ) {
    this.listen();
  }

  /** Replaces a message with the recalled marker, for everyone. */
  async recall(cid: string, id: string): Promise<MessageRecord> {
    const message = await this.transport.request('message:recall', { cid, id });
    await this.applyChange(message);
    return message;
  }

  /** Edits a message's text, attributes, location, custom fields or mentions. */
  async update(cid: string, id: string, changes: MessageChanges): Promise<MessageRecord> {
    const message = await this.transport.request('message:update', { cid, id, ...changes });
    await this.applyChange(message);
    return message;
  }

  /** Sends to online members only, never stored or retried (typing indicators and the like). */
  sendTransient(cid: string, message: OutgoingMessage): Promise<MessageRecord> {
    return this.transport.request('message:send', { cid, clientId: newClientId(), ...wirePayload(message), transient: true });
  }

  /** Leaves a message the server sends only if this user's connection is lost (not on a clean close). */
  setWill(cid: string, message: OutgoingMessage): Promise<MessageRecord> {
    return this.transport.request('message:send', { cid, clientId: newClientId(), ...wirePayload(message), will: true });
  }

  /** The other member's delivery and read marks in a 1:1 conversation; also stored on the conversation. */
  async receipts(cid: string): Promise<ReceiptState> {
    const state = await this.transport.request('message:receipts', { cid });
    await this.applyReceipts(state);
    return state;
  }

  /**
   * A page of history, oldest first. Served from the cache when it holds the whole range asked
   * for (its contiguous range reaches far enough), otherwise from the server.
   */
  async query(cid: string, query: MessageQuery = {}): Promise<HistoryPage> {
    const limit = query.limit ?? DEFAULT_LIMITS.historyPageSize;
    const cached = await this.fromCache(cid, query, limit);
    if (cached) return cached;
    const page = await this.transport.request('message:history', { cid, ...query, limit });
    // Refresh what the cache already holds; pages never extend the contiguous range here.
    await putMessages(this.db, page.messages, true);
    return page;
  }

  /** A message from someone else arrived: acknowledge delivery (1:1 only, batched). */
  received(message: MessageRecord): void {
    if (message.from === this.user.id || message.seq === 0) return;
    this.queueAck(message.cid, message.seq);
  }

  /** After a (re)connect: acknowledge what arrived while away, and apply changes made meanwhile. */
  async afterSync(): Promise<void> {
    const cursors = await this.db.cursors.toArray();
    for (const cursor of cursors) this.queueAck(cursor.cid, cursor.high);
    await this.catchUpChanges();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.ackTimer);
    this.unreadWatch?.unsubscribe();
  }

  private listen(): void {
    this.transport.on('message:recalled', (message) => this.background(this.applyChange(message, 'messagerecall')));
    this.transport.on('message:updated', (message) => this.background(this.applyChange(message, 'messageupdate')));
    this.transport.on('message:relayed', (message) => this.events.dispatchEvent(new CustomEvent('message', { detail: message })));
    this.transport.on('message:receipts-updated', (state) => this.background(this.applyReceipts(state)));
  }

  /**
   * Starts raising `unreadmessagescountupdate`. Unread counts change through pushes, reads on
   * other devices and sync: one live query over the cached conversations sees them all. It reads
   * every conversation on each change, so it runs only once someone listens (see ChatClient).
   */
  watchUnread(): void {
    if (this.unreadWatch || this.stopped) return;
    // Until the first answer, nothing to compare with: that answer is where changes count from.
    let previous: Map<string, number> | undefined;
    this.unreadWatch = liveQuery(() => this.db.conversations.toArray()).subscribe({
      next: (conversations: CachedConversation[]) => {
        const before = previous;
        const changed = before ? conversations.filter((c) => before.get(c.id) !== c.unreadMessagesCount) : [];
        previous = new Map(conversations.map((c) => [c.id, c.unreadMessagesCount]));
        if (changed.length > 0) {
          this.events.dispatchEvent(new CustomEvent('unreadmessagescountupdate', { detail: changed }));
        }
      },
      error: (error: unknown) => this.report(error),
    });
  }

  private background(work: Promise<unknown>): void {
    work.catch((error: unknown) => this.report(error));
  }

  /** A recalled or edited message: replaces the cached copy (and the list's last message). */
  private async applyChange(message: MessageRecord, event?: 'messagerecall' | 'messageupdate'): Promise<void> {
    await this.db.transaction('rw', this.db.messages, this.db.conversations, async () => {
      await putMessages(this.db, [message], true);
      await this.db.conversations
        .where('id')
        .equals(message.cid)
        .modify((c) => {
          if (c.lastMessage?.id === message.id && supersedes(message, c.lastMessage)) c.lastMessage = message;
        });
    });
    if (event) this.events.dispatchEvent(new CustomEvent(event, { detail: message }));
  }

  /** The other member of a 1:1 conversation received or read more. */
  private async applyReceipts(state: ReceiptState): Promise<void> {
    if (state.user === this.user.id) return;
    const before = await this.db.conversations.get(state.cid);
    await this.db.transaction('rw', this.db.conversations, this.db.messages, async () => {
      await this.db.conversations
        .where('id')
        .equals(state.cid)
        .modify((c) => {
          if (state.lastDeliveredAt !== undefined) c.lastDeliveredAt = state.lastDeliveredAt;
          if (state.lastReadAt !== undefined) c.lastReadAt = state.lastReadAt;
        });
      // My messages that asked for a receipt learn when they arrived.
      await this.db.messages
        .where('[cid+seq]')
        .between([state.cid, 1], [state.cid, state.lastDeliveredSeq], true, true)
        .filter((m) => m.from === this.user.id && m.receipt === true && m.deliveredAt === undefined)
        .modify((m) => {
          // When this device heard of it, by the server's clock; the exact time comes with the next fetch.
          m.deliveredAt = this.transport.clock.now();
        });
    });
    if (before?.lastDeliveredAt !== state.lastDeliveredAt) this.events.dispatchEvent(new CustomEvent('lastdeliveredatupdate', { detail: state }));
    if (before?.lastReadAt !== state.lastReadAt) this.events.dispatchEvent(new CustomEvent('lastreadatupdate', { detail: state }));
  }

  private queueAck(cid: string, seq: number): void {
    if (seq <= (this.ackedUpTo.get(cid) ?? 0) || seq <= (this.pendingAcks.get(cid) ?? 0)) return;
    this.pendingAcks.set(cid, seq);
    this.ackTimer ??= setTimeout(() => {
      this.ackTimer = undefined;
      this.background(this.sendAcks());
    }, ACK_DELAY_MS);
  }

  private async sendAcks(): Promise<void> {
    const acks = [...this.pendingAcks];
    this.pendingAcks.clear();
    for (const [cid, seq] of acks) {
      const conversation = await this.db.conversations.get(cid);
      // Receipts exist in 1:1 conversations only.
      if (conversation?.members.length !== 2 || conversation.kind === 'transient') continue;
      await this.transport.request('message:ack', { cid, seq });
      this.ackedUpTo.set(cid, seq);
    }
  }

  /** Fetches recalls and edits made since the last catch-up and applies them to what is cached. */
  private async catchUpChanges(): Promise<void> {
    const stored = await this.db.meta.get(PATCH_CURSOR);
    let after: string | undefined = stored?.value;
    if (after === undefined) {
      // A fresh cache fetched everything in its current state: changes from now on matter.
      const newest = await this.db.conversations.orderBy('[activity+id]').last();
      await this.db.meta.put({ key: PATCH_CURSOR, value: `${newest?.activity ?? 0}:` });
      return;
    }
    for (let pages = 0; pages < 50; pages++) {
      const page: PatchPage = await this.transport.request('message:patches', { after, limit: DEFAULT_LIMITS.maxHistoryPageSize });
      for (const message of page.messages) {
        await this.applyChange(message, message.type === -127 ? 'messagerecall' : 'messageupdate');
      }
      const last = page.messages.at(-1);
      if (last?.updatedAt !== undefined) after = `${last.updatedAt}:${last.id}`;
      await this.db.meta.put({ key: PATCH_CURSOR, value: after });
      if (!page.next) return;
    }
  }

  /** The page from the cache, or undefined when the cache does not hold all it would take. */
  private async fromCache(cid: string, query: MessageQuery, limit: number): Promise<HistoryPage | undefined> {
    if (query.afterTime !== undefined || query.beforeTime !== undefined) return undefined;
    const [cursor, conversation] = await Promise.all([this.db.cursors.get(cid), this.db.conversations.get(cid)]);
    if (!cursor || !conversation) return undefined;
    const holdsNewest = cursor.high >= conversation.lastSeq;
    const matching = (from: number, to: number) =>
      this.db.messages
        .where('[cid+seq]')
        .between([cid, from], [cid, to], true, true)
        .filter((m) => query.type === undefined || m.type === query.type)
        .toArray();
    if (query.afterSeq !== undefined) {
      // Forward: the cache must hold everything from afterSeq to the newest message.
      if (query.afterSeq + 1 < cursor.low || !holdsNewest) return undefined;
      const found = await matching(query.afterSeq + 1, cursor.high);
      return { messages: found.slice(0, limit), hasMore: found.length > limit };
    }
    // Backward from beforeSeq (or the newest): the cache must reach up to there…
    const upper = (query.beforeSeq ?? Number.MAX_SAFE_INTEGER) - 1;
    if (upper > cursor.high && !holdsNewest) return undefined;
    const found = await matching(cursor.low, Math.min(upper, cursor.high));
    if (found.length > limit) return { messages: found.slice(-limit), hasMore: true };
    // …and, for a short page, down to the first message.
    return cursor.complete ? { messages: found, hasMore: false } : undefined;
  }
}

function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
