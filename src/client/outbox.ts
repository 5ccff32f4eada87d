import { nanoid } from 'nanoid';
import { ChatError } from '../protocol/chat-error.js';
import type { ErrorPayload } from '../protocol/errors.js';
import type { MessageRecord } from '../protocol/model.js';
import type { CacheDb, OutboxEntry, PendingUpload } from './cache-db.js';
import { type OutgoingMessage, typeForMime, wirePayload } from './message-types.js';
import type { UploadOptions } from './uploader.js';
import type { Transport } from './transport.js';

/** The longest a send waits when the server says it is over its command budget. */
const MAX_RATE_LIMIT_WAIT_MS = 60_000;

export interface OutboxOptions {
  /** Attempts (answered by the server with a retryable error) before a send is marked failed. */
  maxAttempts?: number;
  /** The sender: the user this outbox belongs to. */
  userId: string;
  /** Storage failures while flushing (the entries stay queued for the next flush). */
  onError: (error: unknown) => void;
  /** Web Locks name so only one tab of this user flushes at a time. */
  lockName: string;
  /** Stores a committed message in the cache; the entry leaves the outbox after this. */
  onCommitted: (message: MessageRecord) => Promise<void>;
  /** Uploads a file for a message that carries one, with the measures (size, duration) to send along. */
  upload: (blob: Blob, name: string, options: UploadOptions) => Promise<NonNullable<OutgoingMessage['file']>>;
}

type Settle = { resolve: (m: MessageRecord) => void; reject: (e: Error) => void };

/**
 * Durable sends. A message is written here before it goes on the wire and leaves only when
 * the server has committed it, so it survives reloads and reconnects; the server's
 * idempotency on `(from, clientId)` makes every resend safe. Entries are sent one at a time in
 * the order they were written, which keeps each sender's messages in order.
 */
export class Outbox {
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  private readonly waiters = new Map<string, Settle>();
  /** Progress and cancellation of uploads started from this page, by client id. */
  private readonly uploadOptions = new Map<string, UploadOptions>();
  private readonly maxAttempts: number;

  constructor(
    private readonly db: CacheDb,
    private readonly transport: Transport,
    private readonly options: OutboxOptions,
  ) {
    this.maxAttempts = options.maxAttempts ?? 5;
  }

  /**
   * Queues a file message: the file is kept with it and uploaded when its turn comes, so it
   * survives reloads and goes out in order with the rest. Aborting `signal` withdraws it.
   */
  async sendFile(
    cid: string,
    message: Omit<OutgoingMessage, 'file'>,
    upload: PendingUpload,
    options: UploadOptions = {},
  ): Promise<MessageRecord> {
    if (options.signal?.aborted) throw new DOMException('The upload was cancelled', 'AbortError');
    return this.send(cid, { ...message, upload }, (clientId) => {
      this.uploadOptions.set(clientId, options);
      options.signal?.addEventListener('abort', () => void this.withdraw(clientId).catch((error: unknown) => this.options.onError(error)), { once: true });
    });
  }

  /** Queues a message of any type; resolves when the server has committed it. */
  async send(
    cid: string,
    message: OutgoingMessage & { upload?: PendingUpload },
    beforeFlush?: (clientId: string) => void,
  ): Promise<MessageRecord> {
    const entry: OutboxEntry = {
      ...message,
      clientId: nanoid(),
      cid,
      createdAt: this.transport.clock.now(),
      order: 0,
      status: 'sending',
      attempts: 0,
    };
    // Read-then-write in one transaction: sends made at the same moment (or in two tabs) still
    // get distinct, increasing positions.
    try {
      await this.db.transaction('rw', this.db.outbox, async () => {
        const last = await this.db.outbox.orderBy('order').last();
        entry.order = (last?.order ?? 0) + 1;
        await this.db.outbox.add(entry);
      });
    } catch (error) {
      // Full, closed by a newer tab, or broken: nothing was queued, and the caller must know
      // (a message that was queued and then refused shows its own status instead).
      this.options.onError(error);
      throw new ChatError('MESSAGE_NOT_QUEUED');
    }
    const committed = new Promise<MessageRecord>((resolve, reject) => this.waiters.set(entry.clientId, { resolve, reject }));
    // Callers may ignore the outcome (the message shows its own status); that is not an error.
    committed.catch(() => undefined);
    beforeFlush?.(entry.clientId);
    void this.flush();
    return committed;
  }

  /** Sends a failed message again. */
  async retry(clientId: string): Promise<void> {
    await this.db.outbox.update(clientId, { status: 'sending', attempts: 0, error: undefined });
    void this.flush();
  }

  /** Gives up on a failed or pending message. */
  async discard(clientId: string): Promise<void> {
    await this.db.outbox.delete(clientId);
    this.waiters.get(clientId)?.reject(new ChatError('CLIENT_CLOSED', 'The message was discarded'));
    this.waiters.delete(clientId);
  }

