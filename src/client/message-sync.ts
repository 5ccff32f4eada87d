import { DEFAULT_LIMITS } from '../protocol/limits.js';
import type { HistoryPage, MessageRecord } from '../protocol/model.js';
import type { CacheDb, SyncCursor } from './cache-db.js';
import { putMessages } from './cache-merge.js';
import type { Transport } from './transport.js';

/** Most pages a catch-up fetches before it stops and resumes on the next trigger. */
const MAX_CATCH_UP_PAGES = 50;

/**
 * Keeps each conversation's cached messages one contiguous range of `seq` (see SyncCursor):
 * live messages extend it, a gap is fetched from the server, older pages extend it backwards.
 * Catch-ups for one conversation never run twice at once.
 */
export class MessageSync {
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly db: CacheDb,
    private readonly transport: Transport,
  ) {}

  /** A message arrived live (or from an ack): store it if it extends the range, else fill the gap. */
  async receive(message: MessageRecord): Promise<void> {
    const stored = await this.db.transaction('rw', this.db.messages, this.db.cursors, async () => {
      const cursor = await this.db.cursors.get(message.cid);
      if (!cursor) {
        await putMessages(this.db, [message]);
        await this.db.cursors.put({ cid: message.cid, low: message.seq, high: message.seq, complete: message.seq === 1 });
        return true;
      }
      if (message.seq <= cursor.high) {
        // Already held (a duplicate delivery) or an update to a held message.
        if (message.seq >= cursor.low) await putMessages(this.db, [message]);
        return true;
      }
      if (message.seq === cursor.high + 1) {
        await putMessages(this.db, [message]);
        await this.db.cursors.update(message.cid, { high: message.seq });
        return true;
      }
      return false;
    });
    if (!stored) await this.catchUp(message.cid);
  }

  /** Fetches everything after the cached range; opens a range at the newest page if there is none. */
  catchUp(cid: string): Promise<void> {
    const existing = this.running.get(cid);
    if (existing) return existing;
    const run = this.runCatchUp(cid).finally(() => this.running.delete(cid));
    this.running.set(cid, run);
    return run;
  }

  /** Extends the range one page backwards; resolves false when the first message is held. */
  async loadOlder(cid: string, limit: number = DEFAULT_LIMITS.historyPageSize): Promise<boolean> {
    const cursor = await this.db.cursors.get(cid);
    if (!cursor) {
      await this.catchUp(cid);
      return !(await this.db.cursors.get(cid))?.complete;
    }
    if (cursor.complete) return false;
    const page = await this.transport.request('message:history', { cid, beforeSeq: cursor.low, limit });
    await this.db.transaction('rw', this.db.messages, this.db.cursors, async () => {
      const current = await this.db.cursors.get(cid);
      if (!current) return;
      await putMessages(this.db, page.messages);
      const low = page.messages[0]?.seq ?? current.low;
      await this.db.cursors.put({ ...current, low: Math.min(low, current.low), complete: !page.hasMore });
    });
    return page.hasMore;
  }

  /**
   * Checks that every message in the cached range is really there and fetches any that are
   * not, so a damaged or partly evicted cache is repaired rather than shown with holes.
   */
  async repair(cid: string): Promise<void> {
    const cursor = await this.db.cursors.get(cid);
    if (!cursor) return;
    const range = this.db.messages.where('[cid+seq]').between([cid, cursor.low], [cid, cursor.high], true, true);
    if ((await range.count()) === cursor.high - cursor.low + 1) return;
    const held = new Set(((await range.keys()) as unknown as [string, number][]).map(([, seq]) => seq));
    for (let seq = cursor.low; seq <= cursor.high; seq++) {
      if (held.has(seq)) continue;
      const page = await this.transport.request('message:history', {
        cid,
        afterSeq: seq - 1,
        limit: Math.min(DEFAULT_LIMITS.maxHistoryPageSize, cursor.high - seq + 1),
      });
      await putMessages(this.db, page.messages);
      for (const message of page.messages) held.add(message.seq);
      if (page.messages.length === 0) break;
    }
  }

  private async runCatchUp(cid: string): Promise<void> {
    let cursor = await this.db.cursors.get(cid);
    if (!cursor) {
      const page = await this.transport.request('message:history', { cid });
      if (page.messages.length === 0) {
        // An empty conversation, fully held: the next message (seq 1) extends this range.
        await this.storeRange({ cid, low: 1, high: 0, complete: true }, []);
        return;
      }
      cursor = {
        cid,
        low: page.messages[0]!.seq,
        high: page.messages.at(-1)!.seq,
        complete: !page.hasMore,
      };
      await this.storeRange(cursor, page.messages);
      return;
    }
    for (let pages = 0; pages < MAX_CATCH_UP_PAGES; pages++) {
      const page: HistoryPage = await this.transport.request('message:history', {
        cid,
        afterSeq: cursor.high,
        limit: DEFAULT_LIMITS.maxHistoryPageSize,
      });
      if (page.messages.length === 0) return;
      cursor = { ...cursor, high: page.messages.at(-1)!.seq };
      await this.storeRange(cursor, page.messages);
      if (!page.hasMore) return;
    }
  }

  /**
   * Stores a fetched contiguous run of messages. If it touches the cached range the two merge;
   * if not (the cache moved on meanwhile), the newer range wins and the older one is dropped so
   * the cache never holds a hidden gap.
   */
  private async storeRange(range: SyncCursor, messages: MessageRecord[]): Promise<void> {
    await this.db.transaction('rw', this.db.messages, this.db.cursors, async () => {
      const current = await this.db.cursors.get(range.cid);
      await putMessages(this.db, messages);
      if (!current) {
        await this.db.cursors.put(range);
        return;
      }
      const touches = range.low <= current.high + 1 && current.low <= range.high + 1;
      if (touches) {
        await this.db.cursors.put({
          cid: range.cid,
          low: Math.min(current.low, range.low),
          high: Math.max(current.high, range.high),
          complete: current.low <= range.low ? current.complete : range.complete,
        });
        return;
      }
      const [keep, drop] = range.high > current.high ? [range, current] : [current, range];
      await this.db.messages
        .where('[cid+seq]')
        .between([range.cid, drop.low], [range.cid, drop.high], true, true)
        .delete();
      await this.db.cursors.put(keep);
    });
  }
}