  /** Sends everything pending, in order; safe to call any time (coalesces). */
  flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = this.withLock(() => this.drain().then(() => this.settleFromCache()))
      .catch((error: unknown) => this.options.onError(error))
      .finally(() => {
        this.flushing = undefined;
        if (this.flushAgain) {
          this.flushAgain = false;
          void this.flush();
        }
      });
    return this.flushing;
  }

  private async drain(): Promise<void> {
    while (this.transport.connected) {
      const entry = await this.db.outbox.where('order').above(0).filter((e) => e.status === 'sending').first();
      if (!entry) return;
      try {
        if (entry.upload) {
          await this.uploadFor(entry, entry.upload);
          continue;
        }
        const { clientId, cid, createdAt: _createdAt, order: _order, status: _status, attempts: _attempts, error: _error, ...content } = entry;
        const message = await this.transport.request('message:send', { cid, clientId, ...wirePayload(content) });
        // Stored first, then removed from the outbox: a reader may briefly see both, never neither.
        await this.options.onCommitted(message);
        await this.db.outbox.delete(entry.clientId);
        this.settle(entry.clientId, message);
      } catch (error) {
        const chatError = error instanceof ChatError ? error : new ChatError('INTERNAL_ERROR');
        // Over the server's budget: it says when to go on; that wait is not a failed attempt.
        const retryAfterMs = Number(chatError.detail?.retryAfterMs);
        if (chatError.name === 'RATE_LIMITED' && retryAfterMs >= 0) {
          await new Promise((r) => setTimeout(r, Math.min(retryAfterMs, MAX_RATE_LIMIT_WAIT_MS)));
          continue;
        }
        const attempts = entry.attempts + 1;
        if (chatError.retryable && attempts < this.maxAttempts) {
          await this.db.outbox.update(entry.clientId, { attempts });
          // Offline: stop here; the next connect flushes again, in order.
          if (!this.transport.connected) return;
          await new Promise((r) => setTimeout(r, 250 * 2 ** attempts));
          continue;
        }
        await this.db.outbox.update(entry.clientId, { status: 'failed', attempts, error: chatError.toPayload() });
        this.settle(entry.clientId, chatError);
      }
    }
  }

  /** Uploads an entry's file and keeps the result with it; the message is sent on the next turn. */
  private async uploadFor(entry: OutboxEntry, upload: PendingUpload): Promise<void> {
    let record: NonNullable<OutgoingMessage['file']>;
    try {
      record = await this.options.upload(upload.blob, upload.name, this.uploadOptions.get(entry.clientId) ?? {});
    } catch (error) {
      if ((error as Error).name !== 'AbortError') throw error;
      await this.withdraw(entry.clientId);
      return;
    }
    const { upload: _uploaded, ...rest } = entry;
    await this.db.outbox.put({
      ...rest,
      type: upload.typeFromFile ? typeForMime(record.mime) : entry.type,
      file: record,
    });
    this.uploadOptions.delete(entry.clientId);
  }

  /** A file message cancelled before it was sent: it leaves the outbox and its sender learns why. */
  private async withdraw(clientId: string): Promise<void> {
    const entry = await this.db.outbox.get(clientId);
    // Once uploaded, the message is on its way like any other; cancelling no longer applies.
    if (!entry?.upload) return;
    await this.db.outbox.delete(clientId);
    this.uploadOptions.delete(clientId);
    this.settle(clientId, new DOMException('The upload was cancelled', 'AbortError'));
  }

  /**
   * Another tab may have sent this tab's messages (whoever holds the lock flushes). Settle the
   * sends still waiting here from what the shared cache now says.
   */
  private async settleFromCache(): Promise<void> {
    for (const clientId of [...this.waiters.keys()]) {
      const entry = await this.db.outbox.get(clientId);
      if (entry?.status === 'failed' && entry.error) {
        this.settle(clientId, ChatError.fromPayload(entry.error as ErrorPayload));
      } else if (!entry) {
        const message = await this.db.messages
          .where('clientId')
          .equals(clientId)
          .filter((m) => m.from === this.options.userId)
          .first();
        if (message) this.settle(clientId, message);
      }
    }
  }

  private settle(clientId: string, outcome: MessageRecord | Error): void {
    const waiter = this.waiters.get(clientId);
    if (!waiter) return;
    this.waiters.delete(clientId);
    if (outcome instanceof Error) waiter.reject(outcome);
    else waiter.resolve(outcome);
  }

  private withLock(work: () => Promise<void>): Promise<void> {
    // One flushing tab at a time; others wait their turn and then find nothing left to send.
    if (typeof navigator !== 'undefined' && navigator.locks) {
      return navigator.locks.request(this.options.lockName, work).then(() => undefined);
    }
    return work();
  }
}
